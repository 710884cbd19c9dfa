/** Adds `value` to the set at `key`, creating it. */
export function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

/** Removes `value` from the set at `key`, dropping the set once empty. */
export function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set?.delete(value) && !set.size) index.delete(key);
}

/** Appends to the list under `key` (lists grow in place: building groups stays linear). */
export function groupInto<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Sets of values by key, where most keys hold one value: that value is kept in the map itself and
 * a Set made only for a second one. The rules' incremental cache indexes its entries' reads this
 * way (a Service's position by each workload it read, …): a Set per key, nearly all of one
 * position, held 0.8 MB at 10k manifests (issue 21, target 5).
 */
export class SetMultimap<K, V extends number | string> {
  private readonly map = new Map<K, V | Set<V>>();

  add(key: K, value: V): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (held instanceof Set) held.add(value);
    else if (held !== value) this.map.set(key, new Set([held, value]));
  }

  /** The values at `key`, in the order first added. */
  get(key: K): Iterable<V> {
    const held = this.map.get(key);
    return held === undefined ? [] : held instanceof Set ? held : [held];
  }

  /** Every key's values, key after key in the order keys were first added. */
  *values(): Iterable<V> {
    for (const held of this.map.values()) {
      if (held instanceof Set) yield* held;
      else yield held;
    }
  }
}
