// Dead-selector explanations (model/explain.ts) for label keys that are also the names of members
// every JavaScript object has: `constructor`, `toString` and `valueOf` are valid Kubernetes label
// keys (a DNS-1123-style name part), and a selector using one once crashed the explanation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, check } from '../rules/helpers';

function manifests(selector: Record<string, string>, podLabels: Record<string, string>): string {
  const labels = (m: Record<string, string>, indent: string) => Object.entries(m).map(([k, v]) => `${indent}${k}: ${v}`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
${labels(podLabels, '      ')}
  template:
    metadata:
      labels:
${labels(podLabels, '        ')}
    spec:
      containers:
        - name: web
          image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
${labels(selector, '    ')}
  ports:
    - port: 80
`;
}

const deadSelector = (text: string) => check(text).all.filter((d) => d.code === 'selector-matches-nothing').map((d) => d.message);

describe('dead-selector explanations with label keys named like object members', () => {
  it('explains a selector on a key no pod carries', () => {
    for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      assert.deepEqual(deadSelector(manifests({ [key]: 'web' }, { app: 'shop' })), [
        `Selector ${key}=web matches no pods: no workload in namespace "default" has these labels.`,
      ], key);
    }
  });

  it('names the nearest workload when its pods carry the key with another value', () => {
    assert.deepEqual(deadSelector(manifests({ constructor: 'web' }, { constructor: 'webb' })), [
      'Selector constructor=web matches no pods: the nearest is deployment/web, which differs in constructor=web vs constructor=webb.',
    ]);
  });

  it('is silent when the pods do carry it', () => {
    assert.deepEqual(deadSelector(manifests({ constructor: 'web' }, { constructor: 'web' })), []);
  });
});

// "The nearest workload" is named (and its labels offered as the quick fix) only when the selector
// is plausibly a typo of its pods' labels (model/spelling.ts; docs/rules/selector-matches-nothing.md).
// The EndpointSlice controller itself only knows match or no match (syncService); a wrong guess
// sends the user to the wrong app, so a selector for another app gets the plain explanation.
describe('the nearest workload is a plausible typo, or none is named', () => {
  const nearest = (selector: Record<string, string>, podLabels: Record<string, string>) => deadSelector(manifests(selector, podLabels))[0]!;
  const none = 'no workload in namespace "default" has these labels.';

  it('a value of another app is not a typo: nginx for minio, dns-backend for dns-frontend', () => {
    assert.match(nearest({ app: 'nginx' }, { app: 'minio' }), new RegExp(`: ${none}$`));
    assert.match(nearest({ name: 'dns-backend' }, { name: 'dns-frontend' }), new RegExp(`: ${none}$`));
    assert.match(nearest({ app: 'redis' }, { app: 'redis-exporter' }), new RegExp(`: ${none}$`), 'a longer name is another app unless the added word is an object kind');
  });

  it('a slip within the edit budget, a swap of two letters, or an object kind added to the name is', () => {
    assert.match(nearest({ app: 'carts' }, { app: 'cart' }), /the nearest is deployment\/web, which differs in app=carts vs app=cart\.$/);
    assert.match(nearest({ app: 'ngnix' }, { app: 'nginx' }), /differs in app=ngnix vs app=nginx\.$/);
    assert.match(nearest({ app: 'catalog' }, { app: 'catalogue' }), /differs in app=catalog vs app=catalogue\.$/);
    assert.match(nearest({ app: 'cart-service' }, { app: 'cart' }), /differs in app=cart-service vs app=cart\.$/);
  });

  it('the value under another key is a slip of the key', () => {
    assert.match(nearest({ name: 'cart' }, { app: 'cart' }), /differs in name=cart vs app=cart\.$/);
  });

  it('one key the pods lack, beside one they carry, is a selector one label too narrow; two are not', () => {
    assert.match(nearest({ app: 'web', tier: 'frontend' }, { app: 'web' }), /differs in tier=frontend \(its pods have no tier label\)\.$/);
    assert.match(nearest({ app: 'web', tier: 'frontend', env: 'prod' }, { app: 'web' }), new RegExp(`: ${none}$`));
    assert.match(nearest({ tier: 'frontend' }, { app: 'web' }), new RegExp(`: ${none}$`));
  });

  it('one value spelt otherwise beside a shared entry is still another app', () => {
    assert.match(nearest({ app: 'web', tier: 'frontend' }, { app: 'web', tier: 'backend' }), new RegExp(`: ${none}$`));
  });

  it('the quick fix follows the same measure: none for another app, a key rename for a key slip', () => {
    const fixes = (text: string) => check(text).all.filter((d) => d.code === 'selector-matches-nothing').flatMap((d) => d.fixes ?? []);
    assert.deepEqual(fixes(manifests({ app: 'nginx' }, { app: 'minio' })), []);
    const text = manifests({ name: 'cart' }, { app: 'cart' });
    const [fix] = fixes(text);
    assert.equal(fix?.title, "Change the selector to deployment/web's labels (app=cart)");
    const after = applyEdits(text, fix!.edits);
    assert.match(after, /selector:\n {4}app: cart\n {2}ports/);
    assert.deepEqual(deadSelector(after), []);
  });
});
