import { locationOf } from '../manifest/locate';
import type { TraceStep } from '../proxy/types';
import { ingressHostMatches } from './hostnames';
import type { Ingress, IngressTLS } from './objects';
import type { HttpRequest } from './request';

/**
 * TLS termination at the Ingress controller for an https request. The controller serves, for the
 * SNI host, the certificate of a `tls` entry of any Ingress of its class whose `hosts` list the
 * host (IngressTLS.Hosts: "the host names included in the TLS certificate"; a `*.` entry covers
 * one label, as a wildcard certificate does). When none does it serves its own default
 * certificate (ingress-nginx: a self-signed "Kubernetes Ingress Controller Fake Certificate"):
 * the request is still routed, but a client that verifies certificates stops at the handshake.
 * A `tls` entry without hosts is left to the controller (IngressTLS.Hosts: "defaults to the
 * wildcard host setting for the loadbalancer controller fulfilling this Ingress").
 */
export function ingressTlsStep(group: readonly Ingress[], request: HttpRequest): TraceStep | undefined {
  if (request.scheme !== 'https') return undefined;
  const host = request.hostname;
  const listed = tlsEntryFor(group, host);
  if (listed) {
    const { ingress, tls } = listed;
    const secret = tls.secretName
      ? `Secret ${ingress.namespace}/${tls.secretName}`
      : "no secretName (the controller's default certificate)";
    return {
      kind: 'rule',
      title: `TLS for ${host}: ${secret} (Ingress ${ingress.key} tls[${tls.index}])`,
      location: locationOf(ingress.resource, ['spec', 'tls', tls.index]),
    };
  }
  const hostless = group
    .flatMap((ingress) => ingress.tls.filter((t) => !t.hosts.length).map((t) => ({ ingress, t })))
    .at(0);
  if (hostless) {
    return {
      kind: 'rule',
      title:
        `TLS for ${host}: Ingress ${hostless.ingress.key} tls[${hostless.t.index}] lists no hosts; ` +
        `which certificate is served is the controller's setting`,
      location: locationOf(hostless.ingress.resource, ['spec', 'tls', hostless.t.index]),
    };
  }
  const anyTls = group.some((i) => i.tls.length);
  return {
    kind: 'rule',
    title: `TLS for ${host || '(no host)'}: no tls entry of the class's Ingresses lists this host; the controller serves its default certificate`,
    detail:
      (anyTls ? 'The tls hosts of these Ingresses do not include it' : 'None of these Ingresses has a tls section') +
      ': a client that verifies the certificate (a browser, curl without -k) fails the TLS handshake before any ' +
      'rule applies. kroute traces the request as if the client went on.',
  };
}

/** The first tls entry of the class's Ingresses whose hosts list `host` (a `*.` entry covers one label): the certificate configured for it. */
export function tlsEntryFor(
  group: readonly Ingress[],
  host: string,
): { ingress: Ingress; tls: IngressTLS } | undefined {
  for (const ingress of group) {
    const tls = ingress.tls.find((t) => t.hosts.some((h) => ingressHostMatches(h, host)));
    if (tls) return { ingress, tls };
  }
  return undefined;
}
