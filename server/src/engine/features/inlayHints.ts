import { hasField, rangeOf } from '../manifest/locate';
import { comparePositions } from '../manifest/positions';
import type { Cluster } from '../model/cluster';
import { findPort } from '../model/podspec';
import type { Pod, Service } from '../model/types';
import type { Position, Range } from '../types';
import type { Workspace } from '../workspace';
import { byWorkload, serviceOf } from './context';
import { plural } from './markdown';

export interface InlayHintData {
  position: Position;
  label: string;
  tooltip?: string;
}

/** After a named targetPort, the container port(s) it resolves to; after `selector:`, the pod count. */
export function inlayHints(ws: Workspace, uri: string, range?: Range): InlayHintData[] {
  const file = ws.file(uri);
  if (!file?.resources.length) return [];
  const cluster = ws.clusterFor(uri);
  const out: InlayHintData[] = [];
  for (const r of file.resources) {
    if (range && (comparePositions(r.range.end, range.start) < 0 || comparePositions(r.range.start, range.end) > 0))
      continue;
    const service = serviceOf(cluster, r);
    if (!service?.resource || service.type === 'ExternalName') continue;
    if (hasField(r, ['spec', 'selector']) && service.selector) {
      const line = rangeOf(r, ['spec', 'selector'], 'key').start.line;
      out.push({
        position: { line, character: r.lines.lineText(line).length },
        label: podCount(service.selectedPods),
        tooltip: 'Pods this selector picks in the simulated cluster',
      });
    }
    for (const p of service.ports) {
      if (typeof p.targetPort !== 'string' || !hasField(r, ['spec', 'ports', p.index, 'targetPort'])) continue;
      const resolved = resolvedPorts(cluster, service, p);
      if (!resolved) continue;
      out.push({
        position: rangeOf(r, ['spec', 'ports', p.index, 'targetPort']).end,
        label: `→ ${resolved}`,
        tooltip: `What "${p.targetPort}" resolves to on the selected pods`,
      });
    }
  }
  return out;
}

/** `3 pods`, or with how many are ready when not all are (a Pending pod is not: `1 pod, none ready`). */
function podCount(pods: readonly Pod[]): string {
  if (!pods.length) return 'no pods';
  const ready = pods.filter((p) => p.ready && !p.terminating).length;
  return ready === pods.length
    ? plural(pods.length, 'pod')
    : `${plural(pods.length, 'pod')}, ${ready ? ready : 'none'} ready`;
}

/** `8080`, `8080, 9090` (differs per workload) or `unresolved`; undefined when no pod is selected. */
function resolvedPorts(cluster: Cluster, service: Service, port: Service['ports'][number]): string | undefined {
  if (!service.selectedPods.length) return undefined;
  const numbers = new Set<number>();
  for (const g of byWorkload(cluster, service.selectedPods)) {
    for (const pod of g.workload ? [g.pods[0]] : g.pods) {
      const n = findPort(pod.ports, port.targetPort, port.protocol);
      if (n !== undefined) numbers.add(n);
    }
  }
  return numbers.size ? [...numbers].sort((a, b) => a - b).join(', ') : 'unresolved';
}
