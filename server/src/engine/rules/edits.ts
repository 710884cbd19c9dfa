import { resolvePlain } from '../manifest/go-yaml-scalars';
import { keySpan, walk, type FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { NONE, type NodeRef, type SourceTree } from '../manifest/tree';
import type { Fix, TextEdit } from '../types';

// Quick fixes edit the text at exact node ranges, never re-serialise a document: comments,
// quoting and layout around the edit stay as the user wrote them.

const PLAIN = /^[A-Za-z0-9][-A-Za-z0-9_./]*$/;

/** A string as a YAML scalar that kubectl reads back as the same string (`yes`, `0b1` are quoted). */
export function yamlString(s: string): string {
  return PLAIN.test(s) && resolvePlain(s).type === 'str' ? s : JSON.stringify(s);
}

function edit(r: ManifestResource, start: number, end: number, newText: string): TextEdit {
  return { uri: r.uri, range: r.lines.range(start, end), newText };
}

/** Replaces a field's value (a scalar) with `text`. */
export function replaceValue(r: ManifestResource, path: FieldPath, text: string): TextEdit | undefined {
  const { tree, node } = walk(r, path);
  if (!tree.isScalar(node) || !tree.hasRange(node)) return undefined;
  return edit(r, tree.start(node), tree.end(node), text);
}

/** Replaces a map key (a label or selector key) with `text`. */
export function replaceKey(r: ManifestResource, path: FieldPath, text: string): TextEdit | undefined {
  const key = keySpan(walk(r, path));
  return key ? edit(r, key[0], key[1], text) : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** Where pair `i` of a map ends: its value's end, or its key's for a pair without a value. */
function pairEnd(tree: SourceTree, map: NodeRef, i: number): number {
  const value = tree.value(map, i);
  return tree.hasRange(value) ? tree.end(value) : tree.keyEnd(map, i);
}

/**
 * Removes one `key: value` pair. A pair alone on its line goes with its line; the first pair of a
 * list item (`- nodePort: 80`) hands its `- ` to the next pair; in a flow map `{a: 1, b: 2}` the
 * pair goes with one comma.
 */
export function removePair(r: ManifestResource, path: FieldPath): TextEdit | undefined {
  const parent = walk(r, path.slice(0, -1)).node;
  const { tree, map, pair: at, depth } = walk(r, path);
  if (!tree.isMap(parent) || at < 0 || map !== parent || depth !== path.length) return undefined;
  const start = tree.keyStart(map, at);
  if (start === NONE) return undefined;
  const text = r.lines.text;
  const end = pairEnd(tree, map, at);
  const nextKey = at + 1 < tree.size(map) ? tree.keyStart(map, at + 1) : NONE;
  if (tree.isFlow(map)) {
    if (nextKey !== NONE) return edit(r, start, nextKey, '');
    if (at > 0) return edit(r, pairEnd(tree, map, at - 1), end, '');
    return edit(r, start, end, '');
  }
  const ls = lineStart(text, start);
  const prefix = text.slice(ls, start);
  if (/^\s*$/.test(prefix)) {
    // A block value's range ends after its last line's newline: that line, not the next, is the pair's last.
    const le = lineEnd(text, Math.max(end - 1, start));
    return edit(r, ls, Math.min(text.length, le + 1), '');
  }
  if (nextKey !== NONE) return edit(r, start, nextKey, '');
  return undefined;
}

/** Adds `key: value` to a map: after its last pair (block) or before `}` (flow). */
export function addPair(r: ManifestResource, mapPath: FieldPath, key: string, value: string): TextEdit | undefined {
  const { tree, node: map } = walk(r, mapPath);
  if (!tree.isMap(map) || !tree.hasRange(map)) return undefined;
  const entry = `${yamlString(key)}: ${value}`;
  const size = tree.size(map);
  if (tree.isFlow(map)) {
    const close = r.lines.text.lastIndexOf('}', tree.end(map));
    return size ? edit(r, close, close, `, ${entry}`) : edit(r, close, close, entry);
  }
  const firstKey = size ? tree.keyStart(map, 0) : NONE;
  if (firstKey === NONE) return undefined;
  const text = r.lines.text;
  const indent = firstKey - lineStart(text, firstKey);
  const le = lineEnd(text, Math.max(pairEnd(tree, map, size - 1) - 1, 0));
  return edit(r, le, le, `\n${' '.repeat(indent)}${entry}`);
}

/** Puts `key: value` first in a list item: `- port: 80` → `- name: http⏎  port: 80`. */
export function prependPair(
  r: ManifestResource,
  itemPath: FieldPath,
  key: string,
  value: string,
): TextEdit | undefined {
  const { tree, node: map } = walk(r, itemPath);
  const first = tree.isMap(map) && tree.size(map) ? tree.keyStart(map, 0) : NONE;
  if (first === NONE) return undefined;
  const entry = `${key}: ${value}`;
  if (tree.isFlow(map)) return edit(r, first, first, `${entry}, `);
  const column = first - lineStart(r.lines.text, first);
  return edit(r, first, first, `${entry}\n${' '.repeat(column)}`);
}

/**
 * An Unsupported value that is a supported one written in another case (`tcp`, `prefix`), rewritten
 * in the API's case: the one mechanical repair of an enum value.
 */
export function caseFix(r: ManifestResource, path: FieldPath, value: unknown, supported: readonly string[]): Fix[] {
  if (typeof value !== 'string') return [];
  const near = supported.find((s) => s.toLowerCase() === value.toLowerCase());
  const e = near === undefined ? undefined : replaceValue(r, path, near);
  return near !== undefined && e ? [{ title: `Write ${near}`, edits: [e], preferred: true }] : [];
}
