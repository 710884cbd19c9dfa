// `npm run bench:corpus [-- 1000 10000]`: deterministic synthetic workspaces for the benchmark.
//
// Writes bench/corpus/<size>/ with <size> Kubernetes objects, half workloads and half Services,
// ten objects per file (~100 files per 1,000 manifests) over several namespaces. The mix:
// Deployments (1-10 replicas, named container ports, some matchExpressions selectors, YAML
// anchors shared by labels and selectors), StatefulSets with their headless Services, DaemonSets
// (pinned to one node, plus three cluster-wide ones), Jobs, every Service type, multi-port
// Services, ~10% dead selectors, ~5% NodePorts out of range, comments everywhere. A fixed seed
// gives the same bytes on every machine; the sha256 of each corpus is printed and written to
// bench/corpus/<size>/MANIFEST.json together with what was planted (dead selectors, bad NodePorts).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = join(HERE, 'corpus');
export const SIZES = [1000, 10000, 50000];
const SEED = 0x6b726f75; // "krou"
const PER_FILE = 10;

/** Simulated cluster for a corpus: one node per 40 manifests (≈100 pods per node, each node has a /24). */
export function clusterSettingsFor(size) {
  // Beyond ~10k manifests the default 2,768 NodePorts run out; widen the range (still excluding
  // the planted out-of-range values below).
  return {
    nodes: Math.max(3, Math.ceil(size / 40)),
    podCIDR: '10.0.0.0/8',
    ...(size > 10000 ? { nodePortRange: '30000-39999' } : {}),
  };
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['default', 'payments', 'checkout', 'search', 'identity', 'platform', 'data', 'edge'];
const TEAMS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const WORDS = [
  'api',
  'web',
  'worker',
  'cache',
  'gateway',
  'auth',
  'ledger',
  'index',
  'feed',
  'broker',
  'store',
  'render',
  'notify',
  'report',
  'billing',
  'profile',
];
const IMAGES = [
  'nginx:1.27',
  'ghcr.io/acme/app:2.4.1',
  'redis:7.2',
  'envoyproxy/envoy:v1.31',
  'python:3.12-slim',
  'node:20-alpine',
];

/**
 * Generates one corpus in memory: files (relative path → text) plus what was planted.
 * Each "app" is a workload and its Service (two objects), so a corpus of N objects has N/2 apps.
 */
export function generateCorpus(size, seed = SEED) {
  const rnd = mulberry32(seed ^ size);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const chance = (p) => rnd() < p;
  const { nodes } = clusterSettingsFor(size);

  const docs = []; // { ns, team, text }
  const planted = { deadSelectors: [], nodePortsOutOfRange: [], services: 0, workloads: 0, pods: 0 };
  const usedNodePorts = new Set();
  const freshNodePort = () => {
    for (let tries = 0; tries < 20; tries++) {
      const p = int(30000, 32767);
      if (!usedNodePorts.has(p)) {
        usedNodePorts.add(p);
        return p;
      }
    }
    return undefined;
  };

  // Three cluster-wide DaemonSets (one pod per node) and their Services, whatever the size.
  const daemons = [
    ['node-exporter', 9100, 'metrics'],
    ['log-shipper', 24224, 'forward'],
    ['cni-agent', 9099, 'health'],
  ];
  for (const [name, port, portName] of daemons) {
    docs.push({ ns: 'kube-system', team: 'system', text: daemonSet(name, 'kube-system', port, portName, undefined) });
    docs.push({
      ns: 'kube-system',
      team: 'system',
      text: service({
        name,
        ns: 'kube-system',
        type: 'ClusterIP',
        selector: { app: name },
        ports: [{ name: portName, port, targetPort: portName }],
      }),
    });
    planted.workloads++;
    planted.services++;
    planted.pods += nodes;
  }

  let app = 0;
  while (docs.length < size) {
    const i = app++;
    const ns = NAMESPACES[i % NAMESPACES.length];
    const team = TEAMS[Math.floor(i / NAMESPACES.length) % TEAMS.length];
    const name = `${pick(WORDS)}-${pick(WORDS)}-${i.toString(36)}`;
    const roll = rnd();
    const kind = roll < 0.78 ? 'Deployment' : roll < 0.9 ? 'StatefulSet' : roll < 0.95 ? 'DaemonSet' : 'Job';
    const ports = [{ name: 'http', containerPort: pick([8080, 8000, 3000, 9000]) }];
    if (chance(0.4)) ports.push({ name: 'metrics', containerPort: 9090 });
    if (chance(0.2)) ports.push({ name: 'grpc', containerPort: 50051 });
    const labels = { app: name, tier: pick(['frontend', 'backend', 'data']), team };
    let replicas = 1;
    let text;
    if (kind === 'Deployment') {
      replicas = int(1, 10);
      text = deployment(name, ns, labels, replicas, ports, chance(0.15), pick(IMAGES));
    } else if (kind === 'StatefulSet') {
      replicas = int(1, 5);
      text = statefulSet(name, ns, labels, replicas, ports, pick(IMAGES));
    } else if (kind === 'DaemonSet') {
      text = daemonSet(name, ns, ports[0].containerPort, 'http', `node-${int(1, nodes)}`, labels);
    } else {
      replicas = int(1, 3);
      text = job(name, ns, labels, replicas, pick(IMAGES));
    }
    docs.push({ ns, team, text });
    planted.workloads++;
    planted.pods += replicas;
    if (docs.length >= size) break;

    // The Service in front of it.
    const dead = chance(0.1) && kind !== 'Job';
    let selector = kind === 'Job' ? { 'job-name': name } : { app: name, tier: labels.tier };
    if (dead) {
      selector = chance(0.5)
        ? { app: `${name}-old`, tier: labels.tier }
        : { app: name, tier: labels.tier === 'data' ? 'backend' : 'data' };
      planted.deadSelectors.push(`${ns}/${name}`);
    }
    let type;
    if (kind === 'StatefulSet') type = 'headless';
    else {
      const t = rnd();
      type = t < 0.75 ? 'ClusterIP' : t < 0.85 ? 'NodePort' : t < 0.95 ? 'LoadBalancer' : 'ExternalName';
    }
    const svcPorts = [{ name: 'http', port: 80, targetPort: 'http' }];
    if (ports.some((p) => p.name === 'metrics') && chance(0.7))
      svcPorts.push({ name: 'metrics', port: 9090, targetPort: 'metrics' });
    if (ports.some((p) => p.name === 'grpc')) svcPorts.push({ name: 'grpc', port: 50051, targetPort: 50051 });
    if (type === 'NodePort' || type === 'LoadBalancer') {
      for (const p of svcPorts) {
        // ~5% of written-or-allocated NodePorts are outside the range; a third of the rest are written.
        if (chance(0.05)) {
          p.nodePort = pick([80, 443, 8080, 29999, 40000, 65000]);
          planted.nodePortsOutOfRange.push(`${ns}/${name}:${p.name}`);
        } else if (chance(0.3)) {
          const np = freshNodePort();
          if (np !== undefined) p.nodePort = np;
        }
      }
    }
    const svc = { name, ns, type, selector, ports: svcPorts };
    if (type === 'ExternalName') {
      svc.externalName = `${name}.example.com`;
      delete svc.selector;
      svc.ports = [];
      if (dead) planted.deadSelectors.pop();
    }
    if (type === 'LoadBalancer' && chance(0.3)) svc.externalTrafficPolicy = 'Local';
    if (chance(0.1)) svc.sessionAffinity = 'ClientIP';
    docs.push({ ns, team, text: service(svc) });
    planted.services++;
  }

  // Group ten objects per file, keeping each file inside one namespace directory.
  const files = new Map();
  const byNs = new Map();
  for (const d of docs) {
    const key = `${d.ns}/${d.team}`;
    if (!byNs.has(key)) byNs.set(key, []);
    byNs.get(key).push(d.text);
  }
  for (const [dir, texts] of byNs) {
    for (let f = 0; f * PER_FILE < texts.length; f++) {
      const chunk = texts.slice(f * PER_FILE, (f + 1) * PER_FILE);
      const header = `# Generated by bench/corpus.mjs (seed ${SEED}, ${size} objects); do not edit.\n# ${dir} part ${f + 1}\n`;
      files.set(
        `${dir}/manifests-${String(f + 1).padStart(4, '0')}.yaml`,
        header + chunk.map((t) => `---\n${t}`).join(''),
      );
    }
  }
  planted.objects = docs.length;
  planted.files = files.size;
  return { files, planted };
}

function yamlPorts(ports, indent) {
  return ports
    .map((p) => `${indent}- name: ${p.name}\n${indent}  containerPort: ${p.containerPort}\n${indent}  protocol: TCP\n`)
    .join('');
}

function deployment(name, ns, labels, replicas, ports, expressions, image) {
  const selector = expressions
    ? `    matchLabels:\n      app: ${name}\n    matchExpressions:\n      - key: tier\n        operator: In\n        values: [${labels.tier}, canary]\n`
    : `    matchLabels: *labels\n`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: &labels
    app: ${name}
    tier: ${labels.tier}
    team: ${labels.team}
  annotations:
    owner: team-${labels.team}@example.com
spec:
  replicas: ${replicas} # tuned for peak traffic
  selector:
${selector}  template:
    metadata:
      labels: *labels
    spec:
      containers:
        - name: ${name.split('-')[0]}
          image: ${image}
          ports:
${yamlPorts(ports, '            ')}          resources:
            requests: { cpu: 100m, memory: 128Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
`;
}

function statefulSet(name, ns, labels, replicas, ports, image) {
  return `# ${name}: stateful, addressed through its headless Service
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  serviceName: ${name}
  replicas: ${replicas}
  selector:
    matchLabels: &sel
      app: ${name}
      tier: ${labels.tier}
  template:
    metadata:
      labels: *sel # the same labels the selector asks for
    spec:
      containers:
        - name: db
          image: ${image}
          ports:
${yamlPorts(ports, '            ')}  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 10Gi } }
`;
}

function daemonSet(name, ns, port, portName, pinnedNode, labels = { app: name }) {
  const extra = Object.entries(labels)
    .filter(([k]) => k !== 'app')
    .map(([k, v]) => `        ${k}: ${v}\n`)
    .join('');
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
${extra}    spec:
${pinnedNode ? `      nodeSelector:\n        kubernetes.io/hostname: ${pinnedNode} # pinned agent\n` : ''}      containers:
        - name: agent
          image: busybox:1.36
          ports:
            - name: ${portName}
              containerPort: ${port}
`;
}

function job(name, ns, labels, parallelism, image) {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  parallelism: ${parallelism}
  template:
    metadata:
      labels:
        app: ${name}
        team: ${labels.team}
    spec:
      restartPolicy: Never
      containers:
        - name: job
          image: ${image}
          ports:
            - name: http
              containerPort: 8080
`;
}

function service({ name, ns, type, selector, ports, externalName, externalTrafficPolicy, sessionAffinity }) {
  const headless = type === 'headless';
  let out = `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
spec:
`;
  if (headless) out += `  clusterIP: None # headless: DNS returns pod IPs\n`;
  else if (type !== 'ClusterIP' || externalName) out += `  type: ${type}\n`;
  if (externalName) out += `  externalName: ${externalName}\n`;
  if (selector)
    out += `  selector:\n${Object.entries(selector)
      .map(([k, v]) => `    ${k}: ${v}\n`)
      .join('')}`;
  if (externalTrafficPolicy) out += `  externalTrafficPolicy: ${externalTrafficPolicy}\n`;
  if (sessionAffinity) out += `  sessionAffinity: ${sessionAffinity}\n`;
  if (ports.length) {
    out += `  ports:\n`;
    for (const p of ports) {
      out += `    - name: ${p.name}\n      port: ${p.port}\n      targetPort: ${p.targetPort}\n`;
      if (p.nodePort !== undefined) out += `      nodePort: ${p.nodePort}\n`;
    }
  }
  return out;
}

/** Writes the corpus to bench/corpus/<size>/ (replacing it) and returns its sha256 and plan. */
export function writeCorpus(size) {
  const { files, planted } = generateCorpus(size);
  const dir = join(CORPUS_DIR, String(size));
  rmSync(dir, { recursive: true, force: true });
  const hash = createHash('sha256');
  let bytes = 0;
  for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    hash.update(rel).update('\0').update(text).update('\0');
    bytes += Buffer.byteLength(text);
  }
  const sha256 = hash.digest('hex');
  const manifest = { size, seed: SEED, sha256, bytes, cluster: clusterSettingsFor(size), ...planted };
  writeFileSync(join(dir, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  for (const size of sizes.length ? sizes : SIZES) {
    const started = Date.now();
    const m = writeCorpus(size);
    console.log(
      `${size} manifests: ${m.files} files, ${(m.bytes / 1e6).toFixed(1)} MB, ${m.workloads} workloads (~${m.pods} pods), ${m.services} Services, ` +
        `${m.deadSelectors.length} dead selectors, ${m.nodePortsOutOfRange.length} NodePorts out of range; sha256 ${m.sha256} (${Date.now() - started} ms)`,
    );
  }
}

/** Every .yaml file under `dir`, in path order (as a workspace scan reads them): path, file URI and text. */
export function readYamlFiles(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yaml'))
        files.push({ path: p, uri: pathToFileURL(p).href, text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return files;
}
