import type { LineIndex } from './positions';
import type { NodeRef, SourceTree } from './tree';
import type { Range } from '../types';

/** One Kubernetes object as written in a manifest, with what is needed to point back at its text. */
export interface ManifestResource {
  uri: string;
  /** Index of the YAML document in the file (0-based). */
  docIndex: number;
  /** Position in `items` when the object came from a `kind: List`. */
  itemIndex?: number;
  apiVersion: string;
  kind: string;
  /** `metadata.name`, or '' when missing or not a string (validation reports it). */
  name: string;
  /** `metadata.namespace` as written, if it is a string. */
  namespace?: string;
  /** The object as plain JavaScript data (aliases expanded, bounded). */
  object: Record<string, unknown>;
  /** The file's source nodes (shared by its resources) and this object's map among them, for exact source ranges. */
  tree: SourceTree;
  root: NodeRef;
  lines: LineIndex;
  /** The whole object's text range. */
  range: Range;
}

export function resourceLabel(r: Pick<ManifestResource, 'kind' | 'name'>, namespace: string): string {
  return `${r.kind} ${namespace}/${r.name}`;
}
