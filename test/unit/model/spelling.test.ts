// The plausible-typo measure (model/spelling.ts) behind the nearest workload of a dead selector.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slipCost, typoBudget, typoDistance } from '../../../server/src/engine/model/spelling';

describe('typoDistance: optimal string alignment', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    assert.equal(typoDistance('cart', 'carts'), 1);
    assert.equal(typoDistance('carts', 'cart'), 1);
    assert.equal(typoDistance('web', 'wbe'), 1);
    assert.equal(typoDistance('nginx', 'ngnix'), 1);
    assert.equal(typoDistance('nginx', 'minio'), 4);
    assert.equal(typoDistance('', 'abc'), 3);
  });

  it('stops at the bound', () => {
    assert.equal(typoDistance('opentelemetrycollector', 'loadgenerator', 2), 3);
  });

  it('agrees with the textbook table on random strings, within and beyond the bound', () => {
    const reference = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
      return d[a.length][b.length];
    };
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const word = () => Array.from({ length: rand(12) }, () => 'abc-'[rand(4)]).join('');
    for (let t = 0; t < 3000; t++) {
      const a = word();
      const b = t % 3 ? word() : a.slice(0, rand(a.length + 1)) + 'ab'[rand(2)] + a.slice(rand(a.length + 1));
      const exact = reference(a, b);
      assert.equal(typoDistance(a, b), exact, `${a} / ${b}`);
      for (const bound of [0, 1, 2, 3])
        assert.equal(typoDistance(a, b, bound), Math.min(exact, bound + 1), `${a} / ${b} within ${bound}`);
    }
  });
});

describe('slipCost: one value misspelt, or two values', () => {
  it('allows 1 edit up to 7 characters, 2 up to 11, then a quarter of the length', () => {
    assert.deepEqual([1, 7, 8, 11, 12, 63].map(typoBudget), [1, 1, 2, 2, 3, 15]);
  });

  it('accepts slips within the budget, relative to the longer value', () => {
    assert.equal(slipCost('carts', 'cart'), 1 / 5);
    assert.equal(slipCost('catalog', 'catalogue'), 2 / 9);
    assert.equal(slipCost('frontend', 'front-end'), 1 / 9);
  });

  it('accepts an object kind added as a word, either way', () => {
    assert.equal(slipCost('cart-service', 'cart'), 8 / 12);
    assert.equal(slipCost('web', 'web-deployment'), 11 / 14);
    assert.equal(slipCost('svc.cart', 'cart'), 4 / 8);
  });

  it('answers undefined when the cost would not be below the limit', () => {
    assert.equal(slipCost('carts', 'cart', 0.2), undefined);
    assert.equal(slipCost('carts', 'cart', 0.21), 0.2);
    assert.equal(slipCost('cart-service', 'cart', 0.5), undefined);
  });

  it('rejects other apps', () => {
    for (const [a, b] of [
      ['nginx', 'minio'],
      ['dns-backend', 'dns-frontend'],
      ['redis', 'redis-exporter'],
      ['web', 'api'],
      ['cart', 'cartservice'],
    ]) {
      assert.equal(slipCost(a, b), undefined, `${a} / ${b}`);
    }
  });
});
