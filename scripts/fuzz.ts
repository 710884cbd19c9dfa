// `npm run fuzz [-- --runs N] [-- --seed S]`: the engine properties of test/fuzz at full strength.
// Prints the case count, the seed and the time; on failure, fast-check's shrunk counterexample,
// to be kept under test/fixtures/fuzz-regressions/.
import fc from 'fast-check';
import { properties } from '../test/fuzz/properties';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const total = Number(arg('runs') ?? 100_000);
const seed = Number(arg('seed') ?? Date.now() % 2 ** 31);
const names = Object.keys(properties);
const perProperty = Math.ceil(total / names.length);

console.log(`kroute fuzz: ${perProperty * names.length} cases (${perProperty} per property), seed ${seed}`);
const started = Date.now();
let failed = 0;
for (const name of names) {
  const t = Date.now();
  const details = fc.check(properties[name]!, { seed, numRuns: perProperty });
  const seconds = ((Date.now() - t) / 1000).toFixed(1);
  if (details.failed) {
    failed++;
    console.log(`✗ ${name}: failed after ${details.numRuns} cases (${seconds} s)`);
    console.log(`  counterexample: ${JSON.stringify(details.counterexample)}`);
    console.log(`  error: ${String(details.errorInstance ?? '').split('\n')[0]}`);
    console.log(`  replay: npm run fuzz -- --seed ${seed} (path ${details.counterexamplePath})`);
  } else {
    console.log(`✓ ${name}: ${details.numRuns} cases (${seconds} s)`);
  }
}
console.log(`${perProperty * names.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}: ${failed ? `${failed} properties failed` : 'no failure'}`);
process.exitCode = failed ? 1 : 0;
