import { ProxyError } from '../proxy/generate';
import { hostWithoutPort } from './hostnames';

/** An HTTP request as it reaches the entry point (Ingress controller or Gateway listener). */
export interface HttpRequest {
  scheme: 'http' | 'https';
  /** A gRPC call (`grpc://` / `grpcs://`): POST /package.Service/Method with content-type application/grpc, routed by GRPCRoutes. */
  grpc: boolean;
  /** The Host header as sent (may carry a port). */
  host: string;
  /** The host compared with listener and route hostnames: the Host header without port, lower case. */
  hostname: string;
  /** The port the connection reaches (the listener's). */
  port: number;
  method: string;
  /** Path and query as sent (`/api?x=1`). */
  target: string;
  /** Request headers in order, names as sent (Host excluded: see `host`). */
  headers: [string, string][];
}

/** True when a `--to` destination is a URL (http://, https://, grpc://, grpcs://) rather than a Service name. */
export function isUrlDestination(text: string): boolean {
  return /^(https?|grpcs?):\/\//i.test(text.trim());
}

/**
 * `http://HOST[:PORT]/PATH?QUERY`, the method and `Name: value` headers. A `Host` header replaces
 * the URL's host for matching (its port is ignored, as the Gateway API requires) while the
 * connection still goes to the URL's port. Throws ProxyError with a clear message on bad input.
 */
export function parseHttpRequest(url: string, method = 'GET', headerLines: string[] = []): HttpRequest {
  const m = /^(https?|grpcs?):\/\/([^/?#\s]*)([^#\s]*)$/i.exec(url.trim());
  if (!m)
    throw new ProxyError(
      `URL "${url}" must look like http://HOST[:PORT]/PATH?QUERY or grpc://HOST[:PORT]/package.Service/Method`,
    );
  const grpc = m[1].toLowerCase().startsWith('grpc');
  const scheme = m[1].toLowerCase().endsWith('s') ? 'https' : 'http';
  const authority = m[2];
  const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
  if (!hp) throw new ProxyError(`URL "${url}": expected a host with an optional :port`);
  const port = hp[2] ? Number(hp[2]) : scheme === 'https' ? 443 : 80;
  if (port < 1 || port > 65535) throw new ProxyError(`URL "${url}": port must be from 1 to 65535`);
  let target = m[3] || '/';
  if (target.startsWith('?')) target = `/${target}`;
  if (!/^[A-Za-z]+$/.test(method)) throw new ProxyError(`method "${method}" is not an HTTP method`);
  let host = authority;
  const headers: [string, string][] = [];
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ProxyError(`header "${line}" must be 'Name: value'`);
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'host') host = value;
    else headers.push([name, value]);
  }
  if (!grpc)
    return { scheme, grpc, host, hostname: hostWithoutPort(host), port, method: method.toUpperCase(), target, headers };
  // A gRPC call is an HTTP/2 POST to /Service/Method (gRPC over HTTP2, "Requests").
  if (!grpcMethodOf(target))
    throw new ProxyError(`URL "${url}": a gRPC call is grpc://HOST[:PORT]/package.Service/Method`);
  if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['content-type', 'application/grpc']);
  return { scheme, grpc, host, hostname: hostWithoutPort(host), port, method: 'POST', target, headers };
}

/** `/package.Service/Method` → its service and method; undefined for another path. */
export function grpcMethodOf(target: string): { service: string; method: string } | undefined {
  const m = /^\/([^/?]+)\/([^/?]+)$/.exec(target);
  return m ? { service: m[1], method: m[2] } : undefined;
}

/** Query parameters in order (name → values), decoded as a server would. */
export function queryParams(target: string): [string, string][] {
  const q = target.indexOf('?');
  if (q < 0) return [];
  return target
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return eq < 0 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}
