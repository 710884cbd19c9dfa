import type { ManifestResource } from '../manifest/resource';
import { ingressClassOf } from '../l7/ingress';
import { routeOrder } from '../l7/matching';
import { entryPoints, type EntryPoints, type RouteMatch } from '../l7/objects';
import { entryPointRule } from './entry-points';
import { at, related } from './support';

interface Written {
  resource: ManifestResource;
  path: (string | number)[];
  label: string;
}

/**
 * A path that can never be chosen because an earlier one matches exactly the same requests.
 * - Ingress: the Ingresses of one class are merged per host; two paths of the same pathType whose
 *   elements are equal (a trailing `/` does not count, concept page "Examples") match the same
 *   requests, and the controller keeps the first. ImplementationSpecific paths are left out (a
 *   controller may read them as regular expressions).
 * - HTTPRoute: identical matches (path, method, headers, query params) tie on every precedence
 *   criterion, so "the FIRST matching rule (in list order)" wins within a route and the oldest,
 *   then alphabetically first, route across routes with the same parents and hostnames
 *   (HTTPRouteRule.Matches, `apis/v1/httproute_types.go`).
 */
export const routePathShadowed = entryPointRule({
  code: 'route-path-shadowed',
  defaultSeverity: 'warning',
  description: 'An Ingress path or HTTPRoute match that never applies: an earlier one matches the same requests.',
  check({ cluster }, report) {
    const entry = entryPoints(cluster);
    const emit = (later: Written, first: Written) =>
      report({
        ...at(cluster, later.resource, later.path),
        code: this.code,
        message: `Never matches: ${first.label} matches the same requests and takes precedence.`,
        related: [related(first.resource, first.path, first.label, 'value')],
      });
    ingressDuplicates(entry, emit);
    routeDuplicates(entry, emit);
  },
});

function ingressDuplicates(entry: EntryPoints, emit: (later: Written, first: Written) => void): void {
  const seen = new Map<string, Written>();
  for (const ingress of entry.ingresses) {
    const cls = ingressClassOf(entry, ingress) ?? '';
    for (const rule of ingress.rules) {
      for (const p of rule.paths) {
        if (p.pathType !== 'Exact' && p.pathType !== 'Prefix') continue;
        const normal = p.pathType === 'Exact' ? p.path : `/${p.path.split('/').filter(Boolean).join('/')}`;
        const key = JSON.stringify([cls, rule.host ?? '', p.pathType, normal]);
        const written = {
          resource: ingress.resource,
          path: ['spec', 'rules', rule.index, 'http', 'paths', p.pathIndex, 'path'],
          label: `${p.pathType} ${p.path} of Ingress ${ingress.key}${rule.host ? ` (host ${rule.host})` : ''}`,
        };
        const first = seen.get(key);
        if (first) emit(written, first);
        else seen.set(key, written);
      }
    }
  }
}

function matchKey(m: RouteMatch): string {
  const value = m.path.type === 'PathPrefix' ? m.path.value.replace(/\/+$/, '') || '/' : m.path.value;
  const pairs = (xs: RouteMatch['headers'], fold: boolean) =>
    xs.map((h) => `${h.type}:${fold ? h.name.toLowerCase() : h.name}=${h.value}`).sort();
  return JSON.stringify([m.path.type, value, m.method ?? '', pairs(m.headers, true), pairs(m.queryParams, false)]);
}

function routeDuplicates(entry: EntryPoints, emit: (later: Written, first: Written) => void): void {
  const ordered = [...entry.routes].sort(routeOrder);
  const seen = new Map<string, Written>();
  for (const route of ordered) {
    const scope = JSON.stringify([
      route.parentRefs.map((p) => [p.group, p.kind, p.namespace, p.name, p.sectionName ?? '', p.port ?? 0]).sort(),
      [...route.hostnames].sort(),
    ]);
    for (const rule of route.rules) {
      for (const m of rule.matches) {
        const key = `${scope}\n${matchKey(m)}`;
        const path = m.implicit ? ['spec', 'rules', rule.index] : ['spec', 'rules', rule.index, 'matches', m.index];
        const written = { resource: route.resource, path, label: `rule ${rule.index} of HTTPRoute ${route.key}` };
        const first = seen.get(key);
        if (first) emit(written, first);
        else seen.set(key, written);
      }
    }
  }
}
