// `npm run test:electron`: builds kroute and the @vscode/test-electron suite (test/electron →
// out/electron), then runs it. Needs internet: test-electron downloads VS Code.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './editor.mjs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('node', ['scripts/build.mjs']);
const suite = join(repoRoot, 'test/electron/suite');
await esbuild.build({
  entryPoints: [join(repoRoot, 'test/electron/runTest.ts'), ...readdirSync(suite).map((f) => join(suite, f))],
  outbase: join(repoRoot, 'test/electron'),
  outdir: join(repoRoot, 'out/electron'),
  // Each file stays its own module: mocha loads the suite files one by one, and `vscode`,
  // mocha and test-electron resolve at run time from the extension host / node_modules.
  bundle: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
run('node', ['out/electron/runTest.js']);
