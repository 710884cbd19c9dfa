import type { FieldPath } from '../manifest/locate';
import { GATEWAY_GROUP } from '../l7/objects';
import { compileRe2 } from '../l7/re2';
import { at, fieldPath, get, isRecord, resourceRule } from './support';

const REGEX = 'RegularExpression';

/**
 * A RegularExpression match of an HTTPRoute or GRPCRoute that RE2 rejects (l7/re2.ts). The API
 * server stores any string (the dialect is implementation-specific), but Envoy-based
 * implementations compile it as RE2 (Envoy's safe_regex) and do not accept the rule, so the match
 * never serves a request. Only RE2's own rejections are reported, not the few valid constructs
 * kroute does not evaluate.
 */
export const routeRegexInvalid = resourceRule({
  code: 'route-regex-invalid',
  defaultSeverity: 'warning',
  description: 'An HTTPRoute or GRPCRoute RegularExpression match that is not valid RE2: the rule is not accepted.',
  checkOne(r, { cluster }, report) {
    if (!r.apiVersion.startsWith(`${GATEWAY_GROUP}/`) || (r.kind !== 'HTTPRoute' && r.kind !== 'GRPCRoute')) return;
    const rules = get(r.object, ['spec', 'rules']);
    if (!Array.isArray(rules)) return;
    rules.forEach((rule, i) => {
      if (!isRecord(rule) || !Array.isArray(rule.matches)) return;
      rule.matches.forEach((match, k) => {
        if (!isRecord(match)) return;
        for (const path of regexFields(['spec', 'rules', i, 'matches', k], match)) {
          const pattern = get(r.object, path);
          if (typeof pattern !== 'string') continue;
          const compiled = compileRe2(pattern);
          if (!('problem' in compiled) || compiled.kind !== 'unsupported') continue;
          report({
            ...at(cluster, r, path),
            code: this.code,
            message: `${fieldPath(path)}: ${JSON.stringify(pattern)} is not valid RE2 (${compiled.problem}); implementations that compile RE2 (Envoy Gateway, Istio, Contour) do not accept this rule.`,
          });
        }
      });
    });
  },
});

/** The fields of a match written as RegularExpressions: the path or gRPC method, headers, query params. */
function regexFields(path: FieldPath, match: Record<string, unknown>): FieldPath[] {
  const out: FieldPath[] = [];
  if (isRecord(match.path) && match.path.type === REGEX) out.push([...path, 'path', 'value']);
  if (isRecord(match.method) && match.method.type === REGEX)
    for (const field of ['service', 'method']) out.push([...path, 'method', field]);
  for (const list of ['headers', 'queryParams']) {
    const items = match[list];
    if (Array.isArray(items))
      items.forEach((h, j) => {
        if (isRecord(h) && h.type === REGEX) out.push([...path, list, j, 'value']);
      });
  }
  return out;
}
