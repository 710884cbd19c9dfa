import { gatewayPrefixMatches, pathOnly } from './paths';
import { compileRe2, re2Matches } from './re2';
import { grpcMethodOf, queryParams, type HttpRequest } from './request';
import type { HeaderMatch, HTTPRoute, RouteMatch } from './objects';

/**
 * HTTPRouteMatch (`apis/v1/httproute_types.go`): every condition of one match must hold (AND);
 * the matches of a rule are alternatives (OR).
 * - path: Exact is case-sensitive string equality; PathPrefix element-wise; RegularExpression a full
 *   match in RE2 syntax (re2.ts: what RE2 rejects, or kroute cannot evaluate, matches nothing).
 * - headers (HTTPHeaderMatch): names case-insensitive; "If multiple entries specify equivalent
 *   header names, only the first entry with an equivalent name MUST be considered"; Exact values.
 * - queryParams (HTTPQueryParamMatch): names case-sensitive ("exact string match"), only the first
 *   entry of a name considered; a request with the name repeated is matched on its first value.
 * - method: exact.
 */
export function matchesRequest(m: RouteMatch, request: Pick<HttpRequest, 'target' | 'method' | 'headers'>): boolean {
  const path = pathOnly(request.target);
  const p = m.path;
  const pathOk =
    p.type === 'Exact'
      ? path === p.value
      : p.type === 'PathPrefix'
        ? gatewayPrefixMatches(p.value, path)
        : p.type === 'RegularExpression'
          ? re2Matches(p.value, path)
          : false;
  if (!pathOk) return false;
  if (m.method && m.method !== request.method) return false;
  if (!headersMatch(m.headers, request.headers)) return false;
  const params = queryParams(request.target);
  const seenParams = new Set<string>();
  for (const q of m.queryParams) {
    if (seenParams.has(q.name)) continue;
    seenParams.add(q.name);
    const value = params.find(([n]) => n === q.name)?.[1];
    if (value === undefined) return false;
    if (!(q.type === 'RegularExpression' ? re2Matches(q.value, value) : value === q.value)) return false;
  }
  return true;
}

/**
 * Header conditions (HTTPHeaderMatch, GRPCHeaderMatch): names case-insensitive, only the first
 * entry of a name considered, a repeated request header matched on its values joined with `,`.
 */
function headersMatch(conditions: readonly HeaderMatch[], headers: readonly [string, string][]): boolean {
  const seen = new Set<string>();
  for (const h of conditions) {
    const name = h.name.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    const values = headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
    if (!values.length) return false;
    const value = values.join(',');
    if (!(h.type === 'RegularExpression' ? re2Matches(h.value, value) : value === h.value)) return false;
  }
  return true;
}

/**
 * GRPCRouteMatch (`apis/v1/grpcroute_types.go`): the call's service and method (the path
 * `/package.Service/Method`) against GRPCMethodMatch, Exact or RegularExpression, each side only
 * when given ("At least one of Service and Method MUST be a non-empty string"; none: any call), and
 * the headers as for HTTP. Only gRPC calls match.
 */
export function grpcMatchesRequest(m: RouteMatch, request: Pick<HttpRequest, 'target' | 'headers' | 'grpc'>): boolean {
  const call = request.grpc ? grpcMethodOf(request.target) : undefined;
  if (!call || !m.grpc) return false;
  const fits = (want: string | undefined, got: string) =>
    want === undefined || (m.grpc!.type === 'RegularExpression' ? re2Matches(want, got) : want === got);
  return (
    fits(m.grpc.service, call.service) && fits(m.grpc.method, call.method) && headersMatch(m.headers, request.headers)
  );
}

/**
 * The precedence key of a GRPCRoute match (GRPCRouteRule.Matches): after the hostname, "the
 * largest number of: … Characters in a matching service. Characters in a matching method. Header
 * matches." Larger sorts first.
 */
export function grpcMatchRank(m: RouteMatch): number[] {
  return [m.grpc?.service?.length ?? 0, m.grpc?.method?.length ?? 0, m.headers.length];
}

/**
 * The precedence key of a match (HTTPRouteRule.Matches): "precedence must be given to the match
 * having: 'Exact' path match; 'Prefix' path match with largest number of characters; Method
 * match; Largest number of header matches; Largest number of query param matches." RegularExpression
 * precedence is implementation-specific: kroute ranks it between Exact and Prefix (by length), as
 * Envoy-based implementations do. Larger sorts first.
 */
export function matchRank(m: RouteMatch): number[] {
  const kind = m.path.type === 'Exact' ? 3 : m.path.type === 'RegularExpression' ? 2 : 1;
  return [kind, m.path.value.length, m.method ? 1 : 0, m.headers.length, m.queryParams.length];
}

/** Compares rank arrays: negative when `a` ranks higher. */
export function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** Ties across Routes: "The oldest Route based on creation timestamp", then "alphabetical order by {namespace}/{name}". */
export function routeOrder(a: HTTPRoute, b: HTTPRoute): number {
  if (a.created && b.created && a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The match's RegularExpression conditions (path or gRPC service/method, headers, query params): what each applies to, and its pattern. */
export function regexPatterns(m: RouteMatch): { what: string; value: string }[] {
  return [
    ...(m.path.type === 'RegularExpression' && !m.grpc ? [{ what: 'path', value: m.path.value }] : []),
    ...(m.grpc?.type === 'RegularExpression'
      ? [
          ['service', m.grpc.service],
          ['method', m.grpc.method],
        ].flatMap(([what, value]) => (value ? [{ what: what!, value }] : []))
      : []),
    ...m.headers
      .filter((h) => h.type === 'RegularExpression')
      .map((h) => ({ what: `header ${h.name}`, value: h.value })),
    ...m.queryParams
      .filter((q) => q.type === 'RegularExpression')
      .map((q) => ({ what: `query ${q.name}`, value: q.value })),
  ];
}

/** Why each RegularExpression of the match cannot be evaluated as RE2 (none when all can). */
export function regexProblems(m: RouteMatch): string[] {
  return regexPatterns(m).flatMap(({ what, value }) => {
    const r = compileRe2(value);
    return 'problem' in r ? [`${what} ${value}: ${r.problem}`] : [];
  });
}
