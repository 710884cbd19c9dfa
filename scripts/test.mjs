// `npm test`: every layer of kroute's tests, in the order they build on each other.
// Each stage's failures are counted; the run ends with one "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.mjs')) out.push(p);
  }
  return out;
}

const nodeTest = (dir, extra = []) => {
  const files = testFiles(dir);
  return files.length ? ['node', ['--import', 'tsx', '--test', '--test-reporter=tap', ...extra, ...files]] : null;
};

const stages = [
  { name: 'typecheck', cmd: ['npx', ['tsc', '--noEmit', '-p', '.']] },
  // `npm run lint`: Prettier's --check and ESLint; any finding fails the stage (one check, like typecheck).
  { name: 'lint', cmd: ['npm', ['run', '--silent', 'lint']] },
  { name: 'build', cmd: ['node', ['scripts/build.mjs']] },
  { name: 'unit', cmd: nodeTest('test/unit') },
  { name: 'grammar', cmd: nodeTest('test/grammar') },
  { name: 'lsp', cmd: nodeTest('test/lsp') },
  { name: 'cli', cmd: nodeTest('test/cli') },
  { name: 'conformance', cmd: nodeTest('test/conformance') },
  // kroute check on public repositories (../shared/realworld), with precision and recall.
  { name: 'realworld', cmd: nodeTest('test/realworld') },
  // The browser tests need Debian's chromium and the real editor: provisioned once, cached outside the repo.
  { name: 'provision', cmd: ['bash', ['scripts/e2e/provision.sh']] },
  { name: 'webview', cmd: nodeTest('test/webview', ['--test-concurrency=1']) },
  { name: 'e2e', cmd: nodeTest('test/e2e', ['--test-concurrency=1']) },
  { name: 'bench-smoke', cmd: existsSync('bench/run.mjs') ? ['node', ['bench/run.mjs', '--smoke']] : null },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];

function run(stage) {
  return new Promise((resolve) => {
    const [cmd, args] = stage.cmd;
    const started = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
    let pass = 0;
    let fail = 0;
    let skipped = 0;
    let buf = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^# (pass|fail) (\d+)$/.exec(line.trim());
        if (m) m[1] === 'pass' ? (pass += +m[2]) : (fail += +m[2]);
        // A skipped test or suite is an `ok … # SKIP reason` line (TAP's summary leaves suites out).
        if (/^\s*ok \d+ - .* # SKIP\b/.test(line)) skipped++;
      }
    });
    child.on('close', (code) => {
      const tapped = pass + fail + skipped > 0;
      // A stage that is not a node:test run counts as one check; a test run that exits
      // non-zero without reporting a failing test (a crash) counts as one failure.
      if (!tapped) code === 0 ? pass++ : fail++;
      else if (code !== 0 && fail === 0) fail++;
      resolve({ pass, fail, skipped, code, seconds: (Date.now() - started) / 1000 });
    });
  });
}

for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  if (!stage.cmd) {
    summary.push(`${stage.name}: no tests`);
    continue;
  }
  console.log(`\n=== kroute test stage: ${stage.name}`);
  const r = await run(stage);
  passed += r.pass;
  skipped += r.skipped;
  failed += r.fail;
  // Skipped tests are named, never counted as passed (the conformance suite needs ../shared/conformance).
  summary.push(
    `${stage.name}: ${r.pass} passed, ${r.fail} failed${r.skipped ? `, ${r.skipped} SKIPPED` : ''} (${r.seconds.toFixed(1)} s)`,
  );
  if (['typecheck', 'build', 'provision'].includes(stage.name) && r.code !== 0) break;
}

if (!only.length || only.includes('electron')) {
  summary.push(
    'electron: NOT RUN here — `npm run test:electron` downloads VS Code, which this network cannot reach; the real-editor tests above ran in code-server instead',
  );
}
console.log('\n=== kroute test summary');
for (const s of summary) console.log('  ' + s);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped (see the stages above)` : ''}`);
process.exit(failed ? 1 : 0);
