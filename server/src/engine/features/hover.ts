import { rangeOf } from '../manifest/locate';
import type { Cluster } from '../model/cluster';
import { workloadRef } from '../model/explain';
import { autoscaledReplicas } from '../model/autoscaling';
import { isNodeObject } from '../model/nodes';
import { describeSource, podSourcesFor } from '../model/operators';
import { findPort } from '../model/podspec';
import { pendingReasons } from '../model/scheduling';
import { referencesTo } from '../model/service-references';
import { portLabel, serviceReport, type ServiceReport } from '../model/report';
import type { ContainerPort, Service, ServiceType, Workload } from '../model/types';
import type { Position, Range } from '../types';
import type { Workspace } from '../workspace';
import {
  byWorkload,
  containerPortAt,
  cursorAt,
  groupName,
  onWorkload,
  serviceOf,
  servicesOfWorkload,
  servicesUsingNodePort,
  templateLabelsIn,
  workloadOf,
  type Cursor,
} from './context';
import { appNote } from './app-note';
import { code, limited, list, plural, table, text } from './markdown';
import { routeHover } from './route-hover';
import { networkPolicyHover } from './networkpolicy-hover';

export interface HoverResult {
  markdown: string;
  range: Range;
}

/** Past these, a hover says "+N more" instead of growing. */
const MAX_POD_ROWS = 8;
const MAX_NODES = 3;
const MAX_ADDRESSES = 6;
const MAX_WORKLOADS = 4;

/** One line per Service type: what it adds over the one before (as the Service concept docs put it). */
export const TYPE_DESCRIPTIONS: Record<ServiceType, string> = {
  ClusterIP: 'A stable virtual IP inside the cluster; kube-proxy spreads connections to it over the ready endpoints.',
  NodePort:
    'A ClusterIP plus a port (from the node port range) opened on every node: `nodeIP:nodePort` reaches the Service from outside.',
  LoadBalancer: 'A NodePort Service plus an external load balancer IP that forwards to the node ports.',
  ExternalName: 'No virtual IP and no proxying: cluster DNS answers the Service name with a CNAME to `externalName`.',
};

/** The hover at a position of a manifest: what the model says about the field under the cursor. */
export function hover(ws: Workspace, uri: string, position: Position): HoverResult | undefined {
  const at = cursorAt(ws, uri, position);
  if (!at) return undefined;
  const markdown =
    at.resource.kind === 'Service'
      ? serviceFieldHover(at)
      : at.resource.kind === 'Ingress' || at.resource.kind === 'HTTPRoute'
        ? routeHover(at)
        : at.resource.kind === 'HorizontalPodAutoscaler'
          ? autoscalerHover(at)
          : isNodeObject(at.resource)
            ? nodeHover(at)
            : (networkPolicyHover(at) ?? workloadFieldHover(at));
  if (!markdown) return undefined;
  const note = appNote(ws, at.resource);
  return { markdown: note ? `${markdown}\n\n---\n${note}` : markdown, range: rangeOf(at.resource, at.path, at.part) };
}

function serviceFieldHover(at: Cursor): string | undefined {
  const service = serviceOf(at.cluster, at.resource);
  if (!service) return undefined;
  const [top, field, key] = at.path;
  // The card where a user looks for it (the name, the selector, the ports table); any other key
  // answers for itself or not at all, so kroute stacks with the schema hovers of other extensions.
  if (top === 'metadata') return field === 'name' ? serviceHover(at.cluster, service) : undefined;
  if (top !== 'spec') return undefined;
  if (field === 'selector')
    return typeof key === 'string' ? selectorEntryHover(at.cluster, service, key) : serviceHover(at.cluster, service);
  if (field === 'type') return typeHover(service);
  // An ExternalName Service's card is its CNAME.
  if (field === 'externalName') return serviceHover(at.cluster, service);
  if (field !== 'ports') return undefined;
  const port = typeof key === 'number' ? service.ports[key] : undefined;
  if (port && at.path[3] === 'nodePort')
    return port.nodePort !== undefined ? nodePortHover(at.cluster, service, port.nodePort) : undefined;
  if (port && at.path[3] === 'targetPort') return targetPortHover(at.cluster, service, port);
  return serviceHover(at.cluster, service);
}

/**
 * A Service port's targetPort: what it resolves to on each selected pod. A number is used as is; a
 * name is looked up per pod among its containers' ports of the Service port's protocol
 * (podutil.FindPort), so pods of different workloads may answer on different numbers, or not at all.
 */
function targetPortHover(cluster: Cluster, service: Service, port: Service['ports'][number]): string {
  const label = portLabel(port);
  const head = `**targetPort ${code(String(port.targetPort))}** of port ${code(label)}`;
  if (!service.selector)
    return `${head}: no selector, so the endpoints' ports are the ones the EndpointSlice manifests write.`;
  const pods = serviceReport(cluster, service).pods;
  if (!pods.length) return `${head}: no pod is selected to resolve it on.`;
  const byNumber = new Map<string, string[]>();
  for (const pod of pods) {
    const n = pod.targetPorts[label];
    const at = n === null ? "unresolved (left out of this port's endpoints)" : String(n);
    byNumber.set(at, [...(byNumber.get(at) ?? []), pod.name]);
  }
  const how =
    typeof port.targetPort === 'number'
      ? 'a number, used as is on every pod'
      : `a name, looked up among each pod's ${port.protocol} container ports`;
  const rows = [...byNumber].map(([at, names]) => [at, `${plural(names.length, 'pod')}: ${list(names.map(code), 3)}`]);
  return `${head}: ${how}.\n\n${table(['Container port', 'Pods'], rows)}`;
}

function workloadFieldHover(at: Cursor): string | undefined {
  const w = workloadOf(at.cluster, at.resource);
  if (!w) return undefined;
  const port = containerPortAt(at, w);
  if (port) return containerPortHover(at.cluster, w, port);
  return onWorkload(at, w) ? workloadHover(at.cluster, w) : undefined;
}

/** A Service: how it is reached, what its ports resolve to, and which pods answer. */
function serviceHover(cluster: Cluster, service: Service): string {
  const r = serviceReport(cluster, service);
  const out: string[] = [
    `**Service ${code(`${r.namespace}/${r.name}`)}** · ${addressLine(r)}`,
    `DNS ${code(r.dns.name)}`,
  ];
  out.push(...entryPoints(cluster, r));
  // Without a selector there are no pods to resolve targetPorts on: the endpoints' ports are written.
  const resolves = !!r.selector;
  if (r.type !== 'ExternalName' && r.ports.length) {
    out.push(
      table(
        ['Port', 'targetPort', ...(resolves ? ['Container port'] : [])],
        r.ports.map((p) => {
          const row = [`${p.name ? `${code(p.name)} ` : ''}${p.port}/${p.protocol}`, code(p.targetPort)];
          if (!resolves) return row;
          const resolved = [...new Set(r.pods.map((pod) => pod.targetPorts[portLabel(p)]))];
          const numbers = resolved.filter((n): n is number => typeof n === 'number').sort((a, b) => a - b);
          // On no pod at all the dash says it; on some, they are named by the rule's diagnostic.
          const missing =
            numbers.length && resolved.includes(null)
              ? ' (unresolved on some pods)'
              : !numbers.length && r.pods.length
                ? ' (unresolved on every pod)'
                : '';
          return [...row, (numbers.length ? numbers.join(', ') : '—') + missing];
        }),
      ),
    );
  }
  if (r.pods.length) {
    const groups = byWorkload(
      cluster,
      r.pods.map((p) => cluster.podsByKey.get(`${p.namespace}/${p.name}`)!).filter(Boolean),
    );
    const reports = new Map(r.pods.map((p) => [p.name, p]));
    let budget = MAX_POD_ROWS;
    const single = groups.length === 1;
    out.push(`**${plural(r.pods.length, 'pod')}** selected${single ? ` · ${text(groupName(groups[0]))}` : ''}`);
    for (const g of groups) {
      const { shown, more } = limited(g.pods, Math.max(budget, 0));
      budget -= shown.length;
      const rows = shown.map((pod) => {
        const pr = reports.get(pod.name)!;
        const state = !pr.endpoint
          ? `not an endpoint (${pr.phase})`
          : pr.terminating
            ? 'terminating'
            : pr.ready
              ? '✓'
              : 'not ready';
        return [code(pod.name), pod.ip || '—', pod.nodeName ? code(pod.nodeName) : 'unscheduled', state];
      });
      if (!single) out.push(`${text(groupName(g))} · ${plural(g.pods.length, 'pod')}`);
      if (rows.length) out.push(table(['Pod', 'IP', 'Node', 'Ready'], rows));
      if (more) out.push(`+${more} more`);
    }
  } else if (service.selector) {
    out.push(...podsOutsideManifests(cluster, service));
  } else if (r.endpointsFrom === 'manifest') {
    const ready = new Set(r.ports.flatMap((p) => p.readyEndpoints));
    out.push(
      `Endpoints from EndpointSlice/Endpoints manifests: ${list([...ready].map(code), MAX_ADDRESSES) || 'none ready'}`,
    );
  }
  for (const note of r.notes) out.push(`⚠ ${text(note)}`);
  return out.join('\n\n');
}

/** Where a Service's pods may come from when no manifest creates them: custom resources of unknown kinds, or a tool routing to it. */
function podsOutsideManifests(cluster: Cluster, service: Service): string[] {
  const out: string[] = [];
  const { creators, unknown } = podSourcesFor(cluster, service.namespace, service.selector ?? {});
  // Creators are the report's note (model/report.ts); other custom resources only might be.
  if (!creators.length && unknown.length)
    out.push(
      `No manifest creates these pods; custom resources here might: ${list(
        unknown.map((c) => text(describeSource(c))),
        MAX_WORKLOADS,
      )}.`,
    );
  const refs = referencesTo(cluster, service.namespace, service.name);
  if (refs.length)
    out.push(
      `Routed to by ${list(
        refs.map((x) => `${text(x.ref)} (${code(x.field)})`),
        MAX_WORKLOADS,
      )}.`,
    );
  return out;
}

/** An HPA: the workload it scales and the replicas it keeps there (model/autoscaling.ts). */
function autoscalerHover(at: Cursor): string | undefined {
  if (at.path[0] !== 'metadata' && at.path[0] !== 'spec') return undefined;
  const key = `${at.namespace}/${at.resource.name}`;
  const target = at.cluster.workloads.find((w) => w.autoscaler?.key === key);
  if (target)
    return `**HorizontalPodAutoscaler ${code(key)}** scales ${text(workloadRef(target))}\n\n${autoscalerLine(target.autoscaler!)}`;
  return (
    `**HorizontalPodAutoscaler ${code(key)}** scales no modelled workload: its target is not in the ` +
    `workspace, another HPA targets it too (the controller then scales neither), ` +
    `or the HPA is invalid (maxReplicas below minReplicas) or in a removed apiVersion.`
  );
}

/** The HPA that sets a workload's replicas, and how it got to them (model/autoscaling.ts). */
function autoscalerLine(a: NonNullable<Workload['autoscaler']>): string {
  const written = a.writtenReplicas;
  const replicas = autoscaledReplicas(written, a);
  const why =
    written === 0
      ? "the manifest's replicas: 0 turns autoscaling off"
      : replicas === written
        ? `the manifest's ${written} is within them`
        : `the manifest's ${written} is ${replicas > written ? 'raised to minReplicas' : 'lowered to maxReplicas'}`;
  return (
    `Replicas set by HorizontalPodAutoscaler ${code(a.name)} (minReplicas ${a.minReplicas}, ` +
    `maxReplicas ${a.maxReplicas}): ${replicas}; ${why} (steady state without metrics).`
  );
}

function addressLine(r: ServiceReport): string {
  if (r.type === 'ExternalName') return `ExternalName → CNAME ${code(r.externalName ?? '(none)')}`;
  if (r.headless) return `${r.type}, headless (no ClusterIP: DNS answers with the pod IPs)`;
  return `${r.type} ${code(r.clusterIP)}`;
}

/** nodeIP:nodePort per node, load balancer and external IPs: how the Service is reached from outside. */
function entryPoints(cluster: Cluster, r: ServiceReport): string[] {
  const out: string[] = [];
  const nodes = cluster.config.nodes;
  for (const p of r.ports) {
    if (p.nodePort === undefined) continue;
    const { shown, more } = limited(nodes, MAX_NODES);
    out.push(
      `NodePort ${p.name ? `${code(p.name)} ` : ''}${code(p.nodePort)} on every node: ` +
        `${shown.map((n) => code(`${n.ip}:${p.nodePort}`)).join(', ')}${more ? ` +${more} more` : ''}`,
    );
  }
  const withPorts = (ips: string[]) => ips.flatMap((ip) => r.ports.map((p) => code(`${ip}:${p.port}`)));
  if (r.loadBalancerIPs.length) out.push(`Load balancer: ${list(withPorts(r.loadBalancerIPs), MAX_ADDRESSES)}`);
  if (r.loadBalancerHostnames.length)
    out.push(`Load balancer hostname: ${list(r.loadBalancerHostnames.map(code), MAX_NODES)}`);
  if (r.externalIPs.length) out.push(`External IPs: ${list(withPorts(r.externalIPs), MAX_ADDRESSES)}`);
  if (r.externalTrafficPolicy === 'Local' && r.type === 'LoadBalancer') {
    // kube-proxy's health check server answers 200 on healthCheckNodePort only where a local endpoint is ready.
    const ready = [...new Set(r.pods.filter((p) => p.ready && p.nodeName).map((p) => p.nodeName))].sort();
    out.push(
      `externalTrafficPolicy \`Local\`: the load balancer health-checks node port ` +
        `${code(r.healthCheckNodePort ?? '(none)')} and sends only to nodes with a ready pod ` +
        `(${ready.length ? list(ready.map(code), MAX_NODES) : 'none'}); client IP kept. ` +
        `A direct NodePort connection to another node is dropped.`,
    );
  } else if (r.externalTrafficPolicy === 'Local')
    out.push(
      'externalTrafficPolicy `Local`: external traffic only goes to pods on the node it arrives at (client IP kept).',
    );
  return out;
}

/** One selector entry: the pods and workloads carrying that label in the namespace, and near misses. */
function selectorEntryHover(cluster: Cluster, service: Service, key: string): string {
  const value = service.selector?.[key];
  if (value === undefined) return `Selector ${code(key)} has no string value; it selects nothing.`;
  const head = `**Selector ${code(`${key}: ${value}`)}** in namespace ${code(service.namespace)}`;
  const pods = cluster.labelIndex.withLabel(service.namespace, key, value);
  const out = [head];
  if (pods.length) {
    const groups = byWorkload(cluster, pods);
    out.push(
      `${plural(pods.length, 'pod')} carr${pods.length === 1 ? 'ies' : 'y'} this label: ${list(
        groups.map((g) => `${text(groupName(g))} (${g.pods.length})`),
        MAX_WORKLOADS,
      )}`,
    );
  } else {
    out.push('No pod in this namespace carries this label.');
  }
  const values = templateLabelsIn(cluster, service.namespace).get(key);
  const idle = (values?.get(value) ?? []).filter((w) => !w.pods.length);
  if (idle.length)
    out.push(
      `Also on ${list(
        idle.map((w) => text(workloadRef(w))),
        MAX_WORKLOADS,
      )}, which run${idle.length === 1 ? 's' : ''} no pods.`,
    );
  // Other values of the key matter when nothing carries this one: the likely typo is among them.
  const near = pods.length
    ? []
    : [...(values ?? new Map<string, Workload[]>())]
        .filter(([v]) => v !== value)
        .sort(([a], [b]) => similarity(b, value) - similarity(a, value) || (a < b ? -1 : 1));
  if (near.length) {
    out.push(
      `Other ${code(key)} values here: ${list(
        near.map(
          ([v, ws]) =>
            `${code(v)} (${list(
              ws.map((w) => text(workloadRef(w))),
              2,
            )})`,
        ),
        3,
      )}`,
    );
  }
  return out.join('\n\n');
}

/** Shared prefix and suffix length: enough to put `backend` first for `backnd`. */
function similarity(a: string, b: string): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return p + s;
}

function typeHover(service: Service): string {
  const out = [`**type ${code(service.type)}**: ${TYPE_DESCRIPTIONS[service.type]}`];
  const ports = service.ports.filter((p) => p.nodePort !== undefined).map((p) => `${p.port} → node port ${p.nodePort}`);
  if (ports.length) out.push(`Here: ${ports.join(', ')}.`);
  if (service.loadBalancerIPs.length)
    out.push(`Load balancer IP: ${list(service.loadBalancerIPs.map(code), MAX_NODES)}.`);
  return out.join('\n\n');
}

function nodePortHover(cluster: Cluster, service: Service, port: number): string {
  const { min, max } = cluster.config.nodePortRange;
  const out = [
    `**nodePort ${port}**: range ${min}-${max} (\`kroute.nodePortRange\`, the API server's \`--service-node-port-range\`).`,
  ];
  const others = servicesUsingNodePort(cluster, port).filter((s) => s !== service);
  if (port < min || port > max) out.push(`${port} is outside the range: the API server rejects it.`);
  else if (others.length)
    out.push(
      `${port} is already used by ${list(
        others.map((s) => code(s.key)),
        3,
      )}: the API server rejects the second one.`,
    );
  else out.push(`${port} is in range and no other Service uses it.`);
  return out.join('\n\n');
}

/** A Node object: what the simulated node took from it, and the pods placed there. */
function nodeHover(at: Cursor): string | undefined {
  const { cluster } = at;
  const node = cluster.config.nodes.find((n) => n.name === at.resource.name);
  if (!node || cluster.config.nodesFrom.kind !== 'objects') return undefined;
  const out = [
    `**Node ${code(node.name)}** · ${code(node.ip)} · pods from ${code(node.podCIDR)}${node.unschedulable ? ' · cordoned' : ''}`,
  ];
  if (node.taints.length)
    out.push(
      `Taints: ${node.taints.map((t) => code(`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)).join(', ')}`,
    );
  const pods = cluster.pods.filter((p) => p.nodeName === node.name);
  const groups = byWorkload(cluster, pods);
  out.push(
    pods.length
      ? `${plural(pods.length, 'pod')} here: ${list(
          groups.map((g) => `${text(groupName(g))} (${g.pods.length})`),
          MAX_WORKLOADS,
        )}`
      : 'No pod of the workspace runs here.',
  );
  return out.join('\n\n');
}

/** A workload: the Services that select its pods, with their ports. */
function workloadHover(cluster: Cluster, w: Workload): string {
  const out = [`**${w.kind} ${code(`${w.namespace}/${w.name}`)}** · ${plural(w.pods.length, 'pod')}`];
  if (w.autoscaler) out.push(autoscalerLine(w.autoscaler));
  if (w.note) out.push(text(w.note));
  if (w.placement?.assumed) out.push(text(w.placement.assumed));
  // Pods the NodePorts filter left Pending (the workload's own reasons are its note).
  for (const reason of pendingReasons(w.pods)) {
    if (!w.note?.includes(reason)) out.push(text(`Pending: ${reason}`));
  }
  const services = servicesOfWorkload(cluster, w);
  if (!services.length) {
    out.push(
      w.pods.length ? 'No Service selects its pods.' : 'It runs no pods, so no Service selects anything from it.',
    );
    return out.join('\n\n');
  }
  out.push(`Selected by ${plural(services.length, 'Service')}:`);
  out.push(
    table(
      ['Service', 'Type', 'Ports'],
      services.map((s) => [
        code(s.name),
        s.type === 'ExternalName' ? s.type : `${s.type} ${s.headless ? 'headless' : code(s.clusterIP)}`,
        s.ports.map((p) => `${p.name ? `${code(p.name)} ` : ''}${p.port} → ${code(p.targetPort)}`).join(', '),
      ]),
    ),
  );
  return out.join('\n\n');
}

/** A container port: which Service ports resolve to it on this workload's pods. */
function containerPortHover(cluster: Cluster, w: Workload, port: ContainerPort): string {
  const name = port.name ? `${code(port.name)} ` : '';
  const out = [`**Container port ${name}${port.containerPort}/${port.protocol}** (container ${code(port.container)})`];
  const hits = servicePortsReaching(cluster, w, port);
  out.push(
    hits.length
      ? `Reached by ${hits
          .map(
            ({ service, port: p }) =>
              `${code(service.name)} port ${p.name ? `${code(p.name)} ` : ''}${p.port}/${p.protocol}`,
          )
          .join(', ')}`
      : 'No Service port resolves to it.',
  );
  return out.join('\n\n');
}

/** The Service ports (of Services selecting the workload's pods) whose targetPort resolves to a container port. */
export function servicePortsReaching(
  cluster: Cluster,
  w: Workload,
  port: ContainerPort,
): { service: Service; port: Service['ports'][number] }[] {
  const pod = w.pods.at(0);
  if (!pod) return [];
  return servicesOfWorkload(cluster, w).flatMap((service) =>
    service.ports
      .filter(
        (p) =>
          p.protocol === port.protocol &&
          (typeof p.targetPort === 'number'
            ? p.targetPort === port.containerPort
            : findPort(pod.ports, p.targetPort, p.protocol) === port.containerPort && p.targetPort === port.name),
      )
      .map((p) => ({ service, port: p })),
  );
}
