import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkEndpoints, checkOrderIndependent, checkSafe } from '../../fuzz/properties';

const DIR = join(__dirname, '../../fixtures/fuzz-regressions');

describe('cases the fuzzer found, kept as fixtures', () => {
  for (const name of readdirSync(DIR).filter((n) => statSync(join(DIR, n)).isDirectory())) {
    it(name, () => {
      const files = readdirSync(join(DIR, name))
        .sort()
        .map((f) => readFileSync(join(DIR, name, f), 'utf8'));
      for (const order of [files, [...files].reverse()]) {
        checkSafe(order);
        checkEndpoints(order);
        checkOrderIndependent(order);
      }
    });
  }
});
