import { createHash } from 'node:crypto';

/** 32-bit FNV-1a, the hash Kubernetes uses for pod-template-hash (`hash/fnv` New32a). */
export function fnv32a(input: string): number {
  let h = 0x811c9dc5;
  // Go hashes the UTF-8 bytes of a string; ASCII needs no encoding step.
  const bytes = /^\p{ASCII}*$/u.test(input) ? undefined : Buffer.from(input, 'utf8');
  const n = bytes ? bytes.length : input.length;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ (bytes ? bytes[i] : input.charCodeAt(i)), 0x01000193);
  return h >>> 0;
}

/** `base32.StdEncoding.EncodeToString(sha256(input))`, as kube-proxy derives chain names. */
export function sha256Base32(input: string): string {
  const bytes = createHash('sha256').update(input, 'utf8').digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
