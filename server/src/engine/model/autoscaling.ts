import { isObject } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import type { ClusterConfig } from './config';
import type { WorkloadKind } from './types';

/** A HorizontalPodAutoscaler as the controller uses it: which workload it scales, within which bounds. */
export interface Autoscaler {
  /** `namespace/name` of the HPA. */
  key: string;
  name: string;
  /** The workload key of its scaleTargetRef. */
  target: string;
  minReplicas: number;
  maxReplicas: number;
}

/** The served HPA versions (autoscaling/v2beta1 and v2beta2 were removed in 1.25 and 1.26). */
const SERVED: ReadonlySet<string> = new Set(['autoscaling/v1', 'autoscaling/v2']);

/** Kinds with a scale subresource kroute models. */
const SCALABLE: ReadonlySet<WorkloadKind> = new Set<WorkloadKind>([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'Rollout',
]);

/** The HPA a manifest declares, when the API server accepts it (ValidateHorizontalPodAutoscalerSpec). */
export function autoscalerOf(r: ManifestResource, namespace: string): Autoscaler | undefined {
  if (r.kind !== 'HorizontalPodAutoscaler' || !SERVED.has(r.apiVersion)) return undefined;
  const spec = isObject(r.object.spec) ? r.object.spec : {};
  const ref = isObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  if (typeof ref.kind !== 'string' || typeof ref.name !== 'string' || !SCALABLE.has(ref.kind as WorkloadKind))
    return undefined;
  // minReplicas defaults to 1 (SetDefaults_HorizontalPodAutoscaler); the API server rejects
  // minReplicas < 1 (without the HPAScaleToZero gate) and maxReplicas < minReplicas.
  const min = spec.minReplicas === undefined ? 1 : spec.minReplicas;
  const max = spec.maxReplicas;
  if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) < 1 || (max as number) < (min as number))
    return undefined;
  return {
    key: `${namespace}/${r.name}`,
    name: r.name,
    target: `${namespace}/${ref.kind}/${ref.name}` /* workloadKey's form */,
    minReplicas: min as number,
    maxReplicas: max as number,
  };
}

/**
 * The HPAs of the workspace by the workload they scale. A workload two HPAs target is left alone:
 * the controller refuses to scale it (ScalingActive false, AmbiguousSelector in
 * pkg/controller/podautoscaler/horizontal.go), so neither is returned for it.
 */
export function autoscalersByTarget(
  resources: readonly ManifestResource[],
  config: ClusterConfig,
): Map<string, Autoscaler> {
  const out = new Map<string, Autoscaler>();
  const ambiguous = new Set<string>();
  for (const r of resources) {
    if (r.kind !== 'HorizontalPodAutoscaler') continue;
    const hpa = autoscalerOf(r, r.namespace ?? config.defaultNamespace);
    if (!hpa) continue;
    const other = out.get(hpa.target);
    if (other && other.key !== hpa.key) ambiguous.add(hpa.target);
    out.set(hpa.target, hpa);
  }
  for (const target of ambiguous) out.delete(target);
  return out;
}

/**
 * The replicas an HPA keeps at steady state when no metric moves it (reconcileAutoscaler in
 * pkg/controller/podautoscaler/horizontal.go): a workload scaled to 0 stays at 0 (autoscaling is
 * disabled), one above maxReplicas comes down to it, one below minReplicas goes up to it, and one
 * in between keeps its count (normalizeDesiredReplicas clamps the metrics' proposal, which without
 * metrics is the current count).
 */
export function autoscaledReplicas(current: number, hpa: Pick<Autoscaler, 'minReplicas' | 'maxReplicas'>): number {
  if (current === 0) return 0;
  return Math.min(hpa.maxReplicas, Math.max(hpa.minReplicas, current));
}
