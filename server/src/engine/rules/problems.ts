import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import { at } from './support';
import type { Report } from './types';

// What the spec checks of hpa-spec, endpointslice-spec and job-spec share: a problem is the API
// server's message and the place in the manifest it belongs to (the written field, or the key of
// the nearest written parent when the field is missing).

export interface Problem {
  at: FieldPath;
  message: string;
  part?: 'key' | 'value';
}

/** A written integer field (a Go *int32 is nil, an int32 0, when unwritten: the caller decides). */
export const writtenInt = (v: unknown): number | undefined => (Number.isInteger(v) ? (v as number) : undefined);

/** A written list, or none. */
export const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A field written with a value (JSON null decodes as unset). */
export const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Reports each problem of `r` under `code`. */
export function reportProblems(
  cluster: Cluster,
  r: ManifestResource,
  code: string,
  problems: readonly Problem[],
  report: Report,
): void {
  for (const p of problems) report({ ...at(cluster, r, p.at, p.part ?? 'value'), code, message: p.message });
}
