// Dead-selector explanations (model/explain.ts) for label keys that are also the names of members
// every JavaScript object has: `constructor`, `toString` and `valueOf` are valid Kubernetes label
// keys (a DNS-1123-style name part), and a selector using one once crashed the explanation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../rules/helpers';

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
      assert.deepEqual(deadSelector(manifests({ [key]: 'web' }, { app: 'web' })), [
        `Selector ${key}=web matches no pods: no workload in namespace "default" has these labels.`,
      ], key);
    }
  });

  it('names the nearest workload when its pods carry the key with another value', () => {
    assert.deepEqual(deadSelector(manifests({ constructor: 'web' }, { constructor: 'webb' })), [
      'Selector constructor=web matches no pods: the nearest is deployment/web, which differs in `constructor: web` vs `constructor: webb`.',
    ]);
  });

  it('is silent when the pods do carry it', () => {
    assert.deepEqual(deadSelector(manifests({ constructor: 'web' }, { constructor: 'web' })), []);
  });
});
