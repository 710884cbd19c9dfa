import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../../server/src/engine/model/cluster';
import {
  allowedBetween,
  formatConnections,
  policySet,
  type PolicyEndpoint,
  type PolicySet,
} from '../../../server/src/engine/netpol';
import { Workspace } from '../../../server/src/engine/workspace';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'netpol');

/** The cluster and its policies from fixture files (names) or inline manifests (text containing a newline). */
export function load(...files: string[]): { cluster: Cluster; set: PolicySet } {
  const ws = new Workspace({});
  files.forEach((f, i) =>
    ws.setFile(
      `file:///fixtures/netpol/${f.includes('\n') ? `inline-${i}.yaml` : f}`,
      f.includes('\n') ? f : readFileSync(join(FIXTURES, f), 'utf8'),
    ),
  );
  const cluster = ws.cluster();
  return { cluster, set: policySet(cluster.resources, cluster.config.defaultNamespace) };
}

/** A workload's first pod as a policy endpoint, by `namespace/Kind/name`. */
export function pod(cluster: Cluster, key: string): PolicyEndpoint {
  const w = cluster.workloadsByKey.get(key);
  if (!w?.pods[0]) throw new Error(`no pod of ${key}; have ${[...cluster.workloadsByKey.keys()].join(', ')}`);
  return { kind: 'pod', pod: w.pods[0] };
}

export function address(ip: string): PolicyEndpoint {
  const n = ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
  return { kind: 'ip', range: [n, n] };
}

/** netpol-analyzer's spelling of what `src` may open to `dst`. */
export function allowed(set: PolicySet, src: PolicyEndpoint, dst: PolicyEndpoint): string {
  return formatConnections(allowedBetween(set, src, dst));
}
