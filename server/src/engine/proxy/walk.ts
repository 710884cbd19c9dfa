import type { NodeRules } from './generate';
import { hookChains, type Hook } from './hooks';
import { ipNumber, type Rule, type Table } from './rules';

/** A connection's first packet as the rules see it. */
export interface Packet {
  src: string;
  srcPort: number;
  dst: string;
  dport: number;
  /** Lower-case protocol (`tcp`). */
  protocol: string;
  /** The source is an address of this node (the node itself connects). */
  srcLocal: boolean;
  mark: number;
  dnat?: { ip: string; port: number };
}

/** Where the packet enters the nat table: from a pod or the wire (PREROUTING) or from the node (OUTPUT). */
export type EntryHook = Extract<Hook, 'PREROUTING' | 'OUTPUT'>;

export interface WalkContext {
  /**
   * Picks one of several outcomes with the given weights (summing to 1) and returns its index:
   * for a lone `-m statistic` match [p, 1 − p]; for a run of endpoint rules one weight per rule
   * (its composed share) plus the share that falls through.
   */
  choose(weights: readonly number[]): number;
  /** `-m recent` lists: name → client IPs seen (this node's kernel state). */
  recent: Map<string, Set<string>>;
  onMatch?(rule: Rule): void;
}

export interface WalkResult {
  verdict: 'delivered' | 'dropped' | 'rejected';
  packet: Packet;
  /** KUBE-POSTROUTING masqueraded the packet: the server sees the node's IP, not the client's. */
  masqueraded: boolean;
  /** The filter rule that dropped or rejected it. */
  rule?: Rule;
}

export interface WalkOptions {
  /**
   * Index the long dispatch chains (default: those of INDEX_MIN_RULES rules or more); false walks
   * every chain rule by rule, true indexes every chain it can. All three give the same result.
   */
  index?: boolean;
}

/** The path of a new connection through one node's rules: nat (DNAT), filter, then nat POSTROUTING. */
export function walk(
  rules: NodeRules,
  hook: EntryHook,
  packet: Packet,
  ctx: WalkContext,
  options: WalkOptions = {},
): WalkResult {
  const pkt: Packet = {
    src: packet.src,
    srcPort: packet.srcPort,
    dst: packet.dst,
    dport: packet.dport,
    protocol: packet.protocol,
    srcLocal: packet.srcLocal,
    mark: packet.mark,
  };
  const walker = new Walker(rules, ctx, options.index);
  rules.admit?.(pkt);
  walker.run('nat', 'KUBE-SERVICES', pkt);
  const local = walker.isLocal(pkt.dst);
  const filterHook = hook === 'OUTPUT' ? 'OUTPUT' : local ? 'INPUT' : 'FORWARD';
  // After a DNAT the filter chains see the endpoint's address.
  rules.admit?.(pkt);
  for (const chain of hookChains('filter', filterHook)) {
    const v = walker.run('filter', chain, pkt);
    if (v === 'ACCEPT') break;
    if (v === 'DROP' || v === 'REJECT')
      return { verdict: v === 'DROP' ? 'dropped' : 'rejected', packet: pkt, masqueraded: false, rule: walker.last! };
  }
  // Locally delivered packets never reach POSTROUTING.
  const masqueraded = !local && walker.run('nat', 'KUBE-POSTROUTING', pkt) === 'MASQUERADE';
  return { verdict: 'delivered', packet: pkt, masqueraded };
}

type Verdict = 'DNAT' | 'ACCEPT' | 'DROP' | 'REJECT' | 'MASQUERADE' | undefined;
const CONTINUE = Symbol('continue');

class Walker {
  last?: Rule;
  private readonly nodeIP: number;

  constructor(
    private readonly rules: NodeRules,
    private readonly ctx: WalkContext,
    private readonly index: boolean | undefined,
  ) {
    this.nodeIP = ipNumber(rules.node.ip);
  }

  /** `-m addrtype --dst-type LOCAL`: the node's own address or loopback. */
  isLocal(ip: string): boolean {
    const n = ipNumber(ip);
    return n === this.nodeIP || (n >= 0x7f000000 && n < 0x80000000);
  }

  run(table: Table, chain: string, pkt: Packet): Verdict {
    const rules = this.rules.rules[table].get(chain) ?? [];
    const index = this.index === false ? undefined : chainIndex(rules, this.index === true);
    if (index) {
      // Only the rules that can match this destination, in their original order (first match wins).
      for (const i of index.candidates(pkt)) {
        const r = rules[i];
        if (!this.matches(r, pkt)) continue;
        const v = this.apply(table, r, pkt);
        if (v !== CONTINUE) return v;
      }
      return undefined;
    }
    for (let i = 0; i < rules.length; i++) {
      let r = rules[i];
      if (r.onlyProbability !== undefined) {
        // A run of endpoint rules is decided in one choice: the same distribution as one random
        // draw per rule, without walking hundreds of rules per connection.
        const run = probabilityRun(rules, i);
        const k = this.ctx.choose(run.weights);
        if (k === run.length) {
          i += run.length - 1;
          continue;
        }
        i += k;
        r = rules[i]!;
      } else if (!this.matches(r, pkt)) continue;
      const v = this.apply(table, r, pkt);
      if (v !== CONTINUE) return v;
    }
    return undefined;
  }

  /** A matched rule's target: the chain's verdict, or CONTINUE with the next rule. */
  private apply(table: Table, r: Rule, pkt: Packet): Verdict | typeof CONTINUE {
    this.last = r;
    this.ctx.onMatch?.(r);
    const t = r.target;
    if (!t) return CONTINUE;
    switch (t.kind) {
      case 'jump': {
        const v = this.run(table, t.chain, pkt);
        return v ?? CONTINUE;
      }
      case 'mark':
        pkt.mark = t.op === 'or' ? pkt.mark | t.mark : pkt.mark ^ t.mark;
        return CONTINUE;
      case 'dnat':
        pkt.dnat = { ip: t.ip, port: t.port };
        pkt.dst = t.ip;
        pkt.dport = t.port;
        return 'DNAT';
      case 'verdict':
        return t.verdict === 'RETURN' ? undefined : t.verdict;
    }
  }

  private matches(r: Rule, pkt: Packet): boolean {
    let address = 0;
    for (const m of r.matches) {
      switch (m.kind) {
        case 'protocol':
          if (pkt.protocol !== m.protocol) return false;
          break;
        case 'address': {
          const c = r.compiled[address++];
          const n = ipNumber(m.dir === 'src' ? pkt.src : pkt.dst);
          if ((n >= c.base && n < c.base + c.size) === c.negate) return false;
          break;
        }
        case 'dport':
          if (pkt.dport !== m.port) return false;
          break;
        case 'addrtype':
          if (!(m.dir === 'src' ? pkt.srcLocal : this.isLocal(pkt.dst))) return false;
          break;
        case 'statistic':
          if (this.ctx.choose([m.probability, 1 - m.probability]) !== 0) return false;
          break;
        case 'recent': {
          let seen = this.ctx.recent.get(m.name);
          if (m.op === 'set') {
            if (!seen) this.ctx.recent.set(m.name, (seen = new Set()));
            seen.add(pkt.src);
          } else if (!seen?.has(pkt.src)) return false;
          break;
        }
        case 'mark':
          if (((pkt.mark & m.mark) === m.mark) === !!m.negate) return false;
          break;
        case 'conntrack': {
          // A new connection: NEW, plus DNAT once the nat table rewrote it; never INVALID/ESTABLISHED.
          const any = m.states.includes('NEW') || (m.states.includes('DNAT') && !!pkt.dnat);
          if (any === !!m.negate) return false;
          break;
        }
        case 'comment':
        case 'nfacct':
          break;
      }
    }
    return true;
  }
}

/** Chains shorter than this are walked rule by rule: an index would not pay for itself. */
const INDEX_MIN_RULES = 16;

/**
 * The dispatch chains (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES…) hold a rule per
 * Service port. A rule that requires one protocol, one destination port and (optionally) one exact
 * destination address is filed under that key; every other rule may match any packet. A packet's
 * candidates are the rules under its exact key, under its protocol and port, and the others,
 * merged back into chain order, so the walk matches them exactly as a linear walk would.
 */
interface ChainIndex {
  candidates(pkt: Packet): readonly number[];
}

const indexes = new WeakMap<readonly Rule[], ChainIndex | null>();

/** Chains with endpoint-rule runs (decided in one choice) are never indexed. */
function chainIndex(rules: readonly Rule[], always: boolean): ChainIndex | undefined {
  if (!always && rules.length < INDEX_MIN_RULES) return undefined;
  let index = indexes.get(rules);
  if (index === undefined) {
    index = rules.some((r) => r.onlyProbability !== undefined) ? null : buildIndex(rules);
    indexes.set(rules, index);
  }
  return index ?? undefined;
}

function buildIndex(rules: readonly Rule[]): ChainIndex {
  const keyed = new Map<string, number[]>();
  const any: number[] = [];
  rules.forEach((r, i) => {
    const key = ruleKey(r);
    const list = key === undefined ? any : keyed.get(key);
    if (list) list.push(i);
    else keyed.set(key!, [i]);
  });
  const merged = new Map<string, readonly number[]>();
  const none: readonly number[] = [];
  const lookup = (key: string) => keyed.get(key) ?? none;
  return {
    candidates(pkt) {
      const exact = `${pkt.protocol} ${pkt.dport} ${ipNumber(pkt.dst)}`;
      let list = merged.get(exact);
      if (!list) {
        list = mergeSorted(mergeSorted(lookup(exact), lookup(`${pkt.protocol} ${pkt.dport}`)), any);
        if (merged.size > 10_000) merged.clear();
        merged.set(exact, list);
      }
      return list;
    },
  };
}

/** `protocol port [address number]` when the rule can only match packets with that key; else undefined. */
function ruleKey(r: Rule): string | undefined {
  let protocol: string | undefined;
  let port: number | undefined;
  let address: number | undefined;
  let compiled = 0;
  for (const m of r.matches) {
    if (m.kind === 'protocol') protocol = m.protocol;
    else if (m.kind === 'dport') port = m.port;
    else if (m.kind === 'address') {
      const c = r.compiled[compiled++];
      if (m.dir === 'dst' && !c.negate && c.size === 1) address = c.base;
    }
  }
  if (protocol === undefined || port === undefined) return undefined;
  return address === undefined ? `${protocol} ${port}` : `${protocol} ${port} ${address}`;
}

function mergeSorted(a: readonly number[], b: readonly number[]): readonly number[] {
  if (!a.length) return b;
  if (!b.length) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i] <= b[j] ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

const runs = new WeakMap<Rule, { length: number; weights: number[] }>();

/** The consecutive probability-only rules from `start`, with each one's share of the connections. */
function probabilityRun(rules: readonly Rule[], start: number): { length: number; weights: number[] } {
  let run = runs.get(rules[start]);
  if (!run) {
    let end = start;
    while (end < rules.length && rules[end].onlyProbability !== undefined) end++;
    const shares = composeShares(rules.slice(start, end).map((r) => r.onlyProbability));
    run = { length: end - start, weights: [...shares, 1 - shares.reduce((a, b) => a + b, 0)] };
    runs.set(rules[start], run);
  }
  return run;
}

/** Each rule's share of what reaches the first: p_i × Π(1 − p_j) over the rules before it (no probability: 1). */
export function composeShares(probabilities: readonly (number | undefined)[]): number[] {
  let remaining = 1;
  return probabilities.map((p) => {
    const share = remaining * (p ?? 1);
    remaining -= share;
    return share;
  });
}

export interface Branch<T> {
  outcome: T;
  probability: number;
  /** The choices that lead here, to replay the path. */
  choices: number[];
}

/**
 * Every path a run can take through its choices, with its probability: each run follows a prefix
 * of choices, takes the first option at each new choice and queues the others.
 */
export function explore<T>(run: (choose: (weights: readonly number[]) => number) => T): Branch<T>[] {
  const out: Branch<T>[] = [];
  // A branch to take: the first `at` choices of an earlier run, then `value`.
  const pending: { base: number[]; at: number; value: number }[] = [{ base: [], at: -1, value: 0 }];
  while (pending.length) {
    const { base, at, value } = pending.pop()!;
    const choices: number[] = [];
    let probability = 1;
    const outcome = run((weights) => {
      const k = choices.length;
      let c: number;
      if (k < at) c = base[k]!;
      else if (k === at) c = value;
      else {
        for (let v = weights.length - 1; v > 0; v--)
          if (weights[v] > 0) pending.push({ base: choices, at: k, value: v });
        c = 0;
      }
      probability *= weights[c];
      choices.push(c);
      return c;
    });
    if (probability > 0) out.push({ outcome, probability, choices });
  }
  return out;
}

/** Replays recorded choices. */
export function replay(choices: number[]): (weights: readonly number[]) => number {
  let i = 0;
  return () => choices[i++] ?? 0;
}

/** Picks an index with the weights' probabilities from one uniform draw. */
export function sampler(random: () => number): (weights: readonly number[]) => number {
  return (weights) => {
    let r = random();
    for (let i = 0; i < weights.length - 1; i++) if ((r -= weights[i]) < 0) return i;
    return weights.length - 1;
  };
}

/** mulberry32: a small seeded PRNG, so traces and simulations repeat for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
