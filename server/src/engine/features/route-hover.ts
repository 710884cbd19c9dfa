import { attach } from '../l7/attachment';
import { resolveBackend } from '../l7/backends';
import { ingressChoice, ingressClassOf } from '../l7/ingress';
import { entryPoints, type EntryPoints, type HTTPRoute, type Ingress, type IngressBackend } from '../l7/objects';
import type { Service, ServicePort } from '../model/types';
import type { Cursor } from './context';
import { code, limited, plural, table } from './markdown';

const MAX_PODS = 6;

/**
 * Hover on an Ingress path (or defaultBackend) or an HTTPRoute rule: the Service and port it
 * reaches and the ready pods behind them, read from the same engine/l7 model `kroute trace --to
 * URL` routes with; for a route rule also its weights and whether its Gateways accept it.
 */
export function routeHover(at: Cursor): string | undefined {
  const entry = entryPoints(at.cluster);
  const key = `${at.namespace}/${at.resource.name}`;
  if (at.resource.kind === 'Ingress') {
    const ingress = entry.ingresses.find((i) => i.key === key && i.resource === at.resource);
    return ingress ? ingressHover(at, entry, ingress) : undefined;
  }
  const route = entry.routes.find((r) => r.key === key && r.resource === at.resource);
  return route ? routeRuleHover(at, entry, route) : undefined;
}

function ingressHover(at: Cursor, entry: EntryPoints, ingress: Ingress): string | undefined {
  const [spec, field, ruleIndex, , , pathIndex] = at.path;
  if (spec !== 'spec') return undefined;
  let backend: IngressBackend | undefined;
  let title: string;
  if (field === 'defaultBackend' || field === 'backend') {
    backend = ingress.defaultBackend;
    title = 'defaultBackend: requests no path matches';
  } else if (field === 'rules' && typeof ruleIndex === 'number' && typeof pathIndex === 'number') {
    const rule = ingress.rules.find((r) => r.index === ruleIndex);
    const path = rule?.paths.find((p) => p.pathIndex === pathIndex);
    if (!rule || !path) return undefined;
    backend = path.backend;
    const treated = path.pathType === 'ImplementationSpecific' ? ' (treated as Prefix, as ingress-nginx does)' : '';
    title = `${code(`${rule.host ?? '*'}${path.path}`)} · ${path.pathType}${treated}`;
  } else return undefined;
  if (!backend) return undefined;
  const choice = ingressChoice(at.cluster, ingress, backend);
  const head = `**Ingress ${code(ingress.key)}** · class ${code(ingressClassOf(entry, ingress) ?? '(none)')} · ${title}`;
  if (choice.invalid || !choice.service || !choice.port)
    return `${head}\n\n⚠ ${choice.invalid ?? 'no Service backend'}: the controller answers 503.`;
  return `${head}\n\n${backendBlock(choice.service, choice.port)}`;
}

function routeRuleHover(at: Cursor, entry: EntryPoints, route: HTTPRoute): string | undefined {
  const [spec, field, ruleIndex] = at.path;
  if (spec !== 'spec' || field !== 'rules' || typeof ruleIndex !== 'number') return undefined;
  const rule = route.rules.find((r) => r.index === ruleIndex);
  if (!rule) return undefined;
  const out = [`**HTTPRoute ${code(route.key)}** · rule ${rule.index}${rule.name ? ` (${code(rule.name)})` : ''}`];
  const parents = route.parentRefs.map((p) => {
    const a = attach(entry, route, p);
    const name = code(`${p.namespace}/${p.name}${p.sectionName ? `/${p.sectionName}` : ''}`);
    if (!a) return `${name}: outside the manifests`;
    return a.reason
      ? `${name}: not accepted (${a.reason})`
      : `${name}: accepted on ${a.listeners.map((l) => code(l.listener.name)).join(', ')}`;
  });
  if (parents.length) out.push(`Parents: ${parents.join('; ')}`);
  if (!rule.backendRefs.length) {
    out.push(
      rule.filters.some((f) => f.kind === 'RequestRedirect')
        ? 'Redirects: no backend.'
        : '⚠ No backendRefs: matching requests get 500.',
    );
    return out.join('\n\n');
  }
  const total = rule.backendRefs.reduce((s, b) => s + Math.max(0, b.weight), 0);
  for (const ref of rule.backendRefs) {
    const share =
      total > 0 ? `${((Math.max(0, ref.weight) / total) * 100).toFixed(0)}% of requests` : 'no requests (weight 0)';
    const r = resolveBackend(at.cluster, entry, route, ref);
    out.push(
      r.ok ? `${share} →\n\n${backendBlock(r.service, r.port)}` : `${share} → ⚠ ${r.reason}: ${r.message} (500)`,
    );
  }
  return out.join('\n\n');
}

/** The Service port and the ready endpoints behind it (from its EndpointSlices). */
function backendBlock(service: Service, port: ServicePort): string {
  const rows = service.endpointSlices.flatMap((slice) => {
    const p = slice.ports.find((x) => x.name === port.name && x.protocol === port.protocol);
    if (!p) return [];
    return slice.endpoints
      .filter((e) => e.conditions.ready)
      .map((e) => [code(e.pod?.name ?? e.addresses[0]), `${e.addresses[0]}:${p.port}`, code(e.nodeName ?? '')]);
  });
  const head =
    `Service ${code(service.key)} port ${code(port.name ? `${port.name} ${port.port}` : port.port)} ` +
    `→ ${plural(rows.length, 'ready endpoint')}`;
  if (!rows.length) return `${head}: requests get an error (no pod answers).`;
  const { shown, more } = limited(rows, MAX_PODS);
  return `${head}\n\n${table(['Pod', 'Endpoint', 'Node'], shown)}${more ? `\n\n+${more} more` : ''}`;
}
