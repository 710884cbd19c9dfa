// Random YAML for the parser's property tests (compose.test.ts, fast-cst.test.ts): generated documents
// with every scalar form, flow and block collections, comments, anchors and aliases, then mutated
// character by character.
import fc from 'fast-check';

// Mostly what manifests hold, with a few of each kind of trouble.
const PLAIN = [
  'a',
  'web',
  'apps/v1',
  'true',
  'False',
  'TRUE',
  'yes',
  'NULL',
  'null',
  '~',
  '0',
  '-12',
  '+7',
  '0x1F',
  '0o17',
  '012',
  '1e3',
  '1.5',
  '.5',
  '-.inf',
  '.NaN',
  '1_000',
  '9007199254740993',
  'a b',
  'http://x:80/y?q=1',
  'a#b',
  '8080',
  '2024-01-01',
  'x:y',
  '-x',
  '?x',
  'a,b',
  '100m',
  '128Mi',
  '::1',
];
const BAD_PLAIN = ['-', '@x', '`x', '%x', '!x', '|', '{'];
const QUOTED = [
  '"a\\nb"',
  '"\\u00e9\\t"',
  '"x\\"y"',
  '""',
  '"true"',
  '"8080"',
  "'it''s'",
  "''",
  "'a # b'",
  '"a\n  b"',
  "'multi\n\n  line'",
];
const BLOCK = [
  '|\n  line1\n  line2\n',
  '>-\n  a\n  b\n',
  '|+\n  kept\n\n',
  '|2\n    indented\n',
  '>\n  folded\n\n  para\n',
  '|\n',
];
const KEYS = [
  'a',
  'b',
  'c',
  'name',
  'kind',
  'items',
  'app.kubernetes.io/name',
  '"quoted"',
  "'q'",
  '"a"',
  'a b',
  '-k',
  'k#',
];
const BAD_KEYS = ['__proto__', 'constructor', 'toString', '<<', '1', 'true', 'null', '~', '""', '? x'];
const ANCHORS = ['', '', '', '', '&a ', '&b '];
const BAD_ANCHORS = ['&b:', '& ', '&a&b '];
const ALIASES = ['*a', '*b'];
const BAD_ALIASES = ['*c', '*', '*a:'];
const COMMENT = ['', '', '', ' # c', '  #c', '#c'];
const some = <T>(good: readonly T[], bad: readonly T[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 40 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });

type Y =
  | { t: 'scalar'; v: string }
  | { t: 'alias'; v: string }
  | { t: 'map'; flow: boolean; pairs: [string, Y, string, string][] }
  | { t: 'seq'; flow: boolean; items: [Y, string, string][] };

const pairs = (value: fc.Arbitrary<Y>, minLength = 0) =>
  fc.uniqueArray(fc.tuple(some(KEYS, BAD_KEYS), value, some(ANCHORS, BAD_ANCHORS), fc.constantFrom(...COMMENT)), {
    minLength,
    maxLength: 4,
    selector: (p) => p[0],
  });

const yamlValue: fc.Arbitrary<Y> = fc.letrec<{ v: Y }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    {
      arbitrary: fc
        .oneof(some(PLAIN, BAD_PLAIN), fc.constantFrom(...QUOTED, ...BLOCK))
        .map((v): Y => ({ t: 'scalar', v })),
      weight: 6,
    },
    { arbitrary: some(ALIASES, BAD_ALIASES).map((v): Y => ({ t: 'alias', v })), weight: 1 },
    {
      arbitrary: fc.record({ flow: fc.boolean(), pairs: pairs(tie('v')) }).map((m): Y => ({ t: 'map', ...m })),
      weight: 2,
    },
    {
      arbitrary: fc
        .record({
          flow: fc.boolean(),
          items: fc.array(fc.tuple(tie('v'), some(ANCHORS, BAD_ANCHORS), fc.constantFrom(...COMMENT)), {
            maxLength: 4,
          }),
        })
        .map((s): Y => ({ t: 'seq', ...s })),
      weight: 2,
    },
  ),
})).v;

function inline(y: Y): string {
  switch (y.t) {
    case 'scalar':
      return y.v.includes('\n') && !y.v.startsWith('"') && !y.v.startsWith("'") ? 'x' : y.v;
    case 'alias':
      return y.v;
    case 'map':
      return `{ ${y.pairs.map(([k, v, a]) => `${k}: ${a}${inline(v)}`).join(', ')} }`;
    case 'seq':
      return `[${y.items.map(([v, a]) => `${a}${inline(v)}`).join(', ')}]`;
  }
}

/** The value after `key:` or `- `, at `indent` for nested blocks. */
function after(y: Y, indent: string, anchor: string, comment: string): string {
  if ((y.t === 'map' || y.t === 'seq') && !y.flow && (y.t === 'map' ? y.pairs.length : y.items.length))
    return ` ${anchor}${comment}\n${block(y, indent + '  ')}`;
  if (y.t === 'scalar' && y.v.endsWith('\n') && !y.v.startsWith('"') && !y.v.startsWith("'")) {
    return ` ${anchor}${y.v.replace(/\n(?=.)/g, `\n${indent}`)}`.replace(/\n$/, '');
  }
  return ` ${anchor}${inline(y)}${comment}`;
}

function block(y: Y, indent: string): string {
  if (y.t === 'map' && !y.flow)
    return y.pairs.map(([k, v, a, c]) => `${indent}${k}:${after(v, indent, a, c)}`).join('\n');
  if (y.t === 'seq' && !y.flow) return y.items.map(([v, a, c]) => `${indent}-${after(v, indent, a, c)}`).join('\n');
  return indent + inline(y);
}

const rootMap = fc
  .tuple(pairs(yamlValue, 1), fc.boolean())
  .map(([p, flow]): Y => ({ t: 'map', flow: flow && p.length < 3, pairs: p }));
/** A YAML stream of one to three documents, mostly as manifests are written, with a few of each kind of trouble. */
export const yamlStream = fc
  .array(
    fc.tuple(
      fc.oneof({ arbitrary: rootMap, weight: 4 }, { arbitrary: yamlValue, weight: 1 }),
      fc.constantFrom('---\n', '--- # doc\n', '', '# c\n---\n'),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((docs) => docs.map(([y, sep], i) => (i ? sep || '---\n' : '') + block(y, '') + '\n').join(''));

const PIECES = [
  'x',
  ' ',
  '\n',
  '---\n',
  ': ',
  '- ',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '#',
  ' #',
  '&a ',
  '*a',
  '|\n',
  '? ',
  '!!str ',
  '...\n',
  '  ',
];
const mutation = fc.record({
  at: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })),
  remove: fc.nat({ max: 4 }),
  insert: fc.constantFrom(...PIECES),
});

/** A generated stream, as generated (two times in three) or with one to three edits. */
export const mutatedYamlStream = fc
  .tuple(
    yamlStream,
    fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 1 },
    ),
  )
  .map(([text, edits]) => {
    for (const e of edits) {
      const at = Math.floor(e.at * (text.length + 1));
      text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
    }
    return text;
  });
