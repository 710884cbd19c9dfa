import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeLenses } from '../../../server/src/engine/features/codeLens';
import { definition } from '../../../server/src/engine/features/navigation';
import { traceHttp } from '../../../server/src/engine/l7/trace';
import { ProxyError } from '../../../server/src/engine/proxy/generate';
import { Workspace } from '../../../server/src/engine/workspace';

// Malformed entry-point manifests (wrong types everywhere, missing fields, bad regular
// expressions): diagnostics and traces must still come back, never throw.
const HOSTILE = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a}
spec: [1, 2]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: b}
spec:
  defaultBackend: "svc"
  rules:
  - host: 7
    http: {paths: [{path: 3, backend: {service: {name: [x], port: {number: "80"}}}}, "x", null]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g}
spec:
  listeners: [{port: "80"}, {port: 80, protocol: HTTP, hostname: 5, allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: a, operator: Bogus}]}}, kinds: "x"}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: g}, 5, {name: g, port: "x", sectionName: 3}]
  hostnames: ["*.", 4]
  rules:
  - matches: [{path: {type: RegularExpression, value: "(["}, headers: [{name: h, type: RegularExpression, value: "(["}], queryParams: "q"}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch}}}, {type: URLRewrite}, 3]
    backendRefs: [{name: s, port: 99999, weight: -1}, {kind: Service}, "x"]
  - "rule"
`;

describe('hostile entry-point manifests', () => {
  const ws = new Workspace();
  ws.setFile('file:///hostile.yaml', HOSTILE);
  it('diagnostics are computed', () => {
    assert.ok(ws.diagnostics() instanceof Map);
  });
  it('code lenses and go to definition answer on every line', () => {
    assert.ok(Array.isArray(codeLenses(ws, 'file:///hostile.yaml')));
    HOSTILE.split('\n').forEach((line, n) => {
      for (let character = 0; character <= line.length; character += 3)
        assert.ok(Array.isArray(definition(ws, 'file:///hostile.yaml', { line: n, character })));
    });
  });
  for (const [url, via] of [
    ['http://x.test/', 'gateway:default/g'],
    ['http://x.test/([', 'gateway:default/g'],
    ['http://x.test/a?b=%zz', 'ingress:default/b'],
    ['http://x.test/', 'ingress:default/a'],
  ] as const) {
    it(`trace ${url} via ${via} answers`, () => {
      try {
        const t = traceHttp(ws.cluster(), { url, via, headers: ['h: v'] });
        assert.ok(t.outcome.kind);
      } catch (e) {
        assert.ok(e instanceof ProxyError, String(e));
      }
    });
  }
});
