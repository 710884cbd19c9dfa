// Runs one upstream validation test table transcribed as manifests (validate-*.test.ts): a valid
// case produces no error; an invalid one an error whose message names the upstream field path.
// Prints the table's score.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { WorkspaceOptions } from '../../../server/src/engine/workspace';
import { check } from './helpers';

/**
 * [upstream case name, tweak of the table's base object, undefined for a valid case or the field path
 * its error names, and optionally the strings upstream expects within the errors (its wantErrors)].
 */
export type UpstreamCase<T> = [string, (obj: T) => void, string | undefined, (readonly string[])?];

/** Whether an error message ("code: path: …") names `path` (then ":" or a deeper index/field). */
function names(error: string, path: string): boolean {
  const message = error.slice(error.indexOf(': ') + 2);
  return message.startsWith(path) && /^[:[.]/.test(message.slice(path.length));
}

export function runUpstreamTable<T extends object>(table: {
  title: string;
  header: { apiVersion: string; kind: string };
  base: () => T;
  cases: readonly UpstreamCase<T>[];
  inapplicable: Readonly<Record<string, string>>;
  options?: WorkspaceOptions;
}): void {
  describe(table.title, () => {
    let caught = 0;
    let clean = 0;
    const invalid = table.cases.filter(([, , path]) => path !== undefined).length;
    for (const [name, tweak, path, wanted = []] of table.cases) {
      it(`${path ? 'invalid' : 'valid'}: ${name}`, () => {
        const obj = table.base();
        tweak(obj);
        const text = JSON.stringify({ ...table.header, ...obj }, null, 2);
        const errors = check(text, table.options)
          .all.filter((d) => d.severity === 'error')
          .map((d) => `${d.code}: ${d.message}`);
        if (path === undefined) {
          assert.deepEqual(errors, []);
          clean++;
          return;
        }
        assert.ok(
          errors.some((e) => names(e, path)),
          `an error at ${path}; got:\n${errors.join('\n') || '(none)'}`,
        );
        for (const w of wanted)
          assert.ok(
            errors.some((e) => e.includes(w)),
            `an error saying ${w}; got:\n${errors.join('\n')}`,
          );
        caught++;
      });
    }
    after(() => {
      const name = table.title.split(' ')[0];
      console.log(
        `${name}: ${caught}/${invalid} invalid cases caught at the upstream field path, ${clean}/${table.cases.length - invalid} valid cases clean, ${Object.keys(table.inapplicable).length} inapplicable (listed in the test file with the reason)`,
      );
    });
  });
}
