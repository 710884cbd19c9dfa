// V8 gives an array that is pushed to from empty a backing store of 17 slots at its first push
// (new capacity = old + old / 2 + 16), and `filter` grows its result the same way. A list of one
// to a few items built that way keeps 100+ bytes of unused slots for as long as it lives. Lists
// kept for the life of a parse or a model (container ports, selector requirements, selected pods,
// manifest sequences: ~5 MB of unused slots in the language server's heap at 10k manifests, issue
// 21 target 5) are returned as a copy instead, which `slice` allocates at its exact length.

/** A copy of `list` without unused capacity, for the caller to keep in its place (pushing to it later regrows it). */
export function exactSize<T>(list: T[]): T[] {
  return list.slice();
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * `exactSize` for a list kept read-only, with one shared frozen list for every empty one: each
 * Service's mostly empty external-IP and load-balancer lists were 15k empty arrays (0.5 MB) at 10k
 * manifests.
 */
export function exactOrNone<T>(list: readonly T[]): readonly T[] {
  return list.length ? list.slice() : NONE;
}
