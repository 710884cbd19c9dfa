import type { Cluster } from '../model/cluster';
import { attach } from './attachment';
import { routeAtGateway } from './gateway';
import { ingressHostMatches, isWildcard } from './hostnames';
import { routeAtIngress } from './ingress';
import type { EntryPoints, HTTPRoute, Ingress, IngressPath, RouteMatch, RouteRule } from './objects';
import { parseHttpRequest } from './request';

/**
 * A request that one Ingress path or HTTPRoute rule serves, as `kroute trace --to URL` takes it
 * (the "Trace a request" code lens). The request is built from what the rule matches (host, path,
 * method, Exact headers and query params) and checked against the entry's own routing: where the
 * plain path is shadowed (an Exact path of the same value over a Prefix), the path with a trailing
 * `/` is tried. An Ingress host its tls section lists is asked for over https. `reaches` is false
 * when no sample gets to the rule (it is shadowed entirely, or a regular expression path written
 * as a URL does not match itself).
 */
export interface SampleRequest {
  url: string;
  /** `ingress:NS/NAME` or `gateway:NS/NAME`. */
  via: string;
  method?: string;
  /** `Name: value`. */
  headers?: string[];
  reaches: boolean;
}

/** A host a wildcard (`*.example.com`) matches; a rule without host matches any, and this one names no rule. */
const sampleHost = (pattern: string | undefined): string =>
  !pattern ? 'any-host.invalid' : isWildcard(pattern) ? `www${pattern.slice(1)}` : pattern;

/** The path itself, then with a trailing `/` for a prefix (still inside it, past an Exact twin). */
const samplePaths = (path: string, prefix: boolean): string[] => {
  const p = path || '/';
  return prefix && !p.endsWith('/') ? [p, `${p}/`] : [p];
};

/** For an Ingress path, on its rule's host; undefined when the path cannot be written in a URL (whitespace, `#`). */
export function ingressPathRequest(
  cluster: Cluster,
  entry: EntryPoints,
  ingress: Ingress,
  path: IngressPath,
): SampleRequest | undefined {
  const rule = ingress.rules.find((r) => r.index === path.ruleIndex);
  const via = `ingress:${ingress.key}`;
  const host = sampleHost(rule?.host);
  // A host the Ingress's tls section lists is served over https (the trace then names its certificate);
  // plain http that ingress-nginx redirects (another Ingress's certificate, force-ssl-redirect) falls back to https too.
  const schemes = ingress.tls.some((t) => t.hosts.some((h) => ingressHostMatches(h, host)))
    ? ['https']
    : ['http', 'https'];
  const urls = schemes
    .flatMap((scheme) => samplePaths(path.path, path.pathType !== 'Exact').map((p) => `${scheme}://${host}${p}`))
    .filter((url) => parses(url));
  if (!urls.length) return undefined;
  const reaching = urls.find(
    (url) => routeAtIngress(cluster, entry, ingress, parseHttpRequest(url)).choices[0]?.field === path.backend.path,
  );
  return { url: reaching ?? urls[0], via, reaches: reaching !== undefined };
}

/**
 * For an HTTPRoute rule: through a Gateway listener that accepts the route, with a hostname the two
 * have in common (each listener and hostname is tried: a more specific listener on the same port
 * can take a hostname away); undefined when no Gateway of the manifests accepts the route (or no
 * request can be written for it).
 */
export function routeRuleRequest(
  cluster: Cluster,
  entry: EntryPoints,
  route: HTTPRoute,
  rule: RouteRule,
): SampleRequest | undefined {
  const samples = route.parentRefs
    .flatMap((p) => attach(entry, route, p) ?? [])
    .flatMap((a) =>
      a.listeners.flatMap(({ listener, hostnames }) => {
        if (listener.protocol !== 'HTTP' && listener.protocol !== 'HTTPS') return [];
        const scheme = listener.protocol === 'HTTPS' ? 'https' : 'http';
        const port = listener.port === (scheme === 'https' ? 443 : 80) ? '' : `:${listener.port}`;
        return (hostnames.length ? hostnames : [undefined])
          .flatMap((h) => rule.matches.flatMap((m) => matchSamples(`${scheme}://${sampleHost(h)}${port}`, m)))
          .filter((x) => parses(x.url, x.method, x.headers))
          .map((x) => ({ ...x, gateway: a.gateway }));
      }),
    );
  const reaching = samples.find((s) => {
    const d = routeAtGateway(cluster, entry, s.gateway, parseHttpRequest(s.url, s.method, s.headers));
    return d.route?.key === route.key && d.route.rule === rule.index;
  });
  const chosen = reaching ?? samples.at(0);
  if (!chosen) return undefined;
  const { gateway, ...request } = chosen;
  return { ...request, via: `gateway:${gateway.key}`, reaches: reaching !== undefined };
}

/** Requests one match selects: its path (a regular expression is tried as written), method, and Exact headers and query params. */
function matchSamples(origin: string, m: RouteMatch): Omit<SampleRequest, 'via' | 'reaches'>[] {
  const query = m.queryParams
    .filter((q) => q.type === 'Exact')
    .map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`)
    .join('&');
  const headers = m.headers.filter((h) => h.type === 'Exact').map((h) => `${h.name}: ${h.value}`);
  return samplePaths(m.path.value, m.path.type === 'PathPrefix').map((p) => ({
    url: `${origin}${p}${query ? `?${query}` : ''}`,
    ...(m.method ? { method: m.method } : {}),
    ...(headers.length ? { headers } : {}),
  }));
}

/** A rule's path or header may hold what a request line cannot carry (a space, a `#`). */
function parses(url: string, method?: string, headers?: string[]): boolean {
  try {
    parseHttpRequest(url, method, headers);
    return true;
  } catch {
    return false;
  }
}
