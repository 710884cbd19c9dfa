import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeLenses } from '../../../server/src/engine/features/codeLens';
import { uriOf, workspace } from './helpers';

describe('code lens (features/codeLens.ts)', () => {
  const ws = workspace('shop.yaml');
  const c = ws.cluster();
  const lenses = codeLenses(ws, uriOf('shop.yaml'));
  const lines = ws.file(uriOf('shop.yaml'))!.text.split('\n');
  const lensOn = (name: string, kind: string) =>
    lenses.find((l) => {
      const rest = lines.slice(l.range.start.line).join('\n');
      return new RegExp(`^apiVersion: .*\\nkind: ${kind}\\nmetadata:\\n  name: ${name}\\n`).test(rest);
    });

  it('one lens per Service and workload, on its first line', () => {
    assert.equal(lenses.length, 7);
    assert.ok(lenses.every((l) => lines[l.range.start.line].startsWith('apiVersion:')));
  });

  it('above a Service: pods, their workloads, ClusterIP:port; traces the route on click', () => {
    const web = c.servicesByKey.get('shop/web')!;
    const lens = lensOn('web', 'Service')!;
    assert.equal(lens.title, `→ 2 pods (deployment/web) · ${web.clusterIP}:80`);
    assert.equal(lens.command, 'kroute.traceRoute');
    assert.deepEqual(lens.arguments, [{ service: 'shop/web', port: 80 }]);
    assert.equal(
      lensOn('web-typo', 'Service')!.title,
      `→ no pods · ${c.servicesByKey.get('shop/web-typo')!.clusterIP}:80`,
    );
    assert.equal(lensOn('db', 'Service')!.title, '→ 2 pods (statefulset/db) · headless');
    assert.equal(lensOn('payments-api', 'Service')!.title, '→ CNAME api.payments.example.com');
  });

  it('above a workload: how many Services select its pods; lists their selectors on click', () => {
    const lens = lensOn('web', 'Deployment')!;
    assert.equal(lens.title, '← selected by 1 Service');
    assert.equal(lens.command, 'kroute.showReferences');
    const [uri, , locations] = lens.arguments as [
      string,
      unknown,
      { uri: string; range: { start: { line: number } } }[],
    ];
    assert.equal(uri, uriOf('shop.yaml'));
    assert.deepEqual(
      locations.map((l) => lines[l.range.start.line].trim()),
      ['selector:'],
    );
    const idle = lensOn('worker', 'Deployment')!;
    assert.equal(idle.title, '← selected by no Service (deployment/worker runs no pods)');
    assert.equal(idle.command, '');
  });

  it('a Service in front of two workloads names both', () => {
    const two = workspace('canary-two-workloads.yaml');
    const titles = codeLenses(two, uriOf('canary-two-workloads.yaml')).map((l) => l.title);
    assert.deepEqual(titles, [
      '← selected by 1 Service',
      '← selected by 1 Service',
      `→ 11 pods (deployment/api-canary, deployment/api-stable) · ${two.cluster().servicesByKey.get('default/api')!.clusterIP}:80`,
    ]);
  });

  it('nothing for a file the workspace does not know', () => {
    assert.deepEqual(codeLenses(ws, 'file:///elsewhere.yaml'), []);
  });
});
