import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/**
 * The shape and source offsets of a file's YAML nodes, without the nodes: what `locate.ts` and the
 * quick fixes need (which key or item is where, block or flow) in one Int32Array per file, built
 * right after parsing so the `yaml` Document trees can be dropped (at 10k manifests they were most of
 * the server's heap). Offsets are UTF-16 code units into the parsed text, exactly the `yaml`
 * library's `range[0]` / `range[1]`.
 *
 * A node is an offset into `data` (NONE for a missing node):
 *   scalar, alias   [tag, start, end]
 *   map             [tag, start, end, n, (keyStart, keyEnd, value) × n]
 *   sequence        [tag, start, end, n, item × n]
 * tag = kind | FLOW. A key's string is its source text unless `keyText` says otherwise (a quoted
 * key, `0x10`, …: the `yaml` scalar's value as a string; null for a key that is not a scalar).
 */
export type NodeRef = number;
export const NONE: NodeRef = -1;

export type NodeKind = 'scalar' | 'map' | 'seq' | 'alias';

const SCALAR = 1;
const MAP = 2;
const SEQ = 3;
const ALIAS = 4;
const KIND_MASK = 7;
const FLOW = 8;
const KINDS: readonly NodeKind[] = ['scalar', 'scalar', 'map', 'seq', 'alias'];

export class SourceTree {
  constructor(
    private readonly data: Int32Array | Int16Array,
    /** The text the offsets point into. */
    readonly text: string,
    /** Keys whose string is not their source text, by the offset of their `keyStart` slot. */
    private readonly keyText?: ReadonlyMap<number, string | null>,
    /** Where in `text` the stored offsets count from: the start of the text that was parsed. */
    private readonly base = 0,
  ) {}

  /** What the tree holds besides its text, for a structured clone (`transfer.ts`), which restores the tree in the text. */
  parts(): [data: Int32Array | Int16Array, keyText: ReadonlyMap<number, string | null> | undefined, base: number] {
    return [this.data, this.keyText, this.base];
  }

  /** The same nodes in `text`, where the parsed text now starts at `base` (an edit before it moved it). */
  moved(text: string, base: number): SourceTree {
    return text === this.text && base === this.base ? this : new SourceTree(this.data, text, this.keyText, base);
  }

  private offset(raw: number): number {
    return raw === NONE ? NONE : raw + this.base;
  }

  kind(n: NodeRef): NodeKind {
    return KINDS[this.data[n] & KIND_MASK];
  }

  isMap(n: NodeRef): boolean {
    return n !== NONE && (this.data[n] & KIND_MASK) === MAP;
  }

  isSeq(n: NodeRef): boolean {
    return n !== NONE && (this.data[n] & KIND_MASK) === SEQ;
  }

  isScalar(n: NodeRef): boolean {
    return n !== NONE && (this.data[n] & KIND_MASK) === SCALAR;
  }

  /** A flow collection (`{a: 1}`, `[1, 2]`). */
  isFlow(n: NodeRef): boolean {
    return n !== NONE && (this.data[n] & FLOW) !== 0;
  }

  start(n: NodeRef): number {
    return this.offset(this.data[n + 1]);
  }

  /** The end of the node's value (the `yaml` range[1]: before any trailing comment). */
  end(n: NodeRef): number {
    return this.offset(this.data[n + 2]);
  }

  /** Pairs of a map, items of a sequence, 0 otherwise. */
  size(n: NodeRef): number {
    const kind = this.data[n] & KIND_MASK;
    return kind === MAP || kind === SEQ ? this.data[n + 3] : 0;
  }

  /** Item `i` of a sequence. */
  item(seq: NodeRef, i: number): NodeRef {
    return this.data[seq + 4 + i];
  }

  /** Where pair `i` of a map has its key (NONE when the pair has no key node). */
  keyStart(map: NodeRef, i: number): number {
    return this.offset(this.data[map + 4 + 3 * i]);
  }

  keyEnd(map: NodeRef, i: number): number {
    return this.offset(this.data[map + 5 + 3 * i]);
  }

  /** The value node of pair `i` of a map (NONE for `? key` without a value). */
  value(map: NodeRef, i: number): NodeRef {
    return this.data[map + 6 + 3 * i];
  }

  /** The key of pair `i` as a string (as `String(scalar.value)`), undefined when it is not a scalar. */
  key(map: NodeRef, i: number): string | undefined {
    const slot = map + 4 + 3 * i;
    const start = this.data[slot];
    if (start === NONE) return undefined;
    const text = this.keyText?.get(slot);
    if (text !== undefined) return text ?? undefined;
    return this.text.slice(start + this.base, this.data[slot + 1] + this.base);
  }

  /** The index of the first pair whose key is `name`, or -1. */
  find(map: NodeRef, name: string): number {
    const n = this.data[map + 3];
    const keyText = this.keyText;
    for (let i = 0, slot = map + 4; i < n; i++, slot += 3) {
      const start = this.data[slot];
      if (start === NONE) continue;
      const special = keyText?.get(slot);
      if (special !== undefined) {
        if (special === name) return i;
      } else if (this.data[slot + 1] - start === name.length && this.text.startsWith(name, start + this.base)) return i;
    }
    return -1;
  }

  /** The first pair of a map whose key or value contains `offset` (ends inclusive), or -1. */
  pairAt(map: NodeRef, at: number): number {
    const offset = at - this.base;
    const n = this.data[map + 3];
    for (let i = 0, slot = map + 4; i < n; i++, slot += 3) {
      const ks = this.data[slot];
      if (ks !== NONE && ks <= offset && offset <= this.data[slot + 1]) return i;
      if (this.contains(this.data[slot + 2], offset)) return i;
    }
    return -1;
  }

  /** The first item of a sequence that contains `offset` (ends inclusive), or -1. */
  itemAt(seq: NodeRef, at: number): number {
    const offset = at - this.base;
    const n = this.data[seq + 3];
    for (let i = 0; i < n; i++) if (this.contains(this.data[seq + 4 + i], offset)) return i;
    return -1;
  }

  within(n: NodeRef, offset: number): boolean {
    return this.contains(n, offset - this.base);
  }

  /** `within` for an offset relative to the base. */
  private contains(n: NodeRef, offset: number): boolean {
    return n !== NONE && this.data[n + 1] !== NONE && this.data[n + 1] <= offset && offset <= this.data[n + 2];
  }

  /** True when the node has a source range (every parsed node has). */
  hasRange(n: NodeRef): boolean {
    return n !== NONE && this.data[n + 1] !== NONE;
  }

  /** Bytes held (for benchmarks and tests). */
  get byteLength(): number {
    return this.data.byteLength;
  }
}

function fitsInt16(words: Int32Array): boolean {
  for (const w of words) if (w < -0x8000 || w > 0x7fff) return false;
  return true;
}

/**
 * Flattens parsed YAML nodes into a SourceTree. `add` one document root at a time; it returns the
 * root's NodeRef. Keeps one growing scratch buffer, so building allocates only the final array.
 */
export class SourceTreeBuilder {
  private static scratch = new Int32Array(1 << 16);
  private length = 0;
  private keyText?: Map<number, string | null>;

  constructor(private readonly text: string) {}

  add(root: Node): NodeRef {
    return this.node(root);
  }

  build(): SourceTree {
    const words = SourceTreeBuilder.scratch.subarray(0, this.length);
    // Most files' trees hold only words from NONE to 32767 (offsets in a text under 32 KB, node
    // refs, sizes, tags): those are kept as 16-bit words, which read back as the same numbers. The
    // trees were 7 MB of the language server's memory at 10k manifests (issue 21, target 5).
    const data = fitsInt16(words) ? new Int16Array(words) : words.slice();
    // A huge file's scratch is not kept for the next one.
    if (SourceTreeBuilder.scratch.length > 1 << 20) SourceTreeBuilder.scratch = new Int32Array(1 << 16);
    return new SourceTree(data, this.text, this.keyText);
  }

  private reserve(words: number): number {
    const at = this.length;
    this.length += words;
    const buf = SourceTreeBuilder.scratch;
    if (this.length > buf.length) {
      let size = buf.length * 2;
      while (size < this.length) size *= 2;
      const grown = new Int32Array(size);
      grown.set(buf.subarray(0, at));
      SourceTreeBuilder.scratch = grown;
    }
    return at;
  }

  /** Reserves a node of `words` and writes its tag, range and (for a collection) size. */
  private header(words: number, tag: number, start: number, end: number, size?: number): NodeRef {
    const at = this.reserve(words);
    const b = SourceTreeBuilder.scratch;
    b[at] = tag;
    b[at + 1] = start;
    b[at + 2] = end;
    if (size !== undefined) b[at + 3] = size;
    return at;
  }

  /** A scalar or alias. */
  leaf(alias: boolean, start: number, end: number): NodeRef {
    return this.header(3, alias ? ALIAS : SCALAR, start, end);
  }

  /** A map with room for `capacity` pairs; `setPair` them, then `closeCollection`. */
  openMap(start: number, capacity: number, flow: boolean): NodeRef {
    return this.header(4 + 3 * capacity, MAP | (flow ? FLOW : 0), start, NONE, 0);
  }

  /** A sequence with room for `capacity` items; `setItem` them, then `closeCollection`. */
  openSeq(start: number, capacity: number, flow: boolean): NodeRef {
    return this.header(4 + capacity, SEQ | (flow ? FLOW : 0), start, NONE, 0);
  }

  /**
   * Pair `i` of a map. `key` is the key's value as a string (null for a key that is not a scalar,
   * undefined for a pair without a key node), `keyStart`/`keyEnd` its range (NONE without one).
   */
  setPair(
    map: NodeRef,
    i: number,
    keyStart: number,
    keyEnd: number,
    key: string | null | undefined,
    value: NodeRef,
  ): void {
    const slot = map + 4 + 3 * i;
    const b = SourceTreeBuilder.scratch;
    b[slot] = keyStart;
    b[slot + 1] = keyEnd;
    b[slot + 2] = value;
    if (
      key === null ||
      (key !== undefined && (key.length !== keyEnd - keyStart || !this.text.startsWith(key, keyStart)))
    )
      (this.keyText ??= new Map()).set(slot, key);
  }

  setItem(seq: NodeRef, i: number, item: NodeRef): void {
    SourceTreeBuilder.scratch[seq + 4 + i] = item;
  }

  /** Writes a collection's size (at most its capacity) and the end of its value. */
  closeCollection(node: NodeRef, size: number, end: number): void {
    const b = SourceTreeBuilder.scratch;
    b[node + 2] = end;
    b[node + 3] = size;
  }

  /** Adds the `yaml` library's nodes. */
  private node(node: Node | null | undefined): NodeRef {
    if (!node) return NONE;
    const start = node.range ? node.range[0] : NONE;
    const end = node.range ? node.range[1] : NONE;
    if (isMap(node)) {
      const items = node.items;
      const at = this.openMap(start, items.length, !!node.flow);
      for (let i = 0; i < items.length; i++) {
        const pair = items[i];
        const key = (isPair(pair) ? pair.key : null) as Node | null;
        // Children may grow (replace) the scratch buffer: the pair is written after its value.
        const value = this.node(pair.value as Node | null);
        if (!key?.range) this.setPair(at, i, NONE, NONE, undefined, value);
        // A merge key's value is a symbol (`Symbol(<<)`): its text is its description.
        else
          this.setPair(
            at,
            i,
            key.range[0],
            key.range[1],
            isScalar(key) ? (typeof key.value === 'symbol' ? key.value.description : String(key.value)) : null,
            value,
          );
      }
      this.closeCollection(at, items.length, end);
      return at;
    }
    if (isSeq(node)) {
      const items = node.items;
      const at = this.openSeq(start, items.length, !!node.flow);
      for (let i = 0; i < items.length; i++) this.setItem(at, i, this.node(items[i] as Node | null));
      this.closeCollection(at, items.length, end);
      return at;
    }
    return this.leaf(isAlias(node), start, end);
  }
}
