import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { MutationError, type Cluster } from '../../../server/src/engine/model/cluster';
import type { Mutation } from '../../../server/src/engine/model/mutations';
import { cidrContains, parseCidr } from '../../../server/src/engine/model/ip';
import { Workspace } from '../../../server/src/engine/workspace';

// Generated workspaces: workloads of every kind that runs pods, Services of every type, over a
// small label vocabulary so selectors often match, sometimes across namespaces, sometimes not.
const NAMESPACES = ['default', 'shop', 'ops'];
const LABEL_KEYS = ['app', 'tier', 'track'];
const LABEL_VALUES = ['web', 'api', 'db', 'v1', 'v2'];
const PORT_NAMES = ['http', 'grpc', 'metrics'];

const labelsArb = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: 1, maxKeys: 3 });
const containerPortsArb = fc.uniqueArray(
  fc.record({ name: fc.constantFrom(...PORT_NAMES), containerPort: fc.integer({ min: 1, max: 9999 }), protocol: fc.constantFrom('TCP', 'UDP') }),
  { maxLength: 3, selector: (p) => p.name },
);

const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job'),
  namespace: fc.constantFrom(...NAMESPACES),
  labels: labelsArb,
  replicas: fc.integer({ min: 0, max: 6 }),
  ports: containerPortsArb,
  ready: fc.boolean(),
});

const serviceArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'Headless'),
  selector: fc.option(labelsArb, { nil: undefined }),
  publishNotReadyAddresses: fc.boolean(),
  ports: fc.uniqueArray(
    fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('TCP', 'UDP'), target: fc.oneof(fc.constantFrom(...PORT_NAMES), fc.integer({ min: 1, max: 65535 })) }),
    { minLength: 1, maxLength: 3, selector: (p) => `${p.port}/${p.protocol}` },
  ),
});

type WorkloadSpec = typeof workloadArb extends fc.Arbitrary<infer T> ? T : never;
type ServiceSpec = typeof serviceArb extends fc.Arbitrary<infer T> ? T : never;

function workloadDoc(w: WorkloadSpec, i: number): Record<string, unknown> {
  const name = `w${i}`;
  const podSpec = { containers: [{ name: 'main', image: `example/${name}`, ...(w.ports.length ? { ports: w.ports } : {}) }] };
  const template = { metadata: { labels: w.labels }, spec: podSpec };
  const metadata = { name, namespace: w.namespace };
  switch (w.kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, labels: w.labels }, spec: podSpec, status: { phase: 'Running', conditions: [{ type: 'Ready', status: w.ready ? 'True' : 'False' }] } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { parallelism: w.replicas, template: { ...template, spec: { ...podSpec, restartPolicy: 'Never' } } } };
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { selector: { matchLabels: w.labels }, template } };
    default:
      return {
        apiVersion: 'apps/v1', kind: w.kind, metadata,
        spec: { replicas: w.replicas, selector: { matchLabels: w.labels }, template, ...(w.kind === 'StatefulSet' ? { serviceName: `s0` } : {}) },
      };
  }
}

function serviceDoc(s: ServiceSpec, i: number): Record<string, unknown> {
  const multi = s.ports.length > 1;
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: s.namespace },
    spec: {
      ...(s.type === 'Headless' ? { clusterIP: 'None' } : { type: s.type }),
      ...(s.selector ? { selector: s.selector } : {}),
      ...(s.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      ports: s.ports.map((p, j) => ({ ...(multi ? { name: `p${j}` } : {}), port: p.port, protocol: p.protocol, targetPort: p.target })),
    },
  };
}

const workspaceArb = fc.record({
  workloads: fc.array(workloadArb, { maxLength: 8 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 6 }),
  files: fc.integer({ min: 1, max: 4 }),
  shuffle: fc.integer(),
});
type Generated = typeof workspaceArb extends fc.Arbitrary<infer T> ? T : never;

function documents(g: Generated): string[] {
  return [...g.workloads.map(workloadDoc), ...g.services.map(serviceDoc)].map((d) => stringify(d));
}

/** Deals the documents into `files` files in a seeded order (a permutation of the workspace). */
function deal(docs: string[], files: number, seed: number): Record<string, string> {
  const order = docs.map((_, i) => i);
  let x = seed >>> 0 || 1;
  for (let i = order.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out: Record<string, string> = {};
  order.forEach((d, k) => {
    const f = `file:///gen/f${k % files}.yaml`;
    out[f] = out[f] ? `${out[f]}---\n${docs[d]}` : docs[d]!;
  });
  return out;
}

function build(files: Record<string, string>): Cluster {
  const ws = new Workspace();
  for (const [uri, text] of Object.entries(files)) ws.setFile(uri, text);
  return ws.cluster();
}

const RUNS = { numRuns: 120, seed: 4242 };

describe('model invariants over generated workspaces (fast-check)', () => {
  it('every endpoint\'s pod carries every selector label and lives in the Service\'s namespace; every eligible selected pod is an endpoint once', () => {
    fc.assert(fc.property(workspaceArb, (g) => {
      const c = build(deal(documents(g), g.files, g.shuffle));
      for (const s of c.services) {
        if (!s.resource) continue;
        const seen = new Map<string, number>();
        for (const slice of s.endpointSlices) {
          assert.ok(slice.endpoints.length <= c.config.maxEndpointsPerSlice);
          for (const e of slice.endpoints) {
            const pod = e.pod!;
            assert.equal(pod.namespace, s.namespace, `${s.key} has an endpoint in ${pod.namespace}`);
            for (const [k, v] of Object.entries(s.selector ?? {})) assert.equal(pod.labels[k], v, `${s.key}: ${pod.name} lacks ${k}=${v}`);
            assert.equal(e.conditions.ready, s.publishNotReadyAddresses || (pod.ready && !pod.terminating));
            seen.set(pod.name, (seen.get(pod.name) ?? 0) + 1);
          }
        }
        if (s.type === 'ExternalName' || !s.selector) continue;
        const eligible = c.pods.filter((p) => p.namespace === s.namespace && p.ip && p.phase !== 'Succeeded' && p.phase !== 'Failed'
          && Object.entries(s.selector!).every(([k, v]) => p.labels[k] === v));
        assert.deepEqual([...seen.keys()].sort(), eligible.map((p) => p.name).sort());
        assert.ok([...seen.values()].every((n) => n === 1), `${s.key}: a pod in two slices`);
      }
    }), RUNS);
  });

  it('pod IPs are unique and inside their node\'s podCIDR; ClusterIPs unique and inside serviceCIDR; nodePorts unique and in range', () => {
    fc.assert(fc.property(workspaceArb, (g) => {
      const c = build(deal(documents(g), g.files, g.shuffle));
      const podIPs = new Set<string>();
      for (const p of c.pods) {
        if (!p.ip) continue;
        assert.ok(!podIPs.has(p.ip), `two pods at ${p.ip}`);
        podIPs.add(p.ip);
        const node = c.config.nodes.find((n) => n.name === p.nodeName)!;
        assert.ok(cidrContains(parseCidr(node.podCIDR)!, p.ip), `${p.name} ${p.ip} not in ${node.podCIDR}`);
      }
      const clusterIPs = new Set<string>();
      const nodePorts = new Set<number>();
      for (const s of c.services) {
        if (s.clusterIP && s.clusterIP !== 'None') {
          assert.ok(!clusterIPs.has(s.clusterIP), `two Services at ${s.clusterIP}`);
          clusterIPs.add(s.clusterIP);
          assert.ok(cidrContains(c.config.serviceCIDR, s.clusterIP));
        }
        assert.equal(s.headless || s.type === 'ExternalName' || s.clusterIP !== '', true, `${s.key} has no ClusterIP`);
        for (const np of new Set(s.ports.map((p) => p.nodePort).filter((n): n is number => n !== undefined))) {
          assert.ok(!nodePorts.has(np), `two Services on nodePort ${np}`);
          nodePorts.add(np);
          assert.ok(np >= c.config.nodePortRange.min && np <= c.config.nodePortRange.max);
        }
      }
    }), RUNS);
  });

  it('the same documents in any file order and grouping give the same pod names, IPs, ClusterIPs and NodePorts', () => {
    const fingerprint = (c: Cluster) => ({
      pods: c.pods.map((p) => `${p.namespace}/${p.name}@${p.nodeName}=${p.ip}`).sort(),
      services: c.services.map((s) => `${s.key} ${s.clusterIP} ${s.ports.map((p) => p.nodePort ?? '-').join(',')} ${s.loadBalancerIPs.join(',')}`),
      slices: c.services.map((s) => s.endpointSlices.map((x) => `${x.name}:${x.endpoints.map((e) => e.addresses[0]).join(',')}`).join(' ')),
    });
    fc.assert(fc.property(workspaceArb, fc.integer(), fc.integer({ min: 1, max: 4 }), (g, otherSeed, otherFiles) => {
      const docs = documents(g);
      assert.deepEqual(fingerprint(build(deal(docs, otherFiles, otherSeed))), fingerprint(build(deal(docs, g.files, g.shuffle))));
    }), RUNS);
  });

  it('editing one Service (its ports and selector) does not change any other Service\'s ClusterIP, nor any pod', () => {
    fc.assert(fc.property(workspaceArb, fc.nat(), serviceArb, (g, pick, replacement) => {
      const i = pick % g.services.length;
      const before = build(deal(documents(g), g.files, g.shuffle));
      // Same identity (namespace, name) and type; new ports and selector.
      const edited: Generated = { ...g, services: g.services.map((s, j) => (j === i ? { ...s, ports: replacement.ports, selector: replacement.selector } : s)) };
      const after = build(deal(documents(edited), g.files, g.shuffle));
      for (const s of before.services) assert.equal(after.servicesByKey.get(s.key)!.clusterIP, s.clusterIP, s.key);
      assert.deepEqual(after.pods.map((p) => `${p.name}=${p.ip}`).sort(), before.pods.map((p) => `${p.name}=${p.ip}`).sort());
    }), RUNS);
  });

  it('after any sequence of what-ifs: pod names and IPs stay unique and every endpoint is a live pod matching its selector', () => {
    const step = fc.record({ op: fc.constantFrom('deletePod', 'setPodReady', 'terminatePod', 'removePodLabel', 'scale', 'setExternalTrafficPolicy'), pick: fc.nat(), n: fc.integer({ min: 0, max: 5 }), key: fc.constantFrom(...LABEL_KEYS, 'pod-template-hash') });
    fc.assert(fc.property(workspaceArb, fc.array(step, { maxLength: 6 }), (g, steps) => {
      const ws = new Workspace();
      for (const [uri, text] of Object.entries(deal(documents(g), g.files, g.shuffle))) ws.setFile(uri, text);
      const applied: Mutation[] = [];
      let c = ws.cluster();
      for (const st of steps) {
        const pod = c.pods.length ? c.pods[st.pick % c.pods.length]! : undefined;
        const podKey = pod ? `${pod.namespace}/${pod.name}` : 'default/none';
        const workloads = [...c.workloadsByKey.keys()];
        const services = c.services.filter((s) => s.resource).map((s) => s.key);
        const m: Mutation = st.op === 'scale' ? { kind: 'scale', workload: workloads[st.pick % Math.max(1, workloads.length)] ?? 'x', replicas: st.n }
          : st.op === 'setExternalTrafficPolicy' ? { kind: 'setExternalTrafficPolicy', service: services[st.pick % services.length]!, policy: st.n % 2 ? 'Local' : 'Cluster' }
          : st.op === 'setPodReady' ? { kind: 'setPodReady', pod: podKey, ready: st.n % 2 === 0 }
          : st.op === 'removePodLabel' ? { kind: 'removePodLabel', pod: podKey, key: st.key }
          : { kind: st.op as 'deletePod' | 'terminatePod', pod: podKey };
        try {
          c = ws.clusterWith([...applied, m]);
          applied.push(m);
        } catch (e) {
          if (!(e instanceof MutationError)) throw e;
        }
        const names = new Set<string>();
        const ips = new Set<string>();
        for (const p of c.pods) {
          const k = `${p.namespace}/${p.name}`;
          assert.ok(!names.has(k), `two pods named ${k} after ${JSON.stringify(applied)}`);
          names.add(k);
          if (p.ip) {
            assert.ok(!ips.has(p.ip), `two pods at ${p.ip} after ${JSON.stringify(applied)}`);
            ips.add(p.ip);
          }
        }
        for (const s of c.services) {
          for (const e of s.endpointSlices.flatMap((x) => x.endpoints)) {
            if (!e.pod) continue;
            assert.ok(c.pods.includes(e.pod), `${s.key}: endpoint for a pod that is not running`);
            for (const [k, v] of Object.entries(s.selector ?? {})) assert.equal(e.pod.labels[k], v);
          }
        }
      }
    }), { numRuns: 80, seed: 777 });
  });
});
