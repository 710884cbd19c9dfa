import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeLenses } from '../../../server/src/engine/features/codeLens';
import type { RouteLens } from '../../../server/src/engine/features/route-lens';
import { traceHttp } from '../../../server/src/engine/l7/trace';
import { Workspace } from '../../../server/src/engine/workspace';

const L7 = join(__dirname, '..', '..', 'fixtures', 'l7');

function lensesOf(file: string): { ws: Workspace; lines: string[]; lenses: RouteLens[] } {
  const ws = new Workspace();
  const text = readFileSync(join(L7, file), 'utf8');
  ws.setFile(`file:///ws/${file}`, text);
  const lenses = codeLenses(ws, `file:///ws/${file}`).filter(
    (l): l is RouteLens => l.command === 'kroute.traceRequest',
  );
  return { ws, lines: text.split('\n'), lenses };
}

/** The lens on the first line containing `line`. */
const lensOn = (x: ReturnType<typeof lensesOf>, line: string) => {
  const found = x.lenses.filter((l) => x.lines[l.range.start.line].includes(line));
  assert.equal(found.length, 1, `one lens on ${line}: ${x.lenses.map((l) => x.lines[l.range.start.line]).join('\n')}`);
  return found[0];
};

/** What the lens's request reaches when traced (as `kroute trace --to URL --via ENTRY` does). */
const traced = (ws: Workspace, lens: RouteLens) => {
  const [args] = lens.arguments;
  return traceHttp(ws.clusterFor(args.uri), {
    url: args.url,
    via: args.via,
    ...(args.method ? { method: args.method } : {}),
    ...(args.headers ? { headers: args.headers } : {}),
  }).outcome;
};

describe('"Trace a request" code lens on entry points (features/route-lens.ts, l7/sample-request.ts)', () => {
  const ingress = lensesOf('ingress-shop.yaml');
  const gateway = lensesOf('gateway-shop.yaml');

  it('one lens per Ingress path, on the path, with the host and path that rule matches (https for a host its tls lists)', () => {
    assert.equal(ingress.lenses.length, 8);
    const lens = lensOn(ingress, '{path: /aaa/bbb,');
    assert.equal(lens.title, 'Trace a request: GET https://shop.example.com/aaa/bbb');
    assert.deepEqual(lens.arguments, [
      { uri: 'file:///ws/ingress-shop.yaml', url: 'https://shop.example.com/aaa/bbb', via: 'ingress:shop/table' },
    ]);
    assert.equal(traced(ingress.ws, lens).service, 'shop/aaa-bbb');
  });

  it('every Ingress lens reaches the Service of its own path (Ingress concept page, "Multiple matches")', () => {
    for (const [line, service] of [
      ['{path: /, pathType', 'shop/root'],
      ['{path: /aaa, pathType', 'shop/aaa'],
      ['{path: /foo, pathType: Exact', 'shop/foo-exact'],
      ['{path: /api,', 'shop/aaa'],
    ] as const) {
      assert.equal(traced(ingress.ws, lensOn(ingress, line)).service, service, line);
    }
  });

  it('a Prefix path shadowed at its own value by an Exact twin: the lens asks for the path with a trailing /', () => {
    const lens = lensOn(ingress, '{path: /foo, pathType: Prefix');
    assert.equal(lens.arguments[0].url, 'https://shop.example.com/foo/');
    assert.equal(traced(ingress.ws, lens).service, 'shop/foo-prefix');
  });

  it('a wildcard host: one label stands for the *; plain http where no tls entry lists the host', () => {
    assert.equal(lensOn(ingress, '{path: /missing,').arguments[0].url, 'http://www.example.org/missing');
    assert.equal(
      traced(ingress.ws, lensOn(ingress, '{path: /missing,')).httpStatus,
      503,
      'the trace shows what the controller answers',
    );
  });

  it('one lens per HTTPRoute rule, through the Gateway that accepts the route', () => {
    const lens = lensOn(gateway, 'value: /store');
    assert.deepEqual(lens.arguments, [
      { uri: 'file:///ws/gateway-shop.yaml', url: 'http://api.example.com/store', via: 'gateway:infra/edge' },
    ]);
    assert.equal(traced(gateway.ws, lens).service, 'shared/store');
    assert.equal(traced(gateway.ws, lensOn(gateway, 'value: /v2')).service, 'team-a/api-v2');
  });

  it('a route hostname taken by a more specific listener: another hostname of the route is used', () => {
    // api-b: *.example.com goes to the isolated example-com listener, which api-b is not attached to.
    const lens = lensOn(gateway, 'backendRefs: [{name: api, namespace: team-a');
    assert.equal(lens.arguments[0].url, 'http://other.test/');
    assert.deepEqual(traced(gateway.ws, lens).route, { kind: 'HTTPRoute', name: 'team-b/api-b', rule: 0 });
  });

  it('a path no request reaches (an earlier path of the same value): the lens says so', () => {
    const ws = new Workspace();
    ws.setFile(
      'file:///ws/twice.yaml',
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: twice, namespace: default}
spec:
  ingressClassName: nginx
  rules:
  - host: a.example.com
    http:
      paths:
      - {path: /x, pathType: Prefix, backend: {service: {name: first, port: {number: 80}}}}
      - {path: /x, pathType: Prefix, backend: {service: {name: second, port: {number: 80}}}}
`,
    );
    const titles = codeLenses(ws, 'file:///ws/twice.yaml').map((l) => l.title);
    assert.deepEqual(titles, [
      'Trace a request: GET http://a.example.com/x',
      'Trace a request: GET http://a.example.com/x (not served by this rule)',
    ]);
  });

  it('no lens on a rule of a route no Gateway of the manifests accepts', () => {
    for (const line of [
      'parentRefs: [{name: managed-gateway',
      'sectionName: tls-only',
      'hostnames: [api.example.net]',
    ]) {
      const n = gateway.lines.findIndex((l) => l.includes(line));
      const next = gateway.lines.findIndex((l, i) => i > n && l.startsWith('---'));
      assert.ok(!gateway.lenses.some((l) => l.range.start.line > n && (next < 0 || l.range.start.line < next)), line);
    }
  });
});
