import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactOrNone, exactSize } from '../../../server/src/engine/model/exact-size';

describe('exact-size lists', () => {
  it('exactSize is a copy with the same items', () => {
    const list = [1, 2, 3];
    const copy = exactSize(list);
    assert.notEqual(copy, list);
    assert.deepEqual(copy, [1, 2, 3]);
  });

  it('exactOrNone shares one frozen list for every empty one (a write throws) and copies the others', () => {
    const a = exactOrNone<string>([]);
    const b = exactOrNone<string>([]);
    assert.equal(a, b);
    assert.ok(Object.isFrozen(a));
    assert.throws(() => (a as string[]).push('x'), TypeError);
    assert.equal(a.length, 0);
    const list = ['10.0.0.1'];
    const kept = exactOrNone(list);
    assert.notEqual(kept, list);
    assert.deepEqual(kept, ['10.0.0.1']);
  });
});
