// IPv4 arithmetic for the simulated cluster's address plans. kroute models IPv4 single-stack
// clusters (the kube-proxy reference it mirrors is IPv4 with localhost NodePorts).

export interface Cidr {
  base: number;
  bits: number;
  text: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function parseIPv4(s: string): number | undefined {
  if (!IPV4.test(s)) return undefined;
  return s.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const ip = parseIPv4(m[1]);
  const bits = Number(m[2]);
  if (ip === undefined || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), bits, text: `${formatIPv4(ip - (ip % size))}/${bits}` };
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.bits);
}

export function cidrContains(c: Cidr, ip: string | number): boolean {
  const n = typeof ip === 'number' ? ip : parseIPv4(ip);
  return n !== undefined && n >= c.base && n < c.base + cidrSize(c);
}

/** The i-th address of a range (i = 0 is the network address), as kubeadm's GetIndexedIP. */
export function indexedIP(c: Cidr, i: number): string {
  return formatIPv4(c.base + i);
}
