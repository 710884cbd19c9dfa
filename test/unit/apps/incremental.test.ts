import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../server/src/engine/proxy/walk';
import { Workspace } from '../../../server/src/engine/workspace';
import { randomKeystroke, type RandomEdit } from '../random-edits';

// Apps borrow workloads from the nearest enclosing directory (apps/borrow.ts), and the workspace keeps
// what each app found (its files' indexes, its searches in other apps) between edits. Whatever it
// keeps, every app's objects, cluster and diagnostics must be what a fresh workspace computes.

const service = (name: string, sample: string, ns = 'default') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${name}\n    sample: ${sample}\n  ports:\n  - port: 80\n    targetPort: http\n`;

const deployment = (name: string, sample: string, ns = 'default') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n        sample: ${sample}\n` +
  `    spec:\n      containers:\n      - name: main\n        image: demo\n        ports:\n        - name: http\n          containerPort: 8080\n`;

const ingress = (backends: string[]) =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: entry\n  namespace: default\nspec:\n  rules:\n  - http:\n      paths:\n` +
  backends
    .map(
      (b, i) =>
        `      - path: /${i}\n        pathType: Prefix\n        backend:\n          service:\n            name: ${b}\n            port:\n              number: 80\n`,
    )
    .join('');

/**
 * Samples side by side, each split by kind into folders (Services, Deployments, routes): its
 * Services and routes find their workloads and Services only by borrowing. Samples 0 and 3 (1 and
 * 4, …) carry the same labels, so an edit in one can change what another borrows; a Service
 * selecting `app: web` finds the Deployment of the workspace's top folder.
 */
function workspaceFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < 6; i++) {
    const dir = `file:///ws/s${i}`;
    const label = `s${i % 3}`;
    for (const j of [0, 1]) {
      files.set(`${dir}/services/api${j}.yaml`, service(`api${j}`, label));
      files.set(
        `${dir}/deployments/api${j}.yaml`,
        deployment(`api${j}`, label) + (j === 1 ? `---\n${deployment(`worker${i}`, label)}` : ''),
      );
    }
    files.set(`${dir}/routes/ingress.yaml`, ingress(['api0', 'api1', 'web']));
    if (i % 2 === 0) files.set(`${dir}/extra/web.yaml`, service('web', 's0'));
  }
  files.set('file:///ws/top/web.yaml', deployment('web', 's0'));
  files.set('file:///ws/top/web-service.yaml', service('web', 's0'));
  return files;
}

/** Keystroke-sized edits that change what matches what: labels, selectors, names, namespaces, backends. */
const EDITS: RandomEdit[] = [
  [/^( +sample: )s\d$/m, (m, r) => m.replace(/s\d$/, `s${Math.floor(r() * 4)}`)],
  [/^( +app: )[a-z]+\d?$/m, (m, r) => m.replace(/[a-z]+\d?$/, ['api0', 'api1', 'web', 'apix'][Math.floor(r() * 4)])],
  [/^( {2}name: )[a-z]+\d?$/m, (m) => m + 'x'],
  [/^( {2}name: )[a-z]+\dx$/m, (m) => m.slice(0, -1)],
  [
    /^( {12}name: )[a-z]+\d?$/m,
    (m, r) => m.replace(/[a-z]+\d?$/, ['api0', 'api1', 'web', 'nothing'][Math.floor(r() * 4)]),
  ],
  [/^( {2}namespace: )[a-z]+$/m, (m, r) => m.replace(/[a-z]+$/, ['default', 'other'][Math.floor(r() * 2)])],
  [/^( {2}replicas: )\d$/m, (m, r) => m.replace(/\d$/, String(Math.floor(r() * 4)))],
  [/^( {4}targetPort: )\w+$/m, (m, r) => m.replace(/\w+$/, ['http', '8080', 'grpc'][Math.floor(r() * 3)])],
];

/** Every app's objects, pods, Services' endpoints, and the workspace's diagnostics. */
function snapshot(ws: Workspace): string {
  const apps = ws.apps().map((app) => {
    const c = ws.clusterOf(app);
    return [
      app.id,
      app.files,
      c.resources.map((r) => `${r.uri}#${r.docIndex}:${r.kind}/${r.namespace}/${r.name}`),
      c.pods.map((p) => `${p.namespace}/${p.name}@${p.nodeName}=${p.ip}`),
      c.services.map((s) => [s.key, s.selectedPods.map((p) => p.name)]),
    ];
  });
  return JSON.stringify({ apps, diagnostics: [...ws.diagnostics()] });
}

describe('apps: incremental borrowing', () => {
  it('after each of many random edits, every app equals a fresh workspace of the same files', () => {
    const settings = { nodes: 3, podCIDR: '10.0.0.0/16' };
    let borrowed = 0;
    let compared = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const texts = workspaceFiles();
      const live = new Workspace({ settings, root: 'file:///ws' });
      for (const [uri, text] of texts) live.setFile(uri, text);
      live.diagnostics();
      const r = seededRandom(seed);
      const uris = [...texts.keys()];
      for (let step = 0; step < 40; step++) {
        const uri = uris[Math.floor(r() * uris.length)];
        const edited = randomKeystroke(texts.get(uri)!, EDITS, r);
        if (!edited) continue;
        const { next, pattern } = edited;
        texts.set(uri, next);
        live.setFile(uri, next);
        // Sometimes only the edited file's app is asked for before the diagnostics.
        if (r() < 0.3) live.clusterFor(uri);
        const fresh = new Workspace({ settings, root: 'file:///ws' });
        for (const [u, t] of texts) fresh.setFile(u, t);
        assert.equal(snapshot(live), snapshot(fresh), `seed ${seed}, edit ${step} (${pattern.source}) in ${uri}`);
        compared++;
        // The Services folders select workloads of the Deployments folders, the routes folders route to Services of the Services folders: only by borrowing.
        const holds = (folder: string, has: (c: ReturnType<Workspace['clusterOf']>) => boolean) =>
          live.apps().some((a) => a.origin.endsWith(folder) && has(live.clusterOf(a)));
        if (
          holds('/services', (c) => c.services.some((s) => s.selectedPods.length)) &&
          holds('/routes', (c) => c.services.some((s) => s.resource && s.key !== 'default/kubernetes'))
        )
          borrowed++;
      }
    }
    assert.ok(compared >= 100, `${compared} edits compared`);
    assert.ok(borrowed > compared / 2, `Services and routes borrowed after ${borrowed} of ${compared} edits`);
  });
});
