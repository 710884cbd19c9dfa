import { locationOf } from '../manifest/locate';
import type { Cluster } from '../model/cluster';
import type { Pod, Service, ServicePort, WorkloadKind } from '../model/types';
import { podTemplatePath } from '../model/workloads';
import type { Location } from '../types';

/** Source locations for trace steps: the manifest fields a step depends on. */

export function serviceField(service: Service, path: (string | number)[]): Location | undefined {
  return service.resource ? locationOf(service.resource, path) : undefined;
}

export function servicePortField(service: Service, port: ServicePort, field?: string): Location | undefined {
  return serviceField(service, field ? ['spec', 'ports', port.index, field] : ['spec', 'ports', port.index]);
}

function templatePath(pod: Pod): string[] {
  const kind = (pod.workload?.split('/')[1] ?? 'Pod') as WorkloadKind;
  return podTemplatePath(kind);
}

/** The pod's labels in its workload's template (what a Service selector matched). */
export function podLabels(pod: Pod): Location {
  return locationOf(pod.resource, [...templatePath(pod), 'metadata', 'labels']);
}

/** The container port a target port resolved to, or the pod's labels when no container declares it. */
export function podPort(pod: Pod, port: number, protocol: string): Location {
  const p = pod.ports.find((c) => c.containerPort === port && c.protocol.toLowerCase() === protocol);
  if (!p) return podLabels(pod);
  return locationOf(pod.resource, [
    ...templatePath(pod),
    'spec',
    p.containerField,
    p.containerIndex,
    'ports',
    p.portIndex,
  ]);
}

export function podByKey(cluster: Cluster, key: string | undefined): Pod | undefined {
  return key ? cluster.podsByKey.get(key) : undefined;
}
