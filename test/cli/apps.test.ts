import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

// Apps on the command line (issue 15): kustomizations rendered by the kubectl on PATH (on every
// machine of this kind, CI's included), --app, --no-kustomize, and .kroute.yaml apps.
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'apps');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function kroute(args: string[], cwd = FIXTURES): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the kustomize-overlay fixture whose overlay kustomization is `kustomization` (removed after the test). */
function overlayWith(kustomization: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kroute-kustomize-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(FIXTURES, 'kustomize-overlay'), dir, { recursive: true });
  writeFileSync(join(dir, 'overlays', 'prod', 'kustomization.yaml'), kustomization);
  return dir;
}

describe('kroute check with kustomize', { skip: hasKubectl ? false : 'kubectl is not on PATH' }, () => {
  it("renders the overlay: the patch renamed the port, so the base Service's targetPort does not resolve in prod", () => {
    const r = kroute(['check', 'kustomize-overlay']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout.split('\n')[0],
      'kustomize-overlay/base/service.yaml:10:19: warning target-port-unresolved targetPort "http" is not a TCP container port name on any of the 3 selected pods; left out of port 80: ' +
        r.stdout.split('left out of port 80: ')[1].split('\n')[0],
    );
    assert.match(r.stdout, /\(as rendered by the kustomization overlays\/prod\)\n/);
    assert.doesNotMatch(r.stdout, /port-and-replicas\.yaml/, 'the patch file is never an object');
  });

  it('--no-kustomize: nothing runs; one information on the root kustomization says why', () => {
    const r = kroute(['check', 'kustomize-overlay', '--no-kustomize']);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /^kustomize-overlay\/overlays\/prod\/kustomization\.yaml:1:1: information document-skipped Not rendered: rendering was turned off \(--no-kustomize\)\./,
    );
  });

  it('a kustomize command that does not exist: checked as written, saying so', () => {
    const r = kroute(['check', 'kustomize-overlay', '--kustomize-command', 'no-such-kustomize build']);
    assert.match(r.stdout, /information document-skipped Not rendered: no-such-kustomize was not found on PATH/);
  });

  it("a build kustomize rejects is one error on the kustomization, in kustomize's words", () => {
    const r = kroute(['check', '.'], overlayWith('resources:\n  - ../../base\n  - missing.yaml\n'));
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^overlays\/prod\/kustomization\.yaml:1:1: error kustomize-build-failed kustomize build failed: .*missing\.yaml/m,
    );
  });

  it('the error kustomize failed with, not the deprecation note it printed first (kubectl logs the error as klog err=<…> lines)', () => {
    // kustomize v5 warns that commonLabels is deprecated, then rejects the old apiVersion (Kustomization must be kustomize.config.k8s.io/v1beta1).
    const r = kroute(
      ['check', '.'],
      overlayWith('apiVersion: v1\nkind: Kustomization\ncommonLabels:\n  app: shop\nresources:\n  - ../../base\n'),
    );
    const line = r.stdout.split('\n').find((l) => l.includes('kustomize-build-failed'));
    assert.match(
      line ?? r.stdout,
      /kustomize build failed: .*apiVersion for Kustomization should be kustomize\.config\.k8s\.io\/v1beta1/,
    );
    assert.doesNotMatch(line!, /Warning|kroute-kustomize-[^/]*\/kustomization/);
  });
});

describe('kroute explain and --app', () => {
  it("explain names each Service's app when there are several", () => {
    const r = kroute(['explain', 'side-by-side-samples']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Name: +demo-first\nNamespace: +default\nApp: +first\n/);
    assert.match(r.stdout, /Name: +demo-second\nNamespace: +default\nApp: +second\n/);
  });

  it('--app picks one app; an unknown name is a usage error listing the apps', () => {
    assert.match(
      kroute(['explain', 'side-by-side-samples', '--app', 'second']).stdout,
      /^Name: +demo-second\n(?![^]*demo-first)/,
    );
    const r = kroute(['explain', 'side-by-side-samples', '--app', 'third']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'kroute explain: no app named "third" (apps: first, second)\n');
  });

  it('every command reads the apps of .kroute.yaml: the two layouts become one app, each object once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroute-apps-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(join(FIXTURES, 'one-app-two-layouts'), dir, { recursive: true });
    writeFileSync(join(dir, '.kroute.yaml'), 'apps:\n  - name: shop\n    paths: [.]\n');
    const r = kroute(['explain', '.', '--app', 'shop', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const reports = JSON.parse(r.stdout) as { name: string; source: { uri: string }; pods: unknown[] }[];
    assert.deepEqual(
      reports.map((x) => [x.name, x.source.uri.endsWith('/manifests/carts-svc.yaml'), x.pods.length]),
      [['carts', true, 2]],
    );
    const c = kroute(['check', '.', '--format', 'json'], dir);
    assert.equal(c.code, 0, c.stdout);
    assert.deepEqual(JSON.parse(c.stdout), []);
  });
});
