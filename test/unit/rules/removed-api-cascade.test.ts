import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/engine/features/hover';
import { check } from './helpers';

// A workload in an apiVersion the API server no longer serves is rejected at apply ("no matches for
// kind", Deprecated API Migration Guide), and api-version-removed says so on it. A Service meant for
// its pods then selects nothing as a consequence: reporting that again, with the nearest modelled
// workload as the "fix", would point at the wrong cause.
const TEXT = readFileSync(
  join(__dirname, '..', '..', 'fixtures', 'removed-api', 'service-for-a-removed-api-deployment.yaml'),
  'utf8',
);
const codes = (all: { code: string; resource?: string }[]) => all.map((d) => `${d.code} ${d.resource}`).sort();

describe('a Service whose pods come from a workload in a removed apiVersion', () => {
  it('is not reported as a dead selector: the cause is reported once, on the workload', () => {
    assert.deepEqual(codes(check(TEXT).all), ['api-version-removed Deployment default/web-ilb']);
  });

  it("the Service's hover (and kroute explain, which shares its notes) names the rejected workload", () => {
    const { ws, uri } = check(TEXT);
    const line = TEXT.split('\n').lastIndexOf('  name: web-ilb');
    const md = hover(ws, uri('test.yaml'), { line, character: 10 })!.markdown;
    assert.match(
      md,
      /No pod runs: deployment\/web\\-ilb would create the selected pods, but the API server rejects it/,
    );
    assert.doesNotMatch(md, /nearest/);
  });

  it("once the workload's labels no longer carry the selector, the dead selector is reported again (an edit)", () => {
    const { ws, uri } = check(TEXT);
    ws.setFile(uri('test.yaml'), TEXT.replace('        app: web-ilb\n    spec:', '        app: other\n    spec:'));
    const all = [...ws.diagnostics().values()].flat();
    assert.deepEqual(codes(all), [
      'api-version-removed Deployment default/web-ilb',
      'selector-matches-nothing Service default/web-ilb',
    ]);
  });
});
