// Which workloads are likely clients of a Service: the ones whose containers name it, in their
// environment, command line or the ConfigMaps they read. The trace panel starts from such a
// workload, since that is the connection a user means when they ask where "backend" goes.
import { isObject } from '../manifest/parse';
import type { Cluster } from './cluster';
import { serviceEnvironment } from './dns';
import type { Service, Workload } from './types';
import { podTemplatePath } from './workloads';

/**
 * The words each workload's containers read (workloadTexts), indexed once per cluster: one index
 * answers every Service's question (`likelyClients`), and a workspace may hold thousands.
 */
export interface ClientIndex {
  /** Lower-cased host-like words (DNS is case-insensitive), without a trailing dot → workloads. */
  hosts: Map<string, Set<Workload>>;
  /** Words shaped like environment variable names (case-sensitive) → workloads with service links. */
  envNames: Map<string, Set<Workload>>;
  /** Each workload's place in the cluster's order, which the answers keep. */
  order: Map<Workload, number>;
}

export function clientIndex(cluster: Cluster): ClientIndex {
  const index: ClientIndex = {
    hosts: new Map(),
    envNames: new Map(),
    order: new Map(cluster.workloads.map((w, i) => [w, i])),
  };
  const add = (map: Map<string, Set<Workload>>, key: string, w: Workload) =>
    (map.get(key) ?? map.set(key, new Set()).get(key)!).add(w);
  const configMaps = new Map<string, Record<string, unknown>>();
  for (const r of cluster.resources) {
    if (r.kind === 'ConfigMap' && isObject(r.object.data))
      configMaps.set(`${r.namespace ?? cluster.config.defaultNamespace}/${r.name}`, r.object.data);
  }
  for (const w of cluster.workloads) {
    const spec = podSpec(w);
    if (!spec) continue;
    // Service links are the kubelet's `<SVC>_SERVICE_HOST`… variables; enableServiceLinks: false turns them off.
    const links = spec.enableServiceLinks !== false;
    for (const text of workloadTexts(spec, (name) => configMaps.get(`${w.namespace}/${name}`))) {
      for (const word of text.match(/[A-Za-z0-9_][A-Za-z0-9_.-]*/g) ?? []) {
        add(index.hosts, word.replace(/\.+$/, '').toLowerCase(), w);
        if (links && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) add(index.envNames, word, w);
      }
    }
  }
  return index;
}

/**
 * The workload a trace to `service` starts from by default: the first one that names the Service
 * (likelyClients), else another workload of its namespace, else the first workload, never one of
 * the Service's own backends when there is another choice. `cluster` is the Service's app: a
 * client in another app does not meet it in one cluster.
 */
export function defaultClient(cluster: Cluster, service: Service, index = clientIndex(cluster)): Workload | undefined {
  const backends = backendsOf(service);
  const other = (w: Workload) => !backends.has(w.key);
  return (
    likelyClients(cluster, service, index).at(0) ??
    cluster.workloads.find((w) => w.namespace === service.namespace && other(w)) ??
    cluster.workloads.find(other) ??
    cluster.workloads.at(0)
  );
}

/**
 * Workloads, other than the Service's backends, whose containers name it: by a DNS name that
 * resolves to it from their namespace (`name.ns`, `name.ns.svc`, `name.ns.svc.<domain>`; the short
 * name only from its own namespace, through the search list `<ns>.svc.<domain>`), or by an
 * environment variable the kubelet sets for it (`<SVC>_SERVICE_HOST`…: only for Services of the
 * pod's namespace; kubelet_pods.go getServiceEnvVarMap). In the cluster's workload order.
 */
export function likelyClients(cluster: Cluster, service: Service, index = clientIndex(cluster)): Workload[] {
  const qualified = `${service.name}.${service.namespace}`.toLowerCase();
  const found = new Set<Workload>();
  for (const host of [qualified, `${qualified}.svc`, `${qualified}.svc.${cluster.config.clusterDomain.toLowerCase()}`])
    index.hosts.get(host)?.forEach((w) => found.add(w));
  const sameNamespace = (w: Workload) => w.namespace === service.namespace;
  index.hosts.get(service.name.toLowerCase())?.forEach((w) => sameNamespace(w) && found.add(w));
  for (const name of Object.keys(serviceEnvironment(service)))
    index.envNames.get(name)?.forEach((w) => sameNamespace(w) && found.add(w));
  const backends = backendsOf(service);
  return [...found].filter((w) => !backends.has(w.key)).sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}

/** The workloads whose pods the Service selects: one naming its own Service is usually doing peer discovery. */
function backendsOf(service: Service): Set<string> {
  return new Set(service.selectedPods.map((p) => p.workload).filter((k): k is string => k !== undefined));
}

function podSpec(w: Workload): Record<string, unknown> | undefined {
  let cur: unknown = w.resource.object;
  for (const k of [...podTemplatePath(w.kind), 'spec']) cur = isObject(cur) ? cur[k] : undefined;
  return isObject(cur) ? cur : undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObject) : []);
const nameOf = (v: unknown): string | undefined => (isObject(v) && typeof v.name === 'string' ? v.name : undefined);

/**
 * Every text a pod's containers read: env names and values, command and args, and the values of
 * the ConfigMaps (of its namespace, found by `configMap`) that env, envFrom or a volume (plain or
 * projected) reads.
 */
function workloadTexts(
  spec: Record<string, unknown>,
  configMap: (name: string) => Record<string, unknown> | undefined,
): string[] {
  const texts: string[] = [];
  const read = new Map<string, Set<string> | 'all'>(); // ConfigMap name → the keys read
  const readAll = (name: string | undefined) => name !== undefined && read.set(name, 'all');
  const readKey = (name: string, key: string) => {
    const keys = read.get(name) ?? new Set<string>();
    if (keys !== 'all') read.set(name, keys.add(key));
  };
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    texts.push(...strings(c.command), ...strings(c.args));
    for (const e of list(c.env)) {
      if (typeof e.name === 'string') texts.push(e.name);
      if (typeof e.value === 'string') texts.push(e.value);
      const ref = isObject(e.valueFrom) ? e.valueFrom.configMapKeyRef : undefined;
      if (isObject(ref) && typeof ref.name === 'string' && typeof ref.key === 'string') readKey(ref.name, ref.key);
    }
    for (const from of list(c.envFrom)) readAll(nameOf(from.configMapRef));
  }
  for (const v of list(spec.volumes)) {
    readAll(nameOf(v.configMap));
    for (const s of list(isObject(v.projected) ? v.projected.sources : undefined)) readAll(nameOf(s.configMap));
  }
  for (const [name, keys] of read) {
    for (const [k, v] of Object.entries(configMap(name) ?? {}))
      if (typeof v === 'string' && (keys === 'all' || keys.has(k))) texts.push(v);
  }
  return texts;
}
