import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ManifestResource } from './resource';
import type { Location, Range } from '../types';

export type FieldPath = ReadonlyArray<string | number>;

/** Which part of a field to point at: its key (`nodePort`), its value (`80`), or both. */
export type FieldPart = 'key' | 'value' | 'pair';

export interface Found {
  pair?: Pair;
  node?: Node | null;
  /** How many path segments were actually found (the rest did not exist). */
  depth: number;
}

/** The YAML nodes along a path (exported for quick fixes, which edit at exact node ranges). */
export function walk(resource: ManifestResource, path: FieldPath): Found {
  let current: Node | null | undefined = resource.node;
  let pair: Pair | undefined;
  let depth = 0;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!isSeq(current) || segment >= current.items.length) break;
      current = current.items[segment] as Node;
      pair = undefined;
    } else {
      if (!isMap(current)) break;
      const next = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment) as Pair | undefined;
      if (!next) break;
      pair = next;
      current = next.value as Node | null;
    }
    depth++;
  }
  return { pair, node: current, depth };
}

/**
 * The source range of a field. When the field is missing, points at the deepest ancestor that exists
 * (its key), so a diagnostic about a missing field lands where the user would add it.
 */
export function rangeOf(resource: ManifestResource, path: FieldPath, part: FieldPart = 'value'): Range {
  const found = walk(resource, path);
  const lines = resource.lines;
  if (found.depth < path.length) {
    const parent = walk(resource, path.slice(0, found.depth));
    const target = parent.pair?.key as Node | undefined;
    if (target?.range) return lines.range(target.range[0], target.range[1]);
    return firstLineOf(resource);
  }
  const keyNode = found.pair?.key as Node | undefined;
  const valueNode = found.node ?? undefined;
  if (part === 'key' && keyNode?.range) return lines.range(keyNode.range[0], keyNode.range[1]);
  if (part === 'pair' && keyNode?.range) {
    const end = valueNode?.range ? valueNode.range[1] : keyNode.range[1];
    return lines.range(keyNode.range[0], end);
  }
  if (valueNode?.range) {
    // A block map or sequence value spans many lines; point at its key instead.
    if ((isMap(valueNode) || isSeq(valueNode)) && !valueNode.flow && keyNode?.range) return lines.range(keyNode.range[0], keyNode.range[1]);
    return lines.range(valueNode.range[0], valueNode.range[1]);
  }
  if (keyNode?.range) return lines.range(keyNode.range[0], keyNode.range[1]);
  return firstLineOf(resource);
}

export function locationOf(resource: ManifestResource, path: FieldPath, part: FieldPart = 'value'): Location {
  return { uri: resource.uri, range: rangeOf(resource, path, part) };
}

/** True when the field is literally present in the source (defaulting does not count). */
export function hasField(resource: ManifestResource, path: FieldPath): boolean {
  return walk(resource, path).depth === path.length;
}

/** The resource's `kind:` line, or its first line, for diagnostics about the object as a whole. */
export function firstLineOf(resource: ManifestResource): Range {
  const nameRange = walk(resource, ['metadata', 'name']);
  const node = (nameRange.depth === 2 ? nameRange.node : undefined) as Node | undefined;
  if (node?.range) return resource.lines.range(node.range[0], node.range[1]);
  const start = resource.range.start;
  return { start, end: { line: start.line, character: resource.lines.lineText(start.line).length } };
}

/**
 * The path of the innermost field at an offset, with whether the offset is on its key or value.
 * Used by hover, completion and navigation to know what the user points at.
 */
export function pathAt(resource: ManifestResource, offset: number): { path: (string | number)[]; part: 'key' | 'value' } | undefined {
  const path: (string | number)[] = [];
  let part: 'key' | 'value' = 'value';
  let current: Node | null | undefined = resource.node;
  const within = (n: Node | null | undefined) => !!n?.range && n.range[0] <= offset && offset <= n.range[1];
  for (;;) {
    if (isMap(current)) {
      const pair = current.items.find((p) => {
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        return within(k) || within(v);
      });
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      if (within(pair.key as Node)) { part = 'key'; break; }
      part = 'value';
      current = pair.value as Node | null;
    } else if (isSeq(current)) {
      const i = current.items.findIndex((n) => within(n as Node));
      if (i < 0) break;
      path.push(i);
      current = current.items[i] as Node;
    } else break;
  }
  return path.length ? { path, part } : undefined;
}
