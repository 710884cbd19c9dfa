import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

// `kroute trace --to URL` run from the bundle as a user would: a request through an Ingress or a
// Gateway to the Service and pod (engine/l7), its outcome fields, and bad input as usage errors.
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const GATEWAY = 'test/fixtures/l7/gateway-shop.yaml';
const INGRESS = 'test/fixtures/l7/ingress-shop.yaml';

function kroute(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  if (!existsSync(CLI) || !readFileSync(CLI, 'utf8').includes('grpc://HOST')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
});

describe('kroute trace --to URL', () => {
  it("json: the entry's decision and the pod, in trace.outcome", () => {
    const r = kroute([
      'trace',
      GATEWAY,
      '--to',
      'http://api.example.com/v2/items?id=1',
      '--via',
      'gateway:infra/edge',
      '--header',
      'X-Req: 1',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { trace } = JSON.parse(r.stdout);
    assert.equal(trace.outcome.kind, 'delivered');
    assert.equal(trace.outcome.service, 'team-a/api-v2');
    assert.equal(trace.outcome.servicePort, 80);
    assert.deepEqual(trace.outcome.route, { kind: 'HTTPRoute', name: 'team-a/api', rule: 0 });
    assert.equal(trace.outcome.requestPath, '/v2/items?id=1');
    assert.equal(trace.outcome.requestHost, 'api.example.com');
    assert.deepEqual(trace.outcome.requestHeaders, { 'X-Req': '1' });
    assert.match(trace.outcome.endpoint.pod, /^team-a\/api-/);
    // The steps point back at the manifests: the matched rule's line.
    const rule = trace.steps.find((s: { title: string }) => s.title.startsWith('HTTPRoute team-a/api rule 0'));
    assert.equal(rule.location.range.start.line, 110);
  });

  it('a redirect: the entry answers itself with httpStatus and redirectLocation', () => {
    const r = kroute([
      'trace',
      GATEWAY,
      '--to',
      'http://api.example.com/old',
      '--format',
      'json',
      '--via',
      'gateway:infra/edge',
    ]);
    const { outcome } = JSON.parse(r.stdout).trace;
    assert.equal(outcome.kind, 'answered');
    assert.equal(outcome.httpStatus, 301);
    assert.equal(outcome.redirectLocation, 'https://api.example.com/old');
  });

  it('text: the steps, then route, Service and what the backend receives', () => {
    const r = kroute(['trace', INGRESS, '--to', 'http://shop.example.com/aaa/bbb/c']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Ingress shop\/table rule 0 path \/aaa\/bbb \(Prefix\)/);
    assert.match(r.stdout, /^ {2}route: Ingress shop\/table rule 0$/m);
    assert.match(r.stdout, /^ {2}service: shop\/aaa-bbb port 80$/m);
    assert.match(r.stdout, /^ {2}the backend receives: GET \/aaa\/bbb\/c \(Host: shop\.example\.com\)$/m);
  });

  it('--data-plane-upstream: endpoints (default) or clusterIP, named in the text and the JSON', () => {
    const args = [
      'trace',
      'test/fixtures/l7/data-plane-policies.yaml',
      '--to',
      'http://shop.example.com/',
      '--via',
      'ingress:shop/web',
    ];
    const direct = kroute(args);
    assert.match(
      direct.stdout,
      /^ {2}data plane: ingress-nginx data plane, pod ingress-nginx\/ingress-nginx-controller \(10\.244\.0\.\d+\) on node-1, connects to the Service's ready endpoints itself .*\(dataPlaneUpstream: endpoints\)$/m,
    );
    assert.doesNotMatch(direct.stdout, /KUBE-SERVICES/);
    const viaService = kroute([...args, '--data-plane-upstream', 'clusterIP', '--format', 'json']);
    const { trace } = JSON.parse(viaService.stdout);
    assert.equal(trace.dataPlane.upstream, 'clusterIP');
    assert.ok(trace.steps.some((s: { chain?: string }) => s.chain === 'KUBE-SERVICES'));
    const bad = kroute([...args, '--data-plane-upstream', 'pods']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /dataPlaneUpstream: "pods" must be endpoints or clusterIP/);
  });

  it('a grpc:// URL: a gRPC call through the GRPCRoutes, with the gRPC status where the entry answers', () => {
    const fixture = 'test/fixtures/l7/grpc-routes.yaml';
    const r = kroute([
      'trace',
      fixture,
      '--to',
      'grpc://grpc.example.com/shop.Store/GetItem',
      '--via',
      'gateway:infra/edge',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).trace.outcome.route, { kind: 'GRPCRoute', name: 'team-a/store', rule: 1 });
    const none = kroute([
      'trace',
      fixture,
      '--to',
      'grpc://unknown.example.com/shop.Store/GetItem',
      '--via',
      'gateway:infra/edge',
    ]);
    assert.match(none.stdout, /^ {2}HTTP status: 404 \(gRPC status UNIMPLEMENTED\)$/m);
    const bad = kroute(['trace', fixture, '--to', 'grpc://grpc.example.com/shop.Store']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /a gRPC call is grpc:\/\/HOST\[:PORT\]\/package\.Service\/Method/);
  });

  it('--requests N: the per-Service spread of the weights', () => {
    const r = kroute([
      'trace',
      GATEWAY,
      '--to',
      'http://api.example.com/',
      '--via',
      'gateway:infra/edge',
      '--requests',
      '2000',
      '--seed',
      '5',
      '--format',
      'json',
    ]);
    const { simulation } = JSON.parse(r.stdout);
    assert.deepEqual(
      simulation.services.map((s: { service: string; expectedShare: number }) => [s.service, s.expectedShare]),
      [
        ['team-a/api', 0.75],
        ['team-a/api-v2', 0.25],
      ],
    );
    assert.equal(
      simulation.services.reduce((n: number, s: { count: number }) => n + s.count, 0),
      2000,
    );
  });

  it('bad input is a usage error with a clear message (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['--to', 'http://'], /URL "http:\/\/": expected a host/],
      [['--to', 'http://a.test/ x'], /must look like http:\/\/HOST/],
      [['--to', 'http://a.test/', '--header', 'no colon'], /must be 'Name: value'/],
      [
        ['--to', 'http://a.test/', '--via', 'gateway:infra/nope'],
        /no Gateway infra\/nope in the manifests \(there are: infra\/edge\)/,
      ],
      [['--to', 'http://a.test/', '--via', 'route:x'], /must be ingress:NS\/NAME or gateway:NS\/NAME/],
      [['--to', 'http://a.test/', '--from', 'node:node-1'], /--from does not apply to a URL/],
      [['--to', 'api.team-a:80', '--via', 'gateway:infra/edge'], /--via applies to a URL destination only/],
    ];
    for (const [args, message] of cases) {
      const r = kroute(['trace', GATEWAY, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
