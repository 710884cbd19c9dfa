// Which workloads are likely clients of a Service: the ones whose containers name it, in their
// environment, command line or the ConfigMaps they read. The trace panel starts from such a
// workload, since that is the connection a user means when they ask where "backend" goes.
import { isObject } from '../manifest/parse';
import type { Cluster } from './cluster';
import { serviceEnvironment } from './dns';
import { equalityMatches } from './selectors';
import type { Service, Workload } from './types';
import { podTemplatePath } from './workloads';

/**
 * The workload a trace to `service` starts from by default: the first one that names the Service
 * (likelyClients), else another workload of its namespace, else the first workload, never one of
 * the Service's own backends when there is another choice. `cluster` is the Service's app: a
 * client in another app does not meet it in one cluster.
 */
export function defaultClient(cluster: Cluster, service: Service): Workload | undefined {
  const others = cluster.workloads.filter((w) => !backs(service, w));
  return likelyClients(cluster, service)[0] ?? others.find((w) => w.namespace === service.namespace) ?? others[0] ?? cluster.workloads[0];
}

/** Workloads, other than the Service's backends, whose pods would name the Service (namesService). */
export function likelyClients(cluster: Cluster, service: Service): Workload[] {
  return cluster.workloads.filter((w) => !backs(service, w) && namesService(cluster, w, service));
}

/** A workload whose pods the Service selects: naming its own Service is usually peer discovery. */
function backs(service: Service, w: Workload): boolean {
  return !!service.selector && w.namespace === service.namespace && w.pods.some((p) => equalityMatches(service.selector!, p.labels));
}

/**
 * Whether a text the workload's containers read names the Service: by a DNS name that resolves to
 * it from the workload's namespace (the short name only resolves in the Service's own namespace,
 * through the search list `<ns>.svc.<domain>`), or by an environment variable the kubelet sets for
 * it (`<SVC>_SERVICE_HOST`…: only for Services of the pod's namespace, unless enableServiceLinks
 * is false; kubelet_pods.go getServiceEnvVarMap).
 */
export function namesService(cluster: Cluster, w: Workload, service: Service): boolean {
  const texts = workloadTexts(cluster, w);
  const sameNamespace = w.namespace === service.namespace;
  const dns = dnsNamePattern(service, cluster.config.clusterDomain, sameNamespace);
  if (texts.some((t) => dns.test(t))) return true;
  const spec = podSpec(w);
  if (!sameNamespace || spec?.enableServiceLinks === false) return false;
  const env = envNamePattern(Object.keys(serviceEnvironment(service)));
  return !!env && texts.some((t) => env.test(t));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `name.ns`, `name.ns.svc`, `name.ns.svc.<domain>` (and `name` alone from its namespace) as a host, not part of a longer name. */
function dnsNamePattern(service: Service, domain: string, sameNamespace: boolean): RegExp {
  const qualified = `\\.${escape(service.namespace)}(?:\\.svc(?:\\.${escape(domain)})?)?`;
  const name = `${escape(service.name)}(?:${qualified})${sameNamespace ? '?' : ''}`;
  return new RegExp(`(?<![A-Za-z0-9_.-])${name}\\.?(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, 'i');
}

function envNamePattern(names: string[]): RegExp | undefined {
  if (!names.length) return undefined;
  return new RegExp(`(?<![A-Za-z0-9_])(?:${names.map(escape).join('|')})(?![A-Za-z0-9_])`);
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
 * Every text the workload's containers read: env names and values, command and args, and the
 * values of the ConfigMaps of its namespace that env, envFrom or a volume (plain or projected) reads.
 */
function workloadTexts(cluster: Cluster, w: Workload): string[] {
  const spec = podSpec(w);
  if (!spec) return [];
  const texts: string[] = [];
  const configMaps = new Map<string, Set<string> | 'all'>(); // name → the keys read
  const readAll = (name: string | undefined) => name !== undefined && configMaps.set(name, 'all');
  const readKey = (name: string, key: string) => {
    const keys = configMaps.get(name) ?? new Set<string>();
    if (keys !== 'all') configMaps.set(name, keys.add(key));
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
  for (const r of cluster.resources) {
    if (r.kind !== 'ConfigMap' || !configMaps.has(r.name) || (r.namespace ?? cluster.config.defaultNamespace) !== w.namespace) continue;
    const data = isObject(r.object.data) ? r.object.data : {};
    const keys = configMaps.get(r.name)!;
    for (const [k, v] of Object.entries(data)) if (typeof v === 'string' && (keys === 'all' || keys.has(k))) texts.push(v);
  }
  return texts;
}
