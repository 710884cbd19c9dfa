import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completions, yamlContext } from '../../../server/src/engine/features/completion';
import { Workspace } from '../../../server/src/engine/workspace';
import { uriOf, workspace } from './helpers';

/** Completions with the cursor at `|` in a Service being typed in its own file, next to the shop fixture. */
function complete(service: string) {
  const ws = workspace('shop.yaml');
  ws.setFile(uriOf('typing.yaml'), service.replace('|', ''));
  const lines = service.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  return completions(ws, uriOf('typing.yaml'), { line, character: lines[line].indexOf('|') }).items;
}

// Named apart from the fixture's Services: a second file defining shop/web would be an alternative
// layout of it (apps/layout.ts), modelled as another app without the fixture's workloads.
const SERVICE = (spec: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-typed\n  namespace: shop\nspec:\n${spec}\n`;

describe('completion (features/completion.ts)', () => {
  it('reads where the cursor is from indentation, even in a document that does not parse', () => {
    const lines = ['spec:', '  ports:', '    - name: http', '      targetPort: ht', '  selector:', '    ap'];
    assert.deepEqual(yamlContext(lines, { line: 3, character: 20 }), {
      parents: ['spec', 'ports', '-'],
      key: 'targetPort',
      prefix: 'ht',
    });
    assert.deepEqual(yamlContext(lines, { line: 5, character: 6 }), { parents: ['spec', 'selector'], prefix: 'ap' });
    assert.deepEqual(yamlContext(lines, { line: 2, character: 14 }), {
      parents: ['spec', 'ports', '-'],
      key: 'name',
      prefix: 'ht',
    });
  });

  it('selector keys and values from the pod labels of the namespace, with the workloads using them', () => {
    const keys = complete(SERVICE('  selector:\n    |'));
    assert.deepEqual(
      keys.map((k) => [k.label, k.newText, k.detail]),
      [
        ['app', 'app: ', 'used by deployment/web, deployment/worker +1 more'],
        ['tier', 'tier: ', 'used by deployment/web, deployment/worker +1 more'],
      ],
    );
    const values = complete(SERVICE('  selector:\n    app: w|'));
    assert.deepEqual(
      values.map((v) => [v.label, v.detail]),
      [
        ['web', 'used by deployment/web'],
        ['worker', 'used by deployment/worker'],
      ],
      'what matches the typed `w`',
    );
    assert.deepEqual(
      values[0].range,
      { start: { line: 7, character: 9 }, end: { line: 7, character: 10 } },
      'replaces what is typed',
    );
  });

  it('targetPort names from the container ports of the selected pods', () => {
    const items = complete(SERVICE('  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: |'));
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [
        ['http', '8080/TCP in deployment/web'],
        ['metrics', '9100/TCP in deployment/web'],
      ],
    );
  });

  it('enum values for type, protocol, sessionAffinity and the traffic policies', () => {
    assert.deepEqual(
      complete(SERVICE('  type: |')).map((i) => i.label),
      ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    );
    assert.deepEqual(
      complete(SERVICE('  ports:\n    - port: 53\n      protocol: |')).map((i) => i.label),
      ['TCP', 'UDP', 'SCTP'],
    );
    assert.deepEqual(
      complete(SERVICE('  sessionAffinity: |')).map((i) => i.label),
      ['None', 'ClientIP'],
    );
    assert.deepEqual(
      complete(SERVICE('  externalTrafficPolicy: |')).map((i) => i.label),
      ['Cluster', 'Local'],
    );
  });

  it('nodePort: the next free ports in range, skipping used ones', () => {
    const ws = workspace('shop.yaml');
    const used = new Set(ws.cluster().services.flatMap((s) => s.ports.map((p) => p.nodePort)));
    const items = complete(SERVICE('  type: NodePort\n  ports:\n    - port: 80\n      nodePort: |'));
    assert.equal(items.length, 5);
    assert.ok(
      items.every((i) => !used.has(Number(i.label)) && Number(i.label) >= 30000),
      JSON.stringify(items.map((i) => i.label)),
    );
    assert.equal(items[0].detail, 'free in 30000-32767');
  });

  it('a namespace with many label values: at most 100, matching what is typed, marked incomplete', () => {
    const ws = new Workspace();
    const deployments = Array.from(
      { length: 150 },
      (_, i) =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d${i}, namespace: big }\nspec:\n  selector: { matchLabels: { app: svc-${i} } }\n  template:\n    metadata: { labels: { app: svc-${i} } }\n    spec: { containers: [{ name: c, image: x }] }\n`,
    );
    ws.setFile('file:///big.yaml', deployments.join('---\n'));
    const service = (typed: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: big\nspec:\n  selector:\n    app: ${typed}\n`;
    ws.setFile('file:///s.yaml', service(''));
    const all = completions(ws, 'file:///s.yaml', { line: 7, character: 9 });
    assert.equal(all.items.length, 100);
    assert.equal(all.incomplete, true);
    ws.setFile('file:///s.yaml', service('svc-14'));
    const narrowed = completions(ws, 'file:///s.yaml', { line: 7, character: 15 });
    assert.equal(narrowed.incomplete, false);
    assert.ok(
      narrowed.items.some((i) => i.label === 'svc-14') && narrowed.items.length < 100,
      narrowed.items.map((i) => i.label).join(' '),
    );
  });

  it('nothing elsewhere', () => {
    assert.deepEqual(complete(SERVICE('  clusterIP: |')), []);
  });
});
