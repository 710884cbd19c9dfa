import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { FIXTURES, indexedClient } from './support/client';

describe('diagnostics over LSP (dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(join(FIXTURES, 'basic'));

  it('reports a YAML syntax error in a manifest at the exact range, and clears it when the text is fixed', async () => {
    const uri = ws.uri('broken.yaml');
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec:\n  ports: [80\n';
    await client.open(uri, text);
    const [d] = await client.waitForDiagnostics(uri, (l) => l.length > 0);
    assert.equal(d!.code, 'yaml-syntax');
    assert.equal(d!.severity, 1);
    assert.match(String(d!.message), /flow sequence|\]/i);
    assert.ok(d!.range.start.line >= 5, `error should be at or after the unclosed flow sequence, got line ${d!.range.start.line}`);

    await client.change(uri, text.replace('[80', '[80]'));
    const cleared = await client.waitForDiagnostics(uri, (l) => l.every((x) => x.code !== 'yaml-syntax'));
    assert.equal(cleared.filter((x) => x.code === 'yaml-syntax').length, 0);
  });

  it('never reports anything on non-Kubernetes YAML, even when it is broken', async () => {
    const uri = ws.uri('docker-compose.yml');
    assert.deepEqual(client.diagnosticsFor(uri) ?? [], []);
    await client.open(uri, 'services:\n  web:\n    image: nginx\n    ports: ["80:80"\n');
    // The server answers a request after processing the open; by then any diagnostic would have been scheduled.
    await client.request('kroute/rescan', null);
    assert.deepEqual(client.diagnosticsFor(uri) ?? [], []);
  });

  it('honours files.exclude: excluded files are not indexed', () => {
    assert.equal(client.diagnosticsFor(ws.uri('ignored/excluded.yaml')), undefined);
  });

  it('updates a Service diagnostic in one file when a Deployment in another file changes', async () => {
    const svc = ws.uri('web-service.yaml');
    const deploy = ws.uri('web.yaml');
    const deployText = (await import('node:fs')).readFileSync(join(ws.dir, 'web.yaml'), 'utf8');
    await client.open(deploy, deployText.replace(/app: web/g, 'app: webapp'));
    const [warning] = await client.waitForDiagnostics(svc, (l) => l.some((d) => d.code === 'selector-matches-nothing'));
    assert.match(String(warning!.message), /app: web` vs `app: webapp/);
    assert.equal(warning!.relatedInformation?.[0]?.location.uri, deploy);
    await client.change(deploy, deployText);
    await client.waitForDiagnostics(svc, (l) => !l.some((d) => d.code === 'selector-matches-nothing'));
  });
});
