// What the Problems panel shows: plain text (VS Code renders diagnostic messages literally, so
// Markdown backticks would appear as backticks), each pod named once, at most three named.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { check, RULE_FIXTURES } from './helpers';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function yamlFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      Object.assign(out, Object.fromEntries(Object.entries(yamlFiles(path)).map(([k, v]) => [`${name}/${k}`, v])));
    else if (/\.ya?ml$/.test(name)) out[name] = readFileSync(path, 'utf8');
  }
  return out;
}

describe('diagnostic messages', () => {
  it('carry no Markdown backticks: every rule fixture and the examples', () => {
    const messages = [
      ...readdirSync(RULE_FIXTURES).flatMap((code) =>
        ['fail.yaml', 'pass.yaml'].flatMap((f) => check(readFileSync(join(RULE_FIXTURES, code, f), 'utf8')).all),
      ),
      ...check(yamlFiles(EXAMPLES)).all,
    ].map((d) => `${d.code}: ${d.message}`);
    assert.ok(messages.length > 30, 'the fixtures report something');
    assert.deepEqual(
      messages.filter((m) => m.includes('`')),
      [],
    );
  });

  it('name each pod once and at most three, then "and N more" (the same Deployment written in two files is one set of pods)', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: carts
spec:
  replicas: 5
  selector:
    matchLabels: { name: carts }
  template:
    metadata:
      labels: { name: carts }
    spec:
      nodeName: retired-node
      containers: [{ name: c, image: carts }]
`;
    const service =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: carts\nspec:\n  selector: { name: carts }\n  ports: [{ port: 80 }]\n';
    const [d, ...rest] = check({ 'a.yaml': `${deployment}---\n${service}`, 'b.yaml': deployment }).all.filter(
      (x) => x.code === 'no-ready-endpoints',
    );
    assert.deepEqual(rest, []);
    assert.match(
      d.message,
      /^Selector name=carts matches 5 pods, none ready: (carts-\w+-\w+) \(Pending, no IP\), (carts-\w+-\w+) \(Pending, no IP\), (carts-\w+-\w+) \(Pending, no IP\) and 2 more\. kube-proxy has no endpoint for it\.$/,
    );
    const names = d.message.match(/carts-\w+-\w+/g)!;
    assert.equal(new Set(names).size, 3, d.message);
  });

  it('field.TooLong in its current wording (kubernetes#128553): annotations over 256 KiB', () => {
    const big = 'x'.repeat(256 * 1024);
    const text = `apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: big\n  annotations:\n    a: ${big}\nspec:\n  controller: k8s.io/ingress-nginx\n`;
    assert.deepEqual(
      check(text)
        .all.filter((d) => d.severity === 'error')
        .map((d) => d.message),
      ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    );
  });
});
