// When one label value is plausibly a slip for another: the measure behind "the nearest workload"
// of a dead selector (explain.ts) and the quick fix that copies its labels. Documented in
// docs/rules/selector-matches-nothing.md; nginx/minio or dns-backend/dns-frontend are different
// apps, cart/carts or frontend/front-end are one app misspelt.

/**
 * Object kinds people append to a name and then use as a label value by mistake: a Service's
 * selector `app: cart-service` for pods labelled `app: cart` (the Service's name copied into it).
 */
const KIND_AFFIXES = new Set([
  'service',
  'svc',
  'deployment',
  'deploy',
  'pod',
  'pods',
  'statefulset',
  'sts',
  'daemonset',
  'ds',
  'replicaset',
  'rs',
]);

/** Edits a value of `longest` characters may be off by and still read as a slip: 1 up to 7 characters, 2 up to 11, then a quarter. */
export function typoBudget(longest: number): number {
  return Math.max(1, Math.floor(longest / 4));
}

/**
 * How far apart two spellings of one label value are, relative to the longer (0 equal, below 1
 * different), when `b` is plausibly `a` misspelt; undefined when they are different values, or when
 * the cost would not be below `limit` (the nearest-workload search asks only for a better one). A
 * slip is within typoBudget edits (insertions, deletions, substitutions, swaps of adjacent
 * characters), or one value is the other with an object kind added as a `-`, `_` or `.` separated
 * word (`cart` / `cart-service`).
 */
export function slipCost(a: string, b: string, limit = Infinity): number | undefined {
  if (a === b) return 0;
  const longest = Math.max(a.length, b.length);
  const apart = Math.abs(a.length - b.length);
  // Every edit costs 1 / longest, and at least `apart` of them are needed.
  if (apart / longest >= limit) return undefined;
  const budget = typoBudget(longest);
  if (apart <= budget) {
    const most = Math.min(budget, Math.ceil(limit * longest) - 1);
    const d = typoDistance(a, b, most);
    if (d <= most) return d / longest;
  }
  // Dropping the added word is the edit: its length, relative to the longer.
  return kindAffixed(a, b) || kindAffixed(b, a) ? apart / longest : undefined;
}

/** `long` is `short` with one object-kind word before or after it. */
function kindAffixed(long: string, short: string): boolean {
  if (!short || long.length <= short.length + 1) return false;
  const before = long.length - short.length - 1;
  return (
    (long.startsWith(short) &&
      isSeparator(long[short.length]) &&
      KIND_AFFIXES.has(long.slice(short.length + 1).toLowerCase())) ||
    (long.endsWith(short) && isSeparator(long[before]) && KIND_AFFIXES.has(long.slice(0, before).toLowerCase()))
  );
}

const isSeparator = (c: string | undefined) => c === '-' || c === '_' || c === '.';

/**
 * The values `long` is with one object-kind word added before or after it, as a `-`, `_` or `.`
 * separated word (`cart` for `cart-service` and for `svc.cart`); the slip index (slip-index.ts)
 * looks these up instead of comparing a value with every other.
 */
export function kindBases(long: string): string[] {
  const bases: string[] = [];
  for (let p = 1; p < long.length - 1; p++) {
    if (!isSeparator(long[p])) continue;
    if (KIND_AFFIXES.has(long.slice(p + 1).toLowerCase())) bases.push(long.slice(0, p));
    if (KIND_AFFIXES.has(long.slice(0, p).toLowerCase())) bases.push(long.slice(p + 1));
  }
  return bases;
}

const peq = new Int32Array(128);

/**
 * Levenshtein distance in Myers' bit-parallel form (exact, a few word operations per character)
 * for ASCII strings of at most 30 characters; undefined for others. A first test before the
 * alignment table: most pairs of different values are rejected, and most slips settled, here.
 */
function quickLevenshtein(a: string, b: string): number | undefined {
  const m = a.length;
  if (m > 30) return undefined;
  for (let i = 0; i < m; i++) if (a.charCodeAt(i) > 127) return undefined;
  for (let j = 0; j < b.length; j++) if (b.charCodeAt(j) > 127) return undefined;
  for (let i = 0; i < m; i++) peq[a.charCodeAt(i)] |= 1 << i;
  const mask = (1 << m) - 1;
  const last = 1 << (m - 1);
  let pv = mask;
  let mv = 0;
  let score = m;
  for (let j = 0; j < b.length; j++) {
    const eq = peq[b.charCodeAt(j)];
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) ^ pv) | eq) & mask;
    let ph = (mv | ~(xh | pv)) & mask;
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    ph = ((ph << 1) | 1) & mask;
    mh = (mh << 1) & mask;
    pv = (mh | ~(xv | ph)) & mask;
    mv = ph & xv;
  }
  for (let i = 0; i < m; i++) peq[a.charCodeAt(i)] = 0;
  return score;
}

// Three DP rows reused by every call (the nearest-workload search compares a dead selector with
// every workload of its namespace: allocating per comparison was most of its cost).
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance (Levenshtein plus swaps of adjacent characters: `ngnix` is one
 * slip from `nginx`). Only alignments within `bound` edits are followed (the diagonal band
 * |i - j| <= bound); once every one exceeds it, returns bound + 1.
 */
export function typoDistance(a: string, b: string, bound = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (!m || !n) return Math.min(Math.max(m, n), bound + 1);
  const k = Math.min(bound, Math.max(m, n));
  if (Math.abs(m - n) > k) return k + 1;
  const over = k + 1;
  const lev = quickLevenshtein(a, b);
  // A swap is one edit here and two for Levenshtein, so the distance is at least half of it; and
  // a single Levenshtein edit is no swap.
  if (lev !== undefined && (lev > 2 * k || lev <= 1)) return Math.min(lev, over);
  if (rows[0].length < n + 2) rows = rows.map(() => new Int32Array(2 * (n + 2)));
  let [before, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n + 1; j++) prev[j] = j <= k ? j : over;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(n, i + k);
    cur[lo - 1] = lo === 1 && i <= k ? i : over;
    let best = cur[lo - 1];
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        d = Math.min(d, before[j - 2] + 1);
      cur[j] = Math.min(d, over);
      if (cur[j] < best) best = cur[j]!;
    }
    // The cell past the band is read by the next row as "more than the bound".
    cur[hi + 1] = over;
    if (best > k) return over;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[n];
}
