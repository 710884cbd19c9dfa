import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import { removePair, replaceValue } from './edits';
import { at } from './support';
import type { Fix } from '../types';
import type { Report } from './types';

// What the spec checks of hpa-spec, endpointslice-spec and job-spec share: a problem is the API
// server's message and the place in the manifest it belongs to (the written field, or the key of
// the nearest written parent when the field is missing).

/** A mechanical repair of one problem: write `value` (YAML text) in place of the field's, or remove the field. */
export interface ProblemFix {
  title: string;
  value?: string;
  remove?: true;
}

export interface Problem {
  at: FieldPath;
  message: string;
  part?: 'key' | 'value';
  fix?: ProblemFix;
}

/** A problem's repair as the quick fix that edits the field at `path`; none where the text has no such field. */
export function quickFix(r: ManifestResource, path: FieldPath, fix: ProblemFix | undefined): Fix | undefined {
  if (!fix) return undefined;
  const edit = fix.remove ? removePair(r, path) : replaceValue(r, path, fix.value ?? '');
  return edit ? { title: fix.title, edits: [edit], preferred: true } : undefined;
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
  for (const p of problems) {
    const fix = quickFix(r, p.at, p.fix);
    report({ ...at(cluster, r, p.at, p.part ?? 'value'), code, message: p.message, ...(fix ? { fixes: [fix] } : {}) });
  }
}
