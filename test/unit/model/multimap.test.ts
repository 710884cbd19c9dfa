import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SetMultimap } from '../../../server/src/engine/model/multimap';

describe('SetMultimap', () => {
  it('keeps each key’s values as a set, in the order first added, like a Map of Sets', () => {
    const index = new SetMultimap<string, number>();
    const reference = new Map<string, Set<number>>();
    const adds: [string, number][] = [
      ['a', 1],
      ['b', 2],
      ['a', 1],
      ['a', 3],
      ['c', 4],
      ['a', 1],
      ['b', 2],
      ['a', 5],
    ];
    for (const [key, value] of adds) {
      index.add(key, value);
      if (!reference.has(key)) reference.set(key, new Set());
      reference.get(key)!.add(value);
    }
    for (const key of ['a', 'b', 'c', 'missing'])
      assert.deepEqual([...index.get(key)], [...(reference.get(key) ?? [])]);
    assert.deepEqual(
      [...index.values()],
      [...reference.values()].flatMap((set) => [...set]),
    );
  });
});
