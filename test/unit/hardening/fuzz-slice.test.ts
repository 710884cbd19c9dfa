import fc from 'fast-check';
import { describe, it } from 'node:test';
import { properties } from '../../fuzz/properties';

// A fixed-seed slice of `npm run fuzz`, so every `npm test` re-checks the same generated cases.
const SEED = 20261122;

describe('engine fuzz slice (fast-check, fixed seed)', () => {
  for (const [name, property] of Object.entries(properties)) {
    it(name, () => fc.assert(property, { seed: SEED, numRuns: 150 }));
  }
});
