import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Cluster } from '../../../server/src/engine/model/cluster';
import type { Mutation } from '../../../server/src/engine/model/mutations';
import { Workspace } from '../../../server/src/engine/workspace';

// Generated workspaces: workloads of every kind that runs pods, Services of every type, over a
// small label vocabulary so selectors often match, sometimes across namespaces, sometimes not.
export const NAMESPACES = ['default', 'shop', 'ops'];
export const LABEL_KEYS = ['app', 'tier', 'track'];
export const LABEL_VALUES = ['web', 'api', 'db', 'v1', 'v2'];
const PORT_NAMES = ['http', 'grpc', 'metrics'];

const labelsArb = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), {
  minKeys: 1,
  maxKeys: 3,
});
const containerPortsArb = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom(...PORT_NAMES),
    containerPort: fc.integer({ min: 1, max: 9999 }),
    protocol: fc.constantFrom('TCP', 'UDP'),
  }),
  { maxLength: 3, selector: (p) => p.name },
);

const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job', 'ReplicationController'),
  namespace: fc.constantFrom(...NAMESPACES),
  labels: labelsArb,
  replicas: fc.integer({ min: 0, max: 6 }),
  ports: containerPortsArb,
  ready: fc.boolean(),
  // Mostly unconstrained; sometimes on the host network, with host ports, or pinned by a nodeSelector.
  placement: fc.constantFrom('any', 'any', 'any', 'hostNetwork', 'hostPort', 'node-2', 'gpu'),
  /** An HPA's bounds (ignored by kinds it cannot scale), min and max apart by `spread`. */
  autoscaler: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    {
      arbitrary: fc.record({ min: fc.integer({ min: 1, max: 4 }), spread: fc.integer({ min: 0, max: 3 }) }),
      weight: 1,
    },
  ),
});

export const serviceArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'Headless'),
  selector: fc.option(labelsArb, { nil: undefined }),
  publishNotReadyAddresses: fc.boolean(),
  ports: fc.uniqueArray(
    fc.record({
      port: fc.integer({ min: 1, max: 65535 }),
      protocol: fc.constantFrom('TCP', 'UDP'),
      target: fc.oneof(fc.constantFrom(...PORT_NAMES), fc.integer({ min: 1, max: 65535 })),
    }),
    { minLength: 1, maxLength: 3, selector: (p) => `${p.port}/${p.protocol}` },
  ),
});

type WorkloadSpec = typeof workloadArb extends fc.Arbitrary<infer T> ? T : never;
type ServiceSpec = typeof serviceArb extends fc.Arbitrary<infer T> ? T : never;

function workloadDoc(w: WorkloadSpec, i: number): Record<string, unknown> {
  const name = `w${i}`;
  const ports = w.placement === 'hostPort' ? w.ports.map((p) => ({ ...p, hostPort: p.containerPort })) : w.ports;
  const podSpec = {
    ...(w.placement === 'hostNetwork' ? { hostNetwork: true } : {}),
    ...(w.placement === 'node-2'
      ? { nodeSelector: { 'kubernetes.io/hostname': 'node-2' } }
      : w.placement === 'gpu'
        ? { nodeSelector: { gpu: 'yes' } }
        : {}),
    containers: [{ name: 'main', image: `example/${name}`, ...(ports.length ? { ports } : {}) }],
  };
  const template = { metadata: { labels: w.labels }, spec: podSpec };
  const metadata = { name, namespace: w.namespace };
  switch (w.kind) {
    case 'Pod':
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...metadata, labels: w.labels },
        spec: podSpec,
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: w.ready ? 'True' : 'False' }] },
      };
    case 'Job':
      return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata,
        spec: { parallelism: w.replicas, template: { ...template, spec: { ...podSpec, restartPolicy: 'Never' } } },
      };
    case 'DaemonSet':
      return {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata,
        spec: { selector: { matchLabels: w.labels }, template },
      };
    case 'ReplicationController':
      // No selector: it defaults to the template labels.
      return { apiVersion: 'v1', kind: 'ReplicationController', metadata, spec: { replicas: w.replicas, template } };
    default:
      return {
        apiVersion: 'apps/v1',
        kind: w.kind,
        metadata,
        spec: {
          replicas: w.replicas,
          selector: { matchLabels: w.labels },
          template,
          ...(w.kind === 'StatefulSet' ? { serviceName: `s0` } : {}),
        },
      };
  }
}

function serviceDoc(s: ServiceSpec, i: number): Record<string, unknown> {
  const multi = s.ports.length > 1;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `s${i}`, namespace: s.namespace },
    spec: {
      ...(s.type === 'Headless' ? { clusterIP: 'None' } : { type: s.type }),
      ...(s.selector ? { selector: s.selector } : {}),
      ...(s.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      ports: s.ports.map((p, j) => ({
        ...(multi ? { name: `p${j}` } : {}),
        port: p.port,
        protocol: p.protocol,
        targetPort: p.target,
      })),
    },
  };
}

export const workspaceArb = fc.record({
  workloads: fc.array(workloadArb, { maxLength: 8 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 6 }),
  files: fc.integer({ min: 1, max: 4 }),
  shuffle: fc.integer(),
});
export type Generated = typeof workspaceArb extends fc.Arbitrary<infer T> ? T : never;

function autoscalerDoc(w: WorkloadSpec, i: number): Record<string, unknown> | undefined {
  if (!w.autoscaler) return undefined;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: `w${i}`, namespace: w.namespace },
    spec: {
      scaleTargetRef: { kind: w.kind, name: `w${i}` },
      minReplicas: w.autoscaler.min,
      maxReplicas: w.autoscaler.min + w.autoscaler.spread,
    },
  };
}

export function documents(g: Generated): string[] {
  const autoscalers = g.workloads.map(autoscalerDoc).filter((d) => d !== undefined);
  return [...g.workloads.map(workloadDoc), ...g.services.map(serviceDoc), ...autoscalers].map((d) => stringify(d));
}

/** Deals the documents into `files` files in a seeded order (a permutation of the workspace). */
export function deal(docs: string[], files: number, seed: number): Record<string, string> {
  const order = docs.map((_, i) => i);
  let x = seed >>> 0 || 1;
  for (let i = order.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const out: Record<string, string> = {};
  order.forEach((d, k) => {
    const f = `file:///gen/f${k % files}.yaml`;
    out[f] = out[f] ? `${out[f]}---\n${docs[d]}` : docs[d];
  });
  return out;
}

export function build(files: Record<string, string>): Cluster {
  const ws = new Workspace();
  for (const [uri, text] of Object.entries(files)) ws.setFile(uri, text);
  return ws.cluster();
}

/** One what-if, its target picked from the cluster it applies to (a pod, workload or Service by index). */
export const whatIfStepArb = fc.record({
  op: fc.constantFrom(
    'deletePod',
    'setPodReady',
    'terminatePod',
    'removePodLabel',
    'scale',
    'setExternalTrafficPolicy',
  ),
  pick: fc.nat(),
  n: fc.integer({ min: 0, max: 5 }),
  key: fc.constantFrom(...LABEL_KEYS, 'pod-template-hash'),
});
export type WhatIfStep = typeof whatIfStepArb extends fc.Arbitrary<infer T> ? T : never;

export function mutationFor(c: Cluster, st: WhatIfStep): Mutation {
  const pod = c.pods.length ? c.pods[st.pick % c.pods.length] : undefined;
  const podKey = pod ? `${pod.namespace}/${pod.name}` : 'default/none';
  const workloads = [...c.workloadsByKey.keys()];
  const services = c.services.filter((s) => s.resource).map((s) => s.key);
  switch (st.op) {
    case 'scale':
      return { kind: 'scale', workload: workloads[st.pick % Math.max(1, workloads.length)] ?? 'x', replicas: st.n };
    case 'setExternalTrafficPolicy':
      return {
        kind: 'setExternalTrafficPolicy',
        service: services[st.pick % services.length],
        policy: st.n % 2 ? 'Local' : 'Cluster',
      };
    case 'setPodReady':
      return { kind: 'setPodReady', pod: podKey, ready: st.n % 2 === 0 };
    case 'removePodLabel':
      return { kind: 'removePodLabel', pod: podKey, key: st.key };
    default:
      return { kind: st.op, pod: podKey };
  }
}
