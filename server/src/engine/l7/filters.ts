import type { HeaderModifier, PathModifier } from './objects';
import { pathOnly } from './paths';

/**
 * HTTPRoute filters (`apis/v1/httproute_types.go`): what RequestHeaderModifier, URLRewrite and
 * RequestRedirect do to the request. Headers are kept as ordered (name, value) pairs, names as
 * written; comparisons are case-insensitive, as HTTP header names are.
 */

export type Headers = [string, string][];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * HTTPHeaderFilter: `set` overwrites every value of the name, `add` appends one more value
 * ("my-header: foo" + add bar → "my-header: foo,bar"), `remove` drops the name. Applied in that order.
 */
export function modifyHeaders(headers: Headers, m: HeaderModifier): Headers {
  let out = [...headers];
  for (const [name, value] of m.set) {
    const at = out.findIndex(([n]) => same(n, name));
    out = out.filter(([n]) => !same(n, name));
    out.splice(at < 0 ? out.length : at, 0, [name, value]);
  }
  for (const pair of m.add) out.push(pair);
  for (const name of m.remove) out = out.filter(([n]) => !same(n, name));
  return out;
}

/** Headers as one value per name (first spelling kept); repeated names joined with `,` as a proxy folds them. */
export function foldHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  const spelled = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = spelled.get(name.toLowerCase());
    if (key === undefined) {
      spelled.set(name.toLowerCase(), name);
      out[name] = value;
    } else out[key] = `${out[key]},${value}`;
  }
  return out;
}

/**
 * HTTPPathModifier: ReplaceFullPath replaces the whole path; ReplacePrefixMatch replaces the part
 * the PathPrefix match matched ("/foo/bar" with prefix "/foo" and replacement "/xyz" → "/xyz/bar";
 * with replacement "/" → "/bar"). The query string is kept.
 */
export function rewritePath(target: string, modifier: PathModifier, matchedPrefix: string | undefined): string {
  const path = pathOnly(target);
  const query = target.slice(path.length);
  let next = path;
  if (modifier.type === 'ReplaceFullPath' && modifier.replaceFullPath !== undefined) next = modifier.replaceFullPath;
  else if (modifier.type === 'ReplacePrefixMatch' && modifier.replacePrefixMatch !== undefined) {
    const prefix = (matchedPrefix ?? '/').replace(/\/+$/, '');
    const rest = path.slice(prefix.length);
    next = modifier.replacePrefixMatch.replace(/\/+$/, '') + rest;
  }
  return (next || '/') + query;
}

const WELL_KNOWN: Record<string, number> = { http: 80, https: 443 };

/**
 * The Location of a RequestRedirect (HTTPRequestRedirectFilter). Scheme and hostname default to
 * the request's; the port, when not given, is the scheme's well-known port if a scheme is given,
 * else the listener's port; it is left out of the Location for http on 80 and https on 443.
 */
export function redirectLocation(
  request: { scheme: string; hostname: string; target: string; listenerPort: number },
  redirect: { scheme?: string; hostname?: string; port?: number; path?: PathModifier },
  matchedPrefix: string | undefined,
): string {
  const scheme = redirect.scheme ?? request.scheme;
  const port =
    redirect.port ?? (redirect.scheme ? (WELL_KNOWN[redirect.scheme] ?? request.listenerPort) : request.listenerPort);
  const host = redirect.hostname ?? request.hostname;
  const target = redirect.path ? rewritePath(request.target, redirect.path, matchedPrefix) : request.target;
  const showPort = WELL_KNOWN[scheme] !== port;
  return `${scheme}://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}${showPort ? `:${port}` : ''}${target}`;
}
