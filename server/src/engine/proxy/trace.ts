import type { Cluster } from '../model/cluster';
import { pendingReasons } from '../model/scheduling';
import { withPolicies } from '../netpol/trace';
import { podsAt } from './addresses';
import { traceRules } from './demand';
import type { NodeRules, ProxyOptions } from './generate';
import { podByKey, podLabels, podPort, serviceField, servicePortField } from './locations';
import { parseDestination, parseSource, plan, resolveClients, type Client, type Plan } from './route';
import type { ProxyEndpoint } from './endpoints';
import type { Rule } from './rules';
import type { EndpointCandidate, Trace, TraceOptions, TraceOutcome, TraceSource, TraceStep } from './types';
import { composeShares, explore, replay, seededRandom, walk, type Packet, type WalkResult } from './walk';

/** A node's rules for walks: traceRules (what the walks need) unless a caller wants all of them (nodeRules), which walk alike. */
export type RulesFor = (cluster: Cluster, node: string, options: ProxyOptions) => NodeRules;

/**
 * A connection's route from a source to a destination through the simulated cluster: DNS, the
 * address it targets, every kube-proxy rule it matches on the client's node (the same rules
 * `iptablesSave` prints), the endpoint it reaches and what the client sees.
 * Throws ProxyError for a source or destination that does not parse or does not exist.
 */
export function trace(
  cluster: Cluster,
  source: TraceSource | string,
  destination: string,
  options: TraceOptions = {},
  rulesFor: RulesFor = traceRules,
): Trace {
  const src = typeof source === 'string' ? parseSource(source) : source;
  const dest = { ...parseDestination(destination), ...(options.protocol ? { protocol: options.protocol } : {}) };
  const client = resolveClients(cluster, src)[0];
  const { location, description, ip, node, namespace } = client;
  const start: TraceStep = {
    kind: 'source',
    title: client.srcLocal || namespace === undefined ? description : `${description} (${ip}) on ${node}`,
    node,
    ...(location ? { location } : {}),
  };
  const head = {
    source: {
      description,
      ip,
      node,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(location ? { location } : {}),
    },
    destination,
  };
  const p = plan(cluster, client, dest);
  if (p.outcome) return { ...head, steps: [start, ...p.steps], outcome: p.outcome };
  const rules = rulesFor(cluster, client.node, options);
  const random = seededRandom(options.seed ?? 1);
  const packet = firstPacket(client, p, Math.floor(random() * 28232) + 32768);
  const branches = explore((choose) => walk(rules, client.hook, packet, { choose, recent: new Map() }));
  // Follow one path, chosen with the path probabilities (the seed makes it repeatable).
  let r = random();
  const chosen = branches.find((b) => (r -= b.probability) < 0) ?? branches[branches.length - 1];
  const matched: Rule[] = [];
  const result = walk(rules, client.hook, packet, {
    choose: replay(chosen.choices),
    recent: new Map(),
    onMatch: (rule) => matched.push(rule),
  });
  const steps = [start, ...p.steps, ...matched.flatMap((rule) => ruleSteps(cluster, rules, rule, result))];
  const lookedUp = p.steps.some((s) => s.kind === 'dns' && s.dns?.answer.type === 'A');
  const dnat = matched.filter((rule) => rule.role === 'dnat').pop();
  const decided = withPolicies(cluster, client, outcomeOf(cluster, rules, client, p, result, dnat), packet, lookedUp);
  steps.push(...decided.steps);
  return { ...head, steps, outcome: decided.outcome };
}

export function firstPacket(client: Client, p: Plan, srcPort: number): Packet {
  return {
    src: client.ip,
    srcPort,
    dst: p.packet!.dst,
    dport: p.packet!.dport,
    protocol: p.packet!.protocol,
    srcLocal: client.srcLocal,
    mark: 0,
  };
}

function candidates(
  cluster: Cluster,
  rules: NodeRules,
  chain: string,
  chosen: string | undefined,
): EndpointCandidate[] {
  const balance = (rules.rules.nat.get(chain) ?? []).filter((r) => r.role === 'balance');
  const shares = composeShares(balance.map((r) => probabilityOf(r)));
  const port = rules.ports.find((p) => p.service.key === balance[0]?.service && p.port.index === balance[0]?.portIndex);
  return balance.map((r, i) => {
    const ep = port?.endpoints.find((e) => e.address === r.endpoint);
    const pod = podByKey(cluster, ep?.pod);
    const text = r.matches.find((m) => m.kind === 'statistic');
    return {
      address: r.endpoint!,
      ...(ep?.pod ? { pod: ep.pod } : {}),
      ...(ep?.nodeName ? { node: ep.nodeName } : {}),
      local: !!ep?.local,
      chain: r.target?.kind === 'jump' ? r.target.chain : '',
      rule: r.text,
      ...(text?.kind === 'statistic' ? { probability: text.text } : {}),
      share: shares[i],
      chosen: r.endpoint === chosen,
      ...(pod ? { location: podLabels(pod) } : {}),
    };
  });
}

function probabilityOf(r: Rule): number | undefined {
  const m = r.matches.find((x) => x.kind === 'statistic');
  return m?.kind === 'statistic' ? m.probability : undefined;
}

/** How a matched rule reads as trace steps (bookkeeping rules such as the MARK itself add none). */
function ruleSteps(cluster: Cluster, rules: NodeRules, rule: Rule, result: WalkResult): TraceStep[] {
  const service = rule.service ? cluster.servicesByKey.get(rule.service) : undefined;
  const port = service && rule.portIndex !== undefined ? service.ports[rule.portIndex] : undefined;
  const base = { node: rules.node.name, table: rule.table, chain: rule.chain, rule: rule.text };
  const at = (loc: ReturnType<typeof serviceField>) => (loc ? { location: loc } : {});
  const name = port && service ? `${service.key}${port.name ? `:${port.name}` : ''}` : (rule.service ?? '');
  const jumpTo = rule.target?.kind === 'jump' ? rule.target.chain : '';
  switch (rule.role) {
    case 'cluster-ip':
      return [
        {
          kind: 'rule',
          ...base,
          title: `${rule.chain}: ClusterIP of ${name} → ${jumpTo}`,
          ...at(port && servicePortField(service!, port)),
        },
      ];
    case 'external-ip':
      return [
        {
          kind: 'rule',
          ...base,
          title: `${rule.chain}: external IP of ${name} → ${jumpTo}`,
          ...at(service && serviceField(service, ['spec', 'externalIPs'])),
        },
      ];
    case 'load-balancer-ip':
      return [
        {
          kind: 'rule',
          ...base,
          title: `${rule.chain}: load balancer IP of ${name} → ${jumpTo}`,
          ...at(service && serviceField(service, ['spec', 'type'])),
        },
      ];
    case 'node-port':
    case 'node-port-localhost':
      return [
        {
          kind: 'rule',
          ...base,
          title: `${rule.chain}: NodePort ${port?.nodePort} of ${name} → ${jumpTo}`,
          ...at(port && servicePortField(service!, port, 'nodePort')),
        },
      ];
    case 'node-ports-jump':
      return [{ kind: 'rule', ...base, title: `${rule.chain}: destination is this node's address → KUBE-NODEPORTS` }];
    case 'masquerade-off-cluster':
      return [
        {
          kind: 'masquerade',
          ...base,
          title: 'Marked for masquerade: the client is outside the cluster CIDR',
          detail: `Clients outside ${rules.clusterCIDR} may be forwarded to another node, so their source is rewritten to this node's IP.`,
        },
      ];
    case 'masquerade-external':
      return [
        {
          kind: 'masquerade',
          ...base,
          title: 'Marked for masquerade: externalTrafficPolicy Cluster',
          detail:
            'The endpoint may be on another node; the reply must come back through this one, so the client IP is replaced by the node IP.',
          ...at(service && serviceField(service, ['spec', 'externalTrafficPolicy'])),
        },
      ];
    case 'external-pod-traffic':
      return [
        {
          kind: 'rule',
          ...base,
          title: `Pod traffic to an external address of ${name} goes to ${jumpTo} (any endpoint)`,
          detail:
            'Short-circuit: as if through the load balancer, so externalTrafficPolicy Local does not apply to pods.',
        },
      ];
    case 'external-local-masquerade':
      return [
        {
          kind: 'masquerade',
          ...base,
          title: 'Marked for masquerade: the node itself connects to an external address',
        },
      ];
    case 'external-local-route':
      return [{ kind: 'rule', ...base, title: `Traffic from the node goes to ${jumpTo} (any endpoint)` }];
    case 'external-policy':
      return [
        {
          kind: 'rule',
          ...base,
          title:
            `${rule.chain} → ${jumpTo}` +
            (jumpTo.startsWith('KUBE-SVL-')
              ? " (externalTrafficPolicy Local: this node's endpoints only, client IP preserved)"
              : ''),
          ...at(service && serviceField(service, ['spec', 'externalTrafficPolicy'])),
        },
      ];
    case 'firewall-allow':
      return [
        {
          kind: 'rule',
          ...base,
          title: `Source ${result.packet.src} is in loadBalancerSourceRanges → ${jumpTo}`,
          ...at(service && serviceField(service, ['spec', 'loadBalancerSourceRanges'])),
        },
      ];
    case 'firewall-end':
      return [
        {
          kind: 'rule',
          ...base,
          title: `Source ${result.packet.src} is not in loadBalancerSourceRanges: KUBE-PROXY-FIREWALL will drop it`,
          ...at(service && serviceField(service, ['spec', 'loadBalancerSourceRanges'])),
        },
      ];
    case 'affinity':
      return [
        {
          kind: 'balance',
          ...base,
          title: `Session affinity: ${result.packet.src} was sent to ${rule.endpoint} before → stays there`,
          candidates: candidates(cluster, rules, rule.chain, rule.endpoint),
          ...at(service && serviceField(service, ['spec', 'sessionAffinity'])),
        },
      ];
    case 'balance': {
      const list = candidates(cluster, rules, rule.chain, rule.endpoint);
      const mine = list.find((c) => c.chosen);
      return [
        {
          kind: 'balance',
          ...base,
          title:
            `${rule.chain} picks ${rule.endpoint}: ${((mine?.share ?? 1) * 100).toFixed(1)}% of new ` +
            `connections go there (${list.length} endpoint${list.length === 1 ? '' : 's'})`,
          detail: rule.chain.startsWith('KUBE-SVL-')
            ? 'Local traffic policy: only endpoints on this node.'
            : 'Each rule matches with probability 1/(number of rules left), so every endpoint gets an equal share.',
          candidates: list,
        },
      ];
    }
    case 'hairpin':
      return [
        {
          kind: 'masquerade',
          ...base,
          title: 'Marked for masquerade: hairpin (the endpoint connects to itself through the Service)',
        },
      ];
    case 'dnat': {
      const ep = endpointOf(rules, rule);
      const pod = podByKey(cluster, ep?.pod);
      return [
        {
          kind: 'dnat',
          ...base,
          title: `DNAT to ${rule.endpoint}${ep?.pod ? ` (pod ${ep.pod}${ep.nodeName ? ` on ${ep.nodeName}` : ''})` : ''}`,
          ...(service?.sessionAffinity === 'ClientIP'
            ? {
                detail: `Remembers ${result.packet.src} for ${service.affinityTimeoutSeconds}s (sessionAffinity ClientIP).`,
              }
            : {}),
          ...(pod && result.packet.dnat
            ? { location: podPort(pod, result.packet.dnat.port, result.packet.protocol) }
            : {}),
        },
      ];
    }
    case 'no-endpoints':
    case 'no-local-endpoints':
    case 'firewall-drop':
      return [];
    case 'health-check':
    case 'fixed':
      return rule.target?.kind === 'verdict' && rule.target.verdict === 'MASQUERADE' && result.masqueraded
        ? [
            {
              kind: 'masquerade',
              ...base,
              title: `Masqueraded: the source becomes ${rules.node.ip} (node ${rules.node.name})`,
            },
          ]
        : [];
  }
}

/** The endpoint a balance or DNAT rule is about, as its Service port lists it. */
function endpointOf(rules: NodeRules, rule: Rule | undefined): ProxyEndpoint | undefined {
  return rules.ports
    .find((p) => p.service.key === rule?.service && p.port.index === rule.portIndex)
    ?.endpoints.find((e) => e.address === rule!.endpoint);
}

/** `dnat`: the rule that rewrote the destination, when one did. */
function outcomeOf(
  cluster: Cluster,
  rules: NodeRules,
  client: Client,
  p: Plan,
  result: WalkResult,
  dnatRule: Rule | undefined,
): { step: TraceStep; outcome: TraceOutcome } {
  const node = rules.node.name;
  const target = `${p.packet!.dst}:${p.packet!.dport}`;
  if (result.verdict !== 'delivered') {
    const rule = result.rule!;
    const refused = result.verdict === 'rejected';
    const pending =
      rule.role === 'no-endpoints'
        ? pendingReasons(cluster.servicesByKey.get(rule.service ?? '')?.selectedPods ?? [])
        : [];
    const why =
      rule.role === 'no-endpoints'
        ? `${rule.service} has no ready endpoints${pending.length ? `: its pods are Pending. ${pending.slice(0, 2).join(' ')}` : ''}`
        : rule.role === 'firewall-drop'
          ? `${result.packet.src} is not in ${rule.service}'s loadBalancerSourceRanges`
          : `${rule.service} has externalTrafficPolicy or internalTrafficPolicy Local and no ready endpoint on ${node}`;
    const message = refused
      ? `Connection refused at once (REJECT): ${why}`
      : `No answer; the connection times out (DROP): ${why}`;
    const service = rule.service ? cluster.servicesByKey.get(rule.service) : undefined;
    const loc =
      service &&
      (rule.role === 'no-endpoints'
        ? serviceField(service, ['spec', 'selector'])
        : rule.role === 'firewall-drop'
          ? serviceField(service, ['spec', 'loadBalancerSourceRanges'])
          : serviceField(service, ['spec', 'externalTrafficPolicy']));
    return {
      step: {
        kind: 'fail',
        title: message,
        node,
        table: rule.table,
        chain: rule.chain,
        rule: rule.text,
        ...(loc ? { location: loc } : {}),
      },
      outcome: { kind: refused ? 'refused' : 'dropped', message },
    };
  }
  const seen = result.masqueraded ? rules.node.ip : client.ip;
  const dnat = result.packet.dnat;
  if (dnat) {
    const ep = endpointOf(rules, dnatRule);
    const pod = podByKey(cluster, ep?.pod);
    const declared =
      !pod ||
      pod.ports.some((c) => c.containerPort === dnat.port && c.protocol.toLowerCase() === result.packet.protocol);
    const message =
      `Delivered to ${dnat.ip}:${dnat.port}${ep?.pod ? ` (pod ${ep.pod} on ${ep.nodeName})` : ''}; ` +
      `the server sees the client as ${seen}`;
    return {
      step: {
        kind: 'deliver',
        title: message,
        ...(declared
          ? {}
          : {
              detail: `No container of ${ep!.pod} declares port ${dnat.port}: unless a process listens there anyway, the pod refuses the connection.`,
            }),
        ...(pod ? { location: podPort(pod, dnat.port, result.packet.protocol) } : {}),
      },
      outcome: {
        kind: 'delivered',
        message,
        endpoint: {
          address: `${dnat.ip}:${dnat.port}`,
          ...(ep?.pod ? { pod: ep.pod } : {}),
          ...(ep?.nodeName ? { node: ep.nodeName } : {}),
        },
        sourceSeenByServer: seen,
      },
    };
  }
  // A node's IP is also its hostNetwork pods' IP: one of them answers only on a port it declares.
  const pod = podsAt(cluster, p.packet!.dst).find(
    (x) => !x.hostNetwork || x.ports.some((c) => c.containerPort === p.packet!.dport),
  );
  if (pod) {
    const declared = pod.ports.some(
      (c) => c.containerPort === p.packet!.dport && c.protocol.toLowerCase() === p.packet!.protocol,
    );
    // Through a headless Service the port is the endpoint's (the Service's targetPort), as with a
    // DNAT: containerPort is informational, so an undeclared one is a caveat, not a refusal.
    const viaEndpoint = !declared && p.service?.headless === true;
    const message =
      declared || viaEndpoint
        ? `Delivered straight to pod ${pod.namespace}/${pod.name} (${target}) on ${pod.nodeName}, no kube-proxy rule involved; the pod sees ${seen}`
        : `Sent straight to pod ${pod.namespace}/${pod.name} (${target}), but no container declares port ` +
          `${p.packet!.dport}: connection refused unless something listens there`;
    return {
      step: {
        kind: declared || viaEndpoint ? 'deliver' : 'fail',
        title: message,
        location: podPort(pod, p.packet!.dport, p.packet!.protocol),
        ...(viaEndpoint
          ? {
              detail:
                `No container of ${pod.namespace}/${pod.name} declares port ${p.packet!.dport}: ` +
                `unless a process listens there anyway, the pod refuses the connection.`,
            }
          : {}),
      },
      outcome:
        declared || viaEndpoint
          ? {
              kind: 'delivered',
              message,
              endpoint: { address: target, pod: `${pod.namespace}/${pod.name}`, node: pod.nodeName },
              sourceSeenByServer: seen,
            }
          : { kind: 'not-served', message },
    };
  }
  const known = p.service !== undefined || cluster.config.nodes.some((n) => n.ip === p.packet!.dst);
  const message = known
    ? `No kube-proxy rule matches ${target}: nothing serves that port there (a ClusterIP is bound to ` +
      `no interface, so the connection times out; a node refuses it unless a host process listens)`
    : `${p.packet!.dst} is not an address of the simulated cluster: the packet leaves through the node's default route`;
  return { step: { kind: 'fail', title: message, node }, outcome: { kind: known ? 'not-served' : 'outside', message } };
}
