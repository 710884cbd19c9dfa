import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// The .vsix ships only what .vscodeignore allows (an allowlist): a bundle the client loads but the
// list leaves out works from the checkout and is missing from the installed extension (a blank
// webview). Every dist/ file the client or package.json names must be allowed.
const ROOT = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

test('every dist/ bundle the client loads or package.json names is shipped (.vscodeignore allowlist)', () => {
  const allowed = new Set(
    readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).trim()),
  );
  const named = new Set<string>();
  for (const f of files(join(ROOT, 'client/src'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/'dist', '([\w.-]+)'|dist\/([\w.-]+\.js)/g))
      named.add(`dist/${m.at(1) ?? m[2]}`);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
  named.add(pkg.main.replace(/^\.\//, ''));
  assert.ok(named.has('dist/webview.js') && named.has('dist/client.js'), `found ${[...named].join(', ')}`);
  for (const f of named) assert.ok(allowed.has(f), `${f} is loaded but .vscodeignore does not ship it`);
});
