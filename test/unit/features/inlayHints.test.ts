import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlayHints } from '../../../server/src/engine/features/inlayHints';
import { uriOf, workspace } from './helpers';

describe('inlay hints (features/inlayHints.ts)', () => {
  const ws = workspace('shop.yaml');
  const lines = ws.file(uriOf('shop.yaml'))!.text.split('\n');
  /** `line text⟨hint⟩` for each hint, so the assertion shows where it lands. */
  const shown = (hints: ReturnType<typeof inlayHints>) => hints.map((h) => {
    const l = lines[h.position.line]!;
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
    assert.deepEqual(inlayHints(two, uriOf('canary-two-workloads.yaml')).map((h) => h.label), ['11 pods', '→ 8080, 9090']);
  });

  it('only for the objects in the requested range', () => {
    const start = lines.indexOf('  name: db', lines.indexOf('kind: Service'));
    const hints = inlayHints(ws, uriOf('shop.yaml'), { start: { line: start, character: 0 }, end: { line: lines.length, character: 0 } });
    assert.deepEqual(shown(hints), ['selector:⟨2 pods⟩', 'targetPort: pg⟨→ 5432⟩']);
  });
});
