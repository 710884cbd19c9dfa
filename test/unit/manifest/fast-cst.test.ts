// fastCst (manifest/fast-cst.ts) must give exactly the `yaml` Parser's concrete syntax tree —
// every token, offset, indent and array — whenever it builds one, so the composer reads the same
// tokens either way. Checked on every fixture and example, on the public repositories and peers'
// fixtures in ../shared, on random YAML and on cases written for each placement rule of
// yaml's `parse/parser.ts` (where comments, blank lines and indentation land).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Parser } from 'yaml';
import { fastCst } from '../../../server/src/engine/manifest/fast-cst';
import { fixtureAndExampleFiles, yamlFilesUnder } from './helpers';
import { mutatedYamlStream } from './random-yaml';

/** Built text is the Parser's tree; returns whether fastCst built it. */
function check(text: string): boolean {
  const got = fastCst(text);
  if (!got) return false;
  assert.deepStrictEqual(got, [...new Parser().parse(text)], JSON.stringify(text));
  return true;
}

/** check() on the text, and on it with \r\n line breaks (an editor on Windows saves those): both or neither built. */
function checkBothLineBreaks(text: string): boolean {
  const built = check(text);
  if (!/\r(?!\n)/.test(text)) assert.equal(check(text.replace(/\r?\n/g, '\r\n')), built, JSON.stringify(text));
  return built;
}

/** What fastCst leaves to the Parser, by design (its doc comment). */
const LEFT_TO_THE_PARSER = /\r(?!\n)|\t|\uFEFF|!|^\s*\.\.\.|^%|(^|\s)\?\s|[[{][^\]}\n]*$|\{\{/m;

/** The Parser reports an error for the text (what fastCst declines as well). */
function parserError(text: string): boolean {
  const errors = (t: unknown): boolean =>
    typeof t === 'object' &&
    t !== null &&
    ((t as { type?: string }).type === 'error' || Object.values(t).some((v) => errors(v)));
  return [...new Parser().parse(text)].some(errors);
}

describe('fastCst: the yaml Parser’s tree without its generators', () => {
  it('on every fixture and example, declining only what it leaves to the Parser', () => {
    const files = fixtureAndExampleFiles();
    let built = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      if (checkBothLineBreaks(text)) built++;
      else assert.ok(LEFT_TO_THE_PARSER.test(text) || parserError(text), `declined ${path}`);
    }
    assert.ok(built > files.length * 0.8, `${built} of ${files.length} built`);
  });

  const SHARED = join(__dirname, '..', '..', '..', '..', 'shared');
  for (const corpus of ['realworld', 'conformance']) {
    const dir = join(SHARED, corpus);
    it(`on ../shared/${corpus}`, { skip: !existsSync(dir) && `no ${dir} beside the repo` }, () => {
      let built = 0;
      const files = yamlFilesUnder(dir);
      for (const path of files) if (check(readFileSync(path, 'utf8'))) built++;
      assert.ok(built > files.length / 2, `${built} of ${files.length} built`);
    });
  }

  it('on random YAML, and on it mutated', () => {
    let built = 0;
    let runs = 0;
    fc.assert(
      fc.property(mutatedYamlStream, (text) => {
        runs++;
        if (checkBothLineBreaks(text)) built++;
      }),
      { numRuns: 4000, seed: 20261207 },
    );
    assert.ok(built > runs / 2, `${built} of ${runs} built`);
  });

  it('places comments and blank lines as the Parser does', () => {
    const cases = [
      // After a nested map: a comment at the parent's indent goes to the parent's next item, one
      // indented into the nested map stays there (with the next key's indentation).
      'a:\n  b: 1\n# c\nd: 2\n',
      'a:\n  b: 1\n  # c\nd: 2\n',
      'a:\n    b: 1\n    # c\n  d: 2\n',
      'a:\n  b:\n    c: 1\n  # c\n# d\ne: 1\n',
      // A comment indented deeper than the map after a scalar value joins the value's end.
      'a: 1\n   # c\nb: 2\n',
      '- a\n    # c\n- b\n',
      // Blank lines after an empty value go to the next item; its first line break stays.
      'a:\n\n\nb: 1\n',
      'a: # c\n\n  # d\nb: 1\n',
      // Comments at the end of the document, the root's and nested.
      'a: 1\n# end\n',
      'a:\n  - x\n  # in\n# out\n',
      '- a\n# end\n---\nb: 1\n',
      // Trailing comments after values, and a comment line right after.
      'a: 1 # one\n# two\nb: [x, y] # three\nc: "q" # four\n',
    ];
    for (const text of cases) assert.ok(checkBothLineBreaks(text), JSON.stringify(text));
  });

  it('builds the shapes manifests use', () => {
    const cases = [
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: &l\n    app: web\nspec:\n  selector: *l\n',
      'ports:\n- port: 80\n  targetPort: http\n-   name: x\n    port: 81\n',
      'a:\n  - - x\n    - y\n  - k: v\n',
      'args: ["--a", \'b\', c]\nres: { cpu: 100m, memory: 128Mi }\nempty: {}\nnone: []\nnested: [{a: 1}, [b]]\n',
      // JSON-style keys: a quoted key's `:` needs no space after it.
      'j: {"k":v, "n":1}\n',
      'data:\n  a: |\n    line\n\n    more\n  b: >-\n    folded\n  c: |+\n    kept\n\n  d: |2\n      indented\n',
      'a: multi\n  line plain\n\n  with a blank\nb: "quoted\n  over lines"\n',
      '# header\n---\n# doc\na: 1\n--- # two\nb: 2\n---\n',
      'a: 1',
      'a:\n',
      '- |\n  x\n- >\n  y\n',
      // Blank lines after a block scalar are not part of it (unless kept with `+`).
      'a: |\n  x\n\n\nb: >\n  y\n  \n \nc: |+\n  z\n\n',
      '"k": v\n\'q\': w\nk2 : v\n',
      '---\n- a\n- b: 1\n  c: *x\n',
    ];
    for (const text of cases) assert.ok(checkBothLineBreaks(text), JSON.stringify(text));
  });

  it('declines what it leaves to the Parser', () => {
    const cases = [
      'a: !!str 1\n',
      '? a\n: b\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n...\n',
      'a: [1,\n  2]\n',
      'a: 1\rb: 2\r',
      'a: "x\ry"\n',
      '\uFEFFa: 1\n',
      '\n\uFEFFa: b\n',
      '# c\n\uFEFFkind: Pod\n',
      'a:\tb\n',
      'a: "open\n',
      'a: - b\n',
      'a: | x\n  y\n',
      ': a\n',
      'a: ]\n',
    ];
    for (const text of cases) assert.equal(fastCst(text), undefined, JSON.stringify(text));
  });
});
