import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/engine/features/hover';
import { ConfigError, resolveConfig } from '../../../server/src/engine/model/config';
import {
  affinityMatches,
  daemonSetTolerations,
  nodeAffinityOf,
  tolerates,
} from '../../../server/src/engine/model/scheduling';
import type { SimNode, Taint, Toleration } from '../../../server/src/engine/model/types';
import { serviceReport } from '../../../server/src/engine/model/report';
import { iptablesSave } from '../../../server/src/engine/proxy/iptables';
import { trace } from '../../../server/src/engine/proxy/trace';
import { cluster, podsOf, service, workspace } from './helpers';

const LISTED = ['nodes-kubectl-get-nodes.yaml', 'scheduling-on-listed-nodes.yaml'];
const c = cluster(LISTED);
const nodesOf = (key: string) =>
  podsOf(c, key)
    .map((p) => p.nodeName)
    .sort();

function node(name: string, labels: Record<string, string> = {}): SimNode {
  return { name, ip: '10.0.0.1', podCIDR: '10.244.0.0/24', labels, taints: [], unschedulable: false };
}

describe('node labels the kubelet sets (initialNode, pkg/kubelet/kubelet_node_status.go; well_known_labels.go)', () => {
  it('every default node has hostname, os and arch, and the beta os/arch labels', () => {
    const { nodes } = resolveConfig();
    assert.deepEqual(nodes[0].labels, {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'node-1',
      'kubernetes.io/os': 'linux',
    });
  });

  it('a listed node keeps its own labels over them, and the beta labels follow its os/arch', () => {
    const { nodes } = resolveConfig({ nodes: [{ name: 'arm', labels: { 'kubernetes.io/arch': 'arm64', pool: 'a' } }] });
    assert.equal(nodes[0].labels['beta.kubernetes.io/arch'], 'arm64');
    assert.equal(nodes[0].labels.pool, 'a');
  });

  it('a nodeSelector on beta.kubernetes.io/os: linux schedules on the default nodes without any assumption', () => {
    const d = cluster(['scheduling-on-default-nodes.yaml']);
    const w = d.workloadsByKey.get('default/Deployment/linux-only')!;
    assert.equal(w.pods[0].phase, 'Running');
    assert.equal(w.placement!.assumed, undefined);
  });
});

describe('Node objects in the workspace are the nodes (kubectl get nodes -o yaml, also inside a List)', () => {
  it('names, InternalIP, spec.podCIDR, labels, taints and the cordon come from the objects', () => {
    assert.deepEqual(
      c.config.nodes.map((n) => [n.name, n.ip, n.podCIDR]),
      [
        ['cp-1', '10.0.0.10', '10.244.0.0/24'],
        ['worker-a', '10.0.0.11', '10.244.1.0/24'],
        ['worker-b', '10.0.0.12', '10.244.2.0/24'],
        ['worker-c', '10.0.0.13', '10.244.3.0/24'],
      ],
    );
    assert.deepEqual(c.config.nodes[0].taints, [
      { key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' },
    ]);
    assert.equal(c.config.nodes[3].unschedulable, true);
    assert.equal(c.config.nodesFrom.explicit, true);
    assert.match(c.config.nodesFrom.description, /Node objects in nodes-kubectl-get-nodes\.yaml/);
  });

  it('they take precedence over the nodes setting', () => {
    const both = cluster(LISTED, { nodes: 7 });
    assert.deepEqual(
      both.config.nodes.map((n) => n.name),
      ['cp-1', 'worker-a', 'worker-b', 'worker-c'],
    );
  });

  it("pod IPs come from each node's own spec.podCIDR", () => {
    for (const p of podsOf(c, 'default/Deployment/web')) {
      const n = c.config.nodes.find((x) => x.name === p.nodeName)!;
      assert.ok(p.ip.startsWith(n.podCIDR.replace(/0\/24$/, '')), `${p.ip} in ${n.podCIDR}`);
    }
  });

  it('a Node object is not a workload and no rule reports it', () => {
    const ws = workspace(['nodes-kubectl-get-nodes.yaml']);
    assert.equal(ws.cluster().workloads.length, 0);
    assert.deepEqual([...ws.diagnostics().values()].flat(), []);
  });

  it('editing a Node object rebuilds with the new nodes; editing a workload keeps the same configuration', () => {
    const ws = workspace(LISTED);
    const before = ws.cluster().config;
    const uri = 'file:///fixtures/scheduling-on-listed-nodes.yaml';
    ws.setFile(uri, ws.file(uri)!.text.replace('replicas: 4', 'replicas: 5'));
    assert.equal(
      ws.cluster().config,
      before,
      'same Node objects: the same configuration object (the workload cache keys on it)',
    );
    const nodes = 'file:///fixtures/nodes-kubectl-get-nodes.yaml';
    ws.setFile(nodes, ws.file(nodes)!.text.replace('address: 10.0.0.11', 'address: 10.0.0.21'));
    assert.equal(ws.cluster().config.nodes[1].ip, '10.0.0.21');
  });

  it("iptables rules can be generated for any Node object's name", () => {
    assert.match(iptablesSave(c, 'worker-c'), /\*nat/);
    assert.throws(() => iptablesSave(c, 'node-1'), /no node "node-1".*cp-1, worker-a/);
  });
});

describe('--nodes / kroute.nodes (config.ts)', () => {
  it("a count is kroute's default nodes; a list is explicit", () => {
    assert.equal(resolveConfig({ nodes: 2 }).nodesFrom.explicit, false);
    assert.equal(resolveConfig({ nodes: [{ name: 'a' }] }).nodesFrom.explicit, true);
  });

  it('rejects a taint without a valid effect, naming the setting', () => {
    assert.throws(
      () => resolveConfig({ nodes: [{ name: 'a', taints: [{ key: 'k', value: '', effect: 'Sometimes' as never }] }] }),
      (e: unknown) => e instanceof ConfigError && e.message.includes('nodes[0].taints'),
    );
  });
});

describe('NodeAffinity filter (pkg/scheduler/framework/plugins/nodeaffinity; component-helpers nodeaffinity.NodeSelector)', () => {
  const gpu = node('g', { accelerator: 'nvidia', cores: '16' });
  const plain = node('p', { cores: '4' });
  const matches = (spec: Record<string, unknown>, n: SimNode) => affinityMatches(nodeAffinityOf(spec), n);
  const required = (...terms: unknown[]) => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
  });

  it('In, NotIn, Exists, DoesNotExist', () => {
    assert.ok(
      matches(required({ matchExpressions: [{ key: 'accelerator', operator: 'In', values: ['nvidia', 'amd'] }] }), gpu),
    );
    assert.ok(
      !matches(required({ matchExpressions: [{ key: 'accelerator', operator: 'In', values: ['nvidia'] }] }), plain),
    );
    assert.ok(
      matches(required({ matchExpressions: [{ key: 'accelerator', operator: 'NotIn', values: ['nvidia'] }] }), plain),
      'NotIn matches a node without the label',
    );
    assert.ok(matches(required({ matchExpressions: [{ key: 'accelerator', operator: 'Exists' }] }), gpu));
    assert.ok(matches(required({ matchExpressions: [{ key: 'accelerator', operator: 'DoesNotExist' }] }), plain));
  });

  it('Gt and Lt compare the label as an integer; a non-integer never matches', () => {
    assert.ok(matches(required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }), gpu));
    assert.ok(!matches(required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }), plain));
    assert.ok(matches(required({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] }), plain));
    assert.ok(!matches(required({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['many'] }] }), plain));
  });

  it('terms are ORed, requirements in a term ANDed, an empty term matches nothing; nodeSelector is ANDed with them', () => {
    const either = required(
      { matchExpressions: [{ key: 'accelerator', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'cores', operator: 'In', values: ['4'] }] },
    );
    assert.ok(matches(either, gpu) && matches(either, plain));
    assert.ok(!matches(required({}), gpu), 'an empty term');
    assert.ok(!matches({ ...either, nodeSelector: { accelerator: 'nvidia' } }, plain));
  });

  it('matchFields supports metadata.name with In and NotIn', () => {
    assert.ok(matches(required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['g'] }] }), gpu));
    assert.ok(!matches(required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['g'] }] }), gpu));
    assert.ok(!matches(required({ matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['g'] }] }), gpu));
  });

  it('listed nodes: required affinity keeps zone-b pods on worker-b (worker-c is zone-b but cordoned: NodeUnschedulable)', () => {
    assert.deepEqual(nodesOf('default/Deployment/zonal'), ['worker-b', 'worker-b']);
  });

  it("listed nodes: a label no node has leaves the pods Pending, with the scheduler's FitError and which label is missing", () => {
    const [p] = podsOf(c, 'default/Deployment/trainer');
    assert.equal(p.phase, 'Pending');
    assert.equal(p.ip, '');
    // The kubelet never ran it: its PodReady condition is False (kubectl's READY 0/1).
    assert.equal(p.ready, false);
    assert.equal(
      p.pendingReason,
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. No node has the label cloud.google.com/gke-accelerator=nvidia-tesla-t4 (nodes from the Node objects in nodes-kubectl-get-nodes.yaml).",
    );
  });

  it('default nodes: a label none of them has is assumed to exist in the real cluster; the pods run and the hover says so', () => {
    const d = cluster(['scheduling-on-default-nodes.yaml']);
    const w = d.workloadsByKey.get('default/Deployment/trainer')!;
    assert.equal(w.pods[0].phase, 'Running');
    assert.ok(w.pods[0].ip);
    assert.match(
      w.placement!.assumed!,
      /cloud\.google\.com\/gke-accelerator=nvidia-tesla-t4, which kroute's 3 default nodes do not have/,
    );
    assert.equal(service(d, 'default/trainer').endpointSlices[0].endpoints.length, 1);
    const notes = serviceReport(d, service(d, 'default/trainer')).notes;
    assert.equal(notes.filter((n) => n.includes('assumes the cluster has such nodes')).length, 1, 'said once');
  });

  it('nodes listed in the setting are explicit: the same selector leaves the pod Pending, naming the setting', () => {
    const d = cluster(['scheduling-on-default-nodes.yaml'], { nodes: [{ name: 'a' }, { name: 'b' }] });
    assert.match(
      podsOf(d, 'default/Deployment/trainer')[0].pendingReason!,
      /^0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector\. .*nodes from the nodes setting \(kroute\.nodes/,
    );
  });
});

describe('TaintToleration filter (pkg/scheduler/framework/plugins/tainttoleration; v1 Toleration.ToleratesTaint)', () => {
  const taint: Taint = { key: 'dedicated', value: 'infra', effect: 'NoSchedule' };
  const t = (x: Partial<Toleration>): Toleration => ({ key: '', operator: 'Equal', value: '', effect: '', ...x });

  it('Equal compares key and value; Exists ignores the value; an empty key with Exists tolerates every taint', () => {
    assert.ok(tolerates(t({ key: 'dedicated', value: 'infra' }), taint));
    assert.ok(!tolerates(t({ key: 'dedicated', value: 'db' }), taint));
    assert.ok(tolerates(t({ key: 'dedicated', operator: 'Exists' }), taint));
    assert.ok(tolerates(t({ operator: 'Exists' }), taint));
    assert.ok(!tolerates(t({}), taint), 'an empty key with Equal tolerates nothing');
  });

  it('the effect must match unless the toleration leaves it empty', () => {
    assert.ok(!tolerates(t({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }), taint));
    assert.ok(tolerates(t({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }), taint));
  });

  it('listed nodes: untolerated control-plane taint and the cordon keep plain pods on worker-a and worker-b', () => {
    assert.deepEqual(nodesOf('default/Deployment/web'), ['worker-a', 'worker-a', 'worker-b', 'worker-b']);
  });

  it('a pod tolerating everything may run on the tainted control plane and the cordoned node', () => {
    assert.deepEqual(nodesOf('default/Deployment/anywhere-but-a'), ['cp-1', 'worker-b', 'worker-c']);
  });

  it('a taint in the nodes setting makes pods without a toleration Pending, saying where the nodes come from', () => {
    const d = cluster(['scheduling-on-default-nodes.yaml'], {
      nodes: [{ name: 'a', taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }],
    });
    assert.equal(
      podsOf(d, 'default/Deployment/linux-only')[0].pendingReason,
      '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: infra}. The nodes come from the nodes setting (kroute.nodes, .kroute.yaml cluster.nodes or --nodes).',
    );
  });
});

describe('DaemonSets (pkg/controller/daemon: one pod per eligible node; AddOrUpdateDaemonPodTolerations)', () => {
  it('the default tolerations: not-ready/unreachable NoExecute, pressure and unschedulable NoSchedule, network-unavailable for hostNetwork', () => {
    assert.deepEqual(
      daemonSetTolerations(false).map((x) => `${x.key}:${x.effect}`),
      [
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ],
    );
    assert.ok(daemonSetTolerations(true).some((x) => x.key === 'node.kubernetes.io/network-unavailable'));
  });

  it('runs on the cordoned node (tolerated) but not on the control plane (its taint is not)', () => {
    assert.deepEqual(nodesOf('default/DaemonSet/node-exporter'), ['worker-a', 'worker-b', 'worker-c']);
  });
});

describe('hostNetwork and host ports (NodePorts filter, pkg/scheduler/framework/plugins/nodeports; SetDefaults_Pod hostPort = containerPort)', () => {
  it("hostNetwork pods take their node's IP, and so do their endpoints", () => {
    for (const p of podsOf(c, 'default/DaemonSet/node-exporter'))
      assert.equal(p.ip, c.config.nodes.find((n) => n.name === p.nodeName)!.ip);
    const addresses = service(c, 'default/node-exporter')
      .endpointSlices.flatMap((s) => s.endpoints.map((e) => e.addresses[0]))
      .sort();
    assert.deepEqual(addresses, ['10.0.0.11', '10.0.0.12', '10.0.0.13']);
  });

  it('a second hostNetwork pod wanting the same port on every node it may use stays Pending', () => {
    const [p] = podsOf(c, 'default/Deployment/port-clash');
    assert.equal(p.phase, 'Pending');
    assert.equal(p.ready, false);
    assert.match(
      p.pendingReason!,
      /2 node\(s\) didn't have free ports for the requested pod ports\. Port 9100\/TCP is taken on every node it may run on \(by node-exporter-/,
    );
  });

  it('hostPort replicas spread one per node; the one too many is Pending', () => {
    const pods = podsOf(c, 'default/Deployment/edge');
    assert.deepEqual(
      pods
        .map((p) => p.nodeName)
        .filter(Boolean)
        .sort(),
      ['worker-a', 'worker-b'],
    );
    assert.equal(pods.filter((p) => p.phase === 'Pending').length, 1);
    assert.deepEqual(
      pods.filter((p) => !p.ready).map((p) => p.phase),
      ['Pending'],
      'only the Pending pod is not ready',
    );
  });

  it('two single-replica hostPort Deployments that would start on one node go to different nodes, as the scheduler would choose', () => {
    const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: x, image: x, ports: [{ containerPort: 80, hostPort: 80 }] }]
`;
    const names = Array.from({ length: 3 }, (_, i) => `lb-${i}`);
    const d = cluster(
      { 'lb.yaml': names.map(deployment).join('---\n') },
      { nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
    );
    assert.deepEqual(names.map((n) => podsOf(d, `default/Deployment/${n}`)[0].nodeName).sort(), ['a', 'b', 'c']);
  });

  it('the no-ready-endpoints message, the report and the trace say why the pods are Pending', () => {
    const ws = workspace(LISTED);
    const messages = [...ws.diagnostics().values()]
      .flat()
      .filter((d) => d.code === 'no-ready-endpoints')
      .map((d) => d.message);
    assert.equal(messages.length, 1);
    assert.match(
      messages[0],
      /trainer-\w+-\w+ \(Pending: unschedulable\)\. 0\/4 nodes are available: .*No node has the label cloud\.google\.com\/gke-accelerator=nvidia-tesla-t4/,
    );
    const notes = serviceReport(c, service(c, 'default/trainer')).notes;
    assert.ok(
      notes.some((n) => /^Pending \(trainer-.*\): 0\/4 nodes are available/.test(n)),
      notes.join('\n'),
    );
    const t = trace(c, { kind: 'node', name: 'worker-a' }, 'trainer.default');
    assert.match(
      t.outcome.message,
      /default\/trainer has no ready endpoints: its pods are Pending\. 0\/4 nodes are available/,
    );
  });
});

describe('in the editor (features/hover.ts)', () => {
  /** The hover on `name` in the first `metadata: { name: … }` line after `kind: <kind>` lines of the file. */
  function hoverOn(ws: ReturnType<typeof workspace>, file: string, kind: string, name: string): string {
    const lines = ws.file(`file:///fixtures/${file}`)!.text.split('\n');
    const line = lines.findIndex(
      (l, i) => l.includes(`metadata: { name: ${name} }`) && lines[i - 1] === `kind: ${kind}`,
    );
    const markdown =
      hover(ws, `file:///fixtures/${file}`, { line, character: lines[line].indexOf(name) + 1 })?.markdown ?? '';
    return markdown.replace(/\\(.)/g, '$1'); // text() escapes Markdown punctuation
  }

  it('default nodes standing in for a GPU pool: said in the workload hover and once in the Service hover', () => {
    const ws = workspace(['scheduling-on-default-nodes.yaml']);
    assert.match(
      hoverOn(ws, 'scheduling-on-default-nodes.yaml', 'Deployment', 'trainer'),
      /kroute assumes the cluster has such nodes/,
    );
    const svc = hoverOn(ws, 'scheduling-on-default-nodes.yaml', 'Service', 'trainer');
    assert.equal(svc.match(/assumes the cluster has such nodes/g)?.length, 1, svc);
  });

  it("listed nodes: the workload hover gives the scheduler's reason, for a missing label and for a taken host port", () => {
    const ws = workspace(LISTED);
    assert.match(
      hoverOn(ws, 'scheduling-on-listed-nodes.yaml', 'Deployment', 'trainer'),
      /Pending without an IP: 0\/4 nodes are available: .*No node has the label cloud\.google\.com\/gke-accelerator=nvidia-tesla-t4/,
    );
    assert.match(
      hoverOn(ws, 'scheduling-on-listed-nodes.yaml', 'Deployment', 'edge'),
      /Pending: 0\/4 nodes are available: .*2 node\(s\) didn't have free ports for the requested pod ports/,
    );
    assert.match(
      hoverOn(ws, 'scheduling-on-listed-nodes.yaml', 'Service', 'trainer'),
      /Pending \(trainer-\w+-\w+\): 0\/4 nodes are available/,
    );
  });
});

describe('traces to a hostNetwork pod (proxy/trace.ts)', () => {
  it("the node's IP on the pod's port is delivered straight to the hostNetwork pod of that node", () => {
    const t = trace(c, { kind: 'node', name: 'worker-a' }, '10.0.0.12:9100');
    assert.equal(t.outcome.kind, 'delivered');
    assert.match(t.outcome.message, /pod default\/node-exporter-\w+ \(10\.0\.0\.12:9100\) on worker-b/);
  });

  it('through the Service, the endpoint is a node IP', () => {
    const t = trace(c, { kind: 'node', name: 'worker-a' }, 'node-exporter.default:9100');
    assert.equal(t.outcome.kind, 'delivered');
    assert.match(
      t.outcome.message,
      /Delivered to 10\.0\.0\.1[123]:9100 \(pod default\/node-exporter-\w+ on worker-[abc]\)/,
    );
  });
});

describe('host ports on the default nodes', () => {
  it("a replica too many for kroute's default nodes is Pending, and the reason says the node count is kroute's", () => {
    const d = cluster({
      'edge.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: edge }
spec:
  replicas: 4
  selector: { matchLabels: { app: edge } }
  template:
    metadata: { labels: { app: edge } }
    spec:
      containers: [{ name: edge, image: example/edge, ports: [{ containerPort: 443, hostPort: 443 }] }]
`,
    });
    const pending = podsOf(d, 'default/Deployment/edge').filter((p) => p.phase === 'Pending');
    assert.equal(pending.length, 1);
    assert.match(
      pending[0].pendingReason!,
      /^0\/3 nodes are available: 3 node\(s\) didn't have free ports for the requested pod ports\. Port 443\/TCP is taken on every node it may run on \(by edge-\S+\); that is on kroute's 3 default nodes: list the cluster's nodes/,
    );
  });
});

describe('hover on a Node object (features/hover.ts)', () => {
  it("shows the node's IP, pod range, taints and the pods placed there", () => {
    const ws = workspace(LISTED);
    const uri = 'file:///fixtures/nodes-kubectl-get-nodes.yaml';
    const lines = ws.file(uri)!.text.split('\n');
    const line = lines.findIndex((l) => l.includes('name: cp-1'));
    const markdown = hover(ws, uri, { line, character: lines[line].indexOf('cp-1') + 1 })!.markdown.replace(
      /\\(.)/g,
      '$1',
    );
    assert.match(markdown, /\*\*Node `cp-1`\*\* · `10\.0\.0\.10` · pods from `10\.244\.0\.0\/24`/);
    assert.match(markdown, /Taints: `node-role\.kubernetes\.io\/control-plane:NoSchedule`/);
    assert.match(markdown, /1 pod here: deployment\/anywhere-but-a \(1\)/);
  });
});
