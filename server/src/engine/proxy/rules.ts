import { parseCidr, parseIPv4 } from '../model/ip';

export type Table = 'filter' | 'nat';

/** One match of a rule, in the order kube-proxy writes it. Addresses are kept parsed for the packet walker. */
export type Match =
  | { kind: 'comment'; text: string }
  | { kind: 'protocol'; protocol: string }
  | { kind: 'address'; dir: 'src' | 'dst'; cidr: string; negate?: boolean }
  | { kind: 'dport'; port: number }
  | { kind: 'addrtype'; dir: 'src' | 'dst' }
  | { kind: 'statistic'; probability: number; text: string }
  | { kind: 'recent'; name: string; op: 'rcheck'; seconds: number }
  | { kind: 'recent'; name: string; op: 'set' }
  | { kind: 'nfacct'; name: string }
  | { kind: 'mark'; mark: number; negate?: boolean }
  | { kind: 'conntrack'; states: string[]; negate?: boolean };

export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'dnat'; ip: string; port: number }
  | { kind: 'verdict'; verdict: 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' | 'MASQUERADE' }
  | { kind: 'mark'; op: 'or' | 'xor'; mark: number };

/** What a rule is for, so a trace can explain it without reading its text. */
export type RuleRole =
  | 'cluster-ip'
  | 'external-ip'
  | 'load-balancer-ip'
  | 'node-port'
  | 'node-port-localhost'
  | 'node-ports-jump'
  | 'no-endpoints'
  | 'no-local-endpoints'
  | 'firewall-drop'
  | 'health-check'
  | 'masquerade-off-cluster'
  | 'masquerade-external'
  | 'external-pod-traffic'
  | 'external-local-masquerade'
  | 'external-local-route'
  | 'external-policy'
  | 'firewall-allow'
  | 'firewall-end'
  | 'affinity'
  | 'balance'
  | 'hairpin'
  | 'dnat'
  | 'fixed';

export interface Rule {
  table: Table;
  chain: string;
  matches: Match[];
  /** Absent for the comment-only last rule of a KUBE-FW chain. */
  target?: Target;
  role: RuleRole;
  /** `namespace/name` of the Service and index of its port, for service rules. */
  service?: string;
  portIndex?: number;
  /** `ip:port` of the endpoint a balance/affinity/SEP rule is about. */
  endpoint?: string;
  /** The rule as iptables-restore reads it: `-A CHAIN …`. */
  text: string;
  /** Parsed address matches, for the walker. */
  compiled: CompiledAddress[];
  /** Set when the rule matches on a probability alone (the endpoint rules), so the walker skips the match loop. */
  onlyProbability?: number;
}

export interface CompiledAddress {
  dir: 'src' | 'dst';
  base: number;
  size: number;
  negate: boolean;
}

export function rule(
  table: Table,
  chain: string,
  matches: Match[],
  target: Target | undefined,
  meta: Pick<Rule, 'role' | 'service' | 'portIndex' | 'endpoint'>,
): Rule {
  const parts = ['-A', chain, ...matches.flatMap(renderMatch)];
  if (target) parts.push(...renderTarget(target));
  const compiled: CompiledAddress[] = [];
  for (const m of matches) {
    if (m.kind !== 'address') continue;
    const c = parseCidr(m.cidr.includes('/') ? m.cidr : `${m.cidr}/32`)!;
    compiled.push({ dir: m.dir, base: c.base, size: 2 ** (32 - c.bits), negate: !!m.negate });
  }
  const statistic = matches.find((m) => m.kind === 'statistic');
  const onlyProbability =
    statistic?.kind === 'statistic' && matches.every((m) => m.kind === 'comment' || m === statistic)
      ? statistic.probability
      : undefined;
  // Every rule gets the same fields in the same order: the walker reads them millions of times and
  // one object shape keeps those reads fast.
  return {
    table,
    chain,
    matches,
    target,
    role: meta.role,
    service: meta.service,
    portIndex: meta.portIndex,
    endpoint: meta.endpoint,
    text: parts.join(' '),
    compiled,
    onlyProbability,
  };
}

/** iptables-restore words: a comment with spaces is double-quoted, as kube-proxy writes it. */
function quote(text: string): string {
  return /\s/.test(text) ? `"${text}"` : text;
}

export function hexMark(mark: number): string {
  return `0x${mark.toString(16)}`;
}

function renderMatch(m: Match): string[] {
  switch (m.kind) {
    case 'comment':
      return ['-m', 'comment', '--comment', quote(m.text)];
    case 'protocol':
      return ['-m', m.protocol, '-p', m.protocol];
    case 'address':
      return [...(m.negate ? ['!'] : []), m.dir === 'src' ? '-s' : '-d', m.cidr];
    case 'dport':
      return ['--dport', String(m.port)];
    case 'addrtype':
      return ['-m', 'addrtype', m.dir === 'src' ? '--src-type' : '--dst-type', 'LOCAL'];
    case 'statistic':
      return ['-m', 'statistic', '--mode', 'random', '--probability', m.text];
    case 'recent':
      return m.op === 'set'
        ? ['-m', 'recent', '--name', m.name, '--set']
        : ['-m', 'recent', '--name', m.name, '--rcheck', '--seconds', String(m.seconds), '--reap'];
    case 'nfacct':
      return ['-m', 'nfacct', '--nfacct-name', m.name];
    case 'mark':
      return ['-m', 'mark', ...(m.negate ? ['!'] : []), '--mark', `${hexMark(m.mark)}/${hexMark(m.mark)}`];
    case 'conntrack':
      return ['-m', 'conntrack', ...(m.negate ? ['!'] : []), '--ctstate', m.states.join(',')];
  }
}

function renderTarget(t: Target): string[] {
  switch (t.kind) {
    case 'jump':
      return ['-j', t.chain];
    case 'dnat':
      return ['-j', 'DNAT', '--to-destination', `${t.ip}:${t.port}`];
    case 'verdict':
      return ['-j', t.verdict];
    case 'mark':
      return ['-j', 'MARK', t.op === 'or' ? '--or-mark' : '--xor-mark', hexMark(t.mark)];
  }
}

/**
 * proxier.probability: `fmt.Sprintf("%0.10f", 1.0/float64(n))`. Go rounds the exact binary value
 * half-to-even; JavaScript's toFixed rounds ties up (1/2048 → …2813 instead of Go's …2812), so
 * the decimal is computed exactly from the double's mantissa.
 */
export function formatProbability(n: number): string {
  const x = 1 / n;
  if (n === 1) return '1.0000000000';
  // x = m / 2^k exactly, with m an integer (x is a double in (0, 1)).
  let k = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  const denominator = 1n << BigInt(k);
  const scaled = BigInt(m) * 10n ** 10n;
  let digits = scaled / denominator;
  const twice = (scaled % denominator) * 2n;
  if (twice > denominator || (twice === denominator && digits % 2n === 1n)) digits += 1n;
  const s = digits.toString().padStart(11, '0');
  return `${s.slice(0, -10)}.${s.slice(-10)}`;
}

const ipCache = new Map<string, number>();

/** An IPv4 address as a number (-1 if it is not one); walks compare many addresses many times. */
export function ipNumber(ip: string): number {
  let n = ipCache.get(ip);
  if (n === undefined) {
    n = parseIPv4(ip) ?? -1;
    if (ipCache.size > 100_000) ipCache.clear();
    ipCache.set(ip, n);
  }
  return n;
}
