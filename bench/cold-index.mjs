// The engine's cold index, and the same in a process of its own, as `kroute check` and the language
// server start: the engine bundle and a corpus are loaded, then the Workspace is built from every
// file and checked. Run as a script it prints {"ms", "rss", "heapUsed", "files"}: the index's time,
// and the process's memory once the garbage is collected. run.mjs uses both forms.
//   node --expose-gc bench/cold-index.mjs <engine.cjs> <corpus dir> <cluster settings JSON>
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readYamlFiles } from './corpus.mjs';

/** Builds a Workspace from `files` and computes its diagnostics; `ms` is the time of both. */
export function coldRun(engine, files, settings) {
  const t = performance.now();
  const ws = new engine.Workspace({ settings });
  for (const f of files) ws.setFile(f.uri, f.text);
  const diagnostics = ws.diagnostics();
  return { ms: performance.now() - t, ws, diagnostics };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [enginePath, dir, settingsJson] = process.argv.slice(2);
  const engine = createRequire(import.meta.url)(enginePath);
  const files = readYamlFiles(dir);
  // Reading the files and loading the bundle are not the index's: their garbage is collected first.
  globalThis.gc();
  const { ms, ws } = coldRun(engine, files, JSON.parse(settingsJson));
  files.length = 0;
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  console.log(JSON.stringify({ ms, rss: m.rss, heapUsed: m.heapUsed, files: ws.files().size }));
}
