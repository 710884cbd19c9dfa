import { CST, Document, isScalar, Parser, type ScalarTag } from 'yaml';
import { exactSize } from '../model/exact-size';
import { fastCst } from './fast-cst';
import { goYamlTags, mayResolve } from './go-yaml-scalars';
import type { NodeRef, SourceTreeBuilder } from './tree';

/**
 * How every manifest is parsed: YAML 1.2 core syntax with plain scalars resolved as go-yaml v2
 * (YAML 1.1) resolves them for kubectl (`yes` is true, `017` is 15: go-yaml-scalars.ts), duplicate
 * keys are errors, and `<<` merge keys (YAML 1.1, which go-yaml and so kubectl apply: `<<: *base`,
 * `<<: [*a, *b]`, explicit keys win over merged ones, earlier maps of a list over later ones).
 */
export const YAML_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  strict: false,
  logLevel: 'error',
  merge: true,
  customTags: goYamlTags,
} as const;

/** One document of a stream, as `parseAllDocuments` + `toJS` + `SourceTreeBuilder.add` would give it. */
export interface ComposedDocument {
  /** The `yaml` Document's range: start, end of its contents, end with trailing comments. */
  range: [number, number, number];
  /** The contents as `doc.toJS()` returns them. */
  value: unknown;
  /** The contents, when they are a map. */
  root?: Span;
  /** The items of the root map's `items` sequence, those that are maps (for `kind: List`). */
  items?: (Span | undefined)[];
}

/** A map node and its text, trailing comments included (the `yaml` range[0] and range[2]). */
export interface Span {
  node: NodeRef;
  start: number;
  end: number;
}

/**
 * Builds the JavaScript values and source tree of a YAML stream straight from the `yaml` library's
 * concrete syntax tree, without its Document nodes: the Composer's node objects and the `toJS`
 * walk over them were 40% of parsing a workspace, and the tree took a third walk.
 *
 * It follows the `yaml` Composer (v2 `compose/*`) step by step for what manifests are made of —
 * block and flow maps and sequences, plain, quoted and block scalars, comments, anchors and
 * aliases — and declines (returns undefined) at anything else and at every point where the
 * Composer would report an error or `toJS` would throw: tags, explicit `?` keys, keys that are not
 * strings, duplicate keys, tabs, directives, `...` markers, aliases inside anchored nodes or
 * without their anchor. The caller then parses the text with `parseAllDocuments`, which reports
 * those errors in its own words. `compose.test.ts` checks both give the same on every fixture and
 * on random YAML.
 */
export function composeDocuments(
  source: string,
  tree: SourceTreeBuilder,
  maxAliasCount: number,
): ComposedDocument[] | undefined {
  if (source.includes('\t')) return undefined;
  const composer = new FastComposer(tree, maxAliasCount);
  const docs: ComposedDocument[] = [];
  try {
    // The same tokens as the `yaml` Parser's, without its generators where fastCst can build them.
    for (const token of fastCst(source) ?? new Parser().parse(source)) {
      switch (token.type) {
        case 'byte-order-mark':
        case 'space':
        case 'comment':
        case 'newline':
          break;
        case 'document':
          docs.push(composer.document(token));
          break;
        default:
          return undefined;
      }
    }
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
  return docs;
}

const DECLINE = new Error('not composed here');
function decline(): never {
  throw DECLINE;
}

const { options: DOC_OPTIONS, schema } = new Document(undefined, YAML_OPTIONS);
// The tags a plain scalar is tried against, in the Composer's order (`findScalarTagByTest`; the
// schema has no key-only tags); a plain scalar none matches is a string.
const PLAIN_TAGS = schema.tags.filter(
  (t): t is ScalarTag & { test: RegExp } => t.default === true && 'test' in t && t.test instanceof RegExp,
);

type SourceToken = CST.SourceToken;
type Token = CST.Token;
type FlowScalar = CST.FlowScalar | CST.BlockScalar;

/** What `resolveProps` finds in the tokens before a node (and errors on). */
interface Props {
  found: SourceToken | null;
  anchor: SourceToken | null;
  comma: SourceToken | null;
  hasComment: boolean;
  hasNewline: boolean;
  newlineAfterAnchor: boolean;
  end: number;
}

function isSpace(t: Token | undefined): boolean {
  return t?.type === 'space' || t?.type === 'newline' || t?.type === 'comma';
}

/** `resolveProps`: the tokens before a node (indentation, comments, its anchor and indicator). */
function props(
  tokens: readonly SourceToken[],
  indicator: SourceToken['type'],
  next: Token | null | undefined,
  offset: number,
  startOnNewline: boolean,
  flow: boolean,
): Props {
  let hasSpace = startOnNewline;
  let reqSpace = false;
  const p: Props = {
    found: null,
    anchor: null,
    comma: null,
    hasComment: false,
    hasNewline: false,
    newlineAfterAnchor: false,
    end: offset,
  };
  for (const token of tokens) {
    if (reqSpace && !isSpace(token)) decline();
    reqSpace = false;
    switch (token.type) {
      case 'space':
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) decline();
        p.hasComment = true;
        break;
      case 'newline':
        p.hasNewline = true;
        if (p.anchor) p.newlineAfterAnchor = true;
        hasSpace = true;
        break;
      case 'anchor':
        // A second anchor, `&` alone, `&a:` are errors.
        if (p.anchor || token.source.length < 2 || token.source.endsWith(':')) decline();
        p.anchor = token;
        hasSpace = false;
        reqSpace = true;
        break;
      case indicator:
        if (p.anchor || p.found) decline();
        p.found = token;
        hasSpace = false;
        break;
      case 'comma':
        if (!flow || p.comma) decline();
        p.comma = token;
        hasSpace = false;
        break;
      default:
        decline();
    }
  }
  const last = tokens.at(-1);
  if (last) p.end = last.offset + last.source.length;
  if (reqSpace && next && !isSpace(next) && !(next.type === 'scalar' && next.source === '')) decline();
  return p;
}

/** `resolveEnd`: the comments and space after a node; returns where they end. */
function endOf(tokens: readonly SourceToken[] | undefined, offset: number): number {
  if (!tokens) return offset;
  for (const t of tokens) {
    if (t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline') decline();
    offset += t.source.length;
  }
  return offset;
}

/** `emptyScalarPosition`: where a missing value is placed, after the indicator and its spaces. */
function emptyPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    const t = before[i];
    if (t.type === 'space' || t.type === 'comment' || t.type === 'newline') {
      offset -= t.source.length;
      continue;
    }
    for (let j = i + 1; before[j]?.type === 'space'; j++) offset += before[j].source.length;
    break;
  }
  return offset;
}

/**
 * A one-line scalar's text when it is its source as written (less its quotes): what
 * `resolveFlowScalar` returns for it, without the objects it allocates (two closures, a RegExp per
 * call, the result and its `end`), which were an eighth of a cold index's allocation. Anything
 * else (a line break to fold, an escape, a doubled single quote, a first character the library
 * reports, a missing closing quote) is left to the library.
 */
function singleLineText(token: CST.FlowScalar): string | undefined {
  const source = token.source;
  if (source.includes('\n')) return undefined;
  switch (token.type) {
    case 'scalar':
      return PLAIN_BAD_START.includes(source[0]) ? undefined : source;
    case 'single-quoted-scalar':
      return source.length > 1 && source.indexOf("'", 1) === source.length - 1 ? source.slice(1, -1) : undefined;
    case 'double-quoted-scalar':
      return source.length > 1 && source.indexOf('"', 1) === source.length - 1 && !source.includes('\\')
        ? source.slice(1, -1)
        : undefined;
    default:
      return undefined;
  }
}

/** First characters `plainValue` reports as an error (BAD_SCALAR_START). */
const PLAIN_BAD_START = '\t,%|>@`';

function containsNewline(key: FlowScalar): boolean {
  return key.source.includes('\n') || ('end' in key && !!key.end?.some((t) => t.type === 'newline'));
}

function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  // As `toJS` does: a key that an object inherits (`__proto__`, `constructor`) becomes its own.
  if (key in object)
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

function isMapToken(t: Token | undefined): boolean {
  return t?.type === 'block-map' || (t?.type === 'flow-collection' && t.start.source === '{');
}

function isBlockCollection(t: Token | null | undefined): boolean {
  return t?.type === 'block-map' || t?.type === 'block-seq';
}

interface Anchor {
  value: unknown;
  /** Aliases to it so far. */
  uses: number;
}

class FastComposer {
  /** The composed node's value and where it ends (its `range[2]`), set by each compose step. */
  private value: unknown;
  private end = 0;
  private anchors = new Map<string, Anchor>();
  /** Anchored nodes being composed: an alias inside one is left to the Composer. */
  private openAnchors = 0;
  /** 1 inside the root map, 2 inside a collection that is one of its values, … */
  private depth = 0;
  /** The item spans of the last sequence composed as a value of the root map. */
  private rootSeqItems?: (Span | undefined)[];
  /** This document's `items` (the root map's value under that key), for a `kind: List`. */
  private items?: (Span | undefined)[];
  private readonly plainValues = new Map<string, unknown>();

  constructor(
    private readonly tree: SourceTreeBuilder,
    private readonly maxAliasCount: number,
  ) {}

  document(doc: CST.Document): ComposedDocument {
    this.anchors = new Map();
    this.items = undefined;
    const p = props(doc.start, 'doc-start', doc.value ?? doc.end?.[0], doc.offset, true, false);
    if (p.found && isBlockCollection(doc.value) && !p.hasNewline) decline();
    const root = doc.value ? this.node(doc.value, p) : this.empty(p.end, doc.start, p);
    const contentEnd = this.end;
    const range: [number, number, number] = [doc.offset, contentEnd, endOf(doc.end, contentEnd)];
    if (!doc.value || !isMapToken(doc.value)) return { range, value: this.value };
    return {
      range,
      value: this.value,
      root: { node: root, start: doc.value.offset, end: contentEnd },
      // this.node() above sets this.items; TypeScript still narrows it to the `undefined` assigned first.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      ...(this.items ? { items: this.items } : {}),
    };
  }

  /** `composeNode`. */
  private node(token: Token, p: Props): NodeRef {
    // An alias refers to the last node before it with the anchor, in document order: this node
    // comes before any node inside it that reuses the name.
    const anchor = p.anchor ? this.anchor(p.anchor) : undefined;
    if (anchor) this.openAnchors++;
    let ref: NodeRef;
    switch (token.type) {
      case 'alias':
        ref = this.alias(token, p);
        break;
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar': {
        const r = this.scalar(token);
        ref = this.tree.leaf(false, r.range[0], r.range[1]);
        this.end = r.range[2];
        break;
      }
      case 'block-map':
        ref = this.blockMap(token);
        break;
      case 'block-seq':
        // `key: &a - x` is an error: a block sequence's anchor needs a line of its own.
        if (p.anchor && !p.newlineAfterAnchor) decline();
        ref = this.blockSeq(token);
        break;
      case 'flow-collection':
        ref = this.flow(token);
        break;
      default:
        decline();
    }
    if (anchor) {
      this.openAnchors--;
      anchor.value = this.value;
    }
    return ref;
  }

  private anchor(token: SourceToken): Anchor {
    const anchor: Anchor = { value: undefined, uses: 0 };
    this.anchors.set(token.source.substring(1), anchor);
    return anchor;
  }

  /** `composeEmptyNode`: a missing value, null. */
  private empty(offset: number, before: readonly SourceToken[] | undefined, p: Props): NodeRef {
    const at = emptyPosition(offset, before);
    this.value = this.plain('');
    this.end = p.hasComment ? p.end : at;
    if (p.anchor) this.anchor(p.anchor).value = this.value;
    return this.tree.leaf(false, at, at);
  }

  private alias(token: CST.FlowScalar, p: Props): NodeRef {
    const name = token.source.substring(1);
    if (p.anchor || !name || name.endsWith(':') || this.openAnchors > 0) decline();
    const anchor = this.anchors.get(name);
    // `toJS` throws past maxAliasCount uses of one anchor (counting the anchor itself).
    if (!anchor || (this.maxAliasCount >= 0 && ++anchor.uses + 1 > this.maxAliasCount)) decline();
    this.value = anchor.value;
    const valueEnd = token.offset + token.source.length;
    this.end = endOf(token.end, valueEnd);
    return this.tree.leaf(true, token.offset, valueEnd);
  }

  /** `composeScalar` without tags: sets the value, returns the `yaml` range. */
  private scalar(token: FlowScalar): { range: [number, number, number] } {
    if (token.type !== 'block-scalar') {
      const text = singleLineText(token);
      if (text !== undefined) {
        this.value = token.type === 'scalar' ? this.plain(text) : text;
        const valueEnd = token.offset + token.source.length;
        return { range: [token.offset, valueEnd, endOf(token.end, valueEnd)] };
      }
    }
    const r = CST.resolveAsScalar(token, false, decline);
    this.value = token.type === 'scalar' ? this.plain(r.value) : r.value;
    return r;
  }

  /** A plain scalar's value: the first schema tag whose pattern it matches, else the string. */
  private plain(text: string): unknown {
    // Every tag's test is go-yaml's resolution (go-yaml-scalars.ts), which keeps these as strings.
    if (!mayResolve(text)) return text;
    const cached = this.plainValues.get(text);
    if (cached !== undefined) return cached;
    let value: unknown = text;
    for (const tag of PLAIN_TAGS) {
      if (!tag.test.test(text)) continue;
      let resolved: unknown;
      try {
        resolved = tag.resolve(text, decline, DOC_OPTIONS);
      } catch {
        decline();
      }
      value = isScalar(resolved) ? resolved.value : resolved;
      if (typeof value === 'bigint') value = Number(value);
      // `.inf` and `.nan` fail kubectl's decoding (lenient.ts unsupportedJsonValues says so, in the `yaml` library's path).
      if (typeof value === 'number' && !Number.isFinite(value)) decline();
      break;
    }
    this.plainValues.set(text, value);
    return value;
  }

  /**
   * A map key: a single-line plain or quoted scalar. One that resolves to a boolean or a number
   * (`on:`, `y:`, `0x10:`) is named by its value as a string, as `toJS` and sigs.k8s.io/yaml name it.
   */
  private key(token: Token | null | undefined): { range: [number, number, number]; name: string } {
    if (
      !token ||
      (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar')
    )
      return decline();
    if (containsNewline(token)) decline();
    const { range } = this.scalar(token);
    const value = this.value;
    const name = typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
    if (typeof name !== 'string' || name === '<<') decline();
    return { range, name };
  }

  private pairValue(value: Token | undefined, sep: readonly SourceToken[], vp: Props): NodeRef {
    this.rootSeqItems = undefined;
    return value ? this.node(value, vp) : this.empty(vp.end, sep, vp);
  }

  /** Adds a composed pair to the map and its object. */
  private pair(
    map: NodeRef,
    i: number,
    object: Record<string, unknown>,
    key: { range: [number, number, number]; name: string },
    value: NodeRef,
  ): void {
    if (Object.prototype.hasOwnProperty.call(object, key.name)) decline();
    if (this.depth === 1 && key.name === 'items') this.items = this.rootSeqItems;
    setKey(object, key.name, this.value);
    this.tree.setPair(map, i, key.range[0], key.range[1], key.name, value);
  }

  /** A sequence's item spans, if it is a value of the root map. */
  private itemSpans(): (Span | undefined)[] | undefined {
    return this.depth === 1 ? [] : undefined;
  }

  private span(value: Token | undefined, item: NodeRef): Span | undefined {
    return value && isMapToken(value) ? { node: item, start: value.offset, end: this.end } : undefined;
  }

  /** `resolveBlockMap`. */
  private blockMap(bm: CST.BlockMap): NodeRef {
    const map = this.tree.openMap(bm.offset, bm.items.length, false);
    const object: Record<string, unknown> = {};
    let offset = bm.offset;
    let commentEnd: number | null = null;
    let n = 0;
    this.depth++;
    for (const { start, key, sep, value } of bm.items) {
      const kp = props(start, 'explicit-key-ind', key ?? sep?.[0], offset, true, false);
      if (kp.found || kp.anchor) decline();
      if (!sep) {
        // Comment lines after the last pair. yaml's types say such an item has no key; a parser change that
        // gave it one must make this composer decline, not drop the key.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        if (key) decline();
        commentEnd = kp.end;
        continue;
      }
      if (!key || !('indent' in key) || key.indent !== bm.indent) decline();
      const k = this.key(key);
      const vp = props(sep, 'map-value-ind', value, k.range[2], false, false);
      if (!vp.found || (value?.type === 'block-map' && !vp.hasNewline)) decline();
      const v = this.pairValue(value, sep, vp);
      offset = this.end;
      this.pair(map, n++, object, k, v);
    }
    this.depth--;
    if (commentEnd && commentEnd < offset) decline();
    this.tree.closeCollection(map, n, offset);
    this.value = object;
    this.end = commentEnd ?? offset;
    return map;
  }

  /** `resolveBlockSeq`. */
  private blockSeq(bs: CST.BlockSequence): NodeRef {
    const seq = this.tree.openSeq(bs.offset, bs.items.length, false);
    const array: unknown[] = [];
    let offset = bs.offset;
    let commentEnd: number | null = null;
    const spans = this.itemSpans();
    this.depth++;
    for (const { start, value } of bs.items) {
      const p = props(start, 'seq-item-ind', value, offset, true, false);
      if (!p.found) {
        if (p.anchor || value) decline();
        commentEnd = p.end;
        continue;
      }
      const item = value ? this.node(value, p) : this.empty(p.end, start, p);
      offset = this.end;
      spans?.push(this.span(value, item));
      this.tree.setItem(seq, array.length, item);
      array.push(this.value);
    }
    this.depth--;
    this.rootSeqItems = spans;
    this.tree.closeCollection(seq, array.length, offset);
    this.value = exactSize(array);
    this.end = commentEnd ?? offset;
    return seq;
  }

  /** `resolveFlowCollection`, for items without comments, `?` keys or pairs in sequences. */
  private flow(fc: CST.FlowCollection): NodeRef {
    const isMap = fc.start.source === '{';
    const ref = isMap
      ? this.tree.openMap(fc.offset, fc.items.length, true)
      : this.tree.openSeq(fc.offset, fc.items.length, true);
    const object: Record<string, unknown> = {};
    const array: unknown[] = [];
    let offset = fc.offset + fc.start.source.length;
    let pairs = 0;
    const spans = isMap ? undefined : this.itemSpans();
    this.depth++;
    fc.items.forEach(({ start, key, sep, value }, i) => {
      const p = props(start, 'explicit-key-ind', key ?? sep?.[0], offset, false, true);
      if (p.found || p.hasComment) decline();
      if (!p.anchor && !sep && !value && !key) {
        // Only a trailing comma may leave an empty item, and not as the first.
        if ((i === 0 && p.comma) || i < fc.items.length - 1) decline();
        offset = p.end;
        return;
      }
      if (i === 0 ? p.comma : !p.comma) decline();
      if (!isMap) {
        if (sep || key || !value || isBlockCollection(value)) decline();
        const item = this.node(value, p);
        spans?.push(this.span(value, item));
        this.tree.setItem(ref, array.length, item);
        array.push(this.value);
      } else {
        if (p.anchor || !sep) decline();
        const k = this.key(key);
        const vp = props(sep, 'map-value-ind', value, k.range[2], false, true);
        if (!vp.found || isBlockCollection(value)) decline();
        const v = this.pairValue(value, sep, vp);
        this.pair(ref, pairs++, object, k, v);
      }
      offset = this.end;
    });
    this.depth--;
    this.rootSeqItems = spans;
    const close = fc.end.at(0);
    const after = fc.end.slice(1);
    if (close?.source !== (isMap ? '}' : ']')) decline();
    const closed = close.offset + close.source.length;
    this.tree.closeCollection(ref, isMap ? pairs : array.length, closed);
    this.value = isMap ? object : exactSize(array);
    this.end = after.length ? endOf(after, closed) : closed;
    return ref;
  }
}
