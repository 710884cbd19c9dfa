import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlayHints } from '../../../server/src/engine/features/inlayHints';
import { Workspace } from '../../../server/src/engine/workspace';
import { uriOf, workspace } from './helpers';

describe('inlay hints (features/inlayHints.ts)', () => {
  const ws = workspace('shop.yaml');
  const lines = ws.file(uriOf('shop.yaml'))!.text.split('\n');
  /** `line text⟨hint⟩` for each hint, so the assertion shows where it lands. */
  const shown = (hints: ReturnType<typeof inlayHints>) =>
    hints.map((h) => {
      const l = lines[h.position.line];
      return `${l.slice(0, h.position.character).trim()}⟨${h.label}⟩${l.slice(h.position.character)}`;
    });

  it('after selector: the pod count; after a named targetPort: the port it resolves to', () => {
    assert.deepEqual(shown(inlayHints(ws, uriOf('shop.yaml'))), [
      'selector:⟨2 pods⟩',
      'targetPort: http⟨→ 8080⟩',
      'targetPort: metrics⟨→ 9100⟩',
      'selector:⟨no pods⟩',
      'selector:⟨2 pods⟩',
      'targetPort: pg⟨→ 5432⟩',
    ]);
  });

  it('a named targetPort resolving differently per workload: every number', () => {
    const two = workspace('canary-two-workloads.yaml');
    assert.deepEqual(
      inlayHints(two, uriOf('canary-two-workloads.yaml')).map((h) => h.label),
      ['11 pods', '→ 8080, 9090'],
    );
  });

  it('pods that are not ready are counted as such: a Pending pod (no listed node fits) is never ready', () => {
    const nodes = new Workspace({ settings: { nodes: [{ name: 'a' }, { name: 'b' }] } });
    const uri = 'file:///ws/gpu.yaml';
    nodes.setFile(
      uri,
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: trainer }
spec:
  replicas: 2
  selector: { matchLabels: { app: trainer } }
  template:
    metadata: { labels: { app: trainer } }
    spec:
      nodeSelector: { cloud.google.com/gke-accelerator: nvidia-tesla-t4 }
      containers: [{ name: trainer, image: example/trainer }]
---
apiVersion: v1
kind: Service
metadata: { name: trainer }
spec:
  selector: { app: trainer }
  ports: [{ port: 80 }]
`,
    );
    assert.deepEqual(
      inlayHints(nodes, uri).map((h) => h.label),
      ['2 pods, none ready'],
    );
  });

  it('only for the objects in the requested range', () => {
    const start = lines.indexOf('  name: db', lines.indexOf('kind: Service'));
    const hints = inlayHints(ws, uriOf('shop.yaml'), {
      start: { line: start, character: 0 },
      end: { line: lines.length, character: 0 },
    });
    assert.deepEqual(shown(hints), ['selector:⟨2 pods⟩', 'targetPort: pg⟨→ 5432⟩']);
  });
});
