import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../../../server/src/engine/model/cluster';
import { LazyMap } from '../../../server/src/engine/model/lazy-map';
import { mergeAppDiagnostics } from '../../../server/src/engine/apps/merge';
import { runRules } from '../../../server/src/engine/rules';
import type { Diagnostic } from '../../../server/src/engine/types';
import { Workspace } from '../../../server/src/engine/workspace';
import { randomKeystroke } from '../random-edits';

// The language server rebuilds the model incrementally after an edit (model/incremental.ts). Whatever
// it reuses, the result must be what a fresh workspace computes from the same text.

interface Corpus {
  files: Map<string, string>;
}
const corpusModule = '../../../bench/corpus.mjs';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One keystroke-sized edit somewhere a user would type in a manifest. */
const EDITS: [RegExp, (m: string, r: () => number) => string][] = [
  [/^( {2}replicas: )(\d+)/m, (m) => m + '1'], // 5 → 51
  [/^( {2}replicas: )(\d+)\d/m, (m) => m.slice(0, -1)],
  [/^( {4}app: )([a-z0-9-]+)$/m, (m) => m + 'x'], // a Deployment's labels anchor or a Service selector
  [/^( {4}app: )([a-z0-9-]+)x$/m, (m) => m.slice(0, -1)],
  [
    /^( {4}tier: )(frontend|backend|data)$/m,
    (m, r) => m.replace(/frontend|backend|data/, ['frontend', 'backend', 'data'][Math.floor(r() * 3)]),
  ],
  [/^( {6}port: )(\d+)$/m, (m) => m + '0'],
  [/^( {6}targetPort: )(http)$/m, () => '      targetPort: metrics'],
  [/^( {6}nodePort: )(\d+)$/m, (m) => m.slice(0, -1)],
  [/^( {2}type: )(NodePort)$/m, () => '  type: LoadBalancer'],
  [/^( {14}containerPort: )(\d+)$/m, (m) => m + '1'],
  [/^( {2}namespace: )([a-z]+)$/m, (m) => m + 'x'],
  [/^( {2}name: )([a-z0-9-]+)$/m, (m) => m + 'x'],
];

/**
 * Scheduling edits (model/scheduling.ts): hostNetwork pods take node IPs and host ports are placed
 * against each other, which an edit of such a workload leaves to a full build.
 */
const SCHEDULING_EDITS: typeof EDITS = [
  [/^( {6}containers:)$/m, (m) => `      hostNetwork: true\n${m}`],
  [/^ {6}hostNetwork: true\n/m, () => ''],
  [/^( {6}containers:)$/m, (m) => `      nodeSelector: { disk: ssd }\n${m}`],
];

/**
 * HorizontalPodAutoscalers in a file of their own scaling Deployments of other files (the HPA
 * controller sets their replicas, model/autoscaling.ts): an edit of the HPA changes pods elsewhere,
 * an edit of a scaled Deployment's replicas is clamped by an HPA of another file.
 */
function autoscalers(texts: ReadonlyMap<string, string>, dir: string): string {
  const deployments = [...texts]
    .filter(([uri]) => uri.startsWith(dir))
    .map(([, t]) => t)
    .flatMap((t) => t.split(/^---$/m).filter((d) => /^kind: Deployment$/m.test(d)))
    .slice(0, 4);
  return deployments
    .map((d, i) => {
      const name = /^ {2}name: ([a-z0-9-]+)$/m.exec(d)![1];
      const namespace = /^ {2}namespace: ([a-z0-9-]+)$/m.exec(d)?.[1] ?? 'default';
      return (
        `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n` +
        `  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${name}\n  minReplicas: ${i + 2}\n  maxReplicas: ${i + 4}\n`
      );
    })
    .join('---\n');
}

/** Beside the Deployments it scales: an HPA acts within what is applied with it (its app). */
const HPA_DIR = 'file:///corpus/default/alpha/';
const HPA_FILE = `${HPA_DIR}autoscalers.yaml`;

const HPA_EDITS: typeof EDITS = [
  [/^( {2}minReplicas: )(\d+)$/m, (m) => m + '1'], // 3 → 31: above maxReplicas, the HPA is invalid
  [/^( {2}minReplicas: )(\d+)1$/m, (m) => m.slice(0, -1)],
  [/^( {2}maxReplicas: )(\d+)$/m, (m) => m + '0'],
  [/^( {4}name: )([a-z0-9-]+)$/m, (m) => m + 'x'], // the target (or a Deployment's container) renamed
];

/** Edits that move findings between files or change what other objects read (diagnostics test). */
const DIAGNOSTIC_EDITS: typeof EDITS = [
  ...EDITS,
  ...SCHEDULING_EDITS,
  ...HPA_EDITS,
  [/^( {2}replicas: )(\d+)/m, () => '  replicas: 0'], // a selector with an idle workload
  [/^( {4}app: )([a-z0-9-]+)$/m, (m) => m.replace(/[a-z]$/, 'q')],
  [/^( {4}tier: )(frontend|backend|data)$/m, () => '    tier: Bad_Value-'], // label-invalid
  [/^( {6}nodePort: )(\d+)$/m, () => '      nodePort: 30080'], // conflicts across files
  [/^( {2}type: )(NodePort|LoadBalancer)$/m, () => '  type: ClusterIP'], // nodeport-not-allowed
  [/^( {2}type: )(NodePort|LoadBalancer)$/m, () => '  type: Nodeport'], // service-type-invalid
  [/^(spec:\n {2}selector:)$/m, () => 'spec:\n  clusterIP: 10.96.7.7\n  selector:'], // duplicate ClusterIPs
  [/^(kind: \w+)$/m, (m) => `# moved\n${m}`], // every position below shifts
  [/^(kind: \w+)$/m, (m) => `# moved\n${m}`],
  [/^( {2}selector:)$/m, (m) => `  # kroute-disable-next-line\n${m}`],
  [/^( {6}targetPort: )(http)$/m, () => '      targetPort: grpc'], // unresolved on every pod
  [/^( {2}serviceName: )([a-z0-9-]+)$/m, (m) => m + 'z'], // statefulset-service-missing
  [/^( {4}matchLabels: )(\*labels)$/m, () => '    matchLabels: { app: other }'], // workload-selector-mismatch
];

/**
 * Services in a file of their own selecting workloads of other files (the corpus keeps each
 * Service next to its workload), some with a selector one letter off, some with a target port
 * the pods lack: their findings read objects of files they are not in.
 */
function crossFile(texts: ReadonlyMap<string, string>): string {
  const services = [...texts.values()].flatMap((t) =>
    t
      .split(/^---$/m)
      .filter((d) => /^kind: Service$/m.test(d))
      .slice(0, 2),
  );
  return services
    .map((d, i) => {
      const renamed = d.replace(/^( {2}name: )([a-z0-9-]+)$/m, (_, k: string, name: string) => `${k}x${i}-${name}`);
      if (i % 3 === 0) return renamed.replace(/^( {4}app: )([a-z0-9-]+)$/m, (m) => m.slice(0, -1));
      // Findings that point into the workload's file: a port name its pods lack, a port they do not declare.
      return renamed.replace(/^( {6}targetPort: ).*$/m, (_, k: string) => `${k}${i % 3 === 1 ? 'grpc' : '9999'}`);
    })
    .join('---');
}

/**
 * A fresh full pass of every rule (rules/index.ts runRules) over each app's cluster, by file, as
 * Workspace reports them: a file's findings from each app it belongs to, each distinct one once.
 */
function reference(ws: Workspace): Map<string, Diagnostic[]> {
  const files = ws.files();
  const byUri = new Map<string, Diagnostic[]>();
  for (const [uri, f] of files) byUri.set(uri, [...f.syntaxErrors]);
  const perApp = new Map<string, Diagnostic[][]>();
  for (const app of ws.apps()) {
    const own = new Map([...files].filter(([uri]) => app.files.includes(uri)));
    const found = new Map<string, Diagnostic[]>();
    for (const d of runRules(ws.clusterOf(app), own))
      if (own.has(d.uri)) (found.get(d.uri) ?? found.set(d.uri, []).get(d.uri)!).push(d);
    for (const uri of own.keys()) (perApp.get(uri) ?? perApp.set(uri, []).get(uri)!).push(found.get(uri) ?? []);
  }
  for (const [uri, lists] of perApp)
    byUri.get(uri)!.push(...(lists.length === 1 ? lists[0] : mergeAppDiagnostics(lists)));
  return byUri;
}

function snapshot(ws: Workspace): string {
  return JSON.stringify({
    apps: ws.apps().map((app) => [app.id, app.files, clusterSnapshot(ws.clusterOf(app))]),
    diagnostics: [...ws.diagnostics()],
  });
}

function clusterSnapshot(c: Cluster): unknown {
  const pod = (p: { namespace: string; name: string; ip: string; phase: string; nodeName: string }) =>
    `${p.namespace}/${p.name}@${p.nodeName}=${p.ip}:${p.phase}`;
  return {
    resources: c.resources.map((r) => `${r.uri}#${r.docIndex}`),
    pods: c.pods.map(pod),
    workloads: c.workloads.map((w) => [
      w.key,
      w.replicas,
      w.pods.map(pod),
      w.resource.uri,
      w.resource.docIndex,
      w.resource.range,
      w.pods.every((p) => p.resource === w.resource),
    ]),
    services: c.services.map((s) => {
      const { resource, selectedPods, endpointSlices, ...rest } = s;
      // Slices by value: their endpoints' pods by name and address (a pod's manifest is compared through its workload).
      const slices = endpointSlices.map((e) => ({
        ...e,
        resource: e.resource && [e.resource.uri, e.resource.range],
        endpoints: e.endpoints.map((x) => ({ ...x, pod: x.pod && pod(x.pod) })),
      }));
      return [rest, resource?.uri, resource?.range, selectedPods.map(pod), slices];
    }),
    byKey: [c.podsByKey.size, c.servicesByKey.size, c.workloadsByKey.size],
    // The key maps hold the very objects of the lists.
    consistent: [
      c.pods.every((p) => c.podsByKey.get(`${p.namespace}/${p.name}`) === p),
      c.services.every((s) => c.servicesByKey.get(s.key) === s),
      c.workloads.every((w) => c.workloadsByKey.get(w.key) === w),
      c.services.every((s) => s.selectedPods.every((p) => c.podsByKey.get(`${p.namespace}/${p.name}`) === p)),
    ],
    namespaces: c.labelIndex.namespaces(),
    // Every posting list of the label index, in its order (an incremental rebuild patches them).
    postings: [
      ...new Set(c.pods.flatMap((p) => Object.entries(p.labels).map(([k, v]) => JSON.stringify([p.namespace, k, v])))),
    ]
      .sort()
      .map((t) => {
        const [ns, k, v] = JSON.parse(t) as [string, string, string];
        return [t, c.labelIndex.withLabel(ns, k, v).map(pod)];
      }),
    unresolved: c.unresolvedPorts.map((u) => [u.service, u.servicePort.index, pod(u.pod)]),
  };
}

/**
 * Random keystrokes in the corpus, each compared with a fresh build of the same files; with
 * `autoscalers`, every third step also edits an HPA file (from its own random sequence, so the other
 * edits are the same with or without it).
 */
async function randomEdits(
  edits: typeof EDITS,
  seed: number,
  options: { autoscalers?: boolean; compareLastOnly?: boolean } = {},
): Promise<{ applied: number; autoscalerEdits: number; rebuilds: Workspace['rebuilds']; podMapsBuilt: boolean[] }> {
  const { generateCorpus } = (await import(corpusModule)) as { generateCorpus: (size: number) => Corpus };
  const { files } = generateCorpus(300);
  const texts = new Map([...files].map(([rel, text]) => [`file:///corpus/${rel}`, text]));
  if (options.autoscalers) texts.set(HPA_FILE, autoscalers(texts, HPA_DIR));
  const settings = { nodes: 8, podCIDR: '10.0.0.0/16' };
  const live = new Workspace({ settings });
  for (const [uri, text] of texts) live.setFile(uri, text);
  live.diagnostics();
  const r = rng(seed);
  const uris = [...texts.keys()].filter((u) => u !== HPA_FILE);
  // One keystroke in `uri`; undefined when no line there matches the edit drawn.
  const keystroke = (uri: string, list: typeof EDITS, r: () => number): string | undefined => {
    const text = texts.get(uri)!;
    const [pattern, edit] = list[Math.floor(r() * list.length)];
    // Pick one of the matching lines.
    const matches = [...text.matchAll(new RegExp(pattern.source, 'gm'))];
    if (!matches.length) return undefined;
    const m = matches[Math.floor(r() * matches.length)];
    const next = text.slice(0, m.index) + edit(m[0], r) + text.slice(m.index + m[0].length);
    texts.set(uri, next);
    live.setFile(uri, next);
    // Sometimes a second keystroke before the model is asked for.
    if (r() < 0.2) live.setFile(uri, next + '\n');
    if (r() < 0.2) texts.set(uri, next + '\n');
    live.setFile(uri, texts.get(uri)!);
    return pattern.source;
  };
  const compare = (where: string) => {
    const fresh = new Workspace({ settings });
    for (const [u, t] of texts) fresh.setFile(u, t);
    assert.equal(snapshot(live), snapshot(fresh), where);
  };
  const rh = rng(seed + 4);
  let applied = 0;
  let autoscalerEdits = 0;
  for (let step = 0; step < 60; step++) {
    const uri = uris[Math.floor(r() * uris.length)];
    const pattern = keystroke(uri, edits, r);
    if (!pattern) continue;
    applied++;
    if (options.compareLastOnly) {
      live.diagnostics(); // rebuilds the model as the server does, reading no pod map
      continue;
    }
    compare(`after edit ${step} (${pattern}) in ${uri}`);
    if (!options.autoscalers || step % 3 !== 2) continue;
    const hpa = keystroke(HPA_FILE, HPA_EDITS, rh);
    if (!hpa) continue;
    autoscalerEdits++;
    compare(`after HPA edit ${step} (${hpa})`);
  }
  // A plain Map counts as built.
  const podMapsBuilt = live.apps().map((app) => {
    const map = live.clusterOf(app).podsByKey;
    return !(map instanceof LazyMap) || map.built;
  });
  if (options.compareLastOnly) compare('after all edits');
  return { applied, autoscalerEdits, rebuilds: live.rebuilds, podMapsBuilt };
}

describe('incremental model rebuilds', () => {
  it('after each of many random keystrokes, equal a fresh build of the same files', async () => {
    const { applied, rebuilds, autoscalerEdits } = await randomEdits(EDITS, 7, { autoscalers: true });
    assert.ok(autoscalerEdits >= 5, `${autoscalerEdits} HPA edits applied`);
    assert.ok(applied >= 30, `${applied} edits applied`);
    assert.ok(
      rebuilds.incremental > applied / 2,
      `incremental rebuilds: ${JSON.stringify(rebuilds)} of ${applied} edits`,
    );
  });

  it('with hostNetwork and nodeSelector edits among them, still equal a fresh build', async () => {
    const { applied, rebuilds } = await randomEdits([...EDITS, ...SCHEDULING_EDITS, ...SCHEDULING_EDITS], 11);
    assert.ok(applied >= 30, `${applied} edits applied`);
    assert.ok(rebuilds.incremental > 0, `incremental rebuilds: ${JSON.stringify(rebuilds)}`);
  });
  // The pod maps are built on first read (model/lazy-map.ts); an incremental rebuild patches only a
  // built one. Read after every edit above, here they are first read after all of them.
  it('with the pod maps first read after all the edits, equal a fresh build', async () => {
    const { applied, rebuilds, podMapsBuilt } = await randomEdits(EDITS, 13, { compareLastOnly: true });
    assert.ok(applied >= 30, `${applied} edits applied`);
    assert.ok(rebuilds.incremental > applied / 2, `incremental rebuilds: ${JSON.stringify(rebuilds)}`);
    assert.deepEqual(new Set(podMapsBuilt), new Set([false]), 'diagnostics read no pod map');
  });
});

describe('incremental diagnostics', () => {
  it('after random edits in many workspaces, equal a fresh workspace and a full pass of every rule', async () => {
    const { generateCorpus } = (await import(corpusModule)) as { generateCorpus: (size: number) => Corpus };
    const { files } = generateCorpus(120);
    const settings = { nodes: 6, podCIDR: '10.0.0.0/16' };
    let compared = 0;
    let kept = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const texts = new Map([...files].map(([rel, text]) => [`file:///corpus/${rel}`, text]));
      texts.set('file:///corpus/cross.yaml', crossFile(texts));
      texts.set(HPA_FILE, autoscalers(texts, HPA_DIR));
      const live = new Workspace({ settings });
      for (const [uri, text] of texts) live.setFile(uri, text);
      let before = live.diagnostics();
      const r = rng(seed);
      const uris = [...texts.keys()];
      for (let step = 0; step < 30; step++) {
        const uri = step % 6 === 5 ? HPA_FILE : uris[Math.floor(r() * uris.length)];
        const edited = randomKeystroke(texts.get(uri)!, DIAGNOSTIC_EDITS, r);
        if (!edited) continue;
        const { next, pattern } = edited;
        texts.set(uri, next);
        live.setFile(uri, next);
        // Sometimes diagnostics are asked for only every other edit.
        if (r() < 0.3) continue;
        const after = live.diagnostics();
        const fresh = new Workspace({ settings });
        for (const [u, t] of texts) fresh.setFile(u, t);
        const where = `seed ${seed}, edit ${step} (${pattern.source}) in ${uri}`;
        assert.deepEqual([...after], [...fresh.diagnostics()], `${where}: against a fresh workspace`);
        assert.deepEqual([...after], [...reference(live)], `${where}: against a full pass of the rules`);
        // Files whose diagnostics did not change keep their array (the server skips them by identity).
        for (const [u, list] of after) if (u !== uri && list === before.get(u)) kept++;
        before = after;
        compared++;
      }
    }
    assert.ok(compared >= 80, `${compared} edits compared`);
    assert.ok(kept > compared, `${kept} unchanged files kept their diagnostics array`);
  });
});
