import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/engine/features/hover';
import { Workspace } from '../../../server/src/engine/workspace';

const L7 = join(__dirname, '..', '..', 'fixtures', 'l7');

function hoverOn(file: string, line: string, word: string): string | undefined {
  const ws = new Workspace();
  const text = readFileSync(join(L7, file), 'utf8');
  ws.setFile(`file:///ws/${file}`, text);
  const lines = text.split('\n');
  const n = lines.findIndex((l) => l.includes(line));
  return hover(ws, `file:///ws/${file}`, { line: n, character: lines[n].indexOf(word) + 1 })?.markdown;
}

describe('hover on entry points (features/route-hover.ts)', () => {
  it('an Ingress path: the Service port and the ready pods it reaches', () => {
    const md = hoverOn('ingress-shop.yaml', '{path: /aaa/bbb, pathType: Prefix', '/aaa/bbb')!;
    assert.match(md, /\*\*Ingress `shop\/table`\*\* · class `nginx` · `shop\.example\.com\/aaa\/bbb` · Prefix/);
    assert.match(md, /Service `shop\/aaa-bbb` port `http 80` → 2 ready endpoints/);
    assert.match(md, /\| `web-[a-z0-9]+-[a-z0-9]+` \| 10\.[\d.]+:8080 \| `node-\d` \|/);
  });

  it('an Ingress path to a missing Service: what the controller answers', () => {
    const md = hoverOn('ingress-shop.yaml', '{path: /missing', '/missing')!;
    assert.match(md, /⚠ Service shop\/no-such-service does not exist in the manifests: the controller answers 503\./);
  });

  it('an HTTPRoute rule: parents, weights and the pods of each backend', () => {
    const md = hoverOn('gateway-shop.yaml', '- {name: api, port: 80, weight: 3}', 'api')!;
    assert.match(md, /\*\*HTTPRoute `team-a\/api`\*\* · rule 1/);
    assert.match(md, /Parents: `infra\/edge`: accepted on `example-com`, `any`/);
    assert.match(md, /75% of requests →\n\nService `team-a\/api` port `80` → 1 ready endpoint/);
    assert.match(md, /25% of requests →\n\nService `team-a\/api-v2`/);
  });

  it('a rule whose backend is not permitted: the reason and the 500', () => {
    const md = hoverOn('gateway-shop.yaml', 'backendRefs: [{name: secret-store', 'secret-store')!;
    assert.match(md, /100% of requests → ⚠ RefNotPermitted: .* \(500\)/);
  });
});
