import { isObject } from '../manifest/parse';
import type { ClusterConfig } from './config';
import { labelOf, stringMap } from './selectors';
import type { HostPort, Labels, Placement, Pod, Protocol, SimNode, Taint, Toleration, Workload } from './types';

// Which nodes a pod can run on, as the default scheduler's filter plugins decide it
// (pkg/scheduler/framework/plugins): NodeUnschedulable, TaintToleration, NodeAffinity, in the
// order the default profile runs them, then NodePorts against the pods already placed. A node
// rejected by one plugin is counted under that plugin's reason, as FitError.Error() reports it.

const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** v1.NodeSelectorRequirement (matchExpressions on labels, matchFields on metadata.name). */
interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

interface NodeSelectorTerm {
  expressions: Requirement[];
  fields: Requirement[];
}

/** The pod's node constraints: spec.nodeSelector AND (any one of the required affinity terms). */
export interface NodeAffinity {
  nodeSelector: Labels;
  /** requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms; undefined when absent. */
  terms?: NodeSelectorTerm[];
}

function requirements(raw: unknown): Requirement[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((r) => ({
    key: typeof r.key === 'string' ? r.key : '',
    operator: typeof r.operator === 'string' ? r.operator : '',
    values: Array.isArray(r.values) ? r.values.map(String) : [],
  }));
}

export function nodeAffinityOf(podSpec: Record<string, unknown>): NodeAffinity {
  const affinity: NodeAffinity = { nodeSelector: stringMap(podSpec.nodeSelector) };
  const required =
    isObject(podSpec.affinity) && isObject(podSpec.affinity.nodeAffinity)
      ? podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
      : undefined;
  if (isObject(required)) {
    const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
    affinity.terms = terms.map((t) =>
      isObject(t)
        ? { expressions: requirements(t.matchExpressions), fields: requirements(t.matchFields) }
        : { expressions: [], fields: [] },
    );
  }
  return affinity;
}

/** labels.Requirement.Matches for node selectors (v1 helper NodeSelectorRequirementsAsSelector): Gt/Lt compare integers. */
function requirementMatches(r: Requirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || r.values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(r.values[0]))
        return false;
      return r.operator === 'Gt' ? Number(value) > Number(r.values[0]) : Number(value) < Number(r.values[0]);
    }
    default:
      return false; // an unknown operator fails validation; the term matches nothing
  }
}

/**
 * nodeaffinity.NodeSelector.Match: a term matches when all its expressions and fields do; an
 * empty term matches nothing; matchFields supports only metadata.name (In/NotIn).
 */
function termMatches(t: NodeSelectorTerm, node: SimNode): boolean {
  if (!t.expressions.length && !t.fields.length) return false;
  return (
    t.expressions.every((r) => requirementMatches(r, labelOf(node.labels, r.key))) &&
    t.fields.every(
      (r) =>
        r.key === 'metadata.name' &&
        (r.operator === 'In' || r.operator === 'NotIn') &&
        requirementMatches(r, node.name),
    )
  );
}

/** NodeAffinity filter (GetRequiredNodeAffinity(pod).Match): the nodeSelector and any one required term. */
export function affinityMatches(a: NodeAffinity, node: SimNode): boolean {
  for (const k in a.nodeSelector) if (labelOf(node.labels, k) !== a.nodeSelector[k]) return false;
  return !a.terms || a.terms.some((t) => termMatches(t, node));
}

export function tolerationsOf(podSpec: Record<string, unknown>): Toleration[] {
  if (!Array.isArray(podSpec.tolerations)) return [];
  return podSpec.tolerations.filter(isObject).map((t) => ({
    key: typeof t.key === 'string' ? t.key : '',
    operator: t.operator === 'Exists' ? 'Exists' : 'Equal',
    value: typeof t.value === 'string' ? t.value : '',
    effect: typeof t.effect === 'string' ? t.effect : '',
  }));
}

/**
 * The tolerations the DaemonSet controller adds to every daemon pod
 * (pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations): not-ready and unreachable
 * (NoExecute), the pressure conditions and unschedulable (NoSchedule), and network-unavailable
 * for hostNetwork pods.
 */
export function daemonSetTolerations(hostNetwork: boolean): Toleration[] {
  const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', value: '', effect });
  const out = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) out.push(exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  return out;
}

/**
 * v1 Toleration.ToleratesTaint: the effect matches (an empty effect matches all), the key matches
 * (an empty key with Exists matches every key), and Exists ignores the value while Equal compares it.
 */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key !== taint.key && !(toleration.key === '' && toleration.operator === 'Exists')) return false;
  return toleration.operator === 'Exists' || toleration.value === taint.value;
}

/** TaintToleration filter: the first NoSchedule/NoExecute taint no toleration tolerates (PreferNoSchedule only scores). */
function untoleratedTaint(node: SimNode, tolerations: Toleration[]): Taint | undefined {
  return node.taints.find(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((x) => tolerates(x, t)),
  );
}

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };

/** Why the filters reject a node for the pod, or undefined when it fits. */
function rejection(node: SimNode, affinity: NodeAffinity, tolerations: Toleration[]): string | undefined {
  if (node.unschedulable && !tolerations.some((t) => tolerates(t, UNSCHEDULABLE_TAINT))) return REASON_UNSCHEDULABLE;
  const taint = untoleratedTaint(node, tolerations);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value}}`;
  if (!affinityMatches(affinity, node)) return REASON_AFFINITY;
  return undefined;
}

function hasConstraints(a: NodeAffinity): boolean {
  for (const _ in a.nodeSelector) return true;
  return a.terms !== undefined;
}

/** Whether some node is tainted or cordoned, once per configuration (asked for every workload). */
const restrictedNodes = new WeakMap<ClusterConfig, boolean>();

function restricted(config: ClusterConfig): boolean {
  let some = restrictedNodes.get(config);
  if (some === undefined)
    restrictedNodes.set(config, (some = config.nodes.some((n) => n.taints.length > 0 || n.unschedulable)));
  return some;
}

/**
 * The placement of pods every node takes, one per config and frozen: most workloads have it (a
 * copy each was 5k objects, 0.4 MB at 10k manifests; issue 21, target 5).
 */
function everyNode(config: ClusterConfig): Placement {
  let placement = unconstrained.get(config);
  if (!placement) {
    placement = Object.freeze({ nodes: config.nodes, rejected: Object.freeze({}) });
    unconstrained.set(config, placement);
  }
  return placement;
}

const unconstrained = new WeakMap<ClusterConfig, Placement>();

/**
 * The nodes a workload's pods can run on. With explicit nodes (a list in the settings, or Node
 * objects) that is the answer, possibly none; with kroute's default nodes, an affinity none of them
 * satisfies is taken to ask for nodes the real cluster has (GPU, zone and node-pool labels are
 * normal there), and the default nodes stand in for them. The answer may be shared: not written to.
 */
export function placementOf(podSpec: Record<string, unknown>, config: ClusterConfig, daemonSet: boolean): Placement {
  const affinity = nodeAffinityOf(podSpec);
  const tolerations = tolerationsOf(podSpec);
  if (daemonSet) tolerations.push(...daemonSetTolerations(podSpec.hostNetwork === true));
  // Most pods have no constraint and the nodes no taints: every node fits.
  if (!hasConstraints(affinity) && !restricted(config)) return everyNode(config);
  const nodes: SimNode[] = [];
  const rejected: Record<string, number> = {};
  for (const node of config.nodes) {
    const why = rejection(node, affinity, tolerations);
    if (why) rejected[why] = (rejected[why] ?? 0) + 1;
    else nodes.push(node);
  }
  if (!nodes.length && !config.nodesFrom.explicit && rejected[REASON_AFFINITY]) {
    const stand = config.nodes.filter((n) => rejection(n, { nodeSelector: {} }, tolerations) === undefined);
    if (stand.length) {
      return {
        nodes: stand,
        rejected: {},
        assumed:
          `Its node selector/affinity asks for ${wanted(affinity, config.nodes)}, ` +
          `which ${config.nodesFrom.description} do not have: kroute assumes the cluster has such nodes ` +
          `and runs its pods on the default ones. List the nodes (kroute.nodes, ` +
          `.kroute.yaml cluster.nodes, --nodes a,b,… or Node objects in the workspace) to check it.`,
      };
    }
  }
  const placement: Placement = { nodes, rejected };
  if (!nodes.length) placement.detail = detail(affinity, rejected, config);
  return placement;
}

/** kroute's addition to the scheduler's reasons: which asked-for label no node has, and where the nodes come from. */
function detail(affinity: NodeAffinity, rejected: Record<string, number>, config: ClusterConfig): string {
  return rejected[REASON_AFFINITY]
    ? `no node has ${wanted(affinity, config.nodes)} (nodes from ${config.nodesFrom.description})`
    : `the nodes come from ${config.nodesFrom.description}`;
}

/** The requirements no node meets on its own (the labels no node has), else the whole affinity. */
function wanted(a: NodeAffinity, nodes: SimNode[]): string {
  const missing: string[] = [];
  for (const k in a.nodeSelector)
    if (!nodes.some((n) => labelOf(n.labels, k) === a.nodeSelector[k])) missing.push(`${k}=${a.nodeSelector[k]}`);
  for (const t of a.terms ?? []) {
    for (const r of t.expressions)
      if (!nodes.some((n) => requirementMatches(r, labelOf(n.labels, r.key)))) missing.push(describe(r));
    for (const r of t.fields)
      if (!nodes.some((n) => r.key === 'metadata.name' && requirementMatches(r, n.name))) missing.push(describe(r));
  }
  const unique = [...new Set(missing)];
  if (unique.length) return unique.length === 1 ? `the label ${unique[0]}` : `the labels ${unique.join(', ')}`;
  return 'a combination of labels (each term of its required node affinity, together with its nodeSelector)';
}

function describe(r: Requirement): string {
  switch (r.operator) {
    case 'In':
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(', ')})`;
    case 'NotIn':
      return `${r.key} not in (${r.values.join(', ')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `no ${r.key}`;
    case 'Gt':
      return `${r.key} > ${r.values[0] ?? ''}`;
    case 'Lt':
      return `${r.key} < ${r.values[0] ?? ''}`;
    default:
      return `${r.key} ${r.operator} (${r.values.join(', ')})`;
  }
}

/** FitError.Error(): "0/N nodes are available: <count> <reason>, …." with the reasons sorted. */
export function fitError(total: number, rejected: Record<string, number>, detailText?: string): string {
  const reasons = Object.entries(rejected)
    .map(([reason, n]) => `${n} ${reason}`)
    .sort();
  return `0/${total} nodes are available: ${reasons.join(', ')}.${detailText ? ` ${capitalized(detailText)}.` : ''}`;
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The placement's reason for pods no node can take (undefined when some node can). */
export function unschedulableReason(p: Placement, config: ClusterConfig): string | undefined {
  return p.nodes.length ? undefined : fitError(config.nodes.length, p.rejected, p.detail);
}

const PROTOCOLS: ReadonlySet<string> = new Set(['TCP', 'UDP', 'SCTP']);

/**
 * The ports a pod takes on its node (schedutil.GetHostPorts over containers and restartable init
 * containers): each hostPort, and for a hostNetwork pod every containerPort, since defaulting sets
 * hostPort = containerPort there (SetDefaults_Pod).
 */
export function hostPortsOf(podSpec: Record<string, unknown>): HostPort[] {
  const hostNetwork = podSpec.hostNetwork === true;
  const out: HostPort[] = [];
  for (const field of ['containers', 'initContainers'] as const) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isObject(c) || !Array.isArray(c.ports)) continue;
      if (field === 'initContainers' && c.restartPolicy !== 'Always') continue;
      for (const p of c.ports) {
        if (!isObject(p)) continue;
        const port =
          Number.isInteger(p.hostPort) && (p.hostPort as number) > 0
            ? (p.hostPort as number)
            : hostNetwork && Number.isInteger(p.containerPort)
              ? (p.containerPort as number)
              : 0;
        if (!port) continue;
        const protocol = typeof p.protocol === 'string' && PROTOCOLS.has(p.protocol) ? (p.protocol as Protocol) : 'TCP';
        out.push({ hostIP: typeof p.hostIP === 'string' && p.hostIP ? p.hostIP : '0.0.0.0', port, protocol });
      }
    }
  }
  return out;
}

/** HostPortInfo.CheckConflict: same protocol and port, and the same address or either one 0.0.0.0. */
function conflicts(a: HostPort, b: HostPort): boolean {
  return (
    a.port === b.port &&
    a.protocol === b.protocol &&
    (a.hostIP === b.hostIP || a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0')
  );
}

/** A pod that takes host ports, with where it may go if its node has them taken. */
interface HostPortClaim {
  pod: Pod;
  /** The nodes it may run on, in the order to try; empty when it cannot move (a DaemonSet pod, spec.nodeName, a running orphan). */
  alternatives: SimNode[];
  rejected: Record<string, number>;
}

/**
 * The NodePorts filter over this build's pods (its own copies): orphans first (they run already),
 * then the workloads' pods in the cluster's order. Only pods with host ports take part, so an edit
 * that involves none leaves the outcome as it was.
 */
export function placeByHostPorts(workloads: readonly Workload[], orphans: readonly Pod[], config: ClusterConfig): void {
  const claims: HostPortClaim[] = [];
  for (const pod of orphans) if (pod.hostPorts) claims.push({ pod, alternatives: [], rejected: {} });
  for (const w of workloads) {
    for (const pod of w.pods) {
      if (!pod.hostPorts) continue;
      const placement = w.placement ?? { nodes: [], rejected: {} };
      claims.push({ pod, alternatives: placement.pinned ? [] : placement.nodes, rejected: placement.rejected });
    }
  }
  if (claims.length > 1) resolveHostPorts(claims, config);
}

/**
 * The NodePorts filter over the claims, in order (pods already placed keep their ports): a pod
 * whose node has one of its host ports taken moves to the next node it may run on that has them
 * free, as the scheduler would have chosen; when there is none, it stays Pending.
 */
function resolveHostPorts(claims: HostPortClaim[], config: ClusterConfig): void {
  const taken = new Map<string, { port: HostPort; pod: string }[]>();
  const clash = (node: string, ports: HostPort[]) =>
    (taken.get(node) ?? []).find((t) => ports.some((p) => conflicts(p, t.port)));
  for (const { pod, alternatives, rejected } of claims) {
    const ports = pod.hostPorts!;
    // Unscheduled pods hold nothing; nor do finished ones (a Pod manifest with a written status).
    if (!pod.nodeName || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
    let node: string | undefined = pod.nodeName;
    const first = clash(node, ports);
    if (first) {
      const start = alternatives.findIndex((n) => n.name === node);
      const order = [...alternatives.slice(start + 1), ...alternatives.slice(0, Math.max(start, 0))];
      node = order.find((n) => !clash(n.name, ports))?.name;
      if (!node) {
        // Its own nodes lack free ports; the placement counted the nodes it rejected, and a pod
        // pinned to one node (a daemon pod's node affinity) does not match the others.
        const busy = Math.max(alternatives.length, 1);
        const reasons: Record<string, number> = { ...rejected, [REASON_PORTS]: busy };
        const counted = busy + Object.values(rejected).reduce((a, b) => a + b, 0);
        if (counted < config.nodes.length)
          reasons[REASON_AFFINITY] = (reasons[REASON_AFFINITY] ?? 0) + config.nodes.length - counted;
        const port = ports.find((p) => conflicts(p, first.port))!;
        pod.nodeName = '';
        // The default nodes' count is kroute's, not the cluster's: say how to give the real one.
        const count = config.nodesFrom.explicit
          ? ''
          : `; that is on ${config.nodesFrom.description}: list the cluster's nodes (kroute.nodes, --nodes a,b,… or Node objects) if it has more`;
        markPending(
          pod,
          fitError(
            config.nodes.length,
            reasons,
            `port ${port.port}/${port.protocol} is taken${alternatives.length > 1 ? ' on every node it may run on' : ''} (by ${first.pod})${count}`,
          ),
        );
        continue;
      }
      pod.nodeName = node;
    }
    let list = taken.get(node);
    if (!list) taken.set(node, (list = []));
    for (const port of ports) list.push({ port, pod: pod.name });
  }
}

/** The distinct reasons these pods are Pending, in order (pods of one workload share theirs). */
export function pendingReasons(pods: readonly Pod[]): string[] {
  const out = new Set<string>();
  for (const p of pods) if (p.pendingReason && !p.ip) out.add(p.pendingReason);
  return [...out];
}

/**
 * A pod the kubelet never starts: phase Pending, no IP, and its Ready condition False (a pod is
 * Ready only once its containers run), so no table shows an unscheduled pod as ready.
 */
export function markPending(pod: Pod, reason?: string): void {
  pod.phase = 'Pending';
  pod.ready = false;
  pod.ip = '';
  if (reason !== undefined) pod.pendingReason = reason;
}
