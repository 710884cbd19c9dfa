// Shared by the bench/*.ts scripts: the bench corpus loaded into a Workspace, and p50/p95 timing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../server/src/engine/workspace';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const corpus = require('./corpus.mjs') as {
  CORPUS_DIR: string;
  clusterSettingsFor: (n: number) => Record<string, unknown>;
  writeCorpus: (n: number) => unknown;
};

/** bench/corpus/<size> (written first when missing) in a Workspace with the settings bench/run.mjs uses; prints its size. */
export function corpusWorkspace(size: number): Workspace {
  const dir = join(corpus.CORPUS_DIR, String(size));
  if (!existsSync(join(dir, 'MANIFEST.json'))) corpus.writeCorpus(size);
  const ws = new Workspace({ settings: corpus.clusterSettingsFor(size) });
  const load = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) load(p);
      else if (name.endsWith('.yaml')) ws.setFile(pathToFileURL(p).href, readFileSync(p, 'utf8'));
    }
  };
  const t = performance.now();
  load(dir);
  const base = ws.cluster();
  console.log(
    `${size} manifests: ${base.pods.length} pods, ${base.services.length} Services on ${base.config.nodes.length} nodes; cold model ${(performance.now() - t).toFixed(0)} ms`,
  );
  return ws;
}

export const stats = (samples: number[]): string => {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return `p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms`;
};

/** This process's CPU time in ms (the machine may be shared: CPU time is steadier than wall time). */
export const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
