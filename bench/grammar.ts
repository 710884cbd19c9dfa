// `node --import tsx bench/grammar.ts`: what kroute's injection grammar costs on long lines, the
// case that once made it ~20x slower (VS Code tokenizes lines up to 20,000 characters).
// Prints the figures; a benchmark, not a test, so a busy machine cannot fail a build.
import { tokenize } from '../test/grammar/tokenize';

const words = Array.from({ length: 2500 }, (_, i) => `w${i}`).join(' ');
const numbers = Array.from({ length: 2500 }, (_, i) => i).join(', ');
const source = `kind: Secret\ndata:\n  blob: ${'QUJD'.repeat(5000)}\n  text: ${words}\n  list: [${numbers}]\n`;

async function fastest(withInjection: boolean, runs = 5): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await tokenize(source, withInjection);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

void (async () => {
  await tokenize('a: 1\n', true); // load grammars and the WASM regex engine outside the timing
  const base = await fastest(false);
  const injected = await fastest(true);
  console.log(`| grammar (${source.length} chars on 3 long lines) | base YAML | with kroute injection | ratio |`);
  console.log('| --- | --- | --- | --- |');
  console.log(`| best of 5 | ${base.toFixed(1)} ms | ${injected.toFixed(1)} ms | ${(injected / base).toFixed(2)}x |`);
})();
