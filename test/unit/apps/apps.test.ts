import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ConfiguredApp } from '../../../server/src/engine/apps/types';
import { pathMatcher } from '../../../server/src/engine/apps/layout';
import { hover } from '../../../server/src/engine/features/hover';
import { Workspace } from '../../../server/src/engine/workspace';

// Issue 15 §1–2: what is applied together. Each app is modelled as its own cluster; one object per
// identity (kubectl apply leaves the last definition); kustomize patches are never objects.

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'apps');

function load(dir: string, apps: ConfiguredApp[] = []): { ws: Workspace; uri: (rel: string) => string } {
  const root = join(FIXTURES, dir);
  const ws = new Workspace({ root: pathToFileURL(root).href, apps });
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else ws.setFile(pathToFileURL(p).href, readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return { ws, uri: (rel) => pathToFileURL(join(root, rel)).href };
}

const codes = (ws: Workspace) =>
  [...ws.diagnostics()].flatMap(([uri, list]) =>
    list.map((d) => `${uri.slice(uri.lastIndexOf('/', uri.lastIndexOf('/') - 1) + 1)}: ${d.code}`),
  );

describe('apps: what kubectl applies together', () => {
  it('an all-in-one file beside the same app split into files: two apps, never one cluster with two sets of pods', () => {
    const { ws, uri } = load('alternative-layouts');
    const names = ws.apps().map((a) => a.files.map((f) => f.slice(f.lastIndexOf('/') + 1)));
    assert.deepEqual(names, [['all-in-one.yaml'], ['web-deployment.yaml', 'web-service.yaml']]);
    const split = ws.clusterFor(uri('web-deployment.yaml'));
    assert.equal(
      split.workloadsByKey.get('default/Deployment/web')?.pods.length,
      2,
      "the split layout's Deployment, not both",
    );
    assert.equal(ws.clusterFor(uri('all-in-one.yaml')).workloadsByKey.get('default/Deployment/web')?.pods.length, 3);
    assert.deepEqual(codes(ws), []);
  });

  it('one app named in .kroute.yaml over both layouts: each object once, the definition applied last wins (kubectl apply -f -R reads in path order)', () => {
    const { ws, uri } = load('one-app-two-layouts', [{ name: 'shop', paths: ['.'] }]);
    assert.deepEqual(
      ws.apps().map((a) => [a.kind, a.name, a.files.length]),
      [['config', 'shop', 3]],
    );
    const cluster = ws.clusterFor(uri('complete-demo.yaml'));
    assert.equal(cluster.workloads.length, 1);
    assert.equal(
      cluster.workloadsByKey.get('default/Deployment/carts')?.pods.length,
      2,
      'manifests/carts-dep.yaml, applied after complete-demo.yaml',
    );
    // One Service, so no nodePort conflict with itself.
    assert.deepEqual(codes(ws), []);
    const all = ws.file(uri('complete-demo.yaml'))!.resources[1];
    const split = ws.file(uri('manifests/carts-svc.yaml'))!.resources[0];
    assert.deepEqual(ws.definitions(split), { winner: split, others: [all] });
    assert.match(
      hover(ws, uri('complete-demo.yaml'), { line: 25, character: 9 })!.markdown,
      /Overridden: `manifests\/carts-svc\.yaml` line 1 defines the same object/,
    );
    assert.match(
      hover(ws, uri('manifests/carts-svc.yaml'), { line: 3, character: 9 })!.markdown,
      /Also defined in `one-app-two-layouts\/complete-demo\.yaml` line 23/,
    );
  });

  it('without the configuration, the directory and its manifests/ folder are two apps', () => {
    const { ws } = load('one-app-two-layouts');
    assert.deepEqual(
      ws.apps().map((a) => a.name),
      ['.', 'manifests'],
    );
  });

  it("samples side by side in sibling folders are separate apps: a Service selects only its own sample's pods", () => {
    const { ws, uri } = load('side-by-side-samples');
    assert.equal(ws.apps().length, 2);
    for (const s of ['first', 'second']) {
      const pods = ws.clusterFor(uri(`${s}/app.yaml`)).servicesByKey.get(`default/demo-${s}`)!.selectedPods;
      assert.deepEqual(
        pods.map((p) => p.name.split('-').slice(0, 2).join('-')),
        [`demo-${s}`],
      );
    }
    assert.deepEqual(codes(ws), [], 'no selector-spans-workloads across samples');
  });

  it('a file two apps share: an inert finding stands only where it holds in both, a finding that holds in both stands once', () => {
    const { ws, uri } = load('shared-policy', [
      { name: 'self-hosted', paths: ['policies.yaml', 'self-hosted-cache.yaml'] },
      { name: 'managed', paths: ['policies.yaml', 'managed-cache.yaml'] },
    ]);
    // Alone, the managed app's cache policy selects nothing (NetworkPolicySpec.podSelector matches no pod)…
    const managedOnly = load('shared-policy', [{ name: 'managed', paths: ['policies.yaml', 'managed-cache.yaml'] }]);
    assert.deepEqual(
      managedOnly.ws
        .diagnostics()
        .get(managedOnly.uri('policies.yaml'))!
        .map((d) => [d.code, d.range.start.line]),
      [
        ['networkpolicy-selects-nothing', 8],
        ['networkpolicy-selects-nothing', 23],
      ],
    );
    // …but the self-hosted app renders the same policy over its cache pods: it was not written in vain.
    // The typo'd selector (app: wbe) matches nothing in either app and is reported once.
    assert.deepEqual(
      ws
        .diagnostics()
        .get(uri('policies.yaml'))!
        .map((d) => [d.code, d.range.start.line]),
      [['networkpolicy-selects-nothing', 23]],
    );
  });

  it('a Service whose app has no matching workload borrows them from the nearest enclosing directory', () => {
    const { ws, uri } = load('split-by-kind');
    const service = ws.clusterFor(uri('services/api.yaml')).servicesByKey.get('default/api')!;
    assert.equal(service.selectedPods.length, 2);
    assert.deepEqual(codes(ws), []);
    // The borrowed Deployment's own diagnostics stay with its own app: nothing is reported twice.
    assert.deepEqual(
      ws.appsOf(uri('deployments/api.yaml')).map((a) => a.name),
      ['split-by-kind/deployments'.slice('split-by-kind/'.length)],
    );
  });
});

describe('apps: kustomizations', () => {
  it('a root kustomization is an app; its patch file is never checked as an object (no "spec.selector: Required value")', () => {
    const { ws, uri } = load('kustomize-overlay');
    assert.deepEqual(
      ws.kustomizationRoots().map((r) => r.dir),
      [uri('overlays/prod').replace(/\/$/, '')],
    );
    assert.deepEqual(ws.appsOf(uri('overlays/prod/port-and-replicas.yaml')), []);
    assert.deepEqual(
      ws.apps().map((a) => [a.kind, a.name, a.files.map((f) => f.slice(f.indexOf('kustomize-overlay/') + 18))]),
      [['kustomization', 'overlays/prod', ['base/deployment.yaml', 'base/service.yaml']]],
    );
    assert.deepEqual(codes(ws), []);
  });

  it('a file named in a kustomize v1 `patches` list of strings is a patch, not an object (kustomize v1.0.9 types.Kustomization.Patches; renamed patchesStrategicMerge in v2)', () => {
    const { ws, uri } = load('legacy-patches-list');
    assert.deepEqual(ws.appsOf(uri('statefulset/service-name.yaml')), []);
    // Today's kustomize rejects the string form: the build failure is reported on the kustomization,
    // and the patch still is no Deployment without a selector.
    ws.setRender(uri('statefulset').replace(/\/$/, ''), {
      output: {
        ok: false,
        message:
          'invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch',
      },
    });
    assert.deepEqual(codes(ws), ['statefulset/kustomization.yaml: kustomize-build-failed']);
  });

  it("rendered, an overlay's objects are modelled as kustomize built them, and findings point into the base file", () => {
    const { ws, uri } = load('kustomize-overlay');
    const dir = uri('overlays/prod').replace(/\/$/, '');
    // What `kubectl kustomize` prints for the wrapper (buildMetadata: [originAnnotations]) in a directory next to the fixtures.
    const originBase = uri('wrapper');
    const origin = (file: string) => `  annotations:\n    config.kubernetes.io/origin: |\n      path: ../${file}\n`;
    const yaml =
      `apiVersion: v1\nkind: Service\nmetadata:\n${origin('base/service.yaml')}  name: shop\n  namespace: prod\nspec:\n  ports:\n  - port: 80\n    targetPort: http\n  selector:\n    app: shop\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n${origin('base/deployment.yaml')}  name: shop\n  namespace: prod\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: shop\n` +
      `  template:\n    metadata:\n      labels:\n        app: shop\n    spec:\n      containers:\n      - image: shop\n        name: shop\n        ports:\n        - containerPort: 8080\n          name: web\n`;
    ws.setRender(dir, { output: { ok: true, yaml, originBase } });
    const cluster = ws.clusterFor(uri('base/service.yaml'));
    assert.equal(
      cluster.workloadsByKey.get('prod/Deployment/shop')?.pods.length,
      3,
      "the patch's replicas, in the overlay's namespace",
    );
    const d = ws.diagnostics().get(uri('base/service.yaml'))!.at(0);
    assert.equal(d?.code, 'target-port-unresolved');
    assert.equal(d.range.start.line, 9, 'at targetPort in the base file');
    assert.match(d.message, /\(as rendered by the kustomization overlays\/prod\)$/);
    // Hover on the base Service answers for the rendered object.
    assert.match(hover(ws, uri('base/service.yaml'), { line: 3, character: 9 })!.markdown, /Service `prod\/shop`/);
  });

  it("a failed build is one error on the kustomization, with kustomize's message; unavailable, one information", () => {
    const { ws, uri } = load('kustomize-overlay');
    const dir = uri('overlays/prod').replace(/\/$/, '');
    ws.setRender(dir, {
      output: { ok: false, message: 'accumulating resources: missing.yaml: no such file or directory' },
    });
    assert.deepEqual(
      ws
        .diagnostics()
        .get(uri('overlays/prod/kustomization.yaml'))!
        .map((d) => [d.severity, d.code, d.message]),
      [
        [
          'error',
          'kustomize-build-failed',
          'kustomize build failed: accumulating resources: missing.yaml: no such file or directory',
        ],
      ],
    );
    ws.setRender(dir, { unavailable: 'the workspace is not trusted.' });
    assert.deepEqual(
      ws
        .diagnostics()
        .get(uri('overlays/prod/kustomization.yaml'))!
        .map((d) => [d.severity, d.code]),
      [['information', 'document-skipped']],
    );
  });
});

describe('apps: configured paths', () => {
  const matches = (paths: string[], rel: string) => pathMatcher('file:///repo', paths)(`file:///repo/${rel}`);
  it('a directory names every file below it; a file itself; globs with *, ** and ?', () => {
    assert.equal(matches(['deploy/manifests'], 'deploy/manifests/a.yaml'), true);
    assert.equal(matches(['deploy/manifests/'], 'deploy/manifests/sub/b.yaml'), true);
    assert.equal(matches(['deploy/manifests'], 'deploy/manifests-old/a.yaml'), false);
    assert.equal(matches(['./deploy/complete-demo.yaml'], 'deploy/complete-demo.yaml'), true);
    assert.equal(matches(['deploy/*.yaml'], 'deploy/a.yaml'), true);
    assert.equal(matches(['deploy/*.yaml'], 'deploy/sub/a.yaml'), false);
    assert.equal(matches(['deploy/**/*.yaml'], 'deploy/a.yaml'), true);
    assert.equal(matches(['deploy/**/*.yaml'], 'deploy/x/y/a.yaml'), true);
    assert.equal(matches(['app-?.yaml'], 'app-1.yaml'), true);
    assert.equal(matches(['.'], 'anything/at/all.yaml'), true);
    assert.equal(matches(['deploy/a+b.yaml'], 'deploy/a+b.yaml'), true, 'regex characters are literal');
  });
});
