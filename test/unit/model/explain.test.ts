// Dead-selector explanations (model/explain.ts) for label keys that are also the names of members
// every JavaScript object has: `constructor`, `toString` and `valueOf` are valid Kubernetes label
// keys (a DNS-1123-style name part), and a selector using one once crashed the explanation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, check } from '../rules/helpers';

function manifests(selector: Record<string, string>, podLabels: Record<string, string>): string {
  const labels = (m: Record<string, string>, indent: string) =>
    Object.entries(m)
      .map(([k, v]) => `${indent}${k}: ${v}`)
      .join('\n');
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

const deadSelector = (text: string) =>
  check(text)
    .all.filter((d) => d.code === 'selector-matches-nothing')
    .map((d) => d.message);

describe('dead-selector explanations with label keys named like object members', () => {
  it('explains a selector on a key no pod carries', () => {
    for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      assert.deepEqual(
        deadSelector(manifests({ [key]: 'web' }, { app: 'shop' })),
        [`Selector ${key}=web matches no pods: deployment/web, named like the Service, has pod labels app=shop.`],
        key,
      );
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
  const nearest = (selector: Record<string, string>, podLabels: Record<string, string>) =>
    deadSelector(manifests(selector, podLabels))[0];
  // Not a near miss, but written for that Deployment all the same (named like the Service).
  const none = 'deployment/web, named like the Service, has pod labels .*\\.';

  it('a value of another app is not a typo: nginx for minio, dns-backend for dns-frontend', () => {
    assert.match(nearest({ app: 'nginx' }, { app: 'minio' }), new RegExp(`: ${none}$`));
    assert.match(nearest({ name: 'dns-backend' }, { name: 'dns-frontend' }), new RegExp(`: ${none}$`));
    assert.match(
      nearest({ app: 'redis' }, { app: 'redis-exporter' }),
      new RegExp(`: ${none}$`),
      'a longer name is another app unless the added word is an object kind',
    );
  });

  it('a slip within the edit budget, a swap of two letters, or an object kind added to the name is', () => {
    assert.match(
      nearest({ app: 'carts' }, { app: 'cart' }),
      /the nearest is deployment\/web, which differs in app=carts vs app=cart\.$/,
    );
    assert.match(nearest({ app: 'ngnix' }, { app: 'nginx' }), /differs in app=ngnix vs app=nginx\.$/);
    assert.match(nearest({ app: 'catalog' }, { app: 'catalogue' }), /differs in app=catalog vs app=catalogue\.$/);
    assert.match(nearest({ app: 'cart-service' }, { app: 'cart' }), /differs in app=cart-service vs app=cart\.$/);
  });

  it('the value under another key is a slip of the key', () => {
    assert.match(nearest({ name: 'cart' }, { app: 'cart' }), /differs in name=cart vs app=cart\.$/);
  });

  it('one key the pods lack, beside one they carry, is a selector one label too narrow; two are not', () => {
    assert.match(
      nearest({ app: 'web', tier: 'frontend' }, { app: 'web' }),
      /differs in tier=frontend \(its pods have no tier label\)\.$/,
    );
    assert.match(nearest({ app: 'web', tier: 'frontend', env: 'prod' }, { app: 'web' }), new RegExp(`: ${none}$`));
    assert.match(nearest({ tier: 'frontend' }, { app: 'web' }), new RegExp(`: ${none}$`));
  });

  it('one value spelt otherwise beside a shared entry is still another app', () => {
    assert.match(nearest({ app: 'web', tier: 'frontend' }, { app: 'web', tier: 'backend' }), new RegExp(`: ${none}$`));
  });

  it('the quick fix follows the same measure: none for another app, a key rename for a key slip', () => {
    const fixes = (text: string) =>
      check(text)
        .all.filter((d) => d.code === 'selector-matches-nothing')
        .flatMap((d) => d.fixes ?? []);
    assert.deepEqual(fixes(manifests({ app: 'nginx' }, { app: 'minio' })), [], 'no typo to correct: another app');
    const text = manifests({ name: 'cart' }, { app: 'cart' });
    const [fix] = fixes(text);
    assert.equal(fix.title, "Change the selector to deployment/web's labels (app=cart)");
    const after = applyEdits(text, fix.edits);
    assert.match(after, /selector:\n {4}app: cart\n {2}ports/);
    assert.deepEqual(deadSelector(after), []);
  });
});

// A Service's pods are often created outside the manifests: a Helm chart, an operator, the
// platform (GKE runs its DCGM exporter in gke-managed-system). The EndpointSlice controller finds
// none in the files, and that says nothing is wrong unless the manifests show which pods the
// Service was written for: a near miss, a match in another namespace, a workload named like it, or
// the only workload in its file. Without such evidence selector-matches-nothing stays quiet.
describe('a dead selector warns only where the manifests show which pods it was meant for', () => {
  const deployment = (name: string, labels: string, namespace = 'monitoring') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: main
          image: example
`;
  const service = (name: string, selector: string, namespace = 'monitoring') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {${selector}}
  ports:
    - port: 9400
`;
  const dead = (files: Record<string, string>) =>
    check(files)
      .all.filter((d) => d.code === 'selector-matches-nothing')
      .map((d) => d.message);

  it('is quiet for a Service of pods made elsewhere, beside unrelated workloads of its namespace', () => {
    assert.deepEqual(
      dead({
        'exporter-service.yaml': service('gpu-exporter', 'app.kubernetes.io/name: gpu-dcgm-exporter'),
        'adapter.yaml':
          deployment('prometheus-adapter', 'app: prometheus-adapter') +
          '---\n' +
          service('prometheus-adapter', 'app: prometheus-adapter'),
      }),
      [],
    );
  });

  it('is quiet in a namespace where the manifests run no workload', () => {
    assert.deepEqual(
      dead({
        'managed.yaml': service(
          'gke-managed-dcgm-exporter',
          'app.kubernetes.io/name: gke-managed-dcgm-exporter',
          'gke-managed-system',
        ),
      }),
      [],
    );
  });

  it('warns beside the only workload of its file, naming it', () => {
    assert.deepEqual(dead({ 'app.yaml': deployment('api', 'app: api') + '---\n' + service('frontend', 'app: web') }), [
      'Selector app=web matches no pods: deployment/api, the only workload written beside it, has pod labels app=api.',
    ]);
  });

  it('warns when a workload of its namespace has its name, wherever it is written', () => {
    assert.deepEqual(
      dead({ 'service.yaml': service('api', 'app: web'), 'deployment.yaml': deployment('api', 'app: api') }),
      ['Selector app=web matches no pods: deployment/api, named like the Service, has pod labels app=api.'],
    );
  });

  it('warns on a near miss or a match in another namespace, whatever the names', () => {
    assert.equal(
      dead({
        'service.yaml': service('metrics', 'app: prometheus-adaptor'),
        'adapter.yaml': deployment('prometheus-adapter', 'app: prometheus-adapter'),
      }).length,
      1,
    );
    assert.deepEqual(
      dead({
        'service.yaml': service('metrics', 'app: exporter'),
        'exporter.yaml': deployment('exporter', 'app: exporter', 'default'),
      }),
      [
        'Selector app=exporter matches no pods: deployment/exporter in namespace "default" has these labels, but a Service only selects pods in its own namespace ("monitoring").',
      ],
    );
  });

  it('stays quiet with two workloads beside it, neither named like it', () => {
    assert.deepEqual(
      dead({
        'all.yaml': [
          deployment('api', 'app: api'),
          deployment('worker', 'app: worker'),
          service('frontend', 'app: web'),
        ].join('---\n'),
      }),
      [],
    );
  });
});
