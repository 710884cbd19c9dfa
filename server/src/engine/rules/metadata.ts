import type { FieldPath } from '../manifest/locate';
import { podTemplatePath, workloadKindOf } from '../model/workloads';
import type { WorkloadKind } from '../model/types';
import { dns1123Label, dns1123Subdomain, qualifiedName } from '../validation/names';
import { at, fieldError, fieldPath, get, isRecord, resourceRule } from './support';

/** apimachinery TotalAnnotationSizeLimitB: keys and values of one object together. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;
const utf8 = new TextEncoder();

/**
 * Where an object carries annotations, and the path the API server names in its errors: its own
 * (ValidateObjectMeta: metadata.annotations) and its pod template's (ValidatePodTemplateSpec names
 * them spec.template.annotations, without metadata).
 */
function annotationMaps(kind: ReturnType<typeof workloadKindOf>): { path: FieldPath; named: FieldPath }[] {
  const maps = [{ path: ['metadata', 'annotations'], named: ['metadata', 'annotations'] }];
  if (kind && kind !== 'Pod') {
    const template = podTemplatePath(kind);
    maps.push({ path: [...template, 'metadata', 'annotations'], named: [...template, 'annotations'] });
  }
  return maps;
}

/** Kinds besides workloads whose Validate* takes a DNS-1123 subdomain name (ValidateHorizontalPodAutoscalerName, ValidateEndpointSliceName). */
const SUBDOMAIN_NAMED = ['HorizontalPodAutoscaler', 'EndpointSlice'] as const;
type NamedKind = (typeof SUBDOMAIN_NAMED)[number];

/**
 * The name rule each workload kind's Validate* passes to ValidateObjectMeta: a StatefulSet name is a
 * DNS-1123 label (its pods' hostnames), the others DNS-1123 subdomains; ValidateCronJob also keeps
 * 52 characters for the Job names it makes. Services have service-name-invalid.
 */
function nameErrors(kind: WorkloadKind | NamedKind, name: string): string[] {
  if (kind === 'StatefulSet') return dns1123Label(name);
  const errs = dns1123Subdomain(name);
  return kind === 'CronJob' && name.length > 52 ? ['must be no more than 52 characters', ...errs] : errs;
}

/**
 * ValidateObjectMeta (apimachinery api/validation/objectmeta.go): a workload's name is Required and
 * valid for its kind (nameErrors); a namespace is a DNS-1123 label
 * (ValidateNamespaceName); ValidateAnnotations: every key is a qualified name (checked lower-cased)
 * and all keys and values together are at most 256 KiB.
 */
export const metadataInvalid = resourceRule({
  code: 'metadata-invalid',
  defaultSeverity: 'error',
  description:
    'A workload, HorizontalPodAutoscaler or EndpointSlice name missing or invalid for its kind, ' +
    'a namespace that is not a DNS-1123 label, an annotation key that is not a qualified name, ' +
    'or annotations over 256 KiB.',
  checkOne(r, { cluster }, report) {
    const kind = workloadKindOf(r);
    const name = get(r.object, ['metadata', 'name']);
    const named = kind && kind !== 'Rollout' ? kind : SUBDOMAIN_NAMED.find((k) => k === r.kind);
    if (named) {
      if (typeof name === 'string' && name) {
        for (const e of nameErrors(named, name))
          report({
            ...at(cluster, r, ['metadata', 'name']),
            code: this.code,
            message: fieldError.invalid(['metadata', 'name'], name, e),
          });
      } else if (name === undefined && get(r.object, ['metadata', 'generateName']) === undefined) {
        report({
          ...at(cluster, r, ['metadata', 'name'], 'key'),
          code: this.code,
          message: fieldError.required(['metadata', 'name'], 'name or generateName is required'),
        });
      }
    }
    const namespace = get(r.object, ['metadata', 'namespace']);
    if (typeof namespace === 'string' && namespace) {
      for (const e of dns1123Label(namespace))
        report({
          ...at(cluster, r, ['metadata', 'namespace']),
          code: this.code,
          message: fieldError.invalid(['metadata', 'namespace'], namespace, e),
        });
    }
    for (const { path, named } of annotationMaps(kind)) {
      const map = get(r.object, path);
      if (!isRecord(map)) continue;
      let bytes = 0;
      for (const [k, v] of Object.entries(map)) {
        bytes += utf8.encode(k).length + (typeof v === 'string' ? utf8.encode(v).length : 0);
        for (const e of qualifiedName(k.toLowerCase()))
          report({ ...at(cluster, r, [...path, k], 'key'), code: this.code, message: fieldError.invalid(named, k, e) });
      }
      if (bytes > MAX_ANNOTATIONS_BYTES) {
        report({
          ...at(cluster, r, path, 'key'),
          code: this.code,
          message: `${fieldPath(named)}: Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`,
        });
      }
    }
  },
});
