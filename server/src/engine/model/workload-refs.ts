import type { ManifestResource } from '../manifest/resource';
import { isObject } from '../manifest/parse';
import type { ClusterConfig } from './config';
import { workloadKey } from './workloads';

/**
 * Argo Rollouts' `spec.workloadRef` (argoproj/argo-rollouts docs/features/migrating.md, "Reference
 * Deployment From Rollout"): instead of a template of its own, a Rollout runs the pod template of
 * a Deployment, ReplicaSet or PodTemplate of its namespace, which is then usually scaled to zero.
 * Without it the Rollout would have no pods and its Service none of the Rollout's endpoints.
 */
const REFERABLE: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'PodTemplate']);

/** The object whose pod template each such Rollout runs, by the Rollout's workload key. */
export function templateSourcesByRollout(
  resources: readonly ManifestResource[],
  config: ClusterConfig,
): Map<string, ManifestResource> {
  const out = new Map<string, ManifestResource>();
  const wanted = new Map<string, string>();
  for (const r of resources) {
    const ref = workloadRefOf(r);
    if (ref)
      wanted.set(
        `${ref.kind}\0${r.namespace ?? config.defaultNamespace}\0${ref.name}`,
        workloadKey('Rollout', r.namespace ?? config.defaultNamespace, r.name),
      );
  }
  if (!wanted.size) return out;
  for (const r of resources) {
    const rollout = REFERABLE.has(r.kind)
      ? wanted.get(`${r.kind}\0${r.namespace ?? config.defaultNamespace}\0${r.name}`)
      : undefined;
    // Of two definitions of one object, the later (the one kubectl apply leaves) is the source.
    if (rollout) out.set(rollout, r);
  }
  return out;
}

/** A Rollout's `spec.workloadRef` to a kind whose template it can run; undefined when it writes its own template. */
export function workloadRefOf(r: ManifestResource): { kind: string; name: string } | undefined {
  if (r.kind !== 'Rollout' || !isObject(r.object.spec)) return undefined;
  const { workloadRef, template } = r.object.spec;
  if (isObject(template) || !isObject(workloadRef)) return undefined;
  const { kind, name } = workloadRef;
  return typeof kind === 'string' && REFERABLE.has(kind) && typeof name === 'string' && name
    ? { kind, name }
    : undefined;
}

/** The pod template a referenced object holds (a PodTemplate's `template`, else `spec.template`). */
export function referencedTemplate(source: ManifestResource): unknown {
  const o = source.object;
  if (source.kind === 'PodTemplate') return o.template;
  return isObject(o.spec) ? o.spec.template : undefined;
}
