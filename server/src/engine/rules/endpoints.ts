import { hasField } from '../manifest/locate';
import { workloadRef } from '../model/explain';
import type { Cluster } from '../model/cluster';
import { podTemplatePath } from '../model/workloads';
import type { Pod, Service, ServicePort, Workload } from '../model/types';
import { groupInto } from '../model/multimap';
import { pendingReasons } from '../model/scheduling';
import type { Fix, RelatedLocation, TextEdit } from '../types';
import { prependPair, replaceValue } from './edits';
import { explanation, formatSelector, idleWorkloads } from './selector-matches-nothing';
import { at, findValue, get, related, serviceRule } from './support';
import type { ManifestedService, RuleContext } from './types';

// What the EndpointSlice controller and kube-proxy would make of a Service that the API server
// accepted: findings about traffic, not about validity.

/** How many names a message lists before "and N more": a Problems-panel line stays readable. */
const SHOWN = 3;

/** The first SHOWN items, then how many more. */
function shortList(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}

/**
 * One entry per pod name: the API server holds one pod per namespace/name, so pods the model made
 * twice (the same workload written in two files) are one pod.
 */
function distinct(pods: readonly Pod[]): Pod[] {
  const seen = new Set<string>();
  return pods.filter((p) => !seen.has(`${p.namespace}/${p.name}`) && !!seen.add(`${p.namespace}/${p.name}`));
}

function podList(pods: readonly Pod[], describe: (p: Pod) => string = (p) => p.name): string {
  return shortList(distinct(pods).map(describe));
}

function workloadsOf(ctx: RuleContext, pods: readonly Pod[]): Workload[] {
  const keys = [...new Set(pods.map((p) => p.workload).filter((k): k is string => !!k))];
  const found = keys.map((k) => ctx.cluster.workloadsByKey.get(k)).filter((w): w is Workload => !!w);
  for (const w of found) ctx.reads?.workload(w);
  return found;
}

function labelsOf(w: Workload): RelatedLocation {
  return related(
    w.resource,
    w.kind === 'Pod' ? ['metadata', 'labels'] : [...podTemplatePath(w.kind), 'metadata', 'labels'],
    `${workloadRef(w)} pod labels`,
  );
}

/** Why a selected pod is not a ready endpoint, in the controller's order of checks. */
function why(cluster: Cluster, p: Pod): string {
  if (p.phase === 'Succeeded' || p.phase === 'Failed') return `${p.name} (${p.phase})`;
  if (!p.ip && p.pendingReason) return `${p.name} (Pending: unschedulable)`;
  if (!p.ip) return `${p.name} (${p.phase}, no IP)`;
  if (!cluster.config.nodes.some((n) => n.name === p.nodeName))
    return `${p.name} (node ${p.nodeName} is not in the cluster)`;
  if (p.terminating) return `${p.name} (terminating)`;
  return `${p.name} (not ready)`;
}

/**
 * The EndpointSlice controller publishes only pods that exist, have an IP and are ready
 * (podToEndpoint: ready = serving && !terminating, unless publishNotReadyAddresses). A selector
 * that matches a workload with `replicas: 0`, or only pods that are not ready, gives kube-proxy
 * no endpoint to send to: connections are refused (REJECT rule).
 */
export const noReadyEndpoints = serviceRule({
  code: 'no-ready-endpoints',
  defaultSeverity: 'warning',
  description:
    'The selector matches only pods that do not exist (replicas: 0) or are not ready: the Service has no ready endpoint.',
  checkOne(s, ctx, report) {
    const { cluster } = ctx;
    if (!s.selector || s.type === 'ExternalName' || s.publishNotReadyAddresses) return;
    // Located only for a finding: most Services have a ready endpoint.
    const where = () => at(cluster, s.resource, ['spec', 'selector'], 'key');
    if (!s.selectedPods.length) {
      const idle = idleWorkloads(ctx, s);
      if (!idle.length) return;
      const because = explanation(ctx, s);
      report({
        ...where(),
        code: this.code,
        message: `Selector ${formatSelector(s.selector)} has no endpoints: ${because.reason}`,
        related: idle.map(labelsOf),
      });
      return;
    }
    if (hasReadyEndpoint(s)) return;
    const selected = distinct(s.selectedPods).length;
    // Why the scheduler leaves them Pending, once per reason (the pods of a workload share one).
    const reasons = pendingReasons(s.selectedPods)
      .slice(0, 2)
      .map((r) => ` ${r}`)
      .join('');
    report({
      ...where(),
      code: this.code,
      message:
        `Selector ${formatSelector(s.selector)} matches ${selected} pod${selected === 1 ? '' : 's'}, ` +
        `none ready: ${podList(s.selectedPods, (p) => why(cluster, p))}.${reasons} kube-proxy has no ` +
        `endpoint for it.`,
      related: workloadsOf(ctx, s.selectedPods).map(labelsOf),
    });
  },
});

/** Whether any EndpointSlice of the Service holds a ready endpoint (what kube-proxy and a data plane send to). */
export function hasReadyEndpoint(s: Service): boolean {
  return s.endpointSlices.some((slice) => slice.endpoints.some((e) => e.conditions.ready));
}

/**
 * podutil.FindPort: a named targetPort resolves per pod to the first container port with that name
 * and the Service port's protocol; a pod without one is left out of that port's endpoints.
 */
export const targetPortUnresolved = serviceRule({
  code: 'target-port-unresolved',
  defaultSeverity: 'warning',
  description:
    'A named targetPort that some or all selected pods do not declare (with that protocol): those pods get no traffic on the port.',
  checkOne(s, ctx, report) {
    const { cluster } = ctx;
    const byPort = unresolvedByPort(cluster);
    ctx.reads?.model(unresolvedByPort, byPort);
    for (const sp of s.ports) {
      const left = byPort.get(sp);
      if (!left || typeof sp.targetPort !== 'string') continue;
      const total = distinct(s.selectedPods).filter(
        (p) => p.ip && p.phase !== 'Succeeded' && p.phase !== 'Failed',
      ).length;
      const missing = distinct(left).length;
      const path = ['spec', 'ports', sp.index, 'targetPort'];
      report({
        ...at(cluster, s.resource, path),
        code: this.code,
        message:
          `targetPort "${sp.targetPort}" is not a ${sp.protocol} container port name on ` +
          (missing === total
            ? `any of the ${total} selected pod${total === 1 ? '' : 's'}`
            : `${missing} of ${total} selected pods`) +
          `; left out of port ${sp.port}: ${podList(left)}`,
        related: workloadsOf(ctx, left).map((w) =>
          related(w.resource, [...podTemplatePath(w.kind), 'spec', 'containers'], `${workloadRef(w)} containers`),
        ),
        fixes: unresolvedFixes(ctx, s, sp, left),
      });
    }
  },
});

/** Pods left out of each Service port, per cluster.unresolvedPorts list (an incremental rebuild keeps the list). */
function unresolvedByPort(cluster: Cluster): Map<ServicePort, Pod[]> {
  let byPort = unresolvedIndex.get(cluster.unresolvedPorts);
  if (!byPort) {
    byPort = new Map();
    for (const u of cluster.unresolvedPorts) groupInto(byPort, u.servicePort, u.pod);
    unresolvedIndex.set(cluster.unresolvedPorts, byPort);
  }
  return byPort;
}

const unresolvedIndex = new WeakMap<readonly unknown[], Map<ServicePort, Pod[]>>();

function unresolvedFixes(ctx: RuleContext, s: ManifestedService, sp: ServicePort, left: Pod[]): Fix[] {
  const fixes: Fix[] = [];
  // Names every left-out pod declares with the right protocol: using one makes them all resolve.
  const named = (p: Pod) => new Set(p.ports.filter((c) => c.protocol === sp.protocol && c.name).map((c) => c.name!));
  const common = left.map(named).reduce((a, b) => new Set([...a].filter((n) => b.has(n))));
  for (const name of [...common].slice(0, 3)) {
    const edit = replaceValue(s.resource, ['spec', 'ports', sp.index, 'targetPort'], name);
    if (edit) fixes.push({ title: `Use container port name "${name}"`, edits: [edit], preferred: fixes.length === 0 });
  }
  // Or name the port: each workload whose pods declare exactly one unnamed port of that protocol.
  const edits: TextEdit[] = [];
  for (const w of workloadsOf(ctx, left)) {
    const candidates = (w.pods[0]?.ports ?? []).filter((c) => c.protocol === sp.protocol);
    const only = candidates.length === 1 && !candidates[0].name ? candidates[0] : undefined;
    if (!only) return fixes;
    const edit = prependPair(
      w.resource,
      [...podTemplatePath(w.kind), 'spec', only.containerField, only.containerIndex, 'ports', only.portIndex],
      'name',
      String(sp.targetPort),
    );
    if (!edit) return fixes;
    edits.push(edit);
  }
  if (edits.length)
    fixes.push({ title: `Name the container port "${sp.targetPort}"`, edits, preferred: fixes.length === 0 });
  return fixes;
}

/**
 * A numeric targetPort is used as is (FindPort returns it without looking at the pod): legal even
 * when no container declares it, but traffic then goes to a port nothing may listen on. A hint:
 * containerPort is informational (the Pod API: "Not specifying a port here DOES NOT prevent that
 * port from being exposed"), and programs often listen on ports set by args or config alone.
 */
export const targetPortNotDeclared = serviceRule({
  code: 'target-port-not-declared',
  defaultSeverity: 'hint',
  description: 'A numeric targetPort that no selected container declares as a containerPort.',
  checkOne(s, ctx, report) {
    const { cluster } = ctx;
    if (!s.selectedPods.length || s.type === 'ExternalName') return;
    for (const sp of s.ports) {
      if (typeof sp.targetPort !== 'number') continue;
      // Pods that declare no ports at all are common and legal; only a declared set that misses it is a likely slip.
      if (!s.selectedPods.some((p) => p.ports.length)) continue;
      if (
        s.selectedPods.some((p) => p.ports.some((c) => c.containerPort === sp.targetPort && c.protocol === sp.protocol))
      )
        continue;
      if (workloadsOf(ctx, s.selectedPods).some((w) => configuredPort(w, sp.targetPort as number))) continue;
      if (!likelySlip(s.selectedPods, sp.targetPort, sp.protocol)) continue;
      const declared = [
        ...new Set(s.selectedPods.flatMap((p) => p.ports.map((c) => `${c.containerPort}/${c.protocol}`))),
      ];
      const path = ['spec', 'ports', sp.index, 'targetPort'];
      report({
        // A defaulted targetPort (= port) is pointed at on `port`.
        ...at(cluster, s.resource, hasField(s.resource, path) ? path : ['spec', 'ports', sp.index, 'port']),
        code: this.code,
        message:
          `targetPort ${sp.targetPort}/${sp.protocol} is not a declared containerPort of the selected ` +
          `pods (they declare ${shortList(declared)}); traffic goes to port ${sp.targetPort} whether or ` +
          `not anything listens there.`,
        related: workloadsOf(ctx, s.selectedPods).map((w) =>
          related(w.resource, [...podTemplatePath(w.kind), 'spec', 'containers'], `${workloadRef(w)} containers`),
        ),
      });
    }
  },
});

/**
 * Whether the declarations make an undeclared target a likely mistake rather than a port the
 * program serves without declaring it (multi-port images, such as Jaeger's all-in-one, declare a
 * few of theirs): the target is a container's hostPort (the node's port, which pod-IP traffic never
 * reaches: hostPort and containerPort confused), or every selected pod declares exactly one port
 * of the Service port's protocol, which is then the port the program listens on.
 */
function likelySlip(pods: readonly Pod[], target: number, protocol: string): boolean {
  if (pods.some((p) => !p.hostNetwork && p.hostPorts?.some((h) => h.port === target))) return true;
  return pods.every((p) => p.ports.filter((c) => c.protocol === protocol).length === 1);
}

/**
 * Whether the pod spec says the program listens on `port` without declaring it: the number as a
 * word of an argument, command or env value (`--port 18080`, `--listen=:18080`), or as a probe's
 * port (the kubelet probes the port the program serves).
 */
const CONFIG_KEYS = new Set(['args', 'command', 'value']);

function configuredPort(w: Workload, port: number): boolean {
  const word = new RegExp(`(^|[^0-9])${port}([^0-9]|$)`);
  return (
    findValue(
      get(w.resource.object, [...podTemplatePath(w.kind), 'spec']),
      (v, key) =>
        (typeof v === 'string' && CONFIG_KEYS.has(key!) && word.test(v)) ||
        (key === 'port' && (v === port || v === String(port))) ||
        undefined,
    ) ?? false
  );
}

/**
 * syncService selects by labels alone: pods of several workloads behind one Service share its
 * traffic. That is the design of canaries and versioned rollouts (workloads whose pod labels differ
 * only in a version-like label), and two workloads with identical pod labels are one app written
 * twice (alternative installs: no selector could tell them apart); reported only when the selected
 * workloads are different apps by their labels, the sign of a selector broader than meant.
 */
export const selectorSpansWorkloads = serviceRule({
  code: 'selector-spans-workloads',
  defaultSeverity: 'information',
  description:
    'One Service selects pods of several workloads whose labels differ beyond a version or track: a selector broader than one app.',
  checkOne(s, ctx, report) {
    const { cluster } = ctx;
    if (!s.selector) return;
    // Bare Pods sharing labels are one app run by hand, not several workloads competing for traffic.
    const workloads = workloadsOf(ctx, s.selectedPods).filter((w) => w.kind !== 'Pod');
    if (workloads.length < 2 || versionsOfOneApp(workloads)) return;
    report({
      ...at(cluster, s.resource, ['spec', 'selector'], 'key'),
      code: this.code,
      message:
        `Selector ${formatSelector(s.selector)} selects pods of ${workloads.length} workloads: ` +
        `${workloads.map(workloadRef).join(', ')}; traffic is spread over all of them.`,
      related: workloads.map(labelsOf),
    });
  },
});

/**
 * Label keys that name a version or a release track (the Kubernetes recommended app.kubernetes.io/version, Istio's
 * version, the docs' canary track).
 */
function versionKey(key: string): boolean {
  return key === 'version' || key === 'track' || key.endsWith('/version');
}

/** v1, 2, v1.2.3, v2-mysql, 1.0.0-rc1, or a release-track word. */
const VERSION_VALUE =
  /^(v?\d+([.\-+_][0-9A-Za-z.\-_]*)?|canary|stable|baseline|primary|secondary|blue|green|preview|latest|next|alpha|beta)$/i;

/**
 * Whether every label on which the workloads' pod templates differ (present on some, or with other
 * values) is version-like (a version key, or only version-like values) or numbers the members of
 * one set (`pxc-node1`, `pxc-node2`: a cluster's nodes, shards, written out one workload each).
 * Identical labels count too.
 */
function versionsOfOneApp(workloads: readonly Workload[]): boolean {
  const keys = new Set(workloads.flatMap((w) => Object.keys(w.templateLabels)));
  for (const key of keys) {
    const values = workloads.map((w) =>
      Object.prototype.hasOwnProperty.call(w.templateLabels, key) ? w.templateLabels[key] : undefined,
    );
    if (values.every((v) => v === values[0]) || versionKey(key)) continue;
    if (values.every((v) => v === undefined || VERSION_VALUE.test(v))) continue;
    if (membersOfOneSet(values)) continue;
    return false;
  }
  return true;
}

/** Values that all differ only in a trailing number, on one stem: `db-0`, `db-1`; `node1`, `node2`. */
function membersOfOneSet(values: readonly (string | undefined)[]): boolean {
  const stems = values.map((v) => (v === undefined ? undefined : /^(.*?[^\d])[-_.]?\d+$/.exec(v)?.[1]));
  return stems.every((s) => s !== undefined && s === stems[0]);
}

/**
 * Without a selector the controllers manage no endpoints (`selector: {}` is the same as none,
 * kubernetes#25836); kube-proxy only has what EndpointSlices or Endpoints someone else writes.
 */
export const noEndpoints = serviceRule({
  code: 'no-endpoints',
  defaultSeverity: 'information',
  description: 'A Service without a selector and without EndpointSlices or Endpoints in the workspace.',
  checkOne(s, ctx, report) {
    const { cluster } = ctx;
    if (s.selector || s.type === 'ExternalName' || s.endpointSlices.length) return;
    const hasSelectorKey = hasField(s.resource, ['spec', 'selector']);
    report({
      ...at(
        cluster,
        s.resource,
        hasSelectorKey ? ['spec', 'selector'] : ['metadata', 'name'],
        hasSelectorKey ? 'key' : 'value',
      ),
      code: this.code,
      message:
        `Service ${s.key} has ` +
        `${hasSelectorKey ? 'an empty selector (the same as none)' : 'no selector'} and no EndpointSlice ` +
        `or Endpoints in the workspace: it has no endpoints unless something outside these manifests writes them.`,
    });
  },
});

/**
 * kube-proxy with externalTrafficPolicy Local sends node-port and load-balancer traffic only to
 * endpoints on the receiving node and drops it elsewhere (KUBE-EXT chain has no fallback); with
 * internalTrafficPolicy Local a client pod reaches only endpoints on its own node (topology.go).
 * A LoadBalancer Service is not reported for externalTrafficPolicy Local: the cloud load balancer
 * health-checks spec.healthCheckNodePort, which kube-proxy answers 200 only on nodes with a local
 * ready endpoint (pkg/proxy/healthcheck), so its traffic never reaches the others. That is the
 * point of the setting (keep the client IP, no second hop); only a direct connection to a node
 * port of such a node drops, which the hover on the field says.
 */
export const localPolicyDrops = serviceRule({
  code: 'local-policy-drops',
  defaultSeverity: 'information',
  description: 'A Local traffic policy with nodes that have no local endpoint: traffic arriving there is dropped.',
  checkOne(s, ctx, report) {
    const { cluster } = ctx;
    const externalLocal = s.externalTrafficPolicy === 'Local' && s.type !== 'LoadBalancer';
    // Listing the nodes without an endpoint is per node: only for a Service with a Local policy
    // (done for every Service it made the rule Services × nodes, the cold run's largest superlinear cost at 50k).
    if (!externalLocal && s.internalTrafficPolicy !== 'Local') return;
    const readyNodes = new Set(
      s.endpointSlices.flatMap((x) =>
        x.endpoints.filter((e) => e.conditions.ready && e.nodeName).map((e) => e.nodeName!),
      ),
    );
    if (!readyNodes.size) return;
    const empty = cluster.config.nodes.map((n) => n.name).filter((n) => !readyNodes.has(n));
    if (!empty.length) return;
    const nodes = shortList(empty);
    if (externalLocal) {
      const arriving = [
        ...(s.type === 'NodePort' ? ['node port'] : []),
        ...(s.externalIPs.length ? ['external IPs'] : []),
      ];
      report({
        ...at(cluster, s.resource, ['spec', 'externalTrafficPolicy']),
        code: this.code,
        message:
          `externalTrafficPolicy: Local: ${nodes} ${empty.length === 1 ? 'has' : 'have'} no ready ` +
          `endpoint, so external traffic arriving there (${arriving.join(', ')}) is dropped; ` +
          `only ${[...readyNodes].sort().join(', ')} ${readyNodes.size === 1 ? 'answers' : 'answer'}.`,
      });
    }
    if (s.internalTrafficPolicy === 'Local') {
      report({
        ...at(cluster, s.resource, ['spec', 'internalTrafficPolicy']),
        code: this.code,
        message: `internalTrafficPolicy: Local: pods on ${nodes} have no local endpoint, so their connections to the ClusterIP are dropped.`,
      });
    }
  },
});
