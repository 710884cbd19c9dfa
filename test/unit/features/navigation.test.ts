import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definition, references } from '../../../server/src/engine/features/navigation';
import type { Location } from '../../../server/src/engine/types';
import { at, uriOf, workspace } from './helpers';

const FILE = 'shop.yaml';
const ws = workspace(FILE);
const lines = ws.file(uriOf(FILE))!.text.split('\n');
/** `line text (trimmed)` @ the object's `metadata.name`, for readable assertions. */
const show = (locations: Location[]) =>
  locations.map((l) => {
    const name = lines
      .slice(0, l.range.start.line)
      .reverse()
      .find((x) => x.startsWith('  name: '))!
      .trim();
    return `${lines[l.range.start.line].trim()} @ ${name}`;
  });
const pos = (spec: Parameters<typeof at>[2]) => at(ws, FILE, spec);

describe('navigation (features/navigation.ts)', () => {
  it('definition: from a selector entry to the pod template labels that carry it', () => {
    assert.deepEqual(
      show(definition(ws, uriOf(FILE), pos({ after: 'type: NodePort', line: 'app: web', word: 'web' }))),
      ['app: web @ name: web'],
    );
    const [loc] = definition(ws, uriOf(FILE), pos({ after: 'type: NodePort', line: 'app: web', word: 'app' }));
    assert.equal(lines[loc.range.start.line], '        app: web', 'the template label, not the matchLabels entry');
    assert.deepEqual(
      show(definition(ws, uriOf(FILE), pos({ after: 'clusterIP: None', line: 'app: db', word: 'app' }))),
      ['app: db @ name: db'],
    );
    assert.deepEqual(definition(ws, uriOf(FILE), pos({ after: 'name: web-typo', line: 'app: wbe', word: 'wbe' })), []);
  });

  it('definition: from a named targetPort to the container port it resolves to', () => {
    const [http] = definition(
      ws,
      uriOf(FILE),
      pos({ after: 'type: NodePort', line: 'targetPort: http', word: 'http' }),
    );
    assert.equal(lines[http.range.start.line], '            - name: http');
    assert.equal(lines[http.range.start.line].slice(http.range.start.character, http.range.end.character), 'http');
    const [pg] = definition(ws, uriOf(FILE), pos({ after: 'clusterIP: None', line: 'targetPort: pg', word: 'pg' }));
    assert.equal(lines[pg.range.start.line], '            - name: pg');
  });

  it('references: from a template label, a workload name or a container port to the Services using it', () => {
    assert.deepEqual(
      show(references(ws, uriOf(FILE), pos({ after: 'template:', line: 'app: web', word: 'web' }), false)),
      ['app: web @ name: web'],
    );
    const service = references(ws, uriOf(FILE), pos({ after: 'template:', line: 'app: web', word: 'web' }), false)[0];
    assert.ok(
      lines
        .slice(0, service.range.start.line)
        .reverse()
        .find((l) => l.startsWith('kind:')) === 'kind: Service',
    );
    assert.deepEqual(
      references(ws, uriOf(FILE), pos({ after: 'template:', line: 'tier: front', word: 'front' }), false),
      [],
      'no selector uses tier',
    );
    assert.deepEqual(show(references(ws, uriOf(FILE), pos({ line: 'name: web', word: 'web' }), false)), [
      'selector: @ name: web',
    ]);
    assert.deepEqual(show(references(ws, uriOf(FILE), pos({ line: 'containerPort: 9100', word: '9100' }), false)), [
      'targetPort: metrics @ name: web',
    ]);
    const withDecl = references(ws, uriOf(FILE), pos({ line: 'containerPort: 9100', word: '9100' }), true);
    assert.equal(withDecl.length, 2);
  });
});
