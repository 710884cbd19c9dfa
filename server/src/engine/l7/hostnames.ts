/**
 * Host names as entry points compare them. Gateway API (`apis/v1/shared_types.go`, `Hostname`;
 * `gateway_types.go`, `Listener.Hostname`): a leading `*.` label matches any non-empty run of
 * labels (`*.example.com` matches `foo.example.com` and `foo.bar.example.com`, not
 * `example.com`). Ingress (`IngressRule.Host`, networking/v1): `*.foo.com` matches exactly one label.
 */

export const isWildcard = (h: string): boolean => h.startsWith('*.');

/** The Host header without its port, lower-cased ("Implementations MUST ignore any port value specified in the HTTP Host header"). */
export function hostWithoutPort(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d*$/, '');
}

/** Does a Gateway API hostname (exact or `*.` wildcard) match a request host? */
export function gatewayHostMatches(pattern: string, host: string): boolean {
  if (!isWildcard(pattern)) return pattern === host;
  return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
}

/** Does an Ingress rule host match? A wildcard covers exactly one DNS label (IngressRule.Host). */
export function ingressHostMatches(pattern: string, host: string): boolean {
  if (!isWildcard(pattern)) return pattern === host;
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, -suffix.length);
  return label.length > 0 && !label.includes('.');
}

/**
 * The hostname a route hostname and a listener hostname have in common, or undefined
 * (HTTPRouteSpec.Hostnames: "a Listener and HTTPRoute have intersecting hostnames if …";
 * the more specific of the two is what requests must carry).
 */
export function intersect(listener: string | undefined, route: string): string | undefined {
  if (!listener) return route;
  if (listener === route) return route;
  if (isWildcard(listener) && gatewayHostMatches(listener, isWildcard(route) ? route.slice(2) : route)) return route;
  if (isWildcard(route) && gatewayHostMatches(route, isWildcard(listener) ? listener.slice(2) : listener))
    return listener;
  return undefined;
}

/**
 * Specificity of a matched hostname, compared element by element (HTTPRouteSpec.Hostnames:
 * "precedence must be given to rules from the HTTPRoute with the largest number of: characters in
 * a matching non-wildcard hostname; characters in a matching hostname"). No hostname ranks last.
 */
export function hostnameRank(matched: string | undefined): [number, number] {
  if (!matched) return [0, 0];
  return isWildcard(matched) ? [0, matched.length] : [matched.length, matched.length];
}
