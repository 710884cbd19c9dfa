import type { FieldPath } from '../manifest/locate';
import { fieldError, fieldPath, goValue, isRecord } from './support';

/**
 * How the API server words a custom resource's validation failures, for the Gateway API CRDs
 * (config/crd/standard/gateway.networking.k8s.io_*.yaml, generated from apis/v1/*_types.go): the
 * OpenAPI schema's checks as k8s.io/kube-openapi pkg/validation/validate words them (`<path> in
 * body should …`) and x-kubernetes-validations CEL rules as apiextensions-apiserver's CEL validator
 * does (`<path>: Invalid value: "object": <the rule's message>`, `"array"` for a rule on a list).
 */

/** Where a finding goes: the field's value, its key, or the first key of a list item. */
export type Where = 'key' | 'value' | 'item';
/** A mechanical repair: write `text` as the string value at `path`. */
export interface Repair {
  title: string;
  path: FieldPath;
  text: string;
}
export type Add = (path: FieldPath, message: string, where?: Where, repair?: Repair) => void;

/** Shared by the Gateway API types (apis/v1/shared_types.go, object_reference_types.go). */
const DNS_SUBDOMAIN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
export const PATTERN = {
  /** Hostname: an optional leading `*.` wildcard label. */
  hostname: `^(\\*\\.)?${DNS_SUBDOMAIN}$`,
  /** PreciseHostname and SectionName. */
  preciseHostname: `^${DNS_SUBDOMAIN}$`,
  sectionName: `^${DNS_SUBDOMAIN}$`,
  namespace: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  group: `^$|^${DNS_SUBDOMAIN}$`,
  kind: '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$',
  /** HeaderName (RFC 7230 token). */
  headerName: "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$",
  /** ProtocolType: a name, or a domain-prefixed `example.com/name`. */
  protocol: `^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|${DNS_SUBDOMAIN}\\/[A-Za-z0-9]+$`,
  /** GatewayController. */
  controller: `^${DNS_SUBDOMAIN}\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$`,
  /** Duration (GEP-2257). */
  duration: '^([0-9]{1,5}(h|m|s|ms)){1,4}$',
} as const;

const compiled = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let r = compiled.get(pattern);
  if (!r) compiled.set(pattern, (r = new RegExp(pattern)));
  return r;
}

/** A check of one field of the schema; each adds at most the errors the API server gives for that field. */
export class Schema {
  constructor(readonly add: Add) {}

  /** An x-kubernetes-validations rule that failed on the object (or list) at `path`. */
  cel(path: FieldPath, value: unknown, message: string, repair?: Repair): void {
    this.add(path, fieldError.invalid(path, Array.isArray(value) ? 'array' : 'object', message), anchor(path), repair);
  }

  required(parent: FieldPath, obj: Record<string, unknown>, field: string): boolean {
    if (obj[field] != null) return true;
    this.add(parent, fieldError.required([...parent, field]), anchor(parent));
    return false;
  }

  /** An enum, its values in the schema's order (apiextensions passes them to field.NotSupported unsorted). */
  /**
   * `experimental`: values only the experimental channel's CRD adds; the channel installed is not
   * known, so they are not reported (the message lists the standard channel's values).
   */
  enumOf(
    path: FieldPath,
    value: unknown,
    values: readonly (string | number)[],
    experimental: readonly string[] = [],
  ): void {
    if (value == null || values.includes(value as string) || experimental.includes(value as string)) return;
    const supported = values.map((v) => JSON.stringify(String(v))).join(', ');
    // `get` for GET, `pathprefix` for PathPrefix: the value meant differs only in case.
    const meant =
      typeof value === 'string' ? values.find((v) => String(v).toLowerCase() === value.toLowerCase()) : undefined;
    this.add(
      path,
      `${fieldPath(path)}: Unsupported value: ${goValue(value)}: supported values: ${supported}`,
      'value',
      meant === undefined ? undefined : { title: `Use ${String(meant)}`, path, text: String(meant) },
    );
  }

  string(path: FieldPath, value: unknown, rules: { pattern?: string; minLength?: number; maxLength?: number }): void {
    if (typeof value !== 'string') return;
    const where = fieldPath(path);
    if (rules.minLength !== undefined && value.length < rules.minLength)
      this.add(
        path,
        fieldError.invalid(path, value, `${where} in body should be at least ${rules.minLength} chars long`),
      );
    else if (rules.maxLength !== undefined && value.length > rules.maxLength)
      this.add(path, `${where}: Too long: may not be more than ${rules.maxLength} bytes`);
    else if (rules.pattern !== undefined && !regex(rules.pattern).test(value)) {
      // Host and section names are lower case: an upper-case letter is the one mechanical repair.
      const lower = value.toLowerCase();
      const repair =
        lower !== value && regex(rules.pattern).test(lower) ? { title: `Use ${lower}`, path, text: lower } : undefined;
      this.add(
        path,
        fieldError.invalid(path, value, `${where} in body should match '${rules.pattern}'`),
        'value',
        repair,
      );
    }
  }

  range(path: FieldPath, value: unknown, min: number, max?: number): void {
    if (typeof value !== 'number') return;
    const where = fieldPath(path);
    if (value < min)
      this.add(path, fieldError.invalid(path, value, `${where} in body should be greater than or equal to ${min}`));
    else if (max !== undefined && value > max)
      this.add(path, fieldError.invalid(path, value, `${where} in body should be less than or equal to ${max}`));
  }

  /** The list's items that are objects, after its minItems/maxItems checks. */
  list(path: FieldPath, value: unknown, rules: { min?: number; max?: number } = {}): Item[] {
    if (!Array.isArray(value)) return [];
    if (rules.min !== undefined && value.length < rules.min)
      this.add(
        path,
        fieldError.invalid(path, value.length, `${fieldPath(path)} in body should have at least ${rules.min} items`),
        'key',
      );
    if (rules.max !== undefined && value.length > rules.max)
      this.add(path, fieldError.tooMany(path, value.length, rules.max), 'key');
    return value.flatMap((v, i) => (isRecord(v) ? [{ value: v, path: [...path, i] }] : []));
  }

  /** A reference's name, namespace, group and kind (ObjectName, Namespace, Group, Kind). */
  reference(path: FieldPath, ref: Record<string, unknown>, fields: { required: readonly string[] }): void {
    for (const f of fields.required) this.required(path, ref, f);
    this.string([...path, 'name'], ref.name, { minLength: 1, maxLength: 253 });
    this.string([...path, 'namespace'], ref.namespace, { minLength: 1, maxLength: 63, pattern: PATTERN.namespace });
    this.string([...path, 'group'], ref.group, { maxLength: 253, pattern: PATTERN.group });
    this.string([...path, 'kind'], ref.kind, { minLength: 1, maxLength: 63, pattern: PATTERN.kind });
    this.string([...path, 'sectionName'], ref.sectionName, {
      minLength: 1,
      maxLength: 253,
      pattern: PATTERN.sectionName,
    });
    this.range([...path, 'port'], ref.port, 1, 65535);
  }
}

export interface Item {
  value: Record<string, unknown>;
  path: FieldPath;
}

/** A list item's error sits on its first key; a field's on its key. */
function anchor(path: FieldPath): Where {
  return typeof path[path.length - 1] === 'number' ? 'item' : 'key';
}

/** CEL `has(self.x)`: the field is written (a null is pruned before validation). */
export const has = (obj: Record<string, unknown>, field: string): boolean => obj[field] != null;

/** CEL `self.x.size()` of an optional list or map, 0 when absent. */
export function size(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  return isRecord(v) ? Object.keys(v).length : 0;
}

/** A Gateway API Duration (GEP-2257) in milliseconds, as CEL's duration() reads it. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || !regex(PATTERN.duration).test(v)) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, n = '', u = ''] of v.matchAll(/(\d+)(ms|h|m|s)/g)) total += Number(n) * (unit[u] ?? 0);
  return total;
}
