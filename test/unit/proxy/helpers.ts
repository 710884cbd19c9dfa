import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../../server/src/engine/model/cluster';
import type { ClusterSettings } from '../../../server/src/engine/model/config';
import { Workspace } from '../../../server/src/engine/workspace';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'proxy');

/** The cluster built from fixture files in test/fixtures/proxy (or inline texts keyed by file name). */
export function cluster(files: string[] | Record<string, string>, settings: Partial<ClusterSettings> = {}): Cluster {
  const ws = new Workspace({ settings });
  const entries = Array.isArray(files)
    ? files.map((f) => [f, readFileSync(join(FIXTURES, f), 'utf8')] as const)
    : Object.entries(files);
  for (const [name, text] of entries) ws.setFile(`file:///fixtures/${name}`, text);
  return ws.cluster();
}

/** The cluster without the synthesised default/kubernetes Service, for comparisons with upstream tests that have none. */
export function withoutKubernetesService(c: Cluster): Cluster {
  return { ...c, services: c.services.filter((s) => s.key !== 'default/kubernetes') };
}

/** The `-A` lines of one chain. */
export function chainRules(save: string, chain: string): string[] {
  return save.split('\n').filter((l) => l.startsWith(`-A ${chain} `) || l === `-A ${chain}`);
}
