import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasField, locationOf, pathAt, rangeOf } from '../../../server/src/engine/manifest/locate';
import { LineIndex } from '../../../server/src/engine/manifest/positions';
import { fixtureText, parseFixture, span } from './helpers';

describe('field ranges (service-field-ranges.yaml)', () => {
  const f = parseFixture('service-field-ranges.yaml');
  const svc = f.resources[0];

  it('value and key ranges of scalars in block mappings and sequences', () => {
    assert.equal(span(rangeOf(svc, ['metadata', 'name'])), '4:8-11');
    assert.equal(span(rangeOf(svc, ['metadata', 'name'], 'key')), '4:2-6');
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 0, 'nodePort'])), '14:16-21');
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 0, 'nodePort'], 'key')), '14:6-14');
    assert.equal(span(rangeOf(svc, ['spec', 'type'], 'pair')), '7:2-16');
  });

  it('fields inside a flow mapping', () => {
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 1, 'name'])), '15:13-18');
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 1, 'port'], 'key')), '15:20-24');
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 1, 'port'])), '15:26-30');
  });

  it('a block mapping value points at its key rather than spanning lines', () => {
    assert.equal(span(rangeOf(svc, ['spec', 'selector'])), '8:2-10');
  });

  it('a missing field points at the deepest key that exists, where the user would add it', () => {
    assert.equal(span(rangeOf(svc, ['spec', 'sessionAffinity'])), '6:0-4');
    assert.equal(span(rangeOf(svc, ['spec', 'ports', 7, 'port'])), '10:2-7');
    assert.equal(hasField(svc, ['spec', 'ports', 0, 'nodePort']), true);
    assert.equal(hasField(svc, ['spec', 'sessionAffinity']), false);
  });

  it('locationOf carries the file URI', () => {
    assert.deepEqual(locationOf(svc, ['metadata', 'namespace']), {
      uri: 'file:///workspace/service-field-ranges.yaml',
      range: rangeOf(svc, ['metadata', 'namespace']),
    });
  });

  it('pathAt finds the field under an offset, on its key or its value', () => {
    const text = f.text;
    assert.deepEqual(pathAt(svc, text.indexOf('30080') + 2), { path: ['spec', 'ports', 0, 'nodePort'], part: 'value' });
    assert.deepEqual(pathAt(svc, text.indexOf('targetPort: http') + 1), {
      path: ['spec', 'ports', 0, 'targetPort'],
      part: 'key',
    });
    assert.deepEqual(pathAt(svc, text.indexOf('admin')), { path: ['spec', 'ports', 1, 'name'], part: 'value' });
  });
});

describe('CRLF, byte-order mark and non-ASCII text (crlf-bom-unicode.yaml): LSP positions are UTF-16 code units', () => {
  const raw = fixtureText('crlf-bom-unicode.yaml');
  const f = parseFixture('crlf-bom-unicode.yaml');
  const svc = f.resources[0];

  it('the fixture really has a BOM, CRLF line ends and astral characters', () => {
    assert.equal(raw.charCodeAt(0), 0xfeff);
    assert.ok(raw.includes('\r\n'));
    assert.ok(raw.includes('\u{1F680}'));
  });

  it('drops the BOM as editors do, so line 0 character 0 is the first real character', () => {
    assert.equal(f.text.charCodeAt(0), '#'.charCodeAt(0));
    assert.equal(svc.name, 'café-proxy');
    assert.equal(span(svc.range).startsWith('1:0-'), true);
  });

  it('ranges on CRLF lines end before the \\r', () => {
    assert.equal(span(rangeOf(svc, ['metadata', 'name'])), '4:8-18');
    assert.equal(span(rangeOf(svc, ['kind'])), '2:6-13');
  });

  it('characters after an emoji count it as two code units (not one code point, not four bytes)', () => {
    // `  annotations: {note: "🚀 launch", owner: "équipe"}`
    assert.equal(span(rangeOf(svc, ['metadata', 'annotations', 'note'])), '5:22-33');
    assert.equal(span(rangeOf(svc, ['metadata', 'annotations', 'owner'], 'key')), '5:35-40');
    assert.equal(span(rangeOf(svc, ['metadata', 'annotations', 'owner'])), '5:42-50');
    // `  labels: {"🚀": x, app: web}`: an emoji key, then fields after it.
    assert.equal(span(rangeOf(svc, ['metadata', 'labels', '\u{1F680}'], 'key')), '6:11-15');
    assert.equal(span(rangeOf(svc, ['metadata', 'labels', 'app'])), '6:25-28');
    const line = f.lines.lineText(6);
    assert.equal(line.slice(25, 28), 'web', 'the same offsets index the JavaScript (UTF-16) string');
  });
});

describe('LineIndex', () => {
  it('maps offsets to positions and back across LF and CRLF lines', () => {
    const text = 'a: 1\r\nbé: 2\n\u{1F680}: 3';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 3);
    for (let o = 0; o <= text.length; o++) {
      const p = lines.position(o);
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // between \r and \n: no editor position
      assert.equal(lines.offset(p), o, `offset ${o} → ${JSON.stringify(p)}`);
    }
    assert.deepEqual(
      lines.position(text.indexOf('\n')),
      { line: 0, character: 4 },
      '\\r\\n: the position before \\n clamps to the line end',
    );
    assert.deepEqual(lines.position(text.indexOf(': 3')), { line: 2, character: 2 });
    assert.equal(lines.lineText(0), 'a: 1');
    assert.equal(lines.offset({ line: 9, character: 0 }), text.length, 'past the end clamps');
    assert.equal(
      lines.offset({ line: 0, character: 99 }),
      text.indexOf('\r'),
      'past the line length means the line end, before CRLF (LSP Position)',
    );
    assert.equal(lines.offset({ line: 1, character: 99 }), text.lastIndexOf('\n'));
  });
});
