// Which of many label values are slips of one (spelling.ts slipCost defined), without comparing
// it with each. The nearest-workload search (explain.ts) asks this for every dead selector: compared
// with every workload of the namespace, it was dead selectors × workloads, quadratic in the
// workspace (50k manifests: 2,251 dead selectors × ~2,800 workloads per namespace).
//
// A typo slip of `v` within d edits (insertions, deletions, substitutions, swaps of adjacent
// characters) leaves at least max(|v|, |a|) - 1 - 3d of the two strings' bigrams in common: each
// edit destroys at most three (a swap: the bigrams before, across and after it). With d the typo
// budget (a quarter of the longer length) that is at least one from 5 characters on, so a slip
// shares one of `v`'s rarest bigrams (prefix filtering, as in similarity joins); shorter values are
// compared by length bucket. A kind-affix slip (`cart` / `cart-service`) is found by its base.
// The answer is a superset: the search scores its candidates with slipCost and a bound (the best
// score so far), which rejects most at once; checking each here without that bound cost more.
import { kindBases, typoBudget } from './spelling';

/** Values compared one by one before the bigram postings are built (an edit's single re-explanation need not build them). */
const SCAN_QUERIES = 1;

export class SlipIndex {
  private readonly values: string[];
  private readonly byLength = new Map<number, number[]>();
  private readonly byBase = new Map<string, number[]>();
  private readonly ids = new Map<string, number>();
  /** Value ids by bigram (each value once), built on the query after SCAN_QUERIES. */
  private byBigram: BigramPostings | undefined;
  private queries = 0;

  constructor(values: Iterable<string>) {
    this.values = [...values];
    this.values.forEach((a, id) => {
      this.ids.set(a, id);
      push(this.byLength, a.length, id);
      for (const base of kindBases(a)) push(this.byBase, base, id);
    });
  }

  /** Values among which are all that slipCost accepts as slips of `v` (and maybe others, `v` too), in no particular order. */
  mayBeSlipsOf(v: string): string[] {
    const found = new Set<number>();
    const lengths = lengthWindow(v.length);
    if (++this.queries <= SCAN_QUERIES || lengths.floor < 1) {
      for (const length of lengths.all) for (const id of this.byLength.get(length) ?? []) found.add(id);
    } else {
      for (const id of this.sharingRareBigram(v, lengths.floor))
        if (lengths.all.includes(this.values[id].length)) found.add(id);
    }
    for (const base of kindBases(v)) {
      const id = this.ids.get(base);
      if (id !== undefined) found.add(id);
    }
    for (const id of this.byBase.get(v) ?? []) found.add(id);
    return [...found].map((id) => this.values[id]);
  }

  /**
   * The values holding one of v's bigrams chosen so that any value sharing at least `floor` of
   * them (counted with repeats) holds one: the rarest, until what is left unchosen is below `floor`.
   */
  private sharingRareBigram(v: string, floor: number): number[] {
    const postings = (this.byBigram ??= new BigramPostings(this.values));
    const counts = new Map<string, number>();
    for (let i = 0; i + 1 < v.length; i++) {
      const b = v.slice(i, i + 2);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    const rarest = [...counts].sort((x, y) => postings.count(x[0]) - postings.count(y[0]));
    let unchosen = v.length - 1;
    const out: number[] = [];
    for (const [b, n] of rarest) {
      if (unchosen < floor) break;
      unchosen -= n;
      postings.forEach(b, (id) => out.push(id));
    }
    return out;
  }
}

/**
 * Value ids by bigram, every posting list in one Int32Array (ascending ids, list after list) and
 * each bigram's list found by its number: an array per bigram held 1.5 MB at 10k manifests, most
 * of it for lists of a few ids (issue 21, target 5).
 */
class BigramPostings {
  /** Each bigram's number: its list is ids[starts[n]] up to ids[starts[n + 1]]. */
  private readonly numbers = new Map<string, number>();
  private readonly starts: Int32Array;
  private readonly ids: Int32Array;

  /** Ids are positions in `values`. Two passes: the lists' lengths, then their ids. */
  constructor(values: readonly string[]) {
    const counts: number[] = [];
    let total = 0;
    for (const a of values)
      for (const b of distinctBigrams(a)) {
        let n = this.numbers.get(b);
        if (n === undefined) this.numbers.set(b, (n = counts.push(0) - 1));
        counts[n]++;
        total++;
      }
    this.starts = new Int32Array(counts.length + 1);
    for (let n = 0; n < counts.length; n++) this.starts[n + 1] = this.starts[n] + counts[n];
    this.ids = new Int32Array(total);
    const filled = this.starts.slice(0, counts.length);
    values.forEach((a, id) => {
      for (const b of distinctBigrams(a)) this.ids[filled[this.numbers.get(b)!]++] = id;
    });
  }

  /** How many values hold the bigram. */
  count(bigram: string): number {
    const n = this.numbers.get(bigram);
    return n === undefined ? 0 : this.starts[n + 1] - this.starts[n];
  }

  /** Calls `visit` with the id of each value holding the bigram, ascending. */
  forEach(bigram: string, visit: (id: number) => void): void {
    const n = this.numbers.get(bigram);
    if (n === undefined) return;
    for (let p = this.starts[n]; p < this.starts[n + 1]; p++) visit(this.ids[p]);
  }
}

function distinctBigrams(a: string): Set<string> {
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < a.length; i++) bigrams.add(a.slice(i, i + 2));
  return bigrams;
}

/**
 * The lengths a typo slip of a value of `length` characters can have (the difference within the
 * budget of the longer), and the fewest bigrams such a slip shares with it (`floor`; below 1 for
 * short values, which are compared by length instead).
 */
function lengthWindow(length: number): { all: number[]; floor: number } {
  const all: number[] = [];
  let floor = Infinity;
  for (let a = Math.max(0, length - typoBudget(length)); ; a++) {
    const longest = Math.max(a, length);
    const budget = typoBudget(longest);
    if (a > length && a - length > budget) break;
    all.push(a);
    floor = Math.min(floor, longest - 1 - 3 * budget);
  }
  return { all, floor };
}

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
