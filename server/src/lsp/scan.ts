import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { MANIFEST_FILE } from '../engine/manifest/parse';
const NEVER = new Set(['node_modules', '.git']);

export interface ScanOptions {
  /** Globs relative to the folder (files.exclude keys set to true, and kroute.exclude). */
  exclude: string[];
  /** Stop early (a newer scan started, or the server is shutting down). */
  cancelled?: () => boolean;
}

/** Compiles exclusion globs the way VS Code reads `files.exclude`: relative to the workspace folder. */
export function excluder(globs: string[]): (relPath: string) => boolean {
  const matchers = globs.filter(Boolean).map((g) => picomatch(g, { dot: true }));
  return (rel) => matchers.some((m) => m(rel));
}

/**
 * Every *.yaml / *.yml / *.json file under a folder (Chart.yaml included: the engine learns the
 * Helm charts from it), never inside node_modules or .git, without following symlinks.
 */
export async function scanFolder(root: string, options: ScanOptions): Promise<string[]> {
  const excluded = excluder(options.exclude);
  const out: string[] = [];
  const queue = [root];
  while (queue.length) {
    if (options.cancelled?.()) break;
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // Deleted or unreadable while scanning: nothing to index there.
    }
    for (const e of entries) {
      if (NEVER.has(e.name)) continue;
      const abs = join(dir, e.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (excluded(rel)) continue;
      if (e.isDirectory()) queue.push(abs);
      else if (e.isFile() && MANIFEST_FILE.test(e.name)) out.push(abs);
    }
  }
  return out.sort();
}
