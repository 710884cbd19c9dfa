// Entry point @vscode/test-electron loads in the extension host: runs every *.test.js next to
// this file with mocha and rejects if any test failed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000 });
  for (const f of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(join(__dirname, f));
  return new Promise((res, rej) => {
    mocha.run((failures) => (failures ? rej(new Error(`${failures} kroute extension test(s) failed`)) : res()));
  });
}
