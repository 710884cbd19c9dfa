// A Map built on its first use. The cluster's `podsByKey` is one: only on-demand features (hover,
// route traces, what-ifs) and incremental rebuilds read it, never the first scan's diagnostics, and
// built eagerly it held 2.6 MB of the language server's heap at 10k manifests (issue 21, target 5).

/** A Map that `build` makes when it is first read or written; until then it holds only `build`. */
export class LazyMap<K, V> implements Map<K, V> {
  private map?: Map<K, V>;

  constructor(private build?: () => Map<K, V>) {}

  /** Whether the map exists yet (reading `size` or anything else builds it). */
  get built(): boolean {
    return this.map !== undefined;
  }

  private get contents(): Map<K, V> {
    if (!this.map) {
      this.map = this.build!();
      this.build = undefined; // nor what it closed over, once built
    }
    return this.map;
  }

  get size(): number {
    return this.contents.size;
  }

  get(key: K): V | undefined {
    return this.contents.get(key);
  }

  has(key: K): boolean {
    return this.contents.has(key);
  }

  set(key: K, value: V): this {
    this.contents.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.contents.delete(key);
  }

  clear(): void {
    this.contents.clear();
  }

  entries(): MapIterator<[K, V]> {
    return this.contents.entries();
  }

  keys(): MapIterator<K> {
    return this.contents.keys();
  }

  values(): MapIterator<V> {
    return this.contents.values();
  }

  forEach(f: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.contents.forEach((v, k) => {
      f.call(thisArg, v, k, this);
    });
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.contents.entries();
  }

  readonly [Symbol.toStringTag] = 'Map';
}
