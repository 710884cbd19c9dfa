import { rangeOf } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { namespaceOf } from '../model/cluster';
import { workloadKindOf } from '../model/workloads';
import type { WorkloadKind } from '../model/types';
import type { Location, Range } from '../types';
import type { Workspace } from '../workspace';
import { containerPortPath, inOrder, serviceOf, templatePorts } from './context';

export type SymbolKindData = 'service' | 'workload' | 'resource' | 'port';

export interface SymbolData {
  name: string;
  detail?: string;
  kind: SymbolKindData;
  range: Range;
  selectionRange: Range;
  children?: SymbolData[];
}

export interface WorkspaceSymbolData {
  name: string;
  kind: SymbolKindData;
  containerName: string;
  location: Location;
}

/** The outline: each object as `Kind name`, with its ports (Service ports, container ports) as children. */
export function documentSymbols(ws: Workspace, uri: string): SymbolData[] {
  const file = ws.file(uri);
  if (!file?.resources.length) return [];
  const cluster = ws.clusterFor(uri);
  return file.resources.map((r) => {
    const namespace = namespaceOf(r, cluster.config);
    const service = serviceOf(cluster, r);
    const workloadKind = workloadKindOf(r);
    const symbol: SymbolData = {
      name: `${r.kind} ${r.name || '(unnamed)'}`,
      detail: namespace,
      kind: service ? 'service' : workloadKind ? 'workload' : 'resource',
      range: r.range,
      selectionRange: nameRange(r),
    };
    const children =
      service?.resource === r
        ? service.ports.map((p): SymbolData => {
            const range = rangeOf(r, ['spec', 'ports', p.index]);
            return {
              name: `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`,
              detail: `→ ${p.targetPort}${p.nodePort ? ` · nodePort ${p.nodePort}` : ''}`,
              kind: 'port',
              range,
              selectionRange: range,
            };
          })
        : workloadKind
          ? workloadPorts(r, workloadKind)
          : [];
    return children.length ? { ...symbol, children } : symbol;
  });
}

function nameRange(r: ManifestResource): Range {
  return rangeOf(r, ['metadata', 'name']);
}

function workloadPorts(r: ManifestResource, kind: WorkloadKind): SymbolData[] {
  return templatePorts({ kind, resource: r, pods: [] }).map((p) => {
    const range = rangeOf(r, containerPortPath({ kind }, p));
    return {
      name: `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`,
      detail: `container ${p.container}`,
      kind: 'port',
      range,
      selectionRange: range,
    };
  });
}

const MAX_WORKSPACE_SYMBOLS = 500;

/** Services and workloads whose name contains the query's characters in order (case-insensitive). */
export function workspaceSymbols(ws: Workspace, query: string): WorkspaceSymbolData[] {
  const cluster = ws.cluster();
  const q = query.toLowerCase();
  const matches = (name: string) => inOrder(q, name.toLowerCase());
  const out: WorkspaceSymbolData[] = [];
  const add = (kind: SymbolKindData, r: ManifestResource, namespace: string) => {
    if (out.length < MAX_WORKSPACE_SYMBOLS && matches(r.name)) {
      out.push({
        name: r.name,
        kind,
        containerName: `${r.kind} · ${namespace}`,
        location: { uri: r.uri, range: nameRange(r) },
      });
    }
  };
  for (const s of cluster.services) if (s.resource) add('service', s.resource, s.namespace);
  for (const w of cluster.workloads) add('workload', w.resource, w.namespace);
  return out;
}
