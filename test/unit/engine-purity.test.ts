import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

// The engine is plain data in, plain data out: the language server, the CLI, benchmarks and the
// webview all run it, so it must not reach for an editor API or do its own I/O. node:crypto is the
// one exception (kube-proxy's chain names are SHA-256 hashes).
const ENGINE = join(__dirname, '..', '..', 'server', 'src', 'engine');
const ALLOWED_BUILTINS = new Set(['crypto']);
const FORBIDDEN_PACKAGES = /^(vscode|vscode-languageserver(-[a-z-]+)?|vscode-languageclient|vscode-jsonrpc)(\/.*)?$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every module specifier a file names: static imports and re-exports, import(), require(). */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
  return found;
}

export function violation(spec: string): string | undefined {
  if (FORBIDDEN_PACKAGES.test(spec)) return 'editor/LSP API';
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  const root = bare.split('/')[0];
  if (
    (spec.startsWith('node:') || builtinModules.includes(bare) || builtinModules.includes(root)) &&
    !ALLOWED_BUILTINS.has(bare)
  ) {
    return 'Node I/O or runtime module';
  }
  return undefined;
}

/**
 * Runtime I/O through globals, which no import reveals: `process` (env, cwd, exit, stdout) and
 * `fetch`; `console` too, because under `--stdio` the language server's stdout is the JSON-RPC
 * stream and one stray log line corrupts it. The engine reports through its return values.
 */
const FORBIDDEN_GLOBALS = [/\bprocess\s*\./, /\bconsole\s*\./, /\bfetch\s*\(/];

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('engine purity', () => {
  it('finds the engine sources', () => {
    const files = sourceFiles(ENGINE);
    // Guards against the scan silently passing because the path moved.
    assert.ok(files.length >= 20, `only ${files.length} files under ${ENGINE}`);
    assert.ok(files.some((f) => f.endsWith(join('model', 'cluster.ts'))));
  });

  it('the import scanner recognises every form, and the policy rejects what it should', () => {
    const src = [
      "import * as fs from 'fs';",
      "import { readFileSync } from 'node:fs';",
      "import type { Connection } from 'vscode-languageserver/node';",
      "export { x } from './local';",
      "const p = require('path');",
      "const c = await import('node:child_process');",
      "import { createHash } from 'node:crypto';",
      "import 'vscode';",
      "import { Document } from 'yaml';",
    ].join('\n');
    const specs = specifiers(src);
    assert.deepEqual(
      specs.sort(),
      [
        './local',
        'fs',
        'node:child_process',
        'node:crypto',
        'node:fs',
        'path',
        'vscode',
        'vscode-languageserver/node',
        'yaml',
      ].sort(),
    );
    assert.deepEqual(
      specs.filter((s) => violation(s)).sort(),
      ['fs', 'node:child_process', 'node:fs', 'path', 'vscode', 'vscode-languageserver/node'].sort(),
    );
    assert.equal(violation('vscode-jsonrpc'), 'editor/LSP API');
    assert.equal(violation('node:crypto'), undefined);
    assert.equal(violation('crypto'), undefined);
  });

  it('no engine file imports vscode, an LSP library, or Node I/O modules', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(ENGINE)) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const why = violation(spec);
        if (why) problems.push(`${relative(ENGINE, file)}: imports '${spec}' (${why})`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('no engine file reaches process, console or fetch (I/O without an import)', () => {
    assert.ok(FORBIDDEN_GLOBALS.some((re) => re.test(withoutComments('const x = process.env.HOME;'))));
    assert.ok(
      !FORBIDDEN_GLOBALS.some((re) => re.test(withoutComments('// console.log(x)\n/* process.exit() */ const y = 1;'))),
    );
    const problems: string[] = [];
    for (const file of sourceFiles(ENGINE)) {
      const code = withoutComments(readFileSync(file, 'utf8'));
      for (const re of FORBIDDEN_GLOBALS)
        if (re.test(code)) problems.push(`${relative(ENGINE, file)}: uses ${re.source}`);
    }
    assert.deepEqual(problems, []);
  });
});
