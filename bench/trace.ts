// `node --import tsx bench/trace.ts [size] [reps]`: what one kroute/trace request costs on the bench
// corpus: the engine calls answerTrace makes (trace, a 1,000-request distribution, the summary)
// for a few Services, from a node and from a workload whose pods sit on many nodes, on the cached
// cluster and on a what-if cluster (Workspace.clusterWith). Prints p50/p95 of wall and CPU time.
// Builds the corpus first when bench/corpus/<size> is missing (`npm run bench:corpus`).
import type { Mutation } from '../server/src/engine/model/mutations';
import { answerTrace } from '../server/src/lsp/features/trace';
import { corpusWorkspace, cpu, stats } from './corpus-workspace';

const size = Number(process.argv[2] ?? 10000);
const reps = Number(process.argv[3] ?? 7);
const ws = corpusWorkspace(size);
const base = ws.cluster();

// Services backed by a Deployment of several pods, spread over the sorted Service list.
const backed = base.services.filter(
  (s) =>
    s.ports.length &&
    s.selectedPods.length >= 2 &&
    s.selectedPods.every((p) => p.workload === s.selectedPods[0].workload && p.workload?.includes('/Deployment/')),
);
const picks = [0, 0.5, 0.99].map((f) => backed[Math.floor(f * (backed.length - 1))]);
const nodeType = base.services.find((s) => s.type === 'NodePort' && s.selectedPods.length >= 2 && s.ports[0]?.nodePort);

const run = (label: string, params: { source: string; destination: string; mutations: Mutation[] }) => {
  const wall: number[] = [];
  const busy: number[] = [];
  let first = '';
  for (let i = 0; i < reps; i++) {
    const [w, c] = [performance.now(), cpu()];
    const r = answerTrace(ws, { ...params, requests: 1000, seed: 1 });
    wall.push(performance.now() - w);
    busy.push(cpu() - c);
    if (i === 0) first = `${r.trace.outcome.kind}, ${r.distribution.results.length} targets`;
  }
  console.log(`  ${label.padEnd(58)} wall ${stats(wall)}; cpu ${stats(busy)} (${first})`);
};

const node0 = `node:${base.config.nodes[0].name}`;
console.log(`kroute/trace, 1,000 requests (${reps} reps; the first rep of each row is cold):`);
for (const s of picks) {
  const destination = `${s.name}.${s.namespace}:${s.ports[0].port}`;
  const pod = s.selectedPods[0];
  run(`${node0} → ${destination}`, { source: node0, destination, mutations: [] });
  run(`workload:${pod.workload} → ${destination}`, { source: `workload:${pod.workload}`, destination, mutations: [] });
  run(`what-if delete ${pod.name} → ${destination}`, {
    source: node0,
    destination,
    mutations: [{ kind: 'deletePod', pod: `${pod.namespace}/${pod.name}` }],
  });
}
if (nodeType) {
  const np = nodeType.ports[0].nodePort!;
  run(`external → NodePort ${base.config.nodes[1].ip}:${np} (${nodeType.key})`, {
    source: `external:203.0.113.7@${base.config.nodes[1].name}`,
    destination: `${base.config.nodes[1].ip}:${np}`,
    mutations: [],
  });
}
