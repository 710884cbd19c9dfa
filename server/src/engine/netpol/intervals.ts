// Sets of integers as sorted, disjoint, non-adjacent closed intervals: port ranges of a protocol
// and IPv4 address ranges (as 32-bit numbers) share this arithmetic.

export type Interval = readonly [lo: number, hi: number];
export type IntervalSet = readonly Interval[];

/** The canonical form: sorted, overlapping and adjacent intervals merged. */
export function normalizeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list
    .filter(([lo, hi]) => lo <= hi)
    .slice()
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function unionIntervals(a: IntervalSet, b: IntervalSet): Interval[] {
  return normalizeIntervals([...a, ...b]);
}

export function intersectIntervals(a: IntervalSet, b: IntervalSet): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** `a` without `b`. */
export function subtractIntervals(a: IntervalSet, b: IntervalSet): Interval[] {
  let rest: Interval[] = [...a];
  for (const [lo, hi] of b) {
    rest = rest.flatMap(([x, y]): Interval[] => {
      if (hi < x || lo > y) return [[x, y]];
      const parts: Interval[] = [];
      if (x < lo) parts.push([x, lo - 1]);
      if (hi < y) parts.push([hi + 1, y]);
      return parts;
    });
  }
  return rest;
}

export function containsValue(set: IntervalSet, n: number): boolean {
  return set.some(([lo, hi]) => lo <= n && n <= hi);
}

export function sameIntervals(a: IntervalSet, b: IntervalSet): boolean {
  return a.length === b.length && a.every(([lo, hi], i) => lo === b[i][0] && hi === b[i][1]);
}
