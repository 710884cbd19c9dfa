// `npm run fuzz [-- --runs N] [-- --lsp-runs M] [-- --seed S]`: the engine properties of test/fuzz at
// full strength, then M sessions against the built language server over stdio (test/fuzz/lsp.ts).
// Prints the case count, the seed and the time; on failure, fast-check's shrunk counterexample,
// to be kept under test/fixtures/fuzz-regressions/.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lspSession, runSession } from '../test/fuzz/lsp';
import { properties } from '../test/fuzz/properties';
import { TestClient } from '../test/lsp/support/client';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const total = Number(arg('runs') ?? 100_000);
const lspRuns = Number(arg('lsp-runs') ?? 500);
const seed = Number(arg('seed') ?? Date.now() % 2 ** 31);
const names = Object.keys(properties);
const perProperty = Math.ceil(total / names.length);

async function main(): Promise<void> {
  console.log(`kroute fuzz: ${perProperty * names.length} cases (${perProperty} per property), seed ${seed}`);
  const started = Date.now();
  let failed = 0;
  for (const name of names) {
    const t = Date.now();
    const details = fc.check(properties[name], { seed, numRuns: perProperty });
    const seconds = ((Date.now() - t) / 1000).toFixed(1);
    if (details.failed) {
      failed++;
      console.log(`✗ ${name}: failed after ${details.numRuns} cases (${seconds} s)`);
      console.log(`  counterexample: ${JSON.stringify(details.counterexample)}`);
      console.log(`  error: ${firstLine(details.errorInstance)}`);
      console.log(`  replay: npm run fuzz -- --seed ${seed} (path ${details.counterexamplePath})`);
    } else {
      console.log(`✓ ${name}: ${details.numRuns} cases (${seconds} s)`);
    }
  }
  if (lspRuns > 0) {
    // A fresh server over stdio, as an editor runs it (build first: dist/server.js).
    const dir = mkdtempSync(join(tmpdir(), 'kroute-fuzz-'));
    const client = new TestClient();
    await client.initialize(dir);
    await client.waitForIndex();
    const t = Date.now();
    let n = 0;
    const details = await fc.check(
      fc.asyncProperty(lspSession, (s) => runSession(client, pathToFileURL(join(dir, `f${n++}.yaml`)).href, s)),
      { seed, numRuns: lspRuns },
    );
    const seconds = ((Date.now() - t) / 1000).toFixed(1);
    if (details.failed) {
      failed++;
      console.log(`✗ languageServer: failed after ${details.numRuns} sessions (${seconds} s)`);
      console.log(`  counterexample: ${JSON.stringify(details.counterexample)}`);
      console.log(`  error: ${firstLine(details.errorInstance)}`);
    } else {
      console.log(`✓ languageServer: ${details.numRuns} sessions over stdio (${seconds} s)`);
    }
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `${perProperty * names.length} engine cases and ${lspRuns} language-server sessions in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}: ${failed ? `${failed} properties failed` : 'no failure'}`,
  );
  process.exitCode = failed ? 1 : 0;
}

void main();

/** The first line of what a failed property threw (an Error's `Name: message`, or the thrown value). */
function firstLine(thrown: unknown): string {
  const text = thrown instanceof Error ? thrown.toString() : (JSON.stringify(thrown) as string | undefined);
  return (text ?? '').split('\n')[0];
}
