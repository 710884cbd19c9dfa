/**
 * Path matching. Both APIs match prefixes element by element on `/`-separated elements, so
 * `/foo` matches `/foo`, `/foo/` and `/foo/bar` but not `/foobar`, and a trailing `/` on the
 * prefix is ignored (Ingress concept page, "Examples" table; Gateway API `PathMatchPathPrefix`).
 */

/** The path without its query string. */
export function pathOnly(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

const elements = (p: string): string[] => p.split('/').filter(Boolean);

/** Element-wise prefix: every element of the prefix equals the request's element at that place. */
export function elementPrefixMatches(prefix: string, path: string): boolean {
  const want = elements(prefix);
  const got = elements(path);
  return want.length <= got.length && want.every((e, i) => got[i] === e);
}

/**
 * Gateway API PathPrefix (`PathMatchPathPrefix`): "Matches based on a URL path prefix split by
 * `/`. Matching is case-sensitive and done on a path element by element basis … When specified,
 * a trailing `/` is ignored." Unlike the Ingress table, empty elements are kept: `/v2/` matches
 * `/v2/` and `/v2/x`, as a byte prefix ending at an element boundary.
 */
export function gatewayPrefixMatches(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
}

/**
 * Ingress pathType (networking/v1 HTTPIngressPath.PathType): Exact is a case-sensitive string
 * match; Prefix element-wise as above. ImplementationSpecific is left to the IngressClass's
 * controller: kroute assumes ingress-nginx without the use-regex annotation, which treats it as
 * Prefix.
 */
export function ingressPathMatches(pathType: string, value: string, path: string): boolean {
  return pathType === 'Exact' ? path === value : elementPrefixMatches(value, path);
}
