import type { ManifestResource } from '../manifest/resource';
import { builtInGroup } from './api-versions';
import type { Cluster } from './cluster';

/**
 * Custom resources that route to a Service by name: a service-mesh TrafficSplit (its apex and
 * backends, SMI split.smi-spec.io), an Istio VirtualService destination or DestinationRule host
 * (networking.istio.io; a host is `name`, `name.namespace` or `name.namespace.svc[.cluster.local]`),
 * or an operator's spec field naming a Service (`service`, `serviceName`, `…Service`). Such a
 * Service is usually run together with its pods by that tool (Flagger, a mesh, an operator), so a
 * selector matching nothing in the workspace is not by itself a broken route.
 */
export interface ServiceReference {
  resource: ManifestResource;
  /** `Kind/name` and the field that names the Service. */
  ref: string;
  field: string;
}

const indexes = new WeakMap<Cluster, Map<string, ServiceReference[]>>();

/** The custom resources that name the Service `namespace/name`. */
export function referencesTo(cluster: Cluster, namespace: string, name: string): ServiceReference[] {
  let index = indexes.get(cluster);
  if (!index) indexes.set(cluster, (index = referenceIndex(cluster)));
  return index.get(`${namespace}/${name}`) ?? [];
}

/** What referencesTo answers for a Service, as a value comparable across builds. */
export function referencesSignature(cluster: Cluster, namespace: string, name: string): string {
  return referencesTo(cluster, namespace, name)
    .map((r) => `${r.resource.uri}#${r.ref}.${r.field}`)
    .join('\n');
}

function referenceIndex(cluster: Cluster): Map<string, ServiceReference[]> {
  const index = new Map<string, ServiceReference[]>();
  for (const r of cluster.resources) {
    if (builtInGroup(r.apiVersion)) continue;
    const ns = r.namespace ?? cluster.config.defaultNamespace;
    const add = (host: unknown, field: string) => {
      const key = typeof host === 'string' ? serviceKey(host, ns) : undefined;
      if (!key) return;
      const list = index.get(key) ?? [];
      if (!list.some((x) => x.resource === r)) list.push({ resource: r, ref: `${r.kind}/${r.name}`, field });
      index.set(key, list);
    };
    const spec = r.object.spec;
    if (!spec || typeof spec !== 'object') continue;
    const group = r.apiVersion.split('/')[0];
    if (group === 'networking.istio.io' && r.kind === 'VirtualService') {
      for (const kind of ['http', 'tcp', 'tls'] as const) {
        for (const route of items((spec as Record<string, unknown>)[kind])) {
          for (const dest of items(route.route))
            add(record(dest.destination).host, `spec.${kind}.route.destination.host`);
        }
      }
    } else if (group === 'networking.istio.io' && r.kind === 'DestinationRule') {
      add((spec as Record<string, unknown>).host, 'spec.host');
    } else {
      namedServices(spec, 'spec', add);
    }
  }
  return index;
}

/** `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local` → `ns/name`; other hosts name no Service of the cluster. */
function serviceKey(host: string, namespace: string): string | undefined {
  const parts = host.split('.');
  if (parts.length === 1) return `${namespace}/${host}`;
  if (parts.length === 2 || parts[2] === 'svc') return `${parts[1]}/${parts[0]}`;
  return undefined;
}

/** String fields named like a Service reference anywhere in a spec (SMI TrafficSplit's service and backends[].service too). */
function namedServices(value: unknown, path: string, add: (host: unknown, field: string) => void, depth = 0): void {
  if (depth > 8 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) namedServices(v, path, add, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && /^(service|serviceName|[a-z]+Service(Name)?)$/.test(k)) add(v, `${path}.${k}`);
    else namedServices(v, `${path}.${k}`, add, depth + 1);
  }
}

function items(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x))
    : [];
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
