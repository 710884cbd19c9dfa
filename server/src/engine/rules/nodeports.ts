import type { Cluster } from '../model/cluster';
import type { Service, ServicePort } from '../model/types';
import { groupInto } from '../model/multimap';
import type { Fix } from '../types';
import { removePair, replaceValue } from './edits';
import { at, fieldError, get, related, serviceSpecRule } from './support';
import type { Rule } from './types';

const nodePortPath = (p: ServicePort) => ['spec', 'ports', p.index, 'nodePort'];

/** Node ports the cluster hands out: explicit ones are requested, the others allocated. */
function takesNodePorts(s: Service): boolean {
  return !!s.resource && (s.type === 'NodePort' || s.type === 'LoadBalancer');
}

/** Every node port in use in the cluster (explicit, allocated, health checks). */
function usedNodePorts(cluster: Cluster): Set<number> {
  const used = new Set<number>();
  for (const s of cluster.services) {
    for (const p of s.ports) if (p.nodePort !== undefined) used.add(p.nodePort);
    if (s.healthCheckNodePort !== undefined) used.add(s.healthCheckNodePort);
  }
  return used;
}

/** The free port in the range nearest to `wanted` (the low end first on a tie), if any. */
export function nearestFreePort(
  wanted: number,
  range: { min: number; max: number },
  used: ReadonlySet<number>,
): number | undefined {
  const start = Math.min(Math.max(wanted, range.min), range.max);
  for (let d = 0; start - d >= range.min || start + d <= range.max; d++) {
    if (start - d >= range.min && !used.has(start - d)) return start - d;
    if (start + d <= range.max && !used.has(start + d)) return start + d;
  }
  return undefined;
}

/** The two quick fixes for a bad nodePort: the nearest free port in range, or let the cluster pick. */
function nodePortFixes(cluster: Cluster, s: Service, p: ServicePort, used: Set<number>): Fix[] {
  const r = s.resource!;
  const fixes: Fix[] = [];
  const free = nearestFreePort(p.nodePort!, cluster.config.nodePortRange, used);
  const replace = free !== undefined ? replaceValue(r, nodePortPath(p), String(free)) : undefined;
  if (replace)
    fixes.push({
      title: `Use nodePort ${free} (nearest free port in ${cluster.config.nodePortRange.min}-${cluster.config.nodePortRange.max})`,
      edits: [replace],
      preferred: true,
    });
  const remove = removePair(r, nodePortPath(p));
  if (remove) fixes.push({ title: 'Remove nodePort (let the cluster allocate one)', edits: [remove] });
  return fixes;
}

/**
 * The API server allocates node ports only inside --service-node-port-range
 * (pkg/registry/core/service/portallocator: "provided port is not in the valid range").
 */
export const nodePortOutOfRange: Rule = {
  scope: 'cluster',
  code: 'nodeport-out-of-range',
  defaultSeverity: 'error',
  description: "A nodePort outside the cluster's NodePort range: the API server rejects the Service.",
  check({ cluster }, report) {
    const { min, max } = cluster.config.nodePortRange;
    let used: Set<number> | undefined;
    for (const s of cluster.services) {
      if (!takesNodePorts(s)) continue;
      for (const p of s.ports) {
        if (!p.nodePortExplicit || p.nodePort === undefined || (p.nodePort >= min && p.nodePort <= max)) continue;
        used ??= usedNodePorts(cluster);
        report({
          ...at(cluster, s.resource!, nodePortPath(p)),
          code: this.code,
          message: fieldError.invalid(
            nodePortPath(p),
            p.nodePort,
            `provided port is not in the valid range. The range of valid ports is ${min}-${max}`,
          ),
          fixes: nodePortFixes(cluster, s, p, used),
        });
      }
    }
  },
};

/**
 * A node port belongs to one Service cluster-wide whatever the protocol (portallocator:
 * "provided port is already allocated"); within one Service ValidateService rejects the same
 * (protocol, nodePort) twice, and ports sharing a nodePort must share their `port`
 * (storage/alloc.go initNodePorts gives one port number one node port).
 */
export const nodePortConflict: Rule = {
  scope: 'cluster',
  code: 'nodeport-conflict',
  defaultSeverity: 'error',
  description: 'One nodePort requested by two Services, or twice by one Service.',
  check({ cluster }, report) {
    const { min, max } = cluster.config.nodePortRange;
    const holders = new Map<number, { s: Service; p: ServicePort }[]>();
    for (const s of cluster.services) {
      if (!takesNodePorts(s)) continue;
      for (const p of s.ports) {
        // Out-of-range ports are never allocated; nodeport-out-of-range reports them.
        if (!p.nodePortExplicit || p.nodePort === undefined || p.nodePort < min || p.nodePort > max) continue;
        groupInto(holders, p.nodePort, { s, p });
      }
    }
    let used: Set<number> | undefined;
    for (const [nodePort, list] of holders) {
      if (list.length < 2) continue;
      for (const [i, { s, p }] of list.entries()) {
        const others = list.filter((o, j) => j !== i && (o.s.key !== s.key || o.s.resource === s.resource));
        const clashing = others.filter(
          (o) => o.s.resource !== s.resource || o.p.port !== p.port || o.p.protocol === p.protocol,
        );
        if (!clashing.length) continue;
        // ValidateService's Duplicate is for one (protocol, nodePort) twice; other protocols with
        // another port number fail later, in the allocator.
        const duplicate = clashing.every((o) => o.s.resource === s.resource && o.p.protocol === p.protocol);
        const path = nodePortPath(p);
        used ??= usedNodePorts(cluster);
        report({
          ...at(cluster, s.resource!, path),
          code: this.code,
          message: duplicate
            ? fieldError.duplicate(path, nodePort)
            : fieldError.invalid(path, nodePort, 'provided port is already allocated'),
          related: clashing.map((o) =>
            related(
              o.s.resource!,
              nodePortPath(o.p),
              `${o.s.resource === s.resource ? `spec.ports[${o.p.index}]` : `Service ${o.s.key}`} also uses nodePort ${nodePort}`,
              'value',
            ),
          ),
          fixes: nodePortFixes(cluster, s, p, used),
        });
      }
    }
  },
};

/**
 * ValidateService: nodePort is Forbidden on a ClusterIP Service, and `clusterIP: None` may not be
 * combined with type NodePort or LoadBalancer.
 */
export const nodePortNotAllowed = serviceSpecRule({
  code: 'nodeport-not-allowed',
  defaultSeverity: 'error',
  description: 'A nodePort on a ClusterIP Service, or a headless (clusterIP: None) NodePort/LoadBalancer Service.',
  checkOne(s, { cluster }, report) {
    const r = s.resource;
    const written = get(r.object, ['spec', 'type']);
    // An unknown type is service-type-invalid's finding; do not guess what the user meant.
    if (written !== undefined && written !== s.type) return;
    if (s.type === 'ClusterIP') {
      const ports = get(r.object, ['spec', 'ports']);
      if (!Array.isArray(ports)) return;
      ports.forEach((raw, index) => {
        const nodePort = get(raw, ['nodePort']);
        if (!Number.isInteger(nodePort) || nodePort === 0) return;
        const path = ['spec', 'ports', index, 'nodePort'];
        const remove = removePair(r, path);
        const setType = written === undefined ? undefined : replaceValue(r, ['spec', 'type'], 'NodePort');
        report({
          ...at(cluster, r, path, 'key'),
          code: this.code,
          message: fieldError.forbidden(path, "may not be used when type is 'ClusterIP'"),
          fixes: [
            ...(remove ? [{ title: 'Remove nodePort', edits: [remove], preferred: true }] : []),
            ...(setType ? [{ title: 'Change the Service type to NodePort', edits: [setType] }] : []),
          ],
        });
      });
    }
    if ((s.type === 'NodePort' || s.type === 'LoadBalancer') && s.headless) {
      const field = get(r.object, ['spec', 'clusterIP']) === 'None' ? ['spec', 'clusterIP'] : ['spec', 'clusterIPs', 0];
      report({
        ...at(cluster, r, field),
        code: this.code,
        message: fieldError.invalid(
          ['spec', 'clusterIPs', 0],
          'None',
          `may not be set to 'None' for ${s.type} services`,
        ),
      });
    }
  },
});
