import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FNV32A_OFFSET, fnv32a, fnv32aUpdate } from '../../../server/src/engine/model/hash';
import { canonicalJson, randomSuffix } from '../../../server/src/engine/model/naming';

/** FNV-1a over the UTF-8 bytes, as Go's hash/fnv New32a computes it. */
function reference(input: string): number {
  let h = FNV32A_OFFSET;
  for (const b of Buffer.from(input, 'utf8')) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

const samples = ['', 'a', 'foobar', 'default/web-7d4b9c/3/0', 'café', 'naïve/ü#1#42', '日本/😀', 'x\ud800', '\udc00y'];

describe('fnv32a', () => {
  it('matches the published FNV-1a 32-bit values', () => {
    assert.equal(fnv32a(''), 0x811c9dc5);
    assert.equal(fnv32a('a'), 0xe40c292c);
    assert.equal(fnv32a('foobar'), 0xbf9cf968);
  });

  it('hashes the UTF-8 bytes of non-ASCII text (lone surrogates as U+FFFD, as Buffer encodes them)', () => {
    for (const s of samples) assert.equal(fnv32a(s), reference(s), s);
  });

  it('continues a stream: the state after a prefix, updated with the rest, hashes the whole', () => {
    for (const a of samples) {
      for (const b of samples) {
        // Not a split between the halves of one surrogate pair (each half alone encodes as U+FFFD).
        if (/[\ud800-\udbff]$/.test(a) && /^[\udc00-\udfff]/.test(b)) continue;
        assert.equal(fnv32aUpdate(fnv32aUpdate(FNV32A_OFFSET, a), b) >>> 0, reference(a + b), a + b);
      }
    }
  });
});

describe('randomSuffix', () => {
  it('is the chain of hashes of `${seed}#${i}#${h}` over the safe alphabet', () => {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    for (const seed of [...samples, ...Array.from({ length: 500 }, (_, k) => `ns/web-${k}/${k % 7}/0`)]) {
      for (const length of [5, 12]) {
        let h = reference(seed);
        let want = '';
        for (let i = 0; i < length; i++) {
          want += alphabet[h % alphabet.length];
          h = reference(`${seed}#${i}#${h}`);
        }
        assert.equal(randomSuffix(seed, length), want, seed);
      }
    }
  });
});

describe('canonicalJson', () => {
  it("is JSON with every map's keys sorted, undefined as null", () => {
    const value = { b: [1, 'x', { d: null, c: true }], a: { 'z"': 2.5, y: [] }, e: {}, u: undefined };
    assert.equal(canonicalJson(value), '{"a":{"y":[],"z\\"":2.5},"b":[1,"x",{"c":true,"d":null}],"e":{},"u":null}');
    assert.equal(canonicalJson([undefined, 'a']), '[null,"a"]');
    assert.equal(canonicalJson('s'), '"s"');
  });
});
