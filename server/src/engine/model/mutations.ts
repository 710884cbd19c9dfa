import type { TrafficPolicy, WorkloadKey } from './types';

/**
 * What-if changes applied on top of the manifests (the concept documents' experiments). They never
 * touch the user's files: the model is rebuilt with them as if the cluster had reacted.
 * Pods are named `namespace/name`, Services `namespace/name`, workloads `namespace/Kind/name`.
 */
export type Mutation =
  /** The controller replaces it under a new name and IP (a StatefulSet keeps the name). */
  | { kind: 'deletePod'; pod: string }
  | { kind: 'scale'; workload: WorkloadKey; replicas: number }
  | { kind: 'setPodReady'; pod: string; ready: boolean }
  /**
   * deletionTimestamp set: serving until it exits, but no longer ready. A ReplicaSet or Job starts
   * a replacement at once; a StatefulSet waits for the name to be free.
   */
  | { kind: 'terminatePod'; pod: string }
  /** If the pod no longer satisfies its controller's selector, it is orphaned and replaced. */
  | { kind: 'removePodLabel'; pod: string; key: string }
  | { kind: 'setExternalTrafficPolicy'; service: string; policy: TrafficPolicy }
  /** `namespace/name`: the cluster as if the NetworkPolicy were deleted (pods and Services are unchanged; only traces and connectivity see it). */
  | { kind: 'removeNetworkPolicy'; policy: string };

export function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case 'deletePod':
      return `delete pod ${m.pod}`;
    case 'scale':
      return `scale ${m.workload} to ${m.replicas}`;
    case 'setPodReady':
      return `mark pod ${m.pod} ${m.ready ? 'ready' : 'not ready'}`;
    case 'terminatePod':
      return `terminate pod ${m.pod}`;
    case 'removePodLabel':
      return `remove label ${m.key} from pod ${m.pod}`;
    case 'setExternalTrafficPolicy':
      return `set externalTrafficPolicy of ${m.service} to ${m.policy}`;
    case 'removeNetworkPolicy':
      return `remove NetworkPolicy ${m.policy}`;
  }
}
