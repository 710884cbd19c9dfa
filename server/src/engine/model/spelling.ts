// When one label value is plausibly a slip for another: the measure behind "the nearest workload"
// of a dead selector (explain.ts) and the quick fix that copies its labels. Documented in
// docs/rules/selector-matches-nothing.md; nginx/minio or dns-backend/dns-frontend are different
// apps, cart/carts or frontend/front-end are one app misspelt.

/**
 * Object kinds people append to a name and then use as a label value by mistake: a Service's
 * selector `app: cart-service` for pods labelled `app: cart` (the Service's name copied into it).
 */
const KIND_AFFIXES = new Set(['service', 'svc', 'deployment', 'deploy', 'pod', 'pods', 'statefulset', 'sts', 'daemonset', 'ds', 'replicaset', 'rs']);

/** Edits a value of `longest` characters may be off by and still read as a slip: 1 up to 7 characters, 2 up to 11, then a quarter. */
export function typoBudget(longest: number): number {
  return Math.max(1, Math.floor(longest / 4));
}

/**
 * How far apart two spellings of one label value are, relative to the longer (0 equal, below 1
 * different), when `b` is plausibly `a` misspelt; undefined when they are different values. A slip
 * is within typoBudget edits (insertions, deletions, substitutions, swaps of adjacent characters),
 * or one value is the other with an object kind added as a `-`, `_` or `.` separated word
 * (`cart` / `cart-service`).
 */
export function slipCost(a: string, b: string): number | undefined {
  if (a === b) return 0;
  const longest = Math.max(a.length, b.length);
  const budget = typoBudget(longest);
  if (Math.abs(a.length - b.length) <= budget) {
    const d = typoDistance(a, b, budget);
    if (d <= budget) return d / longest;
  }
  // Dropping the added word is the edit: its length, relative to the longer.
  return kindAffixed(a, b) || kindAffixed(b, a) ? Math.abs(a.length - b.length) / longest : undefined;
}

/** `long` is `short` with one object-kind word before or after it. */
function kindAffixed(long: string, short: string): boolean {
  if (!short || long.length <= short.length + 1) return false;
  const sep = (c: string | undefined) => c === '-' || c === '_' || c === '.';
  if (long.startsWith(short) && sep(long[short.length])) return KIND_AFFIXES.has(long.slice(short.length + 1).toLowerCase());
  if (long.endsWith(short) && sep(long[long.length - short.length - 1])) return KIND_AFFIXES.has(long.slice(0, long.length - short.length - 1).toLowerCase());
  return false;
}

/**
 * Optimal string alignment distance (Levenshtein plus swaps of adjacent characters: `ngnix` is one
 * slip from `nginx`). Stops once every alignment exceeds `bound` and returns bound + 1.
 */
export function typoDistance(a: string, b: string, bound = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (!m || !n) return Math.max(m, n);
  let before = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > bound) return bound + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[n]!;
}
