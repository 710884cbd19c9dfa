import { isMap, isPair, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { walk, type FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { TextEdit } from '../types';

// Quick fixes edit the text at exact node ranges, never re-serialise a document: comments,
// quoting and layout around the edit stay as the user wrote them.

const PLAIN = /^[A-Za-z0-9][-A-Za-z0-9_./]*$/;
const NEEDS_QUOTES = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+)$/i;

/** A string as a YAML scalar that reads back as the same string. */
export function yamlString(s: string): string {
  return PLAIN.test(s) && !NEEDS_QUOTES.test(s) ? s : JSON.stringify(s);
}

function edit(r: ManifestResource, start: number, end: number, newText: string): TextEdit {
  return { uri: r.uri, range: r.lines.range(start, end), newText };
}

/** Replaces a field's value (a scalar) with `text`. */
export function replaceValue(r: ManifestResource, path: FieldPath, text: string): TextEdit | undefined {
  const node = walk(r, path).node as Node | null | undefined;
  if (!node?.range || !isScalar(node)) return undefined;
  return edit(r, node.range[0], node.range[1], text);
}

/** Replaces a map key (a label or selector key) with `text`. */
export function replaceKey(r: ManifestResource, path: FieldPath, text: string): TextEdit | undefined {
  const key = walk(r, path).pair?.key as Node | undefined;
  return key?.range ? edit(r, key.range[0], key.range[1], text) : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/**
 * Removes one `key: value` pair. A pair alone on its line goes with its line; the first pair of a
 * list item (`- nodePort: 80`) hands its `- ` to the next pair; in a flow map `{a: 1, b: 2}` the
 * pair goes with one comma.
 */
export function removePair(r: ManifestResource, path: FieldPath): TextEdit | undefined {
  const parent = walk(r, path.slice(0, -1)).node;
  const found = walk(r, path);
  if (!isMap(parent) || !found.pair || found.depth !== path.length) return undefined;
  const map = parent as YAMLMap;
  const at = map.items.indexOf(found.pair);
  const key = found.pair.key as Node;
  const value = found.pair.value as Node | null;
  if (!key.range) return undefined;
  const text = r.lines.text;
  const start = key.range[0];
  const end = value?.range ? value.range[1] : key.range[1];
  if (map.flow) {
    const next = map.items[at + 1]?.key as Node | undefined;
    const prevPair = map.items[at - 1] as Pair | undefined;
    const prevEnd = prevPair ? ((prevPair.value as Node | null)?.range?.[1] ?? (prevPair.key as Node).range![1]) : undefined;
    if (next?.range) return edit(r, start, next.range[0], '');
    if (prevEnd !== undefined) return edit(r, prevEnd, end, '');
    return edit(r, start, end, '');
  }
  const ls = lineStart(text, start);
  const prefix = text.slice(ls, start);
  if (/^\s*$/.test(prefix)) {
    const le = lineEnd(text, end);
    return edit(r, ls, Math.min(text.length, le + 1), '');
  }
  const next = map.items[at + 1]?.key as Node | undefined;
  if (next?.range) return edit(r, start, next.range[0], '');
  return undefined;
}

/** Adds `key: value` to a map: after its last pair (block) or before `}` (flow). */
export function addPair(r: ManifestResource, mapPath: FieldPath, key: string, value: string): TextEdit | undefined {
  const map = walk(r, mapPath).node;
  if (!isMap(map) || !map.range) return undefined;
  const entry = `${yamlString(key)}: ${value}`;
  const last = map.items[map.items.length - 1] as Pair | undefined;
  if (map.flow) {
    const close = r.lines.text.lastIndexOf('}', map.range[1]);
    return last ? edit(r, close, close, `, ${entry}`) : edit(r, close, close, entry);
  }
  if (!last || !isPair(last)) return undefined;
  const firstKey = map.items[0]!.key as Node;
  const text = r.lines.text;
  const indent = firstKey.range![0] - lineStart(text, firstKey.range![0]);
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const le = lineEnd(text, Math.max(lastEnd - 1, 0));
  return edit(r, le, le, `\n${' '.repeat(indent)}${entry}`);
}

/** Puts `key: value` first in a list item: `- port: 80` → `- name: http⏎  port: 80`. */
export function prependPair(r: ManifestResource, itemPath: FieldPath, key: string, value: string): TextEdit | undefined {
  const map = walk(r, itemPath).node;
  const first = isMap(map) ? (map.items[0]?.key as Node | undefined) : undefined;
  if (!isMap(map) || !first?.range) return undefined;
  const entry = `${key}: ${value}`;
  if (map.flow) return edit(r, first.range[0], first.range[0], `${entry}, `);
  const column = first.range[0] - lineStart(r.lines.text, first.range[0]);
  return edit(r, first.range[0], first.range[0], `${entry}\n${' '.repeat(column)}`);
}
