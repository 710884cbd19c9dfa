import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterSettings } from '../../../server/src/engine/model/config';
import type { Mutation } from '../../../server/src/engine/model/mutations';
import type { EndpointSlice, Pod, Service } from '../../../server/src/engine/model/types';
import type { Cluster } from '../../../server/src/engine/model/cluster';
import { Workspace } from '../../../server/src/engine/workspace';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'model');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A workspace holding the named fixture files (or inline texts keyed by file name). */
export function workspace(
  files: string[] | Record<string, string>,
  settings: Partial<ClusterSettings> = {},
): Workspace {
  const ws = new Workspace({ settings });
  const entries = Array.isArray(files) ? files.map((f) => [f, fixtureText(f)] as const) : Object.entries(files);
  for (const [name, text] of entries) ws.setFile(`file:///fixtures/${name}`, text);
  return ws;
}

export function cluster(
  files: string[] | Record<string, string>,
  settings: Partial<ClusterSettings> = {},
  mutations: Mutation[] = [],
): Cluster {
  const ws = workspace(files, settings);
  return mutations.length ? ws.clusterWith(mutations) : ws.cluster();
}

export function service(c: Cluster, key: string): Service {
  const s = c.servicesByKey.get(key);
  if (!s) throw new Error(`no Service ${key}; have ${[...c.servicesByKey.keys()].join(', ')}`);
  return s;
}

export function podsOf(c: Cluster, workloadKey: string): Pod[] {
  const w = c.workloadsByKey.get(workloadKey);
  if (!w) throw new Error(`no workload ${workloadKey}; have ${[...c.workloadsByKey.keys()].join(', ')}`);
  return w.pods;
}

/** `podName → {portName: port}` over every slice of a Service, for compact assertions. */
export function endpointPorts(slices: EndpointSlice[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of slices)
    for (const e of s.endpoints)
      out[e.pod!.name] = Object.fromEntries(s.ports.map((p) => [`${p.name}/${p.protocol}`, p.port]));
  return out;
}

export function endpointsByPod(slices: EndpointSlice[]): Map<string, EndpointSlice['endpoints'][number]> {
  const out = new Map<string, EndpointSlice['endpoints'][number]>();
  for (const s of slices) for (const e of s.endpoints) out.set(e.pod?.name ?? e.addresses[0], e);
  return out;
}
