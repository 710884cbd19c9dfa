import type { NodeRules } from './generate';
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
export type Hook = 'PREROUTING' | 'OUTPUT';

export interface WalkContext {
  /** Whether a `-m statistic --probability p` rule matches this time. */
  decide(probability: number): boolean;
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

/**
 * The filter chains each hook reaches, in the order kube-proxy's jump rules (iptablesJumpChains,
 * prepended one by one) leave them in INPUT, FORWARD and OUTPUT.
 */
const FILTER_CHAINS: Record<'INPUT' | 'FORWARD' | 'OUTPUT', string[]> = {
  INPUT: ['KUBE-FIREWALL', 'KUBE-PROXY-FIREWALL', 'KUBE-NODEPORTS', 'KUBE-EXTERNAL-SERVICES'],
  FORWARD: ['KUBE-PROXY-FIREWALL', 'KUBE-FORWARD', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES'],
  OUTPUT: ['KUBE-FIREWALL', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES'],
};

/** The path of a new connection through one node's rules: nat (DNAT), filter, then nat POSTROUTING. */
export function walk(rules: NodeRules, hook: Hook, packet: Packet, ctx: WalkContext): WalkResult {
  const pkt: Packet = { ...packet };
  const walker = new Walker(rules, ctx);
  walker.run('nat', 'KUBE-SERVICES', pkt);
  const local = walker.isLocal(pkt.dst);
  const filterHook = hook === 'OUTPUT' ? 'OUTPUT' : local ? 'INPUT' : 'FORWARD';
  for (const chain of FILTER_CHAINS[filterHook]) {
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
    for (const r of this.rules.rules[table].get(chain) ?? []) {
      if (!this.matches(r, pkt)) continue;
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
          if (!this.ctx.decide(m.probability)) return false;
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

export interface Branch<T> {
  outcome: T;
  probability: number;
  /** The statistic decisions that lead here, to replay the path. */
  decisions: boolean[];
}

/**
 * Every path a run can take through its statistic matches, with its probability: each run follows
 * a prefix of decisions and queues the untaken branch of each new decision point. A chain of n
 * endpoint rules gives n paths.
 */
export function explore<T>(run: (decide: (p: number) => boolean) => T): Branch<T>[] {
  const out: Branch<T>[] = [];
  const pending: boolean[][] = [[]];
  while (pending.length) {
    const prefix = pending.pop()!;
    const decisions: boolean[] = [];
    let probability = 1;
    const outcome = run((p) => {
      const k = decisions.length;
      let d: boolean;
      if (k < prefix.length) d = prefix[k]!;
      else {
        pending.push([...decisions, true]);
        d = false;
      }
      probability *= d ? p : 1 - p;
      decisions.push(d);
      return d;
    });
    out.push({ outcome, probability, decisions });
  }
  return out;
}

/** Replays recorded decisions. */
export function replay(decisions: boolean[]): (p: number) => boolean {
  let i = 0;
  return () => decisions[i++] ?? false;
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
