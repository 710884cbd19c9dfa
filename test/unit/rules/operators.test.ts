import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/engine/features/hover';
import { check } from './helpers';

// Pods created outside the manifests (model/operators.ts, model/service-references.ts) as
// selector-matches-nothing sees them.
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'operators');
const dead = (name: string) => {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const { all, ws, uri } = check(text);
  return { found: all.filter((d) => d.code === 'selector-matches-nothing'), ws, text, uri: uri('test.yaml') };
};

describe('Services whose pods an operator creates', () => {
  it("a selector the Prometheus Operator's pods of a Prometheus custom resource carry is not dead", () => {
    const { found, ws, text, uri } = dead('prometheus-creates-pods.yaml');
    // alertmanager-main matches nothing either, and no custom resource explains it; nothing in
    // the manifests says its pods belong here (model/explain.ts intendedWorkload), so no warning,
    // but its hover still says so.
    assert.deepEqual(found, []);
    const line = text.split('\n').indexOf('  name: alertmanager-main');
    assert.match(
      hover(ws, uri, { line, character: 10 })!.markdown,
      /The selector matches no pod: no workload in namespace "monitoring" has these labels; if its pods are created outside these manifests/,
    );
  });

  it("labels the operator sets at run time (redisfailovers-role) and a LeaderWorkerSet's leader template labels satisfy selectors", () => {
    assert.deepEqual(dead('redis-failover-and-leaderworkerset.yaml').found, []);
  });

  it('hover on such a Service names the custom resource and its operator', () => {
    const { ws, text, uri } = dead('prometheus-creates-pods.yaml');
    const line = text.split('\n').indexOf('  name: prometheus-k8s');
    const md = hover(ws, uri, { line, character: 10 })!.markdown;
    // Notes are Markdown-escaped plain text in the hover.
    assert.match(md, /No manifest creates the selected pods: Prometheus\/k8s \\\(Prometheus Operator\\\) does/);
    assert.doesNotMatch(md, /matches no pod/);
  });
});

describe('Services next to custom resources kroute does not know', () => {
  it('a selector matching nothing is information, naming the custom resources that might create its pods', () => {
    const { found } = dead('unknown-custom-resource.yaml');
    const phi = found.find((d) => d.resource === 'Service default/phi-3')!;
    assert.equal(phi.severity, 'information');
    assert.match(
      phi.message,
      /Custom resources in namespace "default" might create its pods: Workspace\/phi-3 \(kroute does not model them\)\./,
    );
  });

  it('hover names them too', () => {
    const { ws, text, uri } = dead('unknown-custom-resource.yaml');
    const line = text.split('\n').indexOf('  name: phi-3', 10);
    assert.match(
      hover(ws, uri, { line, character: 10 })!.markdown,
      /No manifest creates these pods; custom resources here might: Workspace\/phi\\-3/,
    );
  });

  it("a selector that is plainly a typo of a modelled workload's labels stays a warning", () => {
    const web = dead('unknown-custom-resource.yaml').found.find((d) => d.resource === 'Service default/web')!;
    assert.equal(web.severity, 'warning');
    assert.match(web.message, /deployment\/web/);
  });
});

describe('Services a custom resource routes to', () => {
  it('a TrafficSplit backend and an Istio VirtualService destination host: no diagnostic, the hover names the route', () => {
    const { found, ws, text, uri } = dead('routed-by-custom-resources.yaml');
    assert.deepEqual(found, []);
    const hoverOf = (name: string) =>
      hover(ws, uri, { line: text.split('\n').lastIndexOf(`  name: ${name}`), character: 10 })!.markdown;
    assert.match(hoverOf('podinfo-primary'), /Routed to by TrafficSplit\/podinfo \(`spec\.backends\.service`\)/);
    assert.match(hoverOf('reviews'), /Routed to by VirtualService\/reviews \(`spec\.http\.route\.destination\.host`\)/);
  });

  it('with a workload written for it (named like it), information naming the route', () => {
    const routes = readFileSync(join(FIXTURES, 'routed-by-custom-resources.yaml'), 'utf8');
    // In its own file: the only workload beside podinfo-primary would be written for it too.
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
  namespace: test
spec:
  selector:
    matchLabels: {app: reviews-v2}
  template:
    metadata:
      labels: {app: reviews-v2}
    spec:
      containers: [{name: reviews, image: example}]
`;
    const found = check({ 'routes.yaml': routes, 'reviews.yaml': deployment }).all.filter(
      (d) => d.code === 'selector-matches-nothing',
    );
    assert.deepEqual(
      found.map((d) => [d.resource, d.severity]),
      [['Service test/reviews', 'information']],
    );
    assert.match(
      found[0].message,
      /VirtualService\/reviews \(spec\.http\.route\.destination\.host\) routes to this Service/,
    );
  });
});
