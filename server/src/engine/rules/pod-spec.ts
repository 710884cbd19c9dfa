import { hasField, type FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import type { WorkloadKind } from '../model/types';
import { podTemplatePath, workloadKindOf } from '../model/workloads';
import { dns1123Label, dns1123Subdomain, dns1123SubdomainWithUnderscore, ip } from '../validation/names';
import { yamlString } from './edits';
import { annotationProblems } from './pod-annotations';
import { containerProblems } from './pod-containers';
import { unsupported, type Out, type Problem } from './pod-problem';
import { quickFix } from './problems';
import { schedulingProblems } from './pod-scheduling';
import { securityProblems } from './pod-security';
import { volumes } from './pod-volumes';
import { at, fieldError, get, isRecord, itemAnchor, resourceId, resourceRule } from './support';
import type { Finding } from './types';

// ValidatePodSpec (pkg/apis/core/validation/validation.go) on a Pod and on the pod template of
// every workload kind the API server validates with it, after the v1 defaulting: an empty
// restartPolicy or dnsPolicy and a missing terminationGracePeriodSeconds are defaulted, and a Pod's
// unwritten hostPort under hostNetwork is its containerPort (SetDefaults_Pod). A controller's
// template restartPolicy and activeDeadlineSeconds are workload-spec-invalid's and job-invalid's.

/**
 * The kinds whose pod spec the API server validates on apply. Not a StatefulSet's:
 * ValidatePodTemplateSpecForStatefulSet leaves ValidatePodSpec out (its template's volume mounts may
 * name volumeClaimTemplates), so a bad one fails only when the controller creates the pods. An Argo
 * Rollout's template is its CRD's business.
 */
const VALIDATED: ReadonlySet<WorkloadKind> = new Set([
  'Pod',
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'ReplicationController',
  'Job',
  'CronJob',
]);
/** Controllers whose template may not have activeDeadlineSeconds at all (workload-spec-invalid says so). */
const NO_DEADLINE: ReadonlySet<WorkloadKind> = new Set([
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'ReplicationController',
]);

/**
 * validatePodDNSConfig, with the relaxed search names (RelaxedDNSSearchValidation, GA and locked on
 * since 1.34: `.` alone, and underscores).
 */
function dnsConfig(pod: Record<string, unknown>, path: FieldPath, out: Out): void {
  const config = pod.dnsConfig;
  if (pod.dnsPolicy === 'None') {
    if (!isRecord(config)) {
      out.push({
        at: [...path.slice(0, -1), 'dnsPolicy'],
        message: fieldError.required(path, 'must provide dnsConfig when dnsPolicy is None'),
      });
      return;
    }
    if (!Array.isArray(config.nameservers) || !config.nameservers.length) {
      out.push({
        at: path,
        part: 'key',
        message: fieldError.required(
          [...path, 'nameservers'],
          'must provide at least one DNS nameserver when dnsPolicy is None',
        ),
      });
      return;
    }
  }
  if (!isRecord(config)) return;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  const nameservers = strings(config.nameservers);
  const nsPath = [...path, 'nameservers'];
  if (nameservers.length > 3)
    out.push({
      at: nsPath,
      part: 'key',
      message: fieldError.invalid(nsPath, nameservers, 'must not have more than 3 nameservers'),
    });
  nameservers.forEach((ns, i) => {
    for (const e of ip(ns)) out.push({ at: [...nsPath, i], message: fieldError.invalid([...nsPath, i], ns, e) });
  });
  const searches = strings(config.searches);
  const sPath = [...path, 'searches'];
  if (searches.length > 32)
    out.push({
      at: sPath,
      part: 'key',
      message: fieldError.invalid(sPath, searches, 'must not have more than 32 search paths'),
    });
  if (searches.join(' ').length > 2048)
    out.push({
      at: sPath,
      part: 'key',
      message: fieldError.invalid(
        sPath,
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    });
  searches.forEach((s, i) => {
    if (s === '.') return;
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    for (const e of dns1123SubdomainWithUnderscore(trimmed))
      out.push({ at: [...sPath, i], message: fieldError.invalid([...sPath, i], trimmed, e) });
  });
  if (Array.isArray(config.options))
    config.options.forEach((o, i) => {
      if (isRecord(o) && (o.name === undefined || o.name === ''))
        out.push({
          at: [...path, 'options', i],
          part: 'key',
          message: fieldError.required([...path, 'options', i], 'must not be empty'),
        });
    });
}

/** validatePodHostNetworkDeps: under hostNetwork a written hostPort equals its containerPort. */
function hostNetwork(pod: Record<string, unknown>, spec: FieldPath, out: Out): void {
  if (pod.hostNetwork !== true || !Array.isArray(pod.containers)) return;
  pod.containers.forEach((c, ci) => {
    if (!isRecord(c) || !Array.isArray(c.ports)) return;
    c.ports.forEach((p, pi) => {
      if (!isRecord(p) || !Number.isInteger(p.hostPort) || p.hostPort === 0 || p.hostPort === p.containerPort) return;
      const path = [...spec, 'containers', ci, 'ports', pi, 'hostPort'];
      out.push({
        at: path,
        message: fieldError.invalid(path, p.hostPort, 'must match containerPort when hostNetwork is true'),
        ...(Number.isInteger(p.containerPort)
          ? { fix: { title: `Write ${String(p.containerPort)}`, value: String(p.containerPort) } }
          : {}),
      });
    });
  });
}

/** A field holding a DNS name (hostname, subdomain: labels; serviceAccountName, nodeName, priorityClassName, runtimeClassName: subdomains). */
function dnsName(
  pod: Record<string, unknown>,
  field: string,
  spec: FieldPath,
  check: (v: string) => string[],
  out: Out,
) {
  const v = pod[field];
  if (typeof v !== 'string' || !v) return;
  for (const e of check(v)) out.push({ at: [...spec, field], message: fieldError.invalid([...spec, field], v, e) });
}

/** ValidateHostAliases: an IP and DNS-1123 subdomain hostnames. */
function hostAliases(list: unknown, path: FieldPath, out: Out): void {
  if (!Array.isArray(list)) return;
  list.forEach((a, i) => {
    if (!isRecord(a)) return;
    if (typeof a.ip === 'string')
      for (const e of ip(a.ip))
        out.push({ at: [...path, i, 'ip'], message: fieldError.invalid([...path, i, 'ip'], a.ip, e) });
    if (Array.isArray(a.hostnames))
      a.hostnames.forEach((h, j) => {
        const at = [...path, i, 'hostnames', j];
        if (typeof h === 'string')
          for (const e of dns1123Subdomain(h)) out.push({ at, message: fieldError.invalid(at, h, e) });
      });
  });
}

/** Every pod spec problem of one manifest, in ValidatePodSpec's order. */
export function podSpecProblems(r: ManifestResource): Problem[] {
  const kind = workloadKindOf(r);
  if (!kind || !VALIDATED.has(kind)) return [];
  const spec = [...podTemplatePath(kind), 'spec'];
  const pod = get(r.object, spec);
  if (!isRecord(pod)) return [];
  const out: Out = [];
  const name = get(r.object, ['metadata', 'name']);
  const ofPod = kind === 'Pod' ? { ...(typeof name === 'string' && name ? { name } : {}) } : undefined;
  const declared = volumes(pod.volumes, [...spec, 'volumes'], ofPod, out);
  containerProblems(pod, spec, declared, out);
  hostNetwork(pod, spec, out);
  if (
    kind === 'Pod' &&
    typeof pod.restartPolicy === 'string' &&
    pod.restartPolicy !== '' &&
    !['Always', 'OnFailure', 'Never'].includes(pod.restartPolicy)
  )
    unsupported([...spec, 'restartPolicy'], pod.restartPolicy, ['Always', 'OnFailure', 'Never'], out);
  if (typeof pod.dnsPolicy === 'string' && pod.dnsPolicy !== '')
    if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(pod.dnsPolicy))
      unsupported(
        [...spec, 'dnsPolicy'],
        pod.dnsPolicy,
        ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
        out,
      );
  securityProblems(pod, spec, out);
  schedulingProblems(pod, spec, out);
  dnsConfig(pod, [...spec, 'dnsConfig'], out);
  dnsName(pod, 'serviceAccountName', spec, dns1123Subdomain, out);
  dnsName(pod, 'nodeName', spec, dns1123Subdomain, out);
  const deadline = pod.activeDeadlineSeconds;
  if (
    !NO_DEADLINE.has(kind) &&
    Number.isInteger(deadline) &&
    ((deadline as number) < 1 || (deadline as number) > 2147483647)
  ) {
    const path = [...spec, 'activeDeadlineSeconds'];
    out.push({ at: path, message: fieldError.invalid(path, deadline, 'must be between 1 and 2147483647, inclusive') });
  }
  dnsName(pod, 'hostname', spec, dns1123Label, out);
  dnsName(pod, 'subdomain', spec, dns1123Label, out);
  hostAliases(pod.hostAliases, [...spec, 'hostAliases'], out);
  dnsName(pod, 'priorityClassName', spec, dns1123Subdomain, out);
  dnsName(pod, 'runtimeClassName', spec, dns1123Subdomain, out);
  annotationProblems(
    get(r.object, [...podTemplatePath(kind), 'metadata', 'annotations']),
    pod,
    [...podTemplatePath(kind), 'metadata'],
    spec,
    kind === 'Pod',
    out,
  );
  if (kind === 'Pod') {
    imageWhitespace(pod, spec, out);
    // ValidatePodCreate: ephemeral containers are added to a running Pod, never written with it.
    if (Array.isArray(pod.ephemeralContainers) && pod.ephemeralContainers.length)
      out.push({
        at: [...spec, 'ephemeralContainers'],
        part: 'key',
        message: fieldError.forbidden([...spec, 'ephemeralContainers'], 'cannot be set on create'),
        fix: { title: 'Remove ephemeralContainers', remove: true },
      });
  }
  return out;
}

/** validateContainersOnlyForPod: a Pod's image has no surrounding whitespace (a template's may: " " is a placeholder). */
function imageWhitespace(pod: Record<string, unknown>, spec: FieldPath, out: Out): void {
  for (const field of ['containers', 'initContainers']) {
    const list = pod[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      const image = isRecord(c) ? c.image : undefined;
      if (typeof image !== 'string' || image === image.trim()) return;
      const path = [...spec, field, i, 'image'];
      out.push({
        at: path,
        message: fieldError.invalid(path, image, 'must not have leading or trailing whitespace'),
        ...(image.trim()
          ? { fix: { title: 'Remove the surrounding whitespace', value: yamlString(image.trim()) } }
          : {}),
      });
    });
  }
}

/**
 * Where a problem sits: its field, or, when the field is not written (a Required value), the
 * deepest written ancestor; a list item is pointed at by its first key rather than the whole block.
 */
function place(cluster: Cluster, r: ManifestResource, p: Problem): Pick<Finding, 'uri' | 'range' | 'resource'> {
  let path = p.at;
  while (path.length && !hasField(r, path)) path = path.slice(0, -1);
  if (path.length < p.at.length && typeof path[path.length - 1] === 'number')
    return { ...itemAnchor(r, path), resource: resourceId(cluster, r) };
  return at(cluster, r, p.at, p.part ?? 'value');
}

export const podSpecInvalid = resourceRule({
  code: 'pod-spec-invalid',
  defaultSeverity: 'error',
  description:
    "A Pod's or pod template's spec the API server rejects: container names, images, probes and lifecycle handlers, env, volume mounts, resources, host ports, volumes and their sources, security contexts, affinity, tolerations, topology spread, restartPolicy, dnsPolicy and dnsConfig.",
  checkOne(r, { cluster }, report) {
    for (const p of podSpecProblems(r)) {
      const fix = quickFix(r, p.at, p.fix);
      report({ ...place(cluster, r, p), code: this.code, message: p.message, ...(fix ? { fixes: [fix] } : {}) });
    }
  },
});
