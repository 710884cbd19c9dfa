// `npm run bench:hardening`: time and memory for the inputs issue 9 names — an alias
// bomb, a 20 MB manifest (skipped by default, and parsed with maxFileSize raised), a 100,000-line
// file and 3,000 documents in one file. Prints a Markdown table.
import { Workspace } from '../server/src/engine/workspace';

const service = (i: number) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  selector:\n    app: app-${i % 50}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`;
const deployment = (i: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n          ports: [{name: http, containerPort: 8080}]\n`;

function bomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
}

function twentyMegabytes(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 20 * 1024 * 1024; i++) {
    const doc = (i % 2 ? service(i) : deployment(i)) + `# ${'padding '.repeat(40)}\n`;
    parts.push(doc);
    size += doc.length + 4;
  }
  return parts.join('---\n');
}

const cases: [string, () => string, number | undefined][] = [
  ['alias bomb (9^10 expansions)', bomb, undefined],
  ['20 MB manifest, default maxFileSize (skipped)', twentyMegabytes, undefined],
  ['20 MB manifest, maxFileSize 32 MB (parsed)', twentyMegabytes, 32 * 1024 * 1024],
  [
    '100,000-line file',
    () => `${service(0)}data:\n${Array.from({ length: 100_000 }, (_, i) => `  # line ${i}`).join('\n')}\n`,
    undefined,
  ],
  ['3,000 documents in one file', () => Array.from({ length: 3000 }, (_, i) => service(i)).join('---\n'), undefined],
];

console.log('| input | size | time (index + model + diagnostics) | heap growth | diagnostics |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, make, maxFileSize] of cases) {
  const text = make();
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const t = performance.now();
  const ws = new Workspace({
    settings: { nodes: 250, podCIDR: '10.0.0.0/8' },
    ...(maxFileSize ? { parse: { maxFileSize } } : {}),
  });
  ws.setFile('file:///bench/input.yaml', text);
  const diagnostics = ws.diagnostics().get('file:///bench/input.yaml') ?? [];
  const ms = performance.now() - t;
  const grown = (process.memoryUsage().heapUsed - heap) / 1e6;
  const summary = [...new Set(diagnostics.map((d) => d.code))].join(', ') || 'none';
  console.log(
    `| ${name} | ${(text.length / 1e6).toFixed(2)} MB | ${ms.toFixed(0)} ms | ${grown.toFixed(0)} MB | ${diagnostics.length} (${summary}) |`,
  );
}
console.log(`\nprocess RSS at the end: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
