import { locationOf } from '../manifest/locate';
import type { Cluster } from '../model/cluster';
import type { TraceStep } from '../proxy/types';
import { ingressHostMatches, isWildcard } from './hostnames';
import { ingressTlsStep } from './ingress-tls';
import type { EntryPoints, Ingress, IngressBackend, IngressClass, IngressPath } from './objects';
import { ingressPathMatches, pathOnly } from './paths';
import { sslRedirect } from './ssl-redirect';
import type { HttpRequest } from './request';
import type { BackendChoice, EntryDecision } from './types';

/**
 * The IngressClass an Ingress belongs to: spec.ingressClassName (or the legacy
 * kubernetes.io/ingress.class annotation), else the cluster's default class, the one annotated
 * ingressclass.kubernetes.io/is-default-class: "true" (the admission plugin sets it at creation;
 * with several defaults the newest wins, kroute takes the first).
 */
export function ingressClassOf(entry: EntryPoints, ingress: Ingress): string | undefined {
  return ingress.className ?? defaultIngressClass(entry)?.name;
}

export function defaultIngressClass(entry: EntryPoints): IngressClass | undefined {
  return entry.ingressClasses.find((c) => c.isDefault);
}

interface PathHit {
  ingress: Ingress;
  path: IngressPath;
}

/**
 * A request at the Ingress controller serving `ingress`'s class. The controller merges every
 * Ingress of its class: the rules of the most specific host that matches (exact, then the
 * one-label wildcard, then rules without host), then the longest matching path, Exact before
 * Prefix at equal length (Ingress concept page, "Multiple matches"). No path matches: the
 * Ingress's defaultBackend, else the controller's own default backend answers 404. A backend
 * Service or port that does not exist gets 503 from ingress-nginx (no upstream).
 */
export function routeAtIngress(
  cluster: Cluster,
  entry: EntryPoints,
  via: Ingress,
  request: HttpRequest,
): EntryDecision {
  const cls = ingressClassOf(entry, via);
  const group = entry.ingresses.filter((i) => ingressClassOf(entry, i) === cls);
  const base = {
    request: { host: request.host, target: request.target, headers: request.headers },
    choices: [],
    listenerPort: request.port,
    invalidStatus: 503,
  };
  const nginx = assumesIngressNginx(entry, cls);
  const steps: TraceStep[] = [
    {
      kind: 'source',
      title: `Ingress controller for class ${cls ?? '(none)'} receives ${request.method} ${request.scheme}://${request.host}${request.target}`,
      detail:
        `${group.length} Ingress(es) of that class are merged. ` +
        'ImplementationSpecific paths are treated as Prefix (ingress-nginx without use-regex).' +
        (nginx
          ? ''
          : ` The class's controller is ${entry.ingressClasses.find((c) => c.name === cls)?.controller}: ` +
            "ingress-nginx's https redirect is not applied."),
      location: locationOf(via.resource, ['metadata', 'name']),
    },
  ];
  const tls = ingressTlsStep(group, request);
  if (tls) steps.push(tls);
  const host = request.hostname;
  const rulesFor = (fits: (h: string | undefined) => boolean) =>
    group.flatMap((ingress) =>
      ingress.rules.filter((r) => fits(r.host)).flatMap((r) => r.paths.map((path) => ({ ingress, path }))),
    );
  const exact = rulesFor((h) => h !== undefined && !isWildcard(h) && h === host);
  const wildcard = rulesFor((h) => h !== undefined && isWildcard(h) && ingressHostMatches(h, host));
  const hostless = rulesFor((h) => h === undefined);
  const paths = exact.length ? exact : wildcard.length ? wildcard : hostless;
  const target = pathOnly(request.target);
  const hits = paths.filter((p) => ingressPathMatches(p.path.pathType, p.path.path, target));
  const len = (p: PathHit) => p.path.path.replace(/\/+$/, '').length;
  hits.sort((a, b) => len(b) - len(a) || Number(b.path.pathType === 'Exact') - Number(a.path.pathType === 'Exact'));
  const best = hits.at(0);
  // The location's own Ingress decides ingress-nginx's https redirect, before any upstream.
  const redirected = (owner: Ingress, route: EntryDecision['route'], choice: BackendChoice): EntryDecision => {
    const redirect = nginx ? sslRedirect(group, owner, request) : undefined;
    if (!redirect) return { ...base, steps, route, choices: [choice] };
    return {
      ...base,
      steps: [...steps, redirect.step],
      route,
      answer: { status: redirect.status, message: redirect.message, location: redirect.location },
    };
  };
  if (best) {
    const p = best.path;
    steps.push({
      kind: 'rule',
      title:
        `Ingress ${best.ingress.key} rule ${p.ruleIndex} path ${p.path} ` +
        `(${p.pathType}${p.pathType === 'ImplementationSpecific' ? ', as Prefix' : ''})`,
      location: locationOf(best.ingress.resource, ['spec', 'rules', p.ruleIndex, 'http', 'paths', p.pathIndex]),
    });
    return redirected(
      best.ingress,
      { kind: 'Ingress', key: best.ingress.key, rule: p.ruleIndex },
      ingressChoice(cluster, best.ingress, p.backend),
    );
  }
  const fallback = group.find((i) => i.defaultBackend);
  if (fallback?.defaultBackend) {
    steps.push({
      kind: 'rule',
      title: `No path matches: defaultBackend of Ingress ${fallback.key}`,
      location: locationOf(fallback.resource, fallback.defaultBackend.path),
    });
    return redirected(
      fallback,
      { kind: 'Ingress', key: fallback.key, rule: -1 },
      ingressChoice(cluster, fallback, fallback.defaultBackend),
    );
  }
  const message = `No Ingress rule of class ${cls ?? '(none)'} matches ${host || '(no host)'}${target}: the controller's default backend answers 404`;
  return { ...base, steps: [...steps, { kind: 'fail', title: message }], answer: { status: 404, message } };
}

/**
 * Whether kroute applies ingress-nginx's own behaviour (its https redirect) to a class: its
 * IngressClass names controller k8s.io/ingress-nginx, or the manifests hold no IngressClass (or no
 * controller) for it, where kroute assumes ingress-nginx as for ImplementationSpecific paths.
 */
export function assumesIngressNginx(entry: EntryPoints, cls: string | undefined): boolean {
  const controller = entry.ingressClasses.find((c) => c.name === cls)?.controller;
  return controller === undefined || controller === 'k8s.io/ingress-nginx';
}

/** An Ingress backend: a Service in the Ingress's namespace and one of its ports, by number or name (IngressServiceBackend). */
export function ingressChoice(cluster: Cluster, ingress: Ingress, backend: IngressBackend): BackendChoice {
  const base = { weight: 1, filters: [], owner: ingress.resource, field: backend.path };
  if (!backend.service)
    return {
      ...base,
      label: '(resource backend)',
      invalid: 'a resource backend (not a Service): kroute does not model it',
    };
  const { name, port: wanted } = backend.service;
  const label = `${ingress.namespace}/${name}`;
  const service = cluster.servicesByKey.get(label);
  if (!service) return { ...base, label, invalid: `Service ${label} does not exist in the manifests` };
  const port = service.ports.find((p) => (typeof wanted === 'number' ? p.port === wanted : p.name === wanted));
  if (!port)
    return {
      ...base,
      label,
      invalid:
        `Service ${label} has no port ${wanted ?? '(none given)'} (its ports: ` +
        `${service.ports.map((p) => p.name || p.port).join(', ') || 'none'})`,
    };
  return { ...base, label, service, port };
}
