// One cold index in a process of its own, as `kroute check` and the language server start: the
// engine bundle and a corpus are loaded, then the Workspace is built from every file and checked.
// Prints {"ms": …} on stdout. Used by run.mjs for target 4's growth pairs.
//   node --expose-gc bench/cold-index.mjs <engine.cjs> <corpus dir> <cluster settings JSON>
import { createRequire } from 'node:module';
import { readYamlFiles } from './corpus.mjs';

const [enginePath, dir, settingsJson] = process.argv.slice(2);
const { Workspace } = createRequire(import.meta.url)(enginePath);
const files = readYamlFiles(dir);
// Reading the files and loading the bundle are not the index's: their garbage is collected first.
globalThis.gc?.();
const started = performance.now();
const ws = new Workspace({ settings: JSON.parse(settingsJson) });
for (const f of files) ws.setFile(f.uri, f.text);
ws.diagnostics();
console.log(JSON.stringify({ ms: performance.now() - started }));
