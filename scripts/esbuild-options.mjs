// esbuild options shared by the shipped bundles (scripts/build.mjs) and the benchmark's engine
// bundle (bench/run.mjs), so what is measured is built as what ships.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The `yaml` library's browser build: the same code as its Node build without the debug hooks that
 * read `process.env.LOG_TOKENS` / `LOG_STREAM` once per token — a property read that crosses into
 * C++ in Node and was a third of the parser's time (10k manifests: parser 1.24 s → 0.81 s).
 */
export const yamlWithoutEnvHooks = join(dirname(require.resolve('yaml/package.json')), 'browser', 'index.js');

export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  alias: { yaml: yamlWithoutEnvHooks },
};
