import type { ManifestResource } from './resource';
import { NONE, type NodeRef, type SourceTree } from './tree';
import type { Location, Range } from '../types';

export type FieldPath = readonly (string | number)[];

/** Which part of a field to point at: its key (`nodePort`), its value (`80`), or both. */
export type FieldPart = 'key' | 'value' | 'pair';

export interface Found {
  tree: SourceTree;
  /** When the last segment found was a key: the map holding it and the pair's index (else NONE, -1). */
  map: NodeRef;
  pair: number;
  /** The node the found segments lead to (NONE for a pair without a value). */
  node: NodeRef;
  /** How many path segments were actually found (the rest did not exist). */
  depth: number;
}

/** The source nodes along a path (exported for quick fixes, which edit at exact node ranges). */
export function walk(resource: ManifestResource, path: FieldPath): Found {
  const tree = resource.tree;
  let node = resource.root;
  let map = NONE;
  let pair = -1;
  let depth = 0;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!tree.isSeq(node) || segment < 0 || segment >= tree.size(node)) break;
      node = tree.item(node, segment);
      map = NONE;
      pair = -1;
    } else {
      if (!tree.isMap(node)) break;
      const i = tree.find(node, segment);
      if (i < 0) {
        // A field merged in (`<<: *base`) is written at the anchor: end on the merge key, the
        // nearest place in this map that gave it.
        const merge = tree.find(node, '<<');
        if (merge >= 0) [map, pair] = [node, merge];
        break;
      }
      map = node;
      pair = i;
      node = tree.value(node, i);
    }
    depth++;
  }
  return { tree, map, pair, node, depth };
}

/** The key range of the pair a walk ended on, if it has one. */
export function keySpan(found: Found): [number, number] | undefined {
  if (found.pair < 0) return undefined;
  const start = found.tree.keyStart(found.map, found.pair);
  return start === NONE ? undefined : [start, found.tree.keyEnd(found.map, found.pair)];
}

/**
 * The source range of a field. When the field is missing, points at the deepest ancestor that exists
 * (its key), so a diagnostic about a missing field lands where the user would add it.
 */
export function rangeOf(resource: ManifestResource, path: FieldPath, part: FieldPart = 'value'): Range {
  const found = walk(resource, path);
  const { tree, node } = found;
  const lines = resource.lines;
  // A walk stops where the path stops existing: the pair it ended on is the deepest ancestor's.
  const key = keySpan(found);
  if (found.depth < path.length) return key ? lines.range(key[0], key[1]) : firstLineOf(resource);
  if (part === 'key' && key) return lines.range(key[0], key[1]);
  if (part === 'pair' && key) return lines.range(key[0], tree.hasRange(node) ? tree.end(node) : key[1]);
  if (tree.hasRange(node)) {
    // A block map or sequence value spans many lines; point at its key instead.
    if ((tree.isMap(node) || tree.isSeq(node)) && !tree.isFlow(node) && key) return lines.range(key[0], key[1]);
    return lines.range(tree.start(node), tree.end(node));
  }
  if (key) return lines.range(key[0], key[1]);
  return firstLineOf(resource);
}

export function locationOf(resource: ManifestResource, path: FieldPath, part: FieldPart = 'value'): Location {
  return { uri: resource.uri, range: rangeOf(resource, path, part) };
}

/** True when the field is literally present in the source (defaulting does not count). */
export function hasField(resource: ManifestResource, path: FieldPath): boolean {
  return walk(resource, path).depth === path.length;
}

/** The resource's `metadata.name` value, or its first line, for diagnostics about the object as a whole. */
export function firstLineOf(resource: ManifestResource): Range {
  const { tree, node, depth } = walk(resource, ['metadata', 'name']);
  if (depth === 2 && tree.hasRange(node)) return resource.lines.range(tree.start(node), tree.end(node));
  const start = resource.range.start;
  return { start, end: { line: start.line, character: resource.lines.lineText(start.line).length } };
}

/**
 * The path of the innermost field at an offset, with whether the offset is on its key or value.
 * Used by hover, completion and navigation to know what the user points at.
 */
export function pathAt(
  resource: ManifestResource,
  offset: number,
): { path: (string | number)[]; part: 'key' | 'value' } | undefined {
  const tree = resource.tree;
  const path: (string | number)[] = [];
  let part: 'key' | 'value' = 'value';
  let current = resource.root;
  for (;;) {
    if (tree.isMap(current)) {
      const i = tree.pairAt(current, offset);
      const key = i < 0 ? undefined : tree.key(current, i);
      if (key === undefined) break;
      path.push(key);
      if (tree.keyStart(current, i) <= offset && offset <= tree.keyEnd(current, i)) {
        part = 'key';
        break;
      }
      part = 'value';
      current = tree.value(current, i);
    } else if (tree.isSeq(current)) {
      const i = tree.itemAt(current, offset);
      if (i < 0) break;
      path.push(i);
      current = tree.item(current, i);
    } else break;
  }
  return path.length ? { path, part } : undefined;
}
