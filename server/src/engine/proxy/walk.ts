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

/** The path of a new connection through one node's rules: nat (DNAT), filter, then nat POSTROUTING. */
export function walk(rules: NodeRules, hook: EntryHook, packet: Packet, ctx: WalkContext): WalkResult {
  const pkt: Packet = { src: packet.src, srcPort: packet.srcPort, dst: packet.dst, dport: packet.dport, protocol: packet.protocol, srcLocal: packet.srcLocal, mark: packet.mark };
  const walker = new Walker(rules, ctx);
  walker.run('nat', 'KUBE-SERVICES', pkt);
  const local = walker.isLocal(pkt.dst);
  const filterHook = hook === 'OUTPUT' ? 'OUTPUT' : local ? 'INPUT' : 'FORWARD';
  for (const chain of hookChains('filter', filterHook)) {
    const v = walker.run('filter', chain, pkt);
    if (v === 'ACCEPT') break;
    if (v === 'DROP' || v === 'REJECT') return { verdict: v === 'DROP' ? 'dropped' : 'rejected', packet: pkt, masqueraded: false, rule: walker.last! };
  }
  // Locally delivered packets never reach POSTROUTING.
  const masqueraded = !local && walker.run('nat', 'KUBE-POSTROUTING', pkt) === 'MASQUERADE';
  return { verdict: 'delivered', packet: pkt, masqueraded };
}

type Verdict = 'DNAT' | 'ACCEPT' | 'DROP' | 'REJECT' | 'MASQUERADE' | undefined;

class Walker {
  last?: Rule;
  private readonly nodeIP: number;

  constructor(private readonly rules: NodeRules, private readonly ctx: WalkContext) {
    this.nodeIP = ipNumber(rules.node.ip);
  }

  /** `-m addrtype --dst-type LOCAL`: the node's own address or loopback. */
  isLocal(ip: string): boolean {
    const n = ipNumber(ip);
    return n === this.nodeIP || (n >= 0x7f000000 && n < 0x80000000);
  }

  run(table: Table, chain: string, pkt: Packet): Verdict {
    const rules = this.rules.rules[table].get(chain) ?? [];
    for (let i = 0; i < rules.length; i++) {
      let r = rules[i]!;
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
      this.last = r;
      this.ctx.onMatch?.(r);
      const t = r.target;
      if (!t) continue;
      switch (t.kind) {
        case 'jump': {
          const v = this.run(table, t.chain, pkt);
          if (v) return v;
          continue;
        }
        case 'mark':
          pkt.mark = t.op === 'or' ? pkt.mark | t.mark : pkt.mark ^ t.mark;
          continue;
        case 'dnat':
          pkt.dnat = { ip: t.ip, port: t.port };
          pkt.dst = t.ip;
          pkt.dport = t.port;
          return 'DNAT';
        case 'verdict':
          return t.verdict === 'RETURN' ? undefined : t.verdict;
      }
    }
    return undefined;
  }

  private matches(r: Rule, pkt: Packet): boolean {
    let address = 0;
    for (const m of r.matches) {
      switch (m.kind) {
        case 'protocol':
          if (pkt.protocol !== m.protocol) return false;
          break;
        case 'address': {
          const c = r.compiled[address++]!;
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

const runs = new WeakMap<Rule, { length: number; weights: number[] }>();

/** The consecutive probability-only rules from `start`, with each one's share of the connections. */
function probabilityRun(rules: readonly Rule[], start: number): { length: number; weights: number[] } {
  let run = runs.get(rules[start]!);
  if (!run) {
    let end = start;
    while (end < rules.length && rules[end]!.onlyProbability !== undefined) end++;
    const shares = composeShares(rules.slice(start, end).map((r) => r.onlyProbability));
    run = { length: end - start, weights: [...shares, 1 - shares.reduce((a, b) => a + b, 0)] };
    runs.set(rules[start]!, run);
  }
  return run;
}

/** Each rule's share of what reaches the first: p_i × Π(1 − p_j) over the rules before it (no probability: 1). */
export function composeShares(probabilities: ReadonlyArray<number | undefined>): number[] {
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
  const pending: Array<{ base: number[]; at: number; value: number }> = [{ base: [], at: -1, value: 0 }];
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
        for (let v = weights.length - 1; v > 0; v--) if (weights[v]! > 0) pending.push({ base: choices, at: k, value: v });
        c = 0;
      }
      probability *= weights[c]!;
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
    for (let i = 0; i < weights.length - 1; i++) if ((r -= weights[i]!) < 0) return i;
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
