// What k8s.io/utils/net and Go's net.IP say about an address: its family and whether it is one of
// the special addresses ValidateNonSpecialIP (pkg/apis/core/validation) refuses.

export type IPFamily = 'IPv4' | 'IPv6';

/** The 4 or 16 bytes of an address as net.ParseIP reads it, or undefined when it is not one. */
function parse(v: string): number[] | undefined {
  const v4 = parseV4(v);
  if (v4) return v4;
  if (!v.includes(':') || !/^[0-9a-fA-F:.]+$/.test(v)) return undefined;
  const halves = v.split('::');
  if (halves.length > 2) return undefined;
  const words = (h: string): number[] | undefined => {
    if (!h) return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (const [i, p] of parts.entries()) {
      const tail = i === parts.length - 1 ? parseV4(p) : undefined;
      if (tail) out.push((tail[0] << 8) | tail[1], (tail[2] << 8) | tail[3]);
      else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  return [...head, ...Array<number>(fill).fill(0), ...tail].flatMap((w) => [w >> 8, w & 0xff]);
}

function parseV4(v: string): number[] | undefined {
  const parts = v.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is IPv4, as net.IP.To4 has it. */
function v4Of(bytes: number[]): number[] | undefined {
  if (bytes.length === 4) return bytes;
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff
    ? bytes.slice(12)
    : undefined;
}

/** netutils.IsIPv6String / IsIPv4String: undefined for what is not an address. */
export function ipFamily(v: string): IPFamily | undefined {
  const bytes = parse(v);
  if (!bytes) return undefined;
  return v4Of(bytes) ? 'IPv4' : 'IPv6';
}

/**
 * ValidateNonSpecialIP: external IPs (and endpoint addresses) may not be unspecified, loopback,
 * link-local unicast or link-local multicast. Its messages, in its order; empty for a valid address.
 */
export function nonSpecialIP(v: string): string[] {
  const bytes = parse(v);
  if (!bytes) return ['must be a valid IP address'];
  const v4 = v4Of(bytes);
  const errs: string[] = [];
  if (v4 ? v4.every((b) => b === 0) : bytes.every((b) => b === 0)) errs.push(`may not be unspecified (${v})`);
  if (v4 ? v4[0] === 127 : bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1)
    errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  if (v4 ? v4[0] === 169 && v4[1] === 254 : bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80)
    errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  if (v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : bytes[0] === 0xff && (bytes[1] & 0x0f) === 0x02)
    errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  return errs;
}
