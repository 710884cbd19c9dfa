import { locationOf } from '../manifest/locate';
import type { Cluster } from '../model/cluster';
import type { Service } from '../model/types';
import type { Location, Position } from '../types';
import type { Workspace } from '../workspace';
import {
  byWorkload,
  containerPortAt,
  containerPortPath,
  cursorAt,
  onWorkload,
  serviceOf,
  servicesOfWorkload,
  templateLabelsIn,
  templateLabelsPath,
  workloadOf,
  type Cursor,
} from './context';
import { servicePortsReaching } from './hover';
import { labelAt } from './labels';
import { routeDefinition } from './route-navigation';

/**
 * Go to definition: from a Service selector entry to the pod template labels that carry it, and
 * from a Service's targetPort to the container ports it resolves to; on an Ingress or HTTPRoute, from
 * a backend to its Service and from a parentRef to its Gateway (route-navigation.ts).
 */
export function definition(ws: Workspace, uri: string, position: Position): Location[] {
  const at = cursorAt(ws, uri, position);
  if (!at) return [];
  const service = serviceOf(at.cluster, at.resource);
  if (!service) return routeDefinition(at);
  const label = labelAt(at);
  if (label?.role === 'selector') {
    const carriers = templateLabelsIn(at.cluster, at.namespace).get(label.key)?.get(label.value) ?? [];
    return carriers.map((w) => locationOf(w.resource, [...templateLabelsPath(w), label.key], 'pair'));
  }
  const [spec, ports, index, field] = at.path;
  if (spec === 'spec' && ports === 'ports' && typeof index === 'number' && field === 'targetPort') {
    const port = service.ports.at(index);
    return port ? targetPortDeclarations(at.cluster, service, port) : [];
  }
  return [];
}

/** The container port declarations a Service port's targetPort resolves to, one per selected workload. */
function targetPortDeclarations(cluster: Cluster, service: Service, port: Service['ports'][number]): Location[] {
  const out: Location[] = [];
  for (const g of byWorkload(cluster, service.selectedPods)) {
    const w = g.workload;
    if (!w) continue;
    const declared = g.pods[0].ports.find(
      (p) =>
        p.protocol === port.protocol &&
        (typeof port.targetPort === 'number' ? p.containerPort === port.targetPort : p.name === port.targetPort),
    );
    if (declared)
      out.push(
        locationOf(w.resource, [
          ...containerPortPath(w, declared),
          typeof port.targetPort === 'number' ? 'containerPort' : 'name',
        ]),
      );
  }
  return out;
}

/**
 * Find references: from a workload (its name, its template labels, one label) to the Services that
 * select its pods, and from a container port to the Service ports that target it.
 */
export function references(ws: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = cursorAt(ws, uri, position);
  if (!at) return [];
  // From a Service selector entry, the "references" are the pod labels it points at.
  const found = serviceOf(at.cluster, at.resource) ? definition(ws, uri, position) : workloadReferences(at);
  if (!found.length || !includeDeclaration) return found;
  return [locationOf(at.resource, at.path, 'key'), ...found];
}

function workloadReferences(at: Cursor): Location[] {
  const w = workloadOf(at.cluster, at.resource);
  if (!w) return [];
  const selecting = servicesOfWorkload(at.cluster, w).filter((s) => s.resource);
  const label = labelAt(at);
  if (label?.role === 'template') {
    return selecting
      .filter((s) => s.selector?.[label.key] === label.value)
      .map((s) => locationOf(s.resource!, ['spec', 'selector', label.key], 'pair'));
  }
  const declared = containerPortAt(at, w);
  if (declared) {
    return servicePortsReaching(at.cluster, w, declared)
      .filter((x) => x.service.resource)
      .map(({ service, port }) => locationOf(service.resource!, ['spec', 'ports', port.index, 'targetPort']));
  }
  return onWorkload(at, w) ? selecting.map((s) => locationOf(s.resource!, ['spec', 'selector'], 'key')) : [];
}
