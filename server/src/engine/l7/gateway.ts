import { locationOf } from '../manifest/locate';
import type { Cluster } from '../model/cluster';
import type { TraceStep } from '../proxy/types';
import type { Location } from '../types';
import { attachments } from './attachment';
import { resolveBackend } from './backends';
import { gatewayHostMatches, hostnameRank, isWildcard } from './hostnames';
import {
  compareRanks,
  grpcMatchesRequest,
  grpcMatchRank,
  matchesRequest,
  matchRank,
  regexPatterns,
  regexProblems,
  routeOrder,
} from './matching';
import type { EntryPoints, Gateway, HTTPRoute, Listener, RouteMatch, RouteRule } from './objects';
import type { HttpRequest } from './request';
import { applyRuleFilters } from './rule-filters';
import type { BackendChoice, EntryDecision } from './types';

/**
 * A request at a Gateway: the listener on the connection's port whose hostname is the most
 * specific match of the Host (listeners are isolated: only routes attached to that listener
 * apply), then, across every HTTPRoute attached to it (GRPCRoute for a gRPC call), the match with
 * the highest precedence (HTTPRouteRule.Matches, GRPCRouteRule.Matches), its rule's filters and backends.
 */
export function routeAtGateway(
  cluster: Cluster,
  entry: EntryPoints,
  gateway: Gateway,
  request: HttpRequest,
): EntryDecision {
  const base = {
    request: { host: request.host, target: request.target, headers: request.headers },
    choices: [],
    listenerPort: request.port,
    invalidStatus: 500,
  };
  const protocol = request.scheme === 'https' ? 'HTTPS' : 'HTTP';
  const onPort = gateway.listeners.filter((l) => l.port === request.port && l.protocol === protocol);
  const at = (path: (string | number)[]) => where(locationOf(gateway.resource, path));
  const start: TraceStep = {
    kind: 'source',
    title:
      `Gateway ${gateway.key} (class ${gateway.className || 'unset'}) receives ${request.method} ` +
      `${request.scheme}://${request.host}${request.target} on port ${request.port}`,
    ...at(['metadata', 'name']),
  };
  if (!onPort.length) {
    const message = `Gateway ${gateway.key} has no ${protocol} listener on port ${request.port}: the connection is refused`;
    return {
      ...base,
      steps: [start, { kind: 'fail', title: message, ...at(['spec', 'listeners']) }],
      answer: { status: 0, message },
    };
  }
  const listener = mostSpecificListener(onPort, request.hostname);
  if (!listener) {
    const message = `No listener on port ${request.port} accepts host ${request.hostname || '(none)'}: 404`;
    return {
      ...base,
      steps: [start, { kind: 'fail', title: message, ...at(['spec', 'listeners']) }],
      answer: { status: 404, message },
    };
  }
  const steps: TraceStep[] = [
    start,
    {
      kind: 'destination',
      title: `Listener ${listener.name} (port ${listener.port}, ${listener.hostname ? `hostname ${listener.hostname}` : 'any hostname'})`,
      detail: 'Listeners are isolated: only routes attached to the most specific listener matching the Host apply.',
      ...at(['spec', 'listeners', listener.index]),
    },
  ];
  // "Merging MUST not be done between GRPCRoutes and HTTPRoutes" (GRPCRouteRule.Matches): a gRPC call meets the GRPCRoutes only.
  const kind = request.grpc ? 'GRPCRoute' : 'HTTPRoute';
  const matches = request.grpc ? grpcMatchesRequest : matchesRequest;
  const rank = request.grpc ? grpcMatchRank : matchRank;
  const attached = attachments(entry)
    .filter((a) => a.gateway === gateway && a.route.kind === kind)
    .flatMap((a) => a.listeners.filter((l) => l.listener === listener).map((l) => ({ a, hostnames: l.hostnames })));
  const eligible = attached.flatMap(({ a, hostnames }) => {
    const host = hostnames.length
      ? hostnames
          .filter((h) => gatewayHostMatches(h, request.hostname))
          .sort((x, y) => compareRanks(hostnameRank(x), hostnameRank(y)))[0]
      : undefined;
    return hostnames.length && host === undefined ? [] : [{ a, host }];
  });
  steps.push(...unreadableRegexSteps(eligible.map((e) => e.a.route)));
  const candidates = eligible.flatMap(({ a, host }) =>
    a.route.rules.flatMap((rule) =>
      rule.matches.filter((m) => matches(m, request)).map((match) => ({ a, rule, match, host })),
    ),
  );
  candidates.sort(
    (x, y) =>
      compareRanks(hostnameRank(x.host), hostnameRank(y.host)) ||
      compareRanks(rank(x.match), rank(y.match)) ||
      routeOrder(x.a.route, y.a.route) ||
      x.rule.index - y.rule.index ||
      x.match.index - y.match.index,
  );
  const best = candidates.at(0);
  if (!best) {
    const message =
      `No rule of the ${new Set(attached.map((x) => x.a.route.key)).size} ${kind}(s) ` +
      `attached to listener ${listener.name} matches ${request.method} ` +
      `${request.hostname || '(no host)'}${request.target}: ` +
      `404${request.grpc ? ' (gRPC status UNIMPLEMENTED)' : ''}`;
    return { ...base, steps: [...steps, { kind: 'fail', title: message }], answer: { status: 404, message } };
  }
  const { route, rule, match } = { route: best.a.route, rule: best.rule, match: best.match };
  steps.push({
    kind: 'rule',
    title: `${route.kind} ${route.key} rule ${rule.index}${rule.name ? ` (${rule.name})` : ''}: ${describeMatch(match)}`,
    ...detail([
      candidates.length > 1
        ? `${candidates.length} matches apply; precedence (` +
          (request.grpc
            ? 'hostname, then the longest service, method, headers'
            : 'hostname, then Exact path, longest prefix, method, headers, query params') +
          ', oldest route, name, rule order) picks this one.'
        : '',
      regexPatterns(match).length ? RE2_NOTE : '',
    ]),
    ...where(
      locationOf(
        route.resource,
        match.implicit ? ['spec', 'rules', rule.index] : ['spec', 'rules', rule.index, 'matches', match.index],
      ),
    ),
  });
  const decision: EntryDecision = {
    ...base,
    steps,
    route: { kind: route.kind, key: route.key, rule: rule.index },
    choices: backendChoices(cluster, entry, route, rule),
    ...(match.path.type === 'PathPrefix' && !match.grpc ? { matchedPrefix: match.path.value } : {}),
    // "If all entries in BackendRefs are invalid … MUST receive an UNAVAILABLE status" (GRPCRouteRule.BackendRefs): HTTP 503 in gRPC's mapping.
    ...(request.grpc ? { invalidStatus: 503 } : {}),
  };
  return applyRuleFilters(decision, request, route.resource, ['spec', 'rules', rule.index], rule.filters);
}

const where = (loc: Location | undefined) => (loc ? { location: loc } : {});
const detail = (parts: string[]) => (parts.some(Boolean) ? { detail: parts.filter(Boolean).join(' ') } : {});

const RE2_NOTE =
  'RegularExpression matches are read as RE2 against the whole value, as Envoy-based ' +
  'implementations (Envoy Gateway, Istio, Contour) match them; the Gateway API leaves the dialect ' +
  'implementation-specific.';

/** At most this many unreadable expressions are listed in a trace. */
const SHOWN_REGEX_PROBLEMS = 3;

/**
 * Matches whose RegularExpression RE2 rejects (or kroute cannot evaluate) never match in kroute's
 * trace: said once per match, so a request that falls through to another rule or a 404 shows why.
 */
function unreadableRegexSteps(routes: readonly HTTPRoute[]): TraceStep[] {
  const found = [...new Set(routes)].flatMap((route) =>
    route.rules.flatMap((rule) =>
      rule.matches.flatMap((match) => regexProblems(match).map((problem) => ({ route, rule, match, problem }))),
    ),
  );
  return found.slice(0, SHOWN_REGEX_PROBLEMS).map(({ route, rule, match, problem }, i) => ({
    kind: 'rule',
    title: `${route.kind} ${route.key} rule ${rule.index} match ${match.index} never matches here: ${problem}`,
    detail:
      `${RE2_NOTE} An implementation that validates the expression does not accept such a rule.` +
      (i === SHOWN_REGEX_PROBLEMS - 1 && found.length > SHOWN_REGEX_PROBLEMS
        ? ` (${found.length - SHOWN_REGEX_PROBLEMS} more such matches are not listed.)`
        : ''),
    ...where(locationOf(route.resource, ['spec', 'rules', rule.index, 'matches', match.index])),
  }));
}

/** Exact hostname first, then the longest wildcard, then a listener without hostname. */
function mostSpecificListener(listeners: Listener[], host: string): Listener | undefined {
  const fits = listeners.filter((l) => !l.hostname || gatewayHostMatches(l.hostname, host));
  const rank = (l: Listener) =>
    !l.hostname ? 0 : isWildcard(l.hostname) ? l.hostname.length : 1000 + l.hostname.length;
  return fits.sort((a, b) => rank(b) - rank(a) || a.index - b.index)[0];
}

function describeMatch(m: RouteMatch): string {
  const grpc =
    m.grpc &&
    (m.implicit
      ? 'no matches (every gRPC call)'
      : `method ${m.grpc.type} ${m.grpc.service ?? '*'}/${m.grpc.method ?? '*'}`);
  const parts = [
    grpc ?? (m.implicit ? 'no matches (every request: PathPrefix /)' : `path ${m.path.type} ${m.path.value}`),
  ];
  if (m.method) parts.push(`method ${m.method}`);
  for (const h of m.headers) parts.push(`header ${h.name} ${h.type === 'Exact' ? '=' : '~'} ${h.value}`);
  for (const q of m.queryParams) parts.push(`query ${q.name} ${q.type === 'Exact' ? '=' : '~'} ${q.value}`);
  return parts.join(', ');
}

function backendChoices(cluster: Cluster, entry: EntryPoints, route: HTTPRoute, rule: RouteRule): BackendChoice[] {
  return rule.backendRefs.map((ref) => {
    const r = resolveBackend(cluster, entry, route, ref);
    return {
      label: `${ref.namespace}/${ref.name}`,
      weight: ref.weight,
      filters: ref.filters,
      owner: route.resource,
      field: ['spec', 'rules', rule.index, 'backendRefs', ref.index],
      ...(r.ok ? { service: r.service, port: r.port } : { invalid: `${r.reason}: ${r.message}` }),
    };
  });
}
