import { createHash } from 'node:crypto';

/** 32-bit FNV-1a, the hash Kubernetes uses for pod-template-hash (`hash/fnv` New32a). */
export function fnv32a(input: string): number {
  return fnv32aUpdate(FNV32A_OFFSET, input) >>> 0;
}

/** FNV-1a's starting state. */
export const FNV32A_OFFSET = 0x811c9dc5;

/**
 * The FNV-1a state after hashing `input` on from `state` (FNV is a stream hash: the hash of a
 * concatenation continues from the state its prefix left, split anywhere but between the halves of
 * a surrogate pair). `>>> 0` of the result is the hash.
 * Go hashes the UTF-8 bytes of a string; ASCII needs no encoding step, so characters are hashed as
 * they are read and the string is encoded only when one is not ASCII.
 */
export function fnv32aUpdate(state: number, input: string): number {
  let h = state;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c > 0x7f) return fnv32aBytes(h, Buffer.from(input.slice(i), 'utf8'));
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

function fnv32aBytes(state: number, bytes: Buffer): number {
  let h = state;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h;
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
