import { isObject } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { ConfigError, expandNodes, type ClusterConfig, type NodeSpec } from './config';
import { cidrSize, parseCidr, parseIPv4 } from './ip';
import { stringMap } from './selectors';
import type { Taint, TaintEffect } from './types';

// `kind: Node` objects in the workspace (as `kubectl get nodes -o yaml` writes them, also inside a
// `kind: List`) are the simulated cluster's nodes: they take precedence over the nodes setting,
// which applies only to a workspace without Node objects. A Node is not a workload: nothing else
// in the model or the rules looks at it.

export function isNodeObject(r: ManifestResource): boolean {
  return r.kind === 'Node' && r.apiVersion === 'v1' && r.name !== '';
}

const EFFECTS: ReadonlySet<string> = new Set<TaintEffect>(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** What the model takes from a Node: name, labels, taints, cordon, InternalIP and pod range (fields it cannot use are left out). */
export function nodeSpecOf(r: ManifestResource): NodeSpec {
  const metadata = isObject(r.object.metadata) ? r.object.metadata : {};
  const spec = isObject(r.object.spec) ? r.object.spec : {};
  const status = isObject(r.object.status) ? r.object.status : {};
  const node: NodeSpec = { name: r.name, labels: stringMap(metadata.labels) };
  const taints = Array.isArray(spec.taints)
    ? spec.taints.filter(
        (t): t is Record<string, unknown> =>
          isObject(t) && typeof t.key === 'string' && t.key !== '' && EFFECTS.has(t.effect as string),
      )
    : [];
  if (taints.length)
    node.taints = taints.map((t): Taint => ({
      key: t.key as string,
      value: typeof t.value === 'string' ? t.value : '',
      effect: t.effect as TaintEffect,
    }));
  if (spec.unschedulable === true) node.unschedulable = true;
  const range = typeof spec.podCIDR === 'string' ? parseCidr(spec.podCIDR) : undefined;
  if (range && cidrSize(range) >= 4) node.podCIDR = range.text;
  const addresses: unknown[] = Array.isArray(status.addresses) ? status.addresses : [];
  const internal = addresses.find(
    (a) =>
      isObject(a) && a.type === 'InternalIP' && typeof a.address === 'string' && parseIPv4(a.address) !== undefined,
  );
  if (isObject(internal)) node.ip = internal.address as string;
  return node;
}

/** Each configuration's nodes from the workspace's Node objects, kept while those objects say the same. */
const derived = new WeakMap<ClusterConfig, { key: string; config: ClusterConfig }>();
const bases = new WeakMap<ClusterConfig, ClusterConfig>();

/**
 * The configuration with the workspace's Node objects as its nodes (the first object of a name in
 * `resources` order wins); `config` itself when there are none or they give no usable node. The
 * same Node objects give the same configuration object, so caches keyed by it keep working.
 */
export function withWorkspaceNodes(config: ClusterConfig, resources: readonly ManifestResource[]): ClusterConfig {
  // Derived already (the workspace gives every app the nodes of all its files).
  if (config.nodesFrom.kind === 'objects') return config;
  const objects = resources.filter(isNodeObject);
  if (!objects.length) return config;
  const specs = new Map<string, NodeSpec>();
  for (const r of objects) if (!specs.has(r.name)) specs.set(r.name, nodeSpecOf(r));
  const files = [...new Set(objects.map((r) => fileName(r.uri)))];
  const key = JSON.stringify([...specs.values(), files]);
  const hit = derived.get(config);
  if (hit?.key === key) return hit.config;
  let nodes;
  try {
    nodes = expandNodes([...specs.values()], config.podCIDR, 'Node objects');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return config; // e.g. more nodes without spec.podCIDR than the cluster range has /24s for
  }
  const shown =
    files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more files` : files.join(', ');
  const description = `the Node objects in ${shown}`;
  const next: ClusterConfig = { ...config, nodes, nodesFrom: { kind: 'objects', explicit: true, description } };
  derived.set(config, { key, config: next });
  bases.set(next, config);
  return next;
}

/** The configuration withWorkspaceNodes derived `config` from (itself when it was not derived). */
export function baseConfig(config: ClusterConfig): ClusterConfig {
  return bases.get(config) ?? config;
}

function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1) || uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // a stray % in a name that was never encoded
  }
}
