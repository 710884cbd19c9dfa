import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repairedName } from '../../../server/src/engine/rules/name-fix';
import { dns1035Label, dns1123Label, dns1123Subdomain } from '../../../server/src/engine/validation/names';

describe('repairedName: the name a user would type for one the API server rejects', () => {
  const cases: [string, boolean, number, string][] = [
    ['My_Service', false, 63, 'my-service'],
    ['web.frontend', false, 63, 'web-frontend'],
    ['web.frontend', true, 253, 'web.frontend'],
    ['-Shop--Front-', false, 63, 'shop--front'],
    ['api..v2.', true, 253, 'api.v2'],
    ['a'.repeat(70), false, 63, 'a'.repeat(63)],
    [`${'a'.repeat(51)}-b`, true, 52, 'a'.repeat(51)],
    ['___', false, 63, ''],
  ];
  for (const [name, dots, max, want] of cases)
    it(`${name.length > 20 ? `${name.slice(0, 12)}…(${name.length})` : name} → ${want || '(none)'}`, () => {
      assert.equal(repairedName(name, dots, max), want);
    });

  it('every repair of a random name is valid for the check it was made for, or empty', () => {
    const alphabet = 'aZ09-._ /É';
    for (let i = 0; i < 2000; i++) {
      const name = Array.from({ length: 1 + (i % 80) }, (_, j) => alphabet[(i * 7 + j * 13) % alphabet.length]).join(
        '',
      );
      const label = repairedName(name, false, 63);
      if (label) assert.deepEqual(dns1123Label(label), [], `${name} → ${label}`);
      const subdomain = repairedName(name, true, 253);
      if (subdomain) assert.deepEqual(dns1123Subdomain(subdomain), [], `${name} → ${subdomain}`);
      if (/^[a-z]/.test(label)) assert.deepEqual(dns1035Label(label), [], `${name} → ${label}`);
    }
  });
});
