import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';

// Runs the bundled `kroute` exactly as a user would. `npm test` builds before this stage; run on
// its own, the bundle is built once if it is missing.
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const MODEL_FIXTURES = join(ROOT, 'test', 'fixtures', 'model');

function kroute(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The text block of one Service in `kroute explain` output. */
function block(out: string, name: string): string {
  const blocks = out.split(/\n(?=Name: )/);
  const found = blocks.find((b) => new RegExp(`^Name:\\s+${name}\\n`).test(b));
  assert.ok(found, `no block for ${name} in:\n${out}`);
  return found;
}

before(() => {
  if (!existsSync(CLI)) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
});

describe('kroute explain on examples/ (text, like kubectl describe service)', () => {
  const run = kroute(['explain', 'examples']);

  it('succeeds and lists every Service of the examples in namespace/name order, skipping the chart template', () => {
    assert.equal(run.code, 0, run.stderr);
    const names = [...run.stdout.matchAll(/^Name:\s+(\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(names, [
      'admin',
      'backend',
      'cart',
      'console',
      'frontend',
      'frontend-web',
      'payments',
      'postgres',
      'storefront',
    ]);
  });

  it('a multi-port ClusterIP Service: each port → targetPort with its endpoints on the resolved container ports', () => {
    const b = block(run.stdout, 'backend');
    assert.match(b, /^Type:\s+ClusterIP$/m);
    assert.match(b, /^IP:\s+10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/m);
    assert.match(b, /^Port:\s+http {2}80\/TCP\nTargetPort:\s+http\/TCP\nEndpoints:\s+(10\.244\.\d+\.\d+:9090,?){3}$/m);
    assert.match(
      b,
      /^Port:\s+metrics {2}9100\/TCP\nTargetPort:\s+metrics\/TCP\nEndpoints:\s+(10\.244\.\d+\.\d+:9100,?){3}$/m,
    );
    assert.match(
      b,
      /^ {2}_http\._tcp\.backend\.shop\.svc\.cluster\.local\.\s+SRV\s+0 100 80 backend\.shop\.svc\.cluster\.local\.$/m,
    );
    assert.equal(
      (b.match(/^ {2}backend-[4-9bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5}\s+true\s+Running/gm) ?? []).length,
      3,
    );
  });

  it('NodePort and LoadBalancer: the written nodePort, an allocated one, the LB ingress, eTP Local with a health check port', () => {
    assert.match(block(run.stdout, 'frontend'), /^NodePort:\s+http {2}30080\/TCP$/m);
    const lb = block(run.stdout, 'storefront');
    assert.match(lb, /^LoadBalancer Ingress:\s+198\.51\.100\.\d+ \(VIP\)$/m);
    assert.match(lb, /^NodePort:\s+https {2}3\d{4}\/TCP$/m);
    assert.match(lb, /^External Traffic Policy:\s+Local$/m);
    assert.match(lb, /^HealthCheck NodePort:\s+3\d{4}$/m);
    assert.match(lb, /^Session Affinity:\s+ClientIP \(timeoutSeconds: 10800\)$/m);
  });

  it('headless StatefulSet Service: IP None, per-pod DNS names', () => {
    const b = block(run.stdout, 'postgres');
    assert.match(b, /^IP:\s+None$/m);
    for (const i of [0, 1, 2])
      assert.match(
        b,
        new RegExp(`^  postgres-${i}\\.postgres\\.shop\\.svc\\.cluster\\.local\\.\\s+A\\s+10\\.244\\.`, 'm'),
      );
  });

  it('ExternalName: the CNAME, no EndpointSlices section', () => {
    const b = block(run.stdout, 'payments');
    assert.match(b, /^External Name:\s+api\.payments\.example\.com$/m);
    assert.match(b, /CNAME\s+api\.payments\.example\.com\.$/m);
    assert.doesNotMatch(b, /EndpointSlices/);
  });

  it('the two silent mistakes are explained: a selector typo and a targetPort no container names', () => {
    const cart = block(run.stdout, 'cart');
    assert.match(cart, /^Endpoints:\s+<none>$/m);
    assert.match(cart, /The selector matches no pod: .*deployment\/cart.* app=cart-service vs app=cart\./);
    const web = block(run.stdout, 'frontend-web');
    assert.match(web, /targetPort "web" names no TCP container port of any selected pod/);
    assert.match(web, /80\/TCP→<unresolved>/);
  });

  it('says on stderr which files were skipped as Helm templates, and why', () => {
    assert.equal(
      run.stderr,
      'kroute explain: note: examples/charts/cache/templates/deployment.yaml: a Helm chart template, skipped (render it first: helm template … | kroute explain -)\n',
    );
  });

  it('is deterministic: the same inputs print the same bytes', () => {
    assert.equal(kroute(['explain', 'examples']).stdout, run.stdout);
  });
});

describe('kroute explain --format json / yaml', () => {
  it('json: one report per Service, with ports, slices as API objects, DNS and pods', () => {
    const r = kroute(['explain', 'examples', '--service', 'shop/frontend', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const [report, ...rest] = JSON.parse(r.stdout);
    assert.equal(rest.length, 0);
    assert.equal(report.key, 'shop/frontend');
    assert.equal(report.type, 'NodePort');
    assert.deepEqual(
      report.ports.map((p: any) => [p.name, p.port, p.targetPort, p.nodePort, p.readyEndpoints.length]),
      [['http', 80, 'http', 30080, 3]],
    );
    assert.ok(report.ports[0].readyEndpoints.every((e: string) => e.endsWith(':8080')));
    assert.equal(report.endpointSlices[0].apiVersion, 'discovery.k8s.io/v1');
    assert.equal(report.endpointSlices[0].metadata.labels['kubernetes.io/service-name'], 'frontend');
    assert.deepEqual(report.dns.records[0], {
      type: 'A',
      name: 'frontend.shop.svc.cluster.local',
      address: report.clusterIP,
    });
    assert.equal(report.pods.length, 3);
    assert.ok(report.pods.every((p: any) => p.endpoint && p.targetPorts.http === 8080));
    assert.equal(report.environment.FRONTEND_SERVICE_HOST, report.clusterIP);
  });

  it('yaml: one document per Service; EndpointSlices as kubectl get endpointslices -o yaml prints them (sorted keys, unindented lists)', () => {
    const r = kroute(['explain', join(MODEL_FIXTURES, 'hostname-subdomain.yaml'), '--format', 'yaml']);
    assert.equal(r.code, 0, r.stderr);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    assert.deepEqual(
      docs.map((d) => d.key),
      ['default/cache', 'default/db', 'default/db-read'],
    );
    const slice = docs[1].endpointSlices[0];
    assert.deepEqual(Object.keys(slice), ['addressType', 'apiVersion', 'endpoints', 'kind', 'metadata', 'ports']);
    assert.deepEqual(
      slice.endpoints.map((e: any) => e.hostname),
      ['db-0', 'db-1'],
    );
    assert.equal(slice.metadata.labels['service.kubernetes.io/headless'], '');
    assert.deepEqual(slice.metadata.ownerReferences[0], {
      apiVersion: 'v1',
      blockOwnerDeletion: true,
      controller: true,
      kind: 'Service',
      name: 'db',
    });
    assert.match(
      r.stdout,
      /^endpointSlices:\n- addressType: IPv4\n {2}apiVersion: discovery\.k8s\.io\/v1\n {2}endpoints:\n {2}- addresses:\n {4}- 10\.244\./m,
    );
  });

  it('named ports across containers and protocols show per pod in json', () => {
    const r = kroute([
      'explain',
      join(MODEL_FIXTURES, 'named-port-two-containers.yaml'),
      '--format',
      'json',
      '--service',
      'multi',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [report] = JSON.parse(r.stdout);
    assert.deepEqual(report.pods[0].targetPorts, {
      http: 8080,
      metrics: 9100,
      'dns-tcp': 53,
      'dns-udp': 5353,
      mesh: 15001,
      admin: null,
      numeric: 7777,
    });
    assert.deepEqual(report.ports.find((p: any) => p.name === 'admin').readyEndpoints, []);
    assert.ok(report.notes.some((n: string) => n.includes('targetPort "admin"')));
  });
});

describe('kroute explain inputs and flags', () => {
  const manifest =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: piped\n  namespace: ci\nspec:\n  type: NodePort\n  selector: { app: piped }\n  ports: [{ port: 80 }]\n';

  it('prints labels and annotations one per line, like kubectl describe', () => {
    const annotated = manifest.replace(
      '  namespace: ci\n',
      '  namespace: ci\n  labels: { team: ci, app: piped }\n  annotations: { owner: platform }\n',
    );
    const r = kroute(['explain', '-'], annotated);
    assert.match(r.stdout, /^Labels:\s+app=piped\n\s+team=ci\nAnnotations:\s+owner: platform\n/m);
  });

  it('names the HPA that sets the replicas behind the Pods table (raised to minReplicas: horizontal.go normalizeDesiredReplicas)', () => {
    const scaled = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}',
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web-hpa}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 3\n  maxReplicas: 10',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]',
    ].join('\n---\n');
    const r = kroute(['explain', '-'], scaled);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.stdout.match(/^ {2}web-\S+ +true +Running/gm) ?? []).length, 3);
    assert.match(
      r.stdout,
      /^Autoscaled: deployment\/web by HorizontalPodAutoscaler web-hpa: 3 replicas \(minReplicas 3, maxReplicas 10; the manifest writes 1; steady state without metrics\)$/m,
    );
    const [json] = JSON.parse(kroute(['explain', '-', '--format', 'json'], scaled).stdout);
    assert.deepEqual(json.autoscaled, [
      {
        workload: 'deployment/web',
        autoscaler: 'web-hpa',
        minReplicas: 3,
        maxReplicas: 10,
        writtenReplicas: 1,
        replicas: 3,
      },
    ]);
  });

  it('reads a stream from stdin with -', () => {
    const r = kroute(['explain', '-', '--format', 'json'], manifest);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout).map((s: any) => s.key),
      ['ci/piped'],
    );
  });

  it('takes the cluster flags: service CIDR, cluster domain, node-port range', () => {
    const r = kroute(
      [
        'explain',
        '-',
        '--format',
        'json',
        '--service-cidr',
        '10.100.0.0/16',
        '--cluster-domain',
        'corp.internal',
        '--node-port-range',
        '31000-31099',
      ],
      manifest,
    );
    assert.equal(r.code, 0, r.stderr);
    const [s] = JSON.parse(r.stdout);
    assert.match(s.clusterIP, /^10\.100\./);
    assert.equal(s.dns.name, 'piped.ci.svc.corp.internal');
    assert.ok(s.ports[0].nodePort >= 31000 && s.ports[0].nodePort <= 31099);
  });

  it('--service NAME means the default namespace (as kubectl does); a miss exits 1 with one line naming where NAME is', () => {
    const r = kroute(['explain', '-', '--service', 'piped'], manifest);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'kroute explain: no Service default/piped in the manifests; there is one in namespace ci (--service ci/piped)\n',
    );
    assert.equal(kroute(['explain', '-', '--service', 'ci/piped'], manifest).code, 0);
    const twice = `${manifest}---\n${manifest.replace('namespace: ci', 'namespace: batch')}`;
    assert.equal(
      kroute(['explain', '-', '--service', 'prod/piped'], twice).stderr,
      'kroute explain: no Service prod/piped in the manifests; there are Services named piped in namespaces batch, ci (--service NAMESPACE/piped)\n',
    );
    assert.equal(
      kroute(['explain', '-', '--service', 'nowhere'], manifest).stderr,
      'kroute explain: no Service default/nowhere in the manifests\n',
    );
  });

  it('usage errors exit 2 with a one-line message', () => {
    for (const [args, message] of [
      [['explain', 'examples', '--format', 'xml'], /--format must be one of text, json, yaml/],
      [['explain', 'examples', '--bogus'], /unknown option --bogus/],
      [['explain', 'no/such/dir'], /no\/such\/dir: no such file or directory/],
      [['explain', 'examples', '--service', 'a/b/c'], /--service must be NAMESPACE\/NAME or NAME/],
      [['explain', 'examples', '--service-cidr', 'nonsense'], /serviceCIDR/],
    ] as const) {
      const r = kroute([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
  });

  it('--help prints the usage', () => {
    const r = kroute(['explain', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: kroute explain/);
  });
});
