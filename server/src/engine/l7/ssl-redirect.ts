import { locationOf } from '../manifest/locate';
import type { TraceStep } from '../proxy/types';
import { tlsEntryFor } from './ingress-tls';
import type { Ingress } from './objects';
import { NGINX_PREFIX, nginxFlag } from './nginx-annotations';
import type { HttpRequest } from './request';

/** ingress-nginx's ConfigMap default `http-redirect-code`: 308 Permanent Redirect. */
const REDIRECT_CODE = 308;

/**
 * ingress-nginx's server-side HTTPS enforcement (docs: user-guide/tls.md and annotations.md,
 * "Server-side HTTPS enforcement through redirect"; rootfs/etc/nginx/lua/lua_ingress.lua,
 * `redirect_to_https`): a plain http request to a location whose Ingress leaves `ssl-redirect` on
 * (the default) gets a 308 to https when a certificate is configured for its host (a `tls` entry of
 * the class's Ingresses lists it); `force-ssl-redirect: "true"` redirects without one. The Location
 * is `https://` + the Host header without its port + the request URI, whose trailing `/` is dropped
 * unless `preserve-trailing-slash` is on.
 */
export function sslRedirect(
  group: readonly Ingress[],
  owner: Ingress,
  request: HttpRequest,
): { step: TraceStep; status: number; message: string; location: string } | undefined {
  if (request.scheme !== 'http') return undefined;
  const forced = nginxFlag(owner, 'force-ssl-redirect') === true;
  const certificate = tlsEntryFor(group, request.hostname);
  if (!forced && !(certificate && nginxFlag(owner, 'ssl-redirect') !== false)) return undefined;
  let uri = request.target;
  if (nginxFlag(owner, 'preserve-trailing-slash') !== true && uri.endsWith('/')) uri = uri.slice(0, -1);
  const location = `https://${request.host.split(':')[0]}${uri}`;
  const why = forced
    ? `Ingress ${owner.key} sets ${NGINX_PREFIX}force-ssl-redirect`
    : `Ingress ${certificate!.ingress.key} tls[${certificate!.tls.index}] configures a certificate ` +
      `for ${request.hostname} and ${NGINX_PREFIX}ssl-redirect is on (ingress-nginx's default)`;
  const message = `${REDIRECT_CODE} redirect to ${location}: ${why}`;
  const field = forced
    ? ['metadata', 'annotations', `${NGINX_PREFIX}force-ssl-redirect`]
    : ['spec', 'tls', certificate!.tls.index];
  const at = forced ? owner : certificate!.ingress;
  return {
    status: REDIRECT_CODE,
    message,
    location,
    step: {
      kind: 'rule',
      title: `HTTPS enforced: ${message}`,
      detail:
        `ingress-nginx redirects plain http to https for a host with a certificate unless the Ingress ` +
        `sets ${NGINX_PREFIX}ssl-redirect: "false" (${NGINX_PREFIX}force-ssl-redirect: "true" redirects without one).`,
      location: locationOf(at.resource, field),
    },
  };
}
