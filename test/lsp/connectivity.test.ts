import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver-protocol';
import type { ConnectivityResult } from '../../server/src/lsp/protocol';
import { indexedClient } from './support/client';

// kroute/connectivity, behind the Connectivity view: the rows `kroute connectivity` prints for the
// app of the file the view was opened from (netpol-analyzer's connlist identities), plus the
// workloads no connection reaches, each with where it is written.
const FIXTURE = resolve(__dirname, '../fixtures/netpol');
const CLI = resolve(__dirname, '../../dist/cli.js');

describe('kroute/connectivity over LSP (dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(FIXTURE);

  it("answers what kroute connectivity prints, row for row, with each workload's manifest", async () => {
    const result = await client.request<ConnectivityResult>('kroute/connectivity', {
      uri: ws.uri('shop-with-policies.yaml'),
    });
    const rows = result.connections.map(
      (c) => `${result.peers[c.src].name} => ${result.peers[c.dst].name} : ${c.conn}`,
    );
    const cli = spawnSync(process.execPath, [CLI, 'connectivity', '.'], { cwd: FIXTURE, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(rows, cli.stdout.trimEnd().split('\n'));
    assert.equal(result.policies, 5);
    assert.equal(result.app, result.apps[0]);
    const web = result.peers.find((p) => p.name === 'shop/web[Deployment]')!;
    assert.equal(web.namespace, 'shop');
    assert.equal(web.location?.uri, ws.uri('shop-with-policies.yaml'));
    assert.equal(web.location.range.start.line, 12, 'metadata.name of the web Deployment');
    assert.equal(result.peers.find((p) => p.name.endsWith('[External]'))?.location, undefined);
  });

  it('answers malformed params with InvalidParams', async () => {
    const malformed = await client.request('kroute/connectivity', { app: 7 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(malformed instanceof ResponseError);
    assert.equal(malformed.code, -32602);
  });
});
