import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { join } from 'node:path';
import { FIXTURES, indexedClient, messageText } from './support/client';

describe('diagnostics over LSP (dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(join(FIXTURES, 'basic'));

  it('reports a YAML syntax error in a manifest at the exact range, and clears it when the text is fixed', async () => {
    const uri = ws.uri('broken.yaml');
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec:\n  ports: [80\n';
    await client.open(uri, text);
    const [d] = await client.waitForDiagnostics(uri, (l) => l.length > 0);
    assert.equal(d.code, 'yaml-syntax');
    assert.equal(d.severity, 1);
    assert.match(messageText(d), /flow sequence|\]/i);
    assert.ok(
      d.range.start.line >= 5,
      `error should be at or after the unclosed flow sequence, got line ${d.range.start.line}`,
    );

    await client.change(uri, text.replace('[80', '[80]'));
    const cleared = await client.waitForDiagnostics(uri, (l) => l.every((x) => x.code !== 'yaml-syntax'));
    assert.equal(cleared.filter((x) => x.code === 'yaml-syntax').length, 0);
  });

  it('one unclosed quote while typing: one diagnostic at the quote, nothing of the broken document modelled (issue 20 point 11)', async () => {
    const uri = ws.uri('typing-quote.yaml');
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: "web"\n  ports:\n    - port: 80\n';
    await client.open(uri, text);
    await client.request('kroute/rescan', null);
    await client.change(uri, text.replace('name: web', 'name: "web'));
    const list = await client.waitForDiagnostics(uri, (l) => l.some((d) => d.code === 'yaml-syntax'));
    assert.deepEqual(
      list.map((d) => [d.code, d.range.start]),
      [['yaml-syntax', { line: 3, character: 8 }]],
    );
  });

  it('never reports anything on non-Kubernetes YAML, even when it is broken', async () => {
    const uri = ws.uri('docker-compose.yml');
    assert.deepEqual(client.diagnosticsFor(uri) ?? [], []);
    await client.open(uri, 'services:\n  web:\n    image: nginx\n    ports: ["80:80"\n');
    // The server answers a request after processing the open; by then any diagnostic would have been scheduled.
    await client.request('kroute/rescan', null);
    assert.deepEqual(client.diagnosticsFor(uri) ?? [], []);
  });

  it('scans JSON manifests (a selector matching nothing, at its exact range) and ignores other JSON', async () => {
    const [d] = await client.waitForDiagnostics(ws.uri('json/api-service.json'), (l) => l.length > 0);
    assert.equal(d.code, 'selector-matches-nothing');
    // Written for deployment/api (api-deployment.json, named like it), whose labels are no plausible
    // typo of its selector: the finding is on the selector itself (its key).
    assert.deepEqual(d.range.start, { line: 5, character: 4 }, 'the "selector" key');
    assert.equal(client.diagnosticsFor(ws.uri('package.json')), undefined);
  });

  it('a Helm chart: one information note on Chart.yaml, nothing on its templates', async () => {
    const [note, ...rest] = await client.waitForDiagnostics(ws.uri('chart/Chart.yaml'), (l) => l.length > 0);
    assert.deepEqual([note.code, note.severity, rest], ['document-skipped', 3, []]);
    assert.match(String(note.codeDescription?.href), /docs\/rules\/document-skipped\.md$/);
    assert.deepEqual(client.diagnosticsFor(ws.uri('chart/templates/svc.yaml')) ?? [], []);
  });

  it('honours files.exclude: excluded files are not indexed', () => {
    assert.equal(client.diagnosticsFor(ws.uri('ignored/excluded.yaml')), undefined);
  });

  it("keeps a later document's diagnostic on its line while the user types into an earlier document of the file", async () => {
    const uri = ws.uri('typing.yaml');
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: cart}',
      'spec:',
      '  selector: {matchLabels: {app: cart}}',
      '  template:',
      '    metadata: {labels: {app: cart}}',
      '    spec: {containers: [{name: c, image: i}]}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: cart}',
      'spec:',
      '  selector:',
      '    app: cart-service',
      '  ports: [{port: 80}]',
      '',
    ].join('\n');
    const dead = (l: Diagnostic[]) => l.filter((d) => d.code === 'selector-matches-nothing');
    await client.open(uri, text);
    const [first] = dead(await client.waitForDiagnostics(uri, (l) => dead(l).length === 1));
    const line = first.range.start.line;
    // Lines typed into the Deployment: the Service's document is moved, not re-parsed, and its warning follows.
    let typed = text.replace('kind: Deployment\n', 'kind: Deployment\n# scaled by HPA\n');
    await client.change(uri, typed);
    await client.waitForDiagnostics(uri, (l) => dead(l)[0]?.range.start.line === line + 1);
    typed = typed.replace('# scaled by HPA\n', '# scaled by HPA\n# owner: team-cart\n');
    await client.change(uri, typed);
    const [moved] = dead(await client.waitForDiagnostics(uri, (l) => dead(l)[0]?.range.start.line === line + 2));
    assert.deepEqual(moved.range, {
      start: { line: line + 2, character: first.range.start.character },
      end: { line: line + 2, character: first.range.end.character },
    });
    // Fixing the selector in the Service's document clears it.
    await client.change(uri, typed.replace('app: cart-service', 'app: cart'));
    await client.waitForDiagnostics(uri, (l) => dead(l).length === 0);
  });

  it('updates a Service diagnostic in one file when a Deployment in another file changes', async () => {
    const svc = ws.uri('web-service.yaml');
    const deploy = ws.uri('web.yaml');
    const deployText = (await import('node:fs')).readFileSync(join(ws.dir, 'web.yaml'), 'utf8');
    await client.open(deploy, deployText.replace(/app: web/g, 'app: webb'));
    const [warning] = await client.waitForDiagnostics(svc, (l) => l.some((d) => d.code === 'selector-matches-nothing'));
    assert.match(messageText(warning), /differs in app=web vs app=webb\.$/);
    assert.equal(warning.relatedInformation?.[0]?.location.uri, deploy);
    await client.change(deploy, deployText);
    await client.waitForDiagnostics(svc, (l) => !l.some((d) => d.code === 'selector-matches-nothing'));
  });
});
