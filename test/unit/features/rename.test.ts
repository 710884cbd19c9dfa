import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareRename, rename } from '../../../server/src/engine/features/rename';
import { at, uriOf, workspace } from './helpers';

const FILE = 'shop.yaml';

/** Applies edits to the fixture text (edits of one file, none overlapping). */
function apply(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lines = text.split('\n');
  const sorted = [...edits].sort(
    (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
  );
  for (const e of sorted) {
    const l = lines[e.range.start.line];
    lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  }
  return lines.join('\n');
}

describe('rename (features/rename.ts)', () => {
  it('renames a label value in the selector, the template and matchLabels of that namespace; selections stay the same', () => {
    const ws = workspace(FILE);
    const before = ws.cluster().servicesByKey.get('shop/web')!.selectedPods.length;
    const position = at(ws, FILE, { after: 'type: NodePort', line: 'app: web', word: 'web' });
    assert.deepEqual(prepareRename(ws, uriOf(FILE), position), {
      range: { start: { line: position.line, character: 9 }, end: { line: position.line, character: 12 } },
      placeholder: 'web',
    });
    const r = rename(ws, uriOf(FILE), position, 'storefront');
    assert.ok('edits' in r);
    assert.equal(r.edits.length, 3);
    const text = apply(ws.file(uriOf(FILE))!.text, r.edits);
    assert.equal(text.match(/app: storefront/g)!.length, 3);
    assert.match(text, /app: wbe/, 'the typo Service is not touched');
    ws.setFile(uriOf(FILE), text);
    assert.equal(ws.cluster().servicesByKey.get('shop/web')!.selectedPods.length, before);
  });

  it("starting from a workload's matchLabels or its template gives the same edits as from the Service", () => {
    const ws = workspace(FILE);
    const edits = (spec: Parameters<typeof at>[2]) => {
      const r = rename(ws, uriOf(FILE), at(ws, FILE, spec), 'storefront');
      assert.ok('edits' in r);
      return r.edits.map((e) => `${e.range.start.line}:${e.range.start.character}`).sort();
    };
    const fromService = edits({ after: 'type: NodePort', line: 'app: web', word: 'web' });
    assert.deepEqual(edits({ after: 'matchLabels:', line: 'app: web', word: 'web' }), fromService);
    assert.deepEqual(edits({ after: 'template:', line: 'app: web', word: 'web' }), fromService);
  });

  it('renames a key from a pod template; every workload carrying the label follows', () => {
    const ws = workspace(FILE);
    const r = rename(
      ws,
      uriOf(FILE),
      at(ws, FILE, { after: 'name: worker', line: 'tier: back', word: 'tier' }),
      'layer',
    );
    assert.ok('edits' in r);
    assert.equal(r.edits.length, 2, 'worker and db templates');
    assert.equal(apply(ws.file(uriOf(FILE))!.text, r.edits).match(/layer: back/g)!.length, 2);
  });

  it('refuses a value that would merge two groups of pods, an invalid label, and a place that is no label', () => {
    const ws = workspace(FILE);
    const position = at(ws, FILE, { after: 'type: NodePort', line: 'app: web', word: 'web' });
    assert.match(
      (rename(ws, uriOf(FILE), position, 'db') as { error: string }).error,
      /already used in namespace shop/,
    );
    assert.match(
      (rename(ws, uriOf(FILE), position, 'no spaces') as { error: string }).error,
      /not a valid label value/,
    );
    assert.match(
      (prepareRename(ws, uriOf(FILE), at(ws, FILE, { line: 'image: nginx', word: 'nginx' })) as { error: string })
        .error,
      /put the cursor on a label/,
    );
  });

  it('refuses where it would be ambiguous: matchExpressions on the key, or a label written through an alias', () => {
    const ws = workspace('match-expressions.yaml');
    const track = prepareRename(
      ws,
      uriOf('match-expressions.yaml'),
      at(ws, 'match-expressions.yaml', { after: 'name: api', line: 'track: stable', word: 'stable' }),
    );
    assert.match((track as { error: string }).error, /matchExpressions selector \(deployment\/api\)/);
    const app = prepareRename(
      ws,
      uriOf('match-expressions.yaml'),
      at(ws, 'match-expressions.yaml', { after: 'template:', line: 'app: api', word: 'api' }),
    );
    assert.match((app as { error: string }).error, /alias, anchor or escape/);
  });
});
