import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';

// `kroute check` over the peer linters' own fixtures (../shared/conformance, cloned beside the
// repo in CI), asserting the verdicts their tests expect, except where Kubernetes disagrees with
// the peer or the peer checks a policy rather than what the cluster does: DIVERGENCES lists each
// one with its reason, and pins what kroute does instead.
const ROOT = resolve(__dirname, '..', '..');
const CONFORMANCE = resolve(ROOT, '..', 'shared', 'conformance');
const CLI = join(ROOT, 'dist', 'cli.js');
const present = existsSync(CONFORMANCE);

interface Row {
  file: string;
  code: string;
  message: string;
  resource?: string;
  severity: string;
}

function check(file: string): Row[] {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', file], {
    cwd: CONFORMANCE,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.ok(r.status === 0 || r.status === 1, `kroute check ${file}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout) as Row[];
}

const codes = (rows: Row[], ...wanted: string[]) => rows.filter((r) => wanted.includes(r.code));
const services = (rows: Row[]) => rows.map((r) => r.resource!.replace(/^Service [^/]+\//, '')).sort();

/** Where kroute intentionally disagrees with a peer, and why. */
const DIVERGENCES: Record<string, string> = {
  'kube-linter exposed-services':
    "A policy check (NodePort forbidden by the linter's config). The API server accepts NodePort Services and traffic flows; kroute reports only what Kubernetes rejects or what will not route as written.",
  'kube-linter mismatching-selector DeploymentConfig':
    'apps.openshift.io/v1 DeploymentConfig is an OpenShift type, not a Kubernetes workload; kroute does not model it (it creates no pods in the simulation).',
  'kube-linter invalid-target-ports containerPort':
    'kube-linter does not check containerPort numbers; the API server does (validateContainerPorts: containerPort 123456 is out of range), so kroute also reports container-port-invalid on containerPort: 123456.',
  'kube-linter dangling-service ignoredLabels':
    'kube-linter can be told to ignore selector keys (ignoredLabels: [env]); the EndpointSlice controller matches every selector key, so a Service selecting env: staging that no pod carries is dead in a real cluster and kroute reports it.',
  'kube-score Service Type':
    'A policy check (NodePort graded Warning). Kubernetes accepts it; kroute has no finding for the type itself.',
  'kube-score Pod Probes':
    'Whether a targeted pod declares a readinessProbe is a best-practice check; kroute models readiness from what the manifests say (status, replicas) and does not grade probes.',
  'kube-score testdata/statefulset-service-name-not-headless.yaml':
    'kube-score grades a governing Service that is not headless Critical (a policy). Kubernetes serves the Service name through its ClusterIP; only the per-pod names (statefulset-test-1-0.svc-test-1) are missing, which matters only if something uses them, and nothing in this pod template does. kroute reports statefulset-service-missing for that Service only when the pod template uses a per-pod name.',
  'kube-score empty selector':
    'kube-score turns an empty Service selector into labels.Everything() (matches every pod); Kubernetes treats `selector: {}` like no selector (kubernetes#25836): the controllers manage no endpoints. kroute reports no-endpoints.',
};

before(() => {
  if (!present) return;
  if (!existsSync(CLI) || !readFileSync(CLI, 'utf8').includes('--max-warnings')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
});

describe('conformance: kube-linter fixtures', { skip: !present && `no ${CONFORMANCE}` }, () => {
  const expected = present
    ? JSON.parse(readFileSync(join(CONFORMANCE, 'kube-linter', 'expected.json'), 'utf8'))
    : { e2e: [], 'unit-dangling-service': [] };
  const e2e = (file: string) => expected.e2e.find((c: { file: string }) => c.file === file);

  it('dangling-service (e2e): the same two Services are dead, dont-fire is not', () => {
    const c = e2e('e2e/dangling-service.yml');
    const dead = codes(check('kube-linter/e2e/dangling-service.yml'), 'selector-matches-nothing');
    assert.equal(dead.length, c.reportCount);
    assert.deepEqual(services(dead), ['app1', 'app2']);
    for (const d of dead) assert.match(d.message, /^Selector app\.kubernetes\.io\/name=app matches no pods/);
  });

  it('invalid-target-ports (e2e): the same targetPorts and container port names are invalid, with the same messages', () => {
    const c = e2e('e2e/invalid-target-ports.yaml');
    const rows = check('kube-linter/e2e/invalid-target-ports.yaml');
    const ours = [
      ...codes(rows, 'target-port-invalid').map((r) =>
        /Invalid value: "?([^":]+)"?: (.*)$/.exec(r.message)!.slice(1).join(': '),
      ),
      ...codes(rows, 'container-port-invalid')
        .filter((r) => r.message.includes('.name: '))
        .map((r) => /Invalid value: "([^"]+)": (.*)$/.exec(r.message)!.slice(1).join(': ')),
    ].sort();
    const theirs = (c.reports as string[]).map((m) => /"([^"]+)".* (must .*)$/.exec(m)!.slice(1).join(': ')).sort();
    assert.deepEqual(ours, theirs);
    // Divergence: containerPort 123456 (see DIVERGENCES).
    assert.deepEqual(
      codes(rows, 'container-port-invalid')
        .filter((r) => r.message.includes('containerPort: '))
        .map((r) => r.message),
      [
        'spec.template.spec.containers[0].ports[2].containerPort: Invalid value: 123456: must be between 1 and 65535, inclusive',
      ],
    );
    assert.ok(DIVERGENCES['kube-linter invalid-target-ports containerPort']);
  });

  it('mismatching-selector (e2e): the Deployment whose template labels miss its selector', () => {
    const rows = codes(check('kube-linter/e2e/mismatching-selector.yml'), 'workload-selector-mismatch');
    const c = e2e('e2e/mismatching-selector.yml');
    const deployments = (c.reports as string[]).filter((m) => m.startsWith('Deployment:'));
    assert.equal(rows.length, deployments.length);
    assert.match(rows[0].resource!, /^Deployment /);
    assert.match(rows[0].message, /selector does not match template labels/);
    assert.ok(
      DIVERGENCES['kube-linter mismatching-selector DeploymentConfig'],
      'the DeploymentConfig report is a listed divergence',
    );
  });

  it('exposed-services (e2e): divergence, kroute reports nothing about the NodePort type', () => {
    assert.ok(DIVERGENCES['kube-linter exposed-services']);
    const rows = check('kube-linter/e2e/exposed-services.yml');
    assert.ok(!rows.some((r) => r.message.includes('NodePort') && r.severity === 'error'));
  });

  for (const c of expected['unit-dangling-service'] as {
    file: string;
    params: { ignoredLabels?: string[] };
    diagnostics: Record<string, string[]>;
  }[]) {
    it(`dangling-service (unit) ${c.file}`, () => {
      const rows = codes(check(join('kube-linter', c.file)), 'selector-matches-nothing', 'no-endpoints');
      for (const [service, messages] of Object.entries(c.diagnostics)) {
        const ours = rows.filter((r) => r.resource === `Service default/${service}`);
        if (c.params.ignoredLabels && service === 'service-matches-pod2') {
          assert.ok(DIVERGENCES['kube-linter dangling-service ignoredLabels']);
          assert.equal(ours.length, 1, 'kroute matches every selector key');
          continue;
        }
        assert.equal(ours.length, messages.length, `${service}: ${ours.map((r) => r.message).join('; ')}`);
        // "service has no selector specified" is kroute's no-endpoints (an empty selector is no selector).
        for (const [i, m] of messages.entries())
          assert.equal(ours[i].code, m.includes('no selector') ? 'no-endpoints' : 'selector-matches-nothing');
      }
    });
  }
});

describe('conformance: kube-score fixtures', { skip: !present && `no ${CONFORMANCE}` }, () => {
  const expected = present
    ? JSON.parse(readFileSync(join(CONFORMANCE, 'kube-score', 'expected.json'), 'utf8'))
    : { cases: [] };
  /** kube-score check → the kroute rules that answer the same question. */
  const RULES: Partial<Record<string, string[]>> = {
    'Service Targets Pod': ['selector-matches-nothing', 'no-endpoints'],
    'StatefulSet has ServiceName': ['statefulset-service-missing'],
    'StatefulSet Pod Selector labels match template metadata labels': ['workload-selector-mismatch'],
  };

  for (const c of expected.cases as { file: string; check: string; grade: string }[]) {
    const rules = RULES[c.check];
    it(`${c.check}: ${c.file} is ${c.grade}`, () => {
      const rows = check(join('kube-score', c.file));
      if (!rules) {
        assert.ok(DIVERGENCES[`kube-score ${c.check}`], `no rule and no listed divergence for ${c.check}`);
        return;
      }
      const found = codes(rows, ...rules);
      if (DIVERGENCES[`kube-score ${c.file}`]) {
        assert.deepEqual(
          found.map((r) => r.message),
          [],
          DIVERGENCES[`kube-score ${c.file}`],
        );
        return;
      }
      if (c.grade === 'AllOK')
        assert.deepEqual(
          found.map((r) => r.message),
          [],
        );
      else
        assert.ok(found.length > 0, `expected a ${rules.join('/')} finding; got ${rows.map((r) => r.code).join(', ')}`);
    });
  }

  it('an empty Service selector: divergence, kroute reports no-endpoints instead of matching every pod', () => {
    assert.ok(DIVERGENCES['kube-score empty selector']);
    const input =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: my-app}\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {}\n  ports: [{port: 80}]\n';
    const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '-'], { input, encoding: 'utf8' });
    assert.deepEqual(
      (JSON.parse(r.stdout) as Row[]).map((x) => x.code),
      ['no-endpoints'],
    );
  });
});
