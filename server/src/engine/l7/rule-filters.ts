import type { ManifestResource } from '../manifest/resource';
import { locationOf } from '../manifest/locate';
import { foldHeaders, modifyHeaders, redirectLocation, rewritePath } from './filters';
import type { Filter } from './objects';
import type { HttpRequest } from './request';
import type { EntryDecision } from './types';

/**
 * Applies a rule's (or a backendRef's) filters in order to the decision, one trace step each
 * (HTTPRouteFilter). A RequestRedirect makes the entry answer itself; filters kroute does not
 * model (RequestMirror, CORS, ExtensionRef, …) are shown and otherwise left alone.
 */
export function applyRuleFilters(
  decision: EntryDecision,
  original: HttpRequest,
  resource: ManifestResource,
  owner: (string | number)[],
  filters: readonly Filter[],
): EntryDecision {
  let d = decision;
  for (const f of filters) {
    if (d.answer) break;
    const location = locationOf(resource, [...owner, 'filters', f.index]);
    const step = (title: string, detail?: string) => ({
      kind: 'rule' as const,
      title,
      ...(detail ? { detail } : {}),
      location,
    });
    const req = d.request;
    switch (f.kind) {
      case 'RequestHeaderModifier': {
        const headers = modifyHeaders(req.headers, f.modifier);
        d = {
          ...d,
          request: { ...req, headers },
          steps: [...d.steps, step('RequestHeaderModifier', describeHeaders(foldHeaders(headers)))],
        };
        break;
      }
      case 'ResponseHeaderModifier':
        d = {
          ...d,
          steps: [
            ...d.steps,
            step('ResponseHeaderModifier: applied to the response on its way back', modifierSummary(f.modifier)),
          ],
        };
        break;
      case 'URLRewrite': {
        const target = f.path ? rewritePath(req.target, f.path, d.matchedPrefix) : req.target;
        const host = f.hostname ?? req.host;
        d = {
          ...d,
          request: { ...req, target, host },
          steps: [...d.steps, step(`URLRewrite: the backend receives ${host}${target}`)],
        };
        break;
      }
      case 'RequestRedirect': {
        const location = redirectLocation(
          { scheme: original.scheme, hostname: original.hostname, target: req.target, listenerPort: d.listenerPort },
          f,
          d.matchedPrefix,
        );
        const message = `RequestRedirect: ${f.statusCode} to ${location}`;
        d = { ...d, steps: [...d.steps, step(message)], answer: { status: f.statusCode, message, location } };
        break;
      }
      case 'other':
        d = {
          ...d,
          steps: [
            ...d.steps,
            step(`Filter ${f.type || '(no type)'}: not modelled by kroute; the request goes on unchanged`),
          ],
        };
        break;
    }
  }
  return d;
}

function describeHeaders(h: Record<string, string>): string {
  const entries = Object.entries(h);
  return entries.length ? entries.map(([n, v]) => `${n}: ${v}`).join('; ') : 'no headers';
}

function modifierSummary(m: { set: [string, string][]; add: [string, string][]; remove: string[] }): string {
  return (
    [
      ...m.set.map(([n, v]) => `set ${n}: ${v}`),
      ...m.add.map(([n, v]) => `add ${n}: ${v}`),
      ...m.remove.map((n) => `remove ${n}`),
    ].join('; ') || 'no change'
  );
}
