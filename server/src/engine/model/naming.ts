import { FNV32A_OFFSET, fnv32a, fnv32aUpdate } from './hash';

// k8s.io/apimachinery/pkg/util/rand: the alphabet for generated names and safe-encoded hashes
// (no vowels, no 0/1/3, so generated names never spell words or look like each other).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps each character to the safe alphabet by code point mod 27. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  return out;
}

/**
 * pod-template-hash: Kubernetes hashes the Go printout of the defaulted template (not portable),
 * then safe-encodes the decimal FNV-32a value. kroute hashes a canonical JSON of the template the
 * same way, so the name has the real shape (only 4-9 and b c d f) and changes exactly when the
 * template does.
 */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(canonicalJson(template))));
}

/**
 * apiserver names.SimpleNameGenerator: the generateName base is cut to 58 characters, then five
 * random characters from the safe alphabet are appended. kroute derives them from a seed so the
 * same manifests always give the same names.
 */
export function generateName(base: string, seed: string): string {
  const cut = base.length > 58 ? base.slice(0, 58) : base;
  return cut + randomSuffix(seed);
}

export function randomSuffix(seed: string, length = 5): string {
  // Each next hash is of `${seed}#${i}#${h}`: the state after `${seed}#` is computed once and the
  // rest hashed on from it, digits included, without building the string (the same values as
  // hashing each whole string; this runs five times for every pod).
  const seedState = fnv32aUpdate(FNV32A_OFFSET, seed);
  const afterSeed = fnv32aUpdate(seedState, '#');
  let h = seedState >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHANUMS[h % ALPHANUMS.length];
    h = fnv32aDecimal(fnv32aUpdate(fnv32aDecimal(afterSeed, i), '#'), h) >>> 0;
  }
  return out;
}

/** The FNV-1a state after hashing the decimal digits of `n`, a non-negative integer below 2^32 (`${n}`). */
function fnv32aDecimal(state: number, n: number): number {
  let h = state;
  let p = 1;
  while (p * 10 <= n) p *= 10;
  for (; p >= 1; p /= 10) h = Math.imul(h ^ (0x30 + (Math.floor(n / p) % 10)), 0x01000193);
  return h;
}

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) {
    // Appended to one string rather than mapped and joined: this runs over every workload's
    // pod template (podTemplateHash).
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + canonicalJson(v[i]);
    return out + ']';
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++)
      out += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${canonicalJson(o[keys[i]])}`;
    return out + '}';
  }
  // JSON.stringify gives undefined for these, whatever its declared type says.
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return 'null';
  return JSON.stringify(v);
}
