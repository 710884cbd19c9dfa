import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rules } from '../../../server/src/engine/rules';
import { check, expectedLines, fixture, hasFixtures } from './helpers';

const DOCS = join(__dirname, '..', '..', '..', 'docs', 'rules');

// Every rule has a failing and a passing fixture (test/fixtures/rules/<code>/); the failing one marks
// each line a diagnostic must start on with `# expect: <code>`.
for (const rule of rules) {
  describe(`rule ${rule.code}`, () => {
    it('has fixtures and a doc page', () => {
      assert.ok(hasFixtures(rule.code), `test/fixtures/rules/${rule.code}/{fail,pass}.yaml`);
      assert.ok(existsSync(join(DOCS, `${rule.code}.md`)), `docs/rules/${rule.code}.md`);
    });

    it('reports exactly the marked lines of fail.yaml, with its default severity and a resource', () => {
      const text = fixture(rule.code, 'fail.yaml');
      const found = check(text).all.filter((d) => d.code === rule.code);
      const expected = expectedLines(text, rule.code);
      assert.ok(expected.length, 'fail.yaml marks at least one line');
      assert.deepEqual(
        [...new Set(found.map((d) => d.range.start.line))].sort((a, b) => a - b),
        expected,
        found.map((d) => `${d.range.start.line}: ${d.message}`).join('\n'),
      );
      for (const d of found) {
        assert.equal(d.severity, rule.defaultSeverity);
        assert.match(d.resource ?? '', /^[A-Za-z]+ [a-z0-9-]+\/\S*$/);
      }
    });

    it('reports nothing on pass.yaml', () => {
      const found = check(fixture(rule.code, 'pass.yaml')).all.filter((d) => d.code === rule.code);
      assert.deepEqual(
        found.map((d) => d.message),
        [],
      );
    });

    it('its doc page shows the fixtures as the failing and passing examples', () => {
      const doc = readFileSync(join(DOCS, `${rule.code}.md`), 'utf8');
      for (const section of [
        '## What',
        '## Why it matters',
        '## Kubernetes source',
        '## Failing example',
        '## Passing example',
      ])
        assert.ok(doc.includes(section), section);
    });
  });
}
