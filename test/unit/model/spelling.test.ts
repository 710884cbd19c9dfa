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

  it('rejects other apps', () => {
    for (const [a, b] of [['nginx', 'minio'], ['dns-backend', 'dns-frontend'], ['redis', 'redis-exporter'], ['web', 'api'], ['cart', 'cartservice']]) {
      assert.equal(slipCost(a!, b!), undefined, `${a} / ${b}`);
    }
  });
});
