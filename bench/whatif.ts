// `node --import tsx bench/whatif.ts [size] [reps]`: what a what-if click in the trace panel costs
// (kroute/trace with mutations) on the bench corpus: the cluster with the mutations built from
// scratch (as before what-ifs were incremental), derived by Workspace.clusterWith, and the whole
// request (route, 1,000-request distribution, summary). Prints p50/p95 of wall and CPU time.
// Builds the corpus first when bench/corpus/<size> is missing (`npm run bench:corpus`).
import { buildCluster, type WorkloadCache } from '../server/src/engine/model/cluster';
import type { Mutation } from '../server/src/engine/model/mutations';
import { answerTrace } from '../server/src/lsp/features/trace';
import { corpusWorkspace, cpu, stats } from './corpus-workspace';

const size = Number(process.argv[2] ?? 10000);
const reps = Number(process.argv[3] ?? 15);
const ws = corpusWorkspace(size);
const base = ws.cluster();

// A Service backed by a Deployment of several pods, as a user would trace it.
const service = base.services.find(
  (s) =>
    s.selectedPods.length >= 2 &&
    s.selectedPods.every((p) => p.workload === s.selectedPods[0].workload && p.workload?.includes('/Deployment/')),
)!;
const pod = service.selectedPods[0];
const workload = pod.workload!;
const destination = `${service.name}.${service.namespace}${service.ports[0] ? `:${service.ports[0].port}` : ''}`;
const source = `node:${base.config.nodes[0].name}`;

const cases: [string, Mutation[]][] = [
  ['no what-if (the cached cluster)', []],
  [`delete pod ${pod.namespace}/${pod.name}`, [{ kind: 'deletePod', pod: `${pod.namespace}/${pod.name}` }]],
  [`scale ${workload} to 0`, [{ kind: 'scale', workload, replicas: 0 }]],
  [
    'both, in that order',
    [
      { kind: 'deletePod', pod: `${pod.namespace}/${pod.name}` },
      { kind: 'scale', workload, replicas: 0 },
    ],
  ],
];
const measure = (f: () => unknown) => {
  const [w, c] = [performance.now(), cpu()];
  f();
  return [performance.now() - w, cpu() - c] as const;
};
// Before: the cluster built from scratch with the mutations (what clusterWith did until it was incremental).
const cache = (ws as unknown as { workloadCache: WorkloadCache }).workloadCache;
const fromScratch = (mutations: Mutation[]) => buildCluster(ws.resources(), ws.clusterConfig, mutations, cache);
for (const [name, mutations] of cases) {
  const rows: (readonly [string, () => unknown])[] = [
    ...(mutations.length
      ? ([
          ['from scratch (before)', () => fromScratch(mutations)],
          ['clusterWith', () => ws.clusterWith(mutations)],
        ] as const)
      : []),
    ['kroute/trace', () => answerTrace(ws, { source, destination, requests: 1000, seed: 1, mutations })],
  ];
  console.log(`${name} (${reps} reps):`);
  for (const [label, f] of rows) {
    const wall: number[] = [];
    const busy: number[] = [];
    for (let i = 0; i < reps; i++) {
      const [w, c] = measure(f);
      wall.push(w);
      busy.push(c);
    }
    console.log(`  ${label.padEnd(22)} wall ${stats(wall)}; cpu ${stats(busy)}`);
  }
}
const counts = (ws as unknown as { whatIfs?: unknown }).whatIfs;
if (counts) console.log(`what-if builds: ${JSON.stringify(counts)}`);
