import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { podTemplatePath, workloadKindOf } from '../model/workloads';
import type { WorkloadKind } from '../model/types';
import { apiTypeOf } from '../validation/kubernetes-fields';
import { dns1123Label, dns1123Subdomain, qualifiedName } from '../validation/names';
import { rename } from './name-fix';
import { listOf, reportProblems, type Problem } from './problems';
import { fieldError, get, isRecord, resourceRule } from './support';

// ValidateObjectMeta (apimachinery api/validation/objectmeta.go, with core's finalizer check in
// pkg/apis/core/validation ValidateObjectMeta) on an object as the API server gets it to create:
// kubectl has filled a namespaced object's namespace, and the server has cleared a cluster-scoped
// object's (rest.BeforeCreate; "namespace should already be cleared before").

type Out = Problem[];

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

/**
 * Kinds besides workloads whose name rule kroute knows: ValidateHorizontalPodAutoscalerName,
 * ValidateEndpointSliceName, ValidateNodeName, ValidateEndpointsName, ValidateNetworkPolicyName,
 * ValidateIngressName and ValidateIngressClassName take a DNS-1123 subdomain, ValidateNamespaceName
 * a DNS-1123 label.
 */
const NAMED = [
  'HorizontalPodAutoscaler',
  'EndpointSlice',
  'Node',
  'Endpoints',
  'Namespace',
  'NetworkPolicy',
  'Ingress',
  'IngressClass',
] as const;
type NamedKind = (typeof NAMED)[number];

/**
 * The built-in kinds that are not namespaced (RESTScopeNameRoot in their API group's discovery),
 * and Gateway API's GatewayClass (its CRD's scope: Cluster): kubectl sends them without a namespace
 * and rest.BeforeCreate clears the one the manifest writes (EnsureObjectNamespaceMatchesRequestNamespace),
 * so it is never validated.
 */
const CLUSTER_SCOPED_BUILT_IN = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'DeviceTaintRule',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersion',
  'StorageVersionMigration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

function clusterScoped(r: ManifestResource): boolean {
  if (r.kind === 'GatewayClass') return r.apiVersion.startsWith('gateway.networking.k8s.io/');
  return CLUSTER_SCOPED_BUILT_IN.has(r.kind);
}

/**
 * The name rule each kind's Validate* passes to ValidateObjectMeta: a StatefulSet name is a
 * DNS-1123 label (its pods' hostnames), so is a Namespace's, the others DNS-1123 subdomains;
 * ValidateCronJob also keeps 52 characters for the Job names it makes. A generateName is checked
 * as a prefix: maskTrailingDash reads a trailing '-' as 'a'. Services have service-name-invalid.
 */
function nameErrors(kind: WorkloadKind | NamedKind, name: string, prefix = false): string[] {
  const v = prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  if (kind === 'StatefulSet' || kind === 'Namespace') return dns1123Label(v);
  const errs = dns1123Subdomain(v);
  return kind === 'CronJob' && v.length > 52 ? ['must be no more than 52 characters', ...errs] : errs;
}

/** The shape nameErrors asks of a kind's names, for the rename fix. */
const nameShape = (kind: WorkloadKind | NamedKind) =>
  kind === 'StatefulSet' || kind === 'Namespace'
    ? { dots: false, maxLength: 63 }
    : { dots: true, maxLength: kind === 'CronJob' ? 52 : 253 };

/** metadata.name and metadata.generateName (ValidateObjectMetaAccessor: generateName first). */
function names(kind: WorkloadKind | NamedKind, r: ManifestResource, out: Out): void {
  const name = get(r.object, ['metadata', 'name']);
  const generateName = get(r.object, ['metadata', 'generateName']);
  const at = (f: string) => ['metadata', f];
  if (typeof generateName === 'string' && generateName)
    for (const e of nameErrors(kind, generateName, true))
      out.push({ at: at('generateName'), message: fieldError.invalid(at('generateName'), generateName, e) });
  if (typeof name === 'string' && name) {
    const errors = nameErrors(kind, name);
    const fix = errors.length ? rename(name, (v) => nameErrors(kind, v), nameShape(kind)) : undefined;
    for (const e of errors) out.push({ at: at('name'), message: fieldError.invalid(at('name'), name, e), fix });
  } else if ((name === undefined || name === '') && !generateName) {
    // With a generateName the API server makes the name before it validates (rest.BeforeCreate).
    out.push({
      at: at('name'),
      part: 'key',
      message: fieldError.required(at('name'), 'name or generateName is required'),
    });
  }
}

/** metav1.FinalizerOrphanDependents, metav1.FinalizerDeleteDependents, core.FinalizerKubernetes. */
const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';
const STANDARD_FINALIZERS = new Set(['kubernetes', ORPHAN, FOREGROUND]);

/**
 * One finalizer name: apimachinery ValidateFinalizerName (a qualified name, reported at `named`)
 * and core validateKubeFinalizerName (a name without '/' is one of the standard ones, reported at
 * `at`, which core indexes).
 */
function finalizerName(value: string, where: FieldPath, named: FieldPath, builtIn: boolean, out: Out): void {
  for (const e of qualifiedName(value)) out.push({ at: where, message: fieldError.invalid(named, value, e) });
  if (builtIn && !value.includes('/') && !STANDARD_FINALIZERS.has(value))
    out.push({
      at: where,
      message: fieldError.invalid(where, value, 'name is neither a standard finalizer name nor is it fully qualified'),
    });
}

/**
 * ValidateFinalizers on metadata.finalizers; ValidateNamespace on a Namespace's spec.finalizers.
 * Core's standard-name check is for the built-in kinds only: a custom resource's metadata goes
 * through apimachinery's ValidateObjectMetaAccessor alone (apiextensions-apiserver customresource
 * strategy).
 */
function finalizers(r: ManifestResource, out: Out): void {
  const path = ['metadata', 'finalizers'];
  const builtIn = apiTypeOf(r.apiVersion, r.kind) !== undefined;
  const all = listOf(get(r.object, path));
  all.forEach((f, i) => {
    if (typeof f === 'string') finalizerName(f, [...path, i], path, builtIn, out);
  });
  if (all.includes(ORPHAN) && all.includes(FOREGROUND))
    out.push({
      at: path,
      part: 'key',
      message: fieldError.invalid(path, all, `finalizer ${ORPHAN} and ${FOREGROUND} cannot be both set`),
    });
  if (r.kind !== 'Namespace') return;
  // validateFinalizerName(…, field.NewPath("spec", "finalizers")): one path for every item.
  const spec = ['spec', 'finalizers'];
  listOf(get(r.object, spec)).forEach((f, i) => {
    if (typeof f === 'string') finalizerName(f, [...spec, i], spec, true, out);
  });
}

/** apimachinery BannedOwners: an Event (core group, v1) may not own anything. */
const BANNED_OWNER = { group: '', version: 'v1', kind: 'Event' };

/** ValidateOwnerReferences: each reference complete, not an Event, at most one controller. */
function ownerReferences(r: ManifestResource, out: Out): void {
  const path = ['metadata', 'ownerReferences'];
  let controller: string | undefined;
  listOf(get(r.object, path)).forEach((ref, i) => {
    if (!isRecord(ref)) return;
    const p = (f: string) => [...path, i, f];
    const text = (f: string) => (typeof ref[f] === 'string' ? ref[f] : '');
    const apiVersion = text('apiVersion');
    // schema.FromAPIVersionAndKind: ParseGroupVersion reads "<version>" or "<group>/<version>" (an
    // empty group is the core one, so "/v1" is v1); anything else parses to no version at all.
    const parts = apiVersion.split('/');
    const [group, version] = parts.length === 2 ? parts : ['', parts.length === 1 ? apiVersion : ''];
    if (!version)
      out.push({
        // An unwritten apiVersion has no line of its own: the reference's first key stands for it.
        ...(apiVersion ? { at: p('apiVersion') } : { at: [...path, i], part: 'key' as const }),
        message: fieldError.invalid(p('apiVersion'), apiVersion, 'version must not be empty'),
      });
    for (const f of ['kind', 'name', 'uid'])
      if (!text(f))
        out.push({ at: [...path, i], part: 'key', message: fieldError.invalid(p(f), '', `${f} must not be empty`) });
    if (group === BANNED_OWNER.group && version === BANNED_OWNER.version && text('kind') === BANNED_OWNER.kind)
      out.push({
        at: [...path, i],
        part: 'key',
        message: fieldError.invalid([...path, i], ref, '/v1, Kind=Event is disallowed from being an owner'),
      });
    if (ref.controller !== true) return;
    const named = `${text('kind')}/${text('name')}`;
    if (controller !== undefined)
      out.push({
        at: [...path, i, 'controller'],
        message: fieldError.invalid(
          path,
          get(r.object, path),
          `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${named}`,
        ),
      });
    controller ??= named;
  });
}

/** ValidateAnnotations: every key a qualified name (checked lower-cased), all keys and values at most 256 KiB. */
function annotations(r: ManifestResource, kind: ReturnType<typeof workloadKindOf>, out: Out): void {
  for (const { path, named } of annotationMaps(kind)) {
    const map = get(r.object, path);
    if (!isRecord(map)) continue;
    let bytes = 0;
    for (const [k, v] of Object.entries(map)) {
      bytes += utf8.encode(k).length + (typeof v === 'string' ? utf8.encode(v).length : 0);
      for (const e of qualifiedName(k.toLowerCase()))
        out.push({ at: [...path, k], part: 'key', message: fieldError.invalid(named, k, e) });
    }
    if (bytes > MAX_ANNOTATIONS_BYTES)
      out.push({
        at: path,
        part: 'key',
        message: fieldError.tooLong(named, MAX_ANNOTATIONS_BYTES),
      });
  }
}

/** Every metadata problem of one object, in ValidateObjectMetaAccessor's order. */
export function metadataProblems(r: ManifestResource): Problem[] {
  const out: Out = [];
  const kind = workloadKindOf(r);
  const named = kind && kind !== 'Rollout' ? kind : NAMED.find((k) => k === r.kind);
  if (named) names(named, r, out);
  const namespace = get(r.object, ['metadata', 'namespace']);
  if (typeof namespace === 'string' && namespace && !clusterScoped(r)) {
    const path = ['metadata', 'namespace'];
    const errors = dns1123Label(namespace);
    const fix = errors.length ? rename(namespace, dns1123Label, { dots: false, maxLength: 63 }) : undefined;
    for (const e of errors) out.push({ at: path, message: fieldError.invalid(path, namespace, e), fix });
  }
  const generation = get(r.object, ['metadata', 'generation']);
  if (typeof generation === 'number' && generation < 0)
    out.push({
      at: ['metadata', 'generation'],
      message: fieldError.invalid(['metadata', 'generation'], generation, 'must be greater than or equal to 0'),
    });
  annotations(r, kind, out);
  ownerReferences(r, out);
  finalizers(r, out);
  return out;
}

export const metadataInvalid = resourceRule({
  code: 'metadata-invalid',
  defaultSeverity: 'error',
  description:
    'Object metadata the API server rejects: a missing or invalid name or generateName for the kind ' +
    '(workloads, Namespace, Node, Endpoints, EndpointSlice, HorizontalPodAutoscaler, NetworkPolicy, Ingress, ' +
    'IngressClass), a namespace that is not a DNS-1123 label, an annotation key that is not a qualified name or ' +
    'annotations over 256 KiB, an incomplete owner reference or two controllers, an invalid finalizer name.',
  checkOne(r, { cluster }, report) {
    reportProblems(cluster, r, this.code, metadataProblems(r), report);
  },
});
