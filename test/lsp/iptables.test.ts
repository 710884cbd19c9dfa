import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver-protocol';
import { serviceRuleLine } from '../../server/src/lsp/features/iptables';
import type { IptablesResult } from '../../server/src/lsp/protocol';
import { indexedClient } from './support/client';

// kroute/iptables, behind "kroute: Show kube-proxy Rules for Node…": the text `kroute iptables`
// prints for the same files, and the line of each Service's rule, for the editor to reveal.
const FIXTURE = resolve(__dirname, '../fixtures/features');
const CLI = resolve(__dirname, '../../dist/cli.js');

describe('kroute/iptables over LSP (dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(FIXTURE);

  it("answers what `kroute iptables --node` prints, with each Service's KUBE-SERVICES rule located", async () => {
    const result = await client.request<IptablesResult>('kroute/iptables', { node: 'node-2' });
    assert.equal(result.node, 'node-2');
    assert.equal(
      result.text,
      execFileSync(process.execPath, [CLI, 'iptables', ws.dir, '--node', 'node-2'], { encoding: 'utf8' }),
    );
    const lines = result.text.split('\n');
    // A Service with endpoints: its ClusterIP rule in the nat table (the first of its ports).
    assert.match(
      lines[result.services['shop/web']],
      /^-A KUBE-SERVICES -m comment --comment "shop\/web:http cluster IP" .* -j KUBE-SVC-/,
    );
    assert.ok(result.services['shop/web'] > lines.indexOf('*nat'));
    // Without endpoints: the filter table's REJECT (web-typo's name starts with web's: not confused).
    assert.match(
      lines[result.services['shop/web-typo']],
      /^-A KUBE-SERVICES -m comment --comment "shop\/web-typo has no endpoints" .* -j REJECT$/,
    );
  });

  it('answers an unknown node or malformed params with InvalidParams and a message naming the nodes', async () => {
    const unknown = await client.request('kroute/iptables', { node: 'node-9' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(unknown instanceof ResponseError);
    assert.equal(unknown.code, -32602);
    assert.match(unknown.message, /no node "node-9" in the simulated cluster \(nodes: node-1, node-2, node-3\)/);
    const malformed = await client.request('kroute/iptables', { node: 42 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(malformed instanceof ResponseError);
    assert.equal(malformed.code, -32602);
  });
});

describe('serviceRuleLine', () => {
  it('finds an unquoted comment (iptables-save drops the quotes of one without spaces) when the Service has only NodePort rules', () => {
    const lines = [
      '*nat',
      '-A KUBE-NODEPORTS -m comment --comment shop/admin-api -m tcp -p tcp --dport 80 -j KUBE-EXT-B',
      '-A KUBE-NODEPORTS -m comment --comment shop/admin -m tcp -p tcp --dport 80 -j KUBE-EXT-A',
    ];
    assert.equal(serviceRuleLine(lines, 'shop/admin'), 2);
    assert.equal(serviceRuleLine(lines, 'shop/other'), -1);
  });
});
