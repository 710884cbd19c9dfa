// Trace panel render time for a 500-endpoint Service with a 10,000-request distribution, in the
// same headless Chromium page the webview tests use (target ≤ 200 ms). The engine's answer is
// computed first and timed apart; the render figure is from the message's arrival to a painted
// frame. `node bench/webview.mjs` (after `node scripts/build.mjs`); it re-runs itself under tsx
// to load the engine's TypeScript.
// The callbacks given to page.evaluate run in the webview's page, not in Node.
/* global window, document, requestAnimationFrame */
import { spawnSync } from 'node:child_process';

if (!process.env.KROUTE_BENCH_TSX) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename], {
    stdio: 'inherit',
    env: { ...process.env, KROUTE_BENCH_TSX: '1' },
  });
  process.exit(r.status ?? 1);
}
const { launchChromium, openPanel } = await import('../test/webview/harness.ts');
const { Workspace } = await import('../server/src/engine/workspace.ts');
const { answerTrace } = await import('../server/src/lsp/features/trace.ts');

const ENDPOINTS = 500;
const REQUESTS = 10_000;
const RUNS = 7;

const deployment = (name, replicas) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: bench }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [ { name: c, image: nginx, ports: [ { name: http, containerPort: 8080 } ] } ] }
`;
const ws = new Workspace({ settings: { nodes: 10 } });
ws.setFile(
  'file:///bench/api.yaml',
  `${deployment('api', ENDPOINTS)}---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: bench }
spec: { selector: { app: api }, ports: [ { port: 80, targetPort: http } ] }
`,
);
ws.setFile('file:///bench/client.yaml', deployment('client', 1));
const params = {
  destination: 'api.bench:80',
  source: 'workload:bench/Deployment/client',
  mutations: [],
  requests: REQUESTS,
  seed: 1,
};

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const engine = [];
let result;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  result = answerTrace(ws, params);
  engine.push(performance.now() - t);
}
const candidates = result.trace.steps.find((s) => s.candidates)?.candidates.length;
if (candidates !== ENDPOINTS) throw new Error(`expected ${ENDPOINTS} endpoints in the trace, got ${candidates}`);

const browser = await launchChromium();
try {
  const panel = await openPanel(browser, ws, params);
  await panel.page.locator('.bar-value').first().waitFor();
  const render = [];
  for (let i = 0; i < RUNS; i++) {
    render.push(
      await panel.page.evaluate(
        async (data) => {
          const t = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data }));
          void document.body.offsetHeight;
          await new Promise((r) => requestAnimationFrame(() => r()));
          return performance.now() - t;
        },
        { type: 'result', params, result },
      ),
    );
  }
  const bars = await panel.page.locator('.bar-value').count();
  // Every endpoint, bar and pod row, as after pressing each "Show all" button.
  const expanded = await panel.page.evaluate(async () => {
    const t = performance.now();
    for (const b of Array.from(document.querySelectorAll('button[data-key^="more-"]'))) b.click();
    void document.body.offsetHeight;
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t;
  });
  await panel.close();
  console.log(`webview: ${ENDPOINTS}-endpoint Service, ${REQUESTS} requests, ${bars} bars`);
  console.log(`  engine (trace + simulate + summary): median ${median(engine).toFixed(1)} ms`);
  console.log(`  render (message → painted frame):    median ${median(render).toFixed(1)} ms (target ≤ 200 ms)`);
  console.log(`  "Show all" (every endpoint, bar, pod): ${expanded.toFixed(1)} ms`);
} finally {
  await browser.close();
}
