import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/engine/features/hover';
import { Workspace } from '../../../server/src/engine/workspace';

const NETPOL = join(__dirname, '..', '..', 'fixtures', 'netpol', 'shop-with-policies.yaml');
const URI = 'file:///ws/shop-with-policies.yaml';

/** The hover on the `name:` line of the named NetworkPolicy. */
function policyHover(name: string): string | undefined {
  const ws = new Workspace();
  ws.setFile(URI, readFileSync(NETPOL, 'utf8'));
  const lines = ws.file(URI)!.text.split('\n');
  const line = lines.findIndex((l) => l.includes(`name: ${name},`));
  return hover(ws, URI, { line, character: lines[line].indexOf(name) + 1 })?.markdown;
}

describe('hover on a NetworkPolicy (features/networkpolicy-hover.ts)', () => {
  it('names the workloads it selects and, per rule, the workloads each peer admits and the ports', () => {
    const md = policyHover('api-from-web')!;
    assert.match(md, /\*\*NetworkPolicy `shop\/api-from-web`\*\* · isolates for Ingress \(policyTypes defaulted/);
    assert.match(md, /Selects 1 workload \(podSelector `app=api`\): `shop\/api\[Deployment\]`/);
    assert.match(md, /\| `shop\/web\[Deployment\]` \| `TCP 9000-9010` \|/);
  });

  it('says when defaulting makes a policy with egress rules isolate ingress too, with no ingress rule', () => {
    const md = policyHover('web-egress')!;
    assert.match(md, /isolates for Ingress, Egress/);
    assert.match(md, /Ingress: no rules, so nothing is allowed in/);
    assert.match(md, /`203\.0\.113\.0\/24` except `203\.0\.113\.128\/25` \| `SCTP all`/);
  });

  it('a namespaceSelector peer lists the workloads of the matching namespaces; a named port is shown by name', () => {
    const md = policyHover('api-metrics-from-monitoring')!;
    assert.match(md, /\| `monitoring\/prometheus\[Deployment\]` \| `TCP metrics` \|/);
  });
});
