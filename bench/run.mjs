// `npm run bench`: kroute's speed and memory at 1k / 10k / 50k manifests, against the YAML parse
// floor and a peer (@monokle/validation, resource-links only). Prints a Markdown table and writes
// JSON to bench/results/. Times are reported, never asserted.
//
//   node bench/run.mjs                 every size, every measurement (the peer up to 10k only)
//   node bench/run.mjs --sizes 1000,10000 --no-peer --reps 3
//   --edits N                          keystrokes (and undos) per incremental measurement (200)
//   --server-flags "…"                 the language server's V8 flags instead of the extension's
//                                      (client/src/server-node-flags.json); '' for none
//   --no-kustomize                     skip target 7 (bench/kustomize.mjs, run as a child otherwise)
//   node bench/run.mjs --smoke         1k only, few repetitions, no peer; exits non-zero when the
//                                      output is not sane (no diagnostics, dead selectors missed)
//
// The engine is bundled from server/src with esbuild (as the shipped server is), the language
// server is dist/server.js (built first), and the corpus comes from bench/corpus.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { nodeBundle } from '../scripts/esbuild-options.mjs';
import { coldRun } from './cold-index.mjs';
import { CORPUS_DIR, clusterSettingsFor, generateCorpus, readYamlFiles, writeCorpus } from './corpus.mjs';
import { engineFirstTraces, lspFirstTraces, lspTraceTargets } from './first-trace.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const RESULTS = join(HERE, 'results');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const SMOKE = flag('--smoke');
const SIZES = (option('--sizes') ?? (SMOKE ? '1000' : '1000,10000,50000')).split(',').map(Number);
const PEER = !SMOKE && !flag('--no-peer');
const LSP = !flag('--no-lsp');
const PEER_MAX = 10000;
// The language server's V8 flags: those the extension starts it with, unless `--server-flags "…"` (space-separated, '' for none).
const SERVER_NODE_FLAGS =
  option('--server-flags')?.split(' ').filter(Boolean) ??
  JSON.parse(readFileSync(join(ROOT, 'client/src/server-node-flags.json'), 'utf8'));
const INCREMENTAL_SIZE = SMOKE ? 1000 : Number(option('--incremental-size') ?? 10000);
const repsFor = (size) => Number(option('--reps') ?? (SMOKE ? 2 : size <= 1000 ? 10 : size <= 10000 ? 5 : 3));
/** The size target 3 (LSP cold against \`kroute check\`) is measured at. */
const T3_SIZE = 10000;
// Target 3's ratio at 10k takes six pairs: one pair's ratio spreads ±10% on the 2-core VM.
const lspRepsFor = (size) => (SMOKE ? 1 : size === T3_SIZE ? 6 : size <= 1000 ? 5 : size <= 10000 ? 3 : 2);

// Collect garbage between runs so one run's garbage is not billed to the next.
if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...argv], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
const gc = () => {
  globalThis.gc();
  globalThis.gc();
};

const log = (...a) => console.error('[bench]', ...a);
const now = () => performance.now();

// ---------------------------------------------------------------------------------------------
// Building what is measured

function buildEngine() {
  const esbuild = require('esbuild');
  mkdirSync(RESULTS, { recursive: true });
  const outfile = join(RESULTS, '.engine.cjs');
  const features = join(ROOT, 'server/src/engine/features');
  const lines = [
    "export { Workspace } from './server/src/engine/workspace';",
    "export { rules } from './server/src/engine/rules';",
    // The parser as bundled (see scripts/esbuild-options.mjs), for the second floor.
    "export { parseAllDocuments } from 'yaml';",
    // What a kroute/trace request computes, and a node's full rule set (issue 21, target 6).
    "export { answerTrace } from './server/src/lsp/features/trace';",
    "export { iptablesSave } from './server/src/engine/proxy/iptables';",
  ];
  // Hover and code lens functions, when they exist (another module may still be in the works).
  for (const [name, file] of [
    ['hover', 'hover.ts'],
    ['codeLens', 'codeLens.ts'],
  ]) {
    if (existsSync(join(features, file)))
      lines.push(`export * as ${name} from './server/src/engine/features/${file.replace(/\.ts$/, '')}';`);
  }
  esbuild.buildSync({
    stdin: { contents: lines.join('\n'), resolveDir: ROOT, loader: 'ts' },
    ...nodeBundle,
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

function buildServer() {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

function ensureCorpus(size) {
  const dir = join(CORPUS_DIR, String(size));
  const manifestPath = join(dir, 'MANIFEST.json');
  const expected = generateCorpus(size);
  let manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined;
  if (
    !manifest ||
    manifest.files !== expected.planted.files ||
    manifest.deadSelectors?.length !== expected.planted.deadSelectors.length
  ) {
    log(`writing corpus ${size}…`);
    manifest = writeCorpus(size);
  }
  return { dir, manifest, files: readYamlFiles(dir) };
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** The least, median and greatest of a[i] / b[i]. */
function ratioRange(a, b) {
  const r = a.map((x, i) => x / b[i]);
  return { min: Math.min(...r), median: stats(r).median, max: Math.max(...r) };
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1] };
}

// ---------------------------------------------------------------------------------------------
// Floor and kroute cold (engine)

function floorRun(files, parse = parseAllDocuments) {
  const t = now();
  const cpu = process.cpuUsage();
  let docs = 0;
  for (const f of files) docs += parse(f.text).length;
  const used = process.cpuUsage(cpu);
  return { ms: now() - t, cpuMs: (used.user + used.system) / 1000, docs };
}

function summarize(ws, diagnostics) {
  const cluster = ws.cluster();
  let count = 0;
  let problems = 0;
  const byCode = {};
  const dead = new Set();
  for (const list of diagnostics.values()) {
    for (const d of list) {
      count++;
      if (d.severity === 'error' || d.severity === 'warning') problems++;
      byCode[d.code] = (byCode[d.code] ?? 0) + 1;
      if (d.code === 'selector-matches-nothing') dead.add(d.resource.replace(/^Service /, ''));
    }
  }
  // What backs each live Service (to explain where the peer disagrees).
  const backedBy = new Map();
  for (const s of cluster.services)
    if (s.selectedPods?.length) backedBy.set(s.key, s.selectedPods[0].workload?.split('/')[1] ?? 'Pod');
  const withoutIP = cluster.pods.filter((p) => !p.ip && p.phase !== 'Succeeded' && p.phase !== 'Failed').length;
  return {
    diagnostics: count,
    problems,
    byCode,
    dead,
    backedBy,
    manifests: cluster.resources.length,
    pods: cluster.pods.length,
    podsWithoutIP: withoutIP,
    services: cluster.services.filter((s) => s.resource).length,
  };
}

/**
 * `kroute check` over the corpus as a user runs it: a new process (start-up, reading the files,
 * the model, every rule, the report written), timed from spawn to exit.
 */
function cliRun(corpusDir, settings) {
  const args = [
    join(ROOT, 'dist/cli.js'),
    'check',
    corpusDir,
    '--format',
    'json',
    '--nodes',
    String(settings.nodes),
    '--pod-cidr',
    settings.podCIDR,
  ];
  if (settings.nodePortRange) args.push('--node-port-range', settings.nodePortRange);
  const t = now();
  const cpu = childrenCpuMs();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = now() - t;
  const cpuMs = childrenCpuMs() - cpu;
  // Exit 1: the corpus has errors on purpose; 2 is a usage or input error.
  if (r.status !== 0 && r.status !== 1) throw new Error(`kroute check failed (${r.status}): ${r.stderr}`);
  return { ms, cpuMs, findings: JSON.parse(r.stdout).length };
}

/**
 * CPU time (user + system, every thread) of this process's finished children, from /proc/self/stat
 * (Linux; 10 ms ticks): what a run costs without the waits of a machine whose cores are busy.
 */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), counted here from field 3.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * The engine's cold index in a fresh process (bench/cold-index.mjs), with nothing else on its heap:
 * its time, and its memory once collected ({ ms, rss, heapUsed, files }).
 */
function coldIndexProcess(enginePath, corpusDir, settings) {
  const args = [join(HERE, 'cold-index.mjs'), enginePath, corpusDir, JSON.stringify(settings)];
  const r = spawnSync(process.execPath, ['--expose-gc', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`cold-index.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------------------------------------
// The language server over stdio

class LspClient {
  constructor(settings) {
    const rpc = require('vscode-jsonrpc/node');
    this.settings = settings;
    // With the V8 flags the extension starts it with (client/src/extension.ts).
    this.proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(ROOT, 'dist/server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.proc.stdout),
      new rpc.StreamMessageWriter(this.proc.stdin),
    );
    this.diagnostics = new Map();
    this.lastPublish = 0;
    this.statuses = [];
    this.waiters = [];
    this.versions = new Map();
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.lastPublish = now();
      this.diagnostics.set(p.uri, p.diagnostics);
      this.wake({ kind: 'publish', uri: p.uri, at: this.lastPublish });
    });
    this.conn.onNotification('kroute/status', (p) => {
      this.statuses.push(p);
      this.wake({ kind: 'status', status: p });
    });
    this.conn.onNotification('window/logMessage', () => {});
    this.conn.onRequest('workspace/configuration', (p) =>
      p.items.map((i) => (i.section === 'kroute' ? this.settings : i.section === 'files.exclude' ? {} : null)),
    );
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  wake(event) {
    for (const w of this.waiters.splice(0)) w(event);
  }

  /** Resolves with the first event for which `test` returns true. */
  next(test, what, timeoutMs = 600000) {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`)),
        timeoutMs,
      );
      const listen = (event) => {
        if (test(event)) {
          clearTimeout(timer);
          resolvePromise(event);
        } else this.waiters.push(listen);
      };
      this.waiters.push(listen);
    });
  }

  async initialize(folder) {
    const uri = pathToFileURL(folder).href;
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'corpus' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    this.capabilities = result.capabilities;
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri, text) {
    this.versions.set(uri, 1);
    return this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  }

  /** One incremental edit: replace [start, end) (LSP positions) with `text`. */
  edit(uri, range, text) {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /** Resident set size of the server process, from /proc (Linux). */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
    } catch {
      return { rss: NaN, peakRss: NaN };
    }
  }

  async dispose() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // Already gone.
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/** initialize → the server's first "ready" status, which it sends right after publishing every file. */
async function lspCold(corpus, settings) {
  const client = new LspClient(settings);
  const started = now();
  const ready = client.next((e) => e.kind === 'status' && e.status.state === 'ready', 'the first ready status');
  await client.initialize(corpus.dir);
  const { status } = await ready;
  const lastPublish = client.lastPublish;
  const published = [...client.diagnostics.values()].filter((d) => d.length).length;
  return { client, ms: lastPublish - started, readyMs: now() - started, published, status };
}

// ---------------------------------------------------------------------------------------------
// The peer: @monokle/validation with only resource-links

async function peerRun(files, rootDir) {
  const lib = join(ROOT, 'node_modules/@monokle/validation/lib');
  const monokle = await import(pathToFileURL(join(lib, 'node.js')).href);
  const { processRefs } = await import(pathToFileURL(join(lib, 'references/process.js')).href);
  const started = now();
  // What the Monokle app and CLI do: one resource per YAML document, with its text and file offset.
  const resources = [];
  for (const f of files) {
    const rel = relative(rootDir, f.path);
    const docs = parseAllDocuments(f.text);
    docs.forEach((doc, i) => {
      const content = doc.toJS();
      if (!content || typeof content !== 'object' || !content.kind || !content.apiVersion) return;
      const [start, , end] = doc.range;
      const fileOffset = f.text.slice(0, start).split('\n').length - 1;
      resources.push({
        id: `${rel}#${i}`,
        fileId: rel,
        filePath: rel,
        fileOffset,
        name: content.metadata?.name ?? '',
        apiVersion: content.apiVersion,
        kind: content.kind,
        ...(content.metadata?.namespace ? { namespace: content.metadata.namespace } : {}),
        content,
        text: f.text.slice(start, end),
      });
    });
  }
  const parsed = now();
  const parser = new monokle.ResourceParser();
  const validator = new monokle.MonokleValidator({
    loader: new monokle.RemotePluginLoader(),
    parser,
    schemaLoader: new monokle.SchemaLoader(),
    suppressors: [],
    fixer: new monokle.DisabledFixer(),
  });
  await validator.preload({ plugins: { 'resource-links': true } });
  const loaded = now();
  processRefs(resources, parser);
  const refsDone = now();
  const response = await validator.validate({ resources });
  const done = now();
  const byId = new Map(resources.map((r) => [r.id, r]));
  const dead = new Set();
  let results = 0;
  for (const run of response.runs) {
    for (const r of run.results) {
      results++;
      const id = r.locations?.find((l) => l.physicalLocation?.artifactLocation?.uriBaseId === 'RESOURCE')
        ?.physicalLocation.artifactLocation.uri;
      const res = id ? byId.get(id) : undefined;
      if (res?.kind === 'Service' && r.ruleId === 'LNK001') dead.add(`${res.namespace ?? 'default'}/${res.name}`);
    }
  }
  return {
    ms: done - started - (loaded - parsed), // validator preload (plugin loading) is not billed
    parseMs: parsed - started,
    refsMs: refsDone - loaded,
    validateMs: done - refsDone,
    results,
    dead,
    resources: resources.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Incremental edits, hover and code lens

/** A Service with a live selector and a Deployment whose labels anchor feeds its selector, in one file. */
function pickTargets(corpus) {
  for (const f of corpus.files) {
    const m = /^ {2}name: ([a-z0-9-]+)\n {2}namespace: ([a-z-]+)\n {2}labels: &labels\n {4}app: \1\n/m.exec(f.text);
    if (!m || !f.text.includes('    matchLabels: *labels')) continue;
    const name = m[1];
    const svcAt = f.text.indexOf(`kind: Service\nmetadata:\n  name: ${name}\n`);
    if (svcAt < 0) continue;
    const selAt = f.text.indexOf(`  selector:\n    app: ${name}\n`, svcAt);
    if (selAt < 0) continue;
    const serviceValueEnd = selAt + `  selector:\n    app: ${name}`.length;
    const deployValueEnd = m.index + m[0].length - 1;
    const serviceNameAt = svcAt + 'kind: Service\nmetadata:\n  name: '.length;
    return { file: f, name, namespace: m[2], serviceValueEnd, deployValueEnd, selectorKeyAt: selAt + 2, serviceNameAt };
  }
  throw new Error('no Deployment + Service pair to edit in the corpus');
}

function positionAt(text, offset) {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, character: offset - last - 1 };
}

const insertAt = (text, offset, s) => text.slice(0, offset) + s + text.slice(offset);

function engineIncremental(ws, target, which, reps) {
  const base = target.file.text;
  const offset = which === 'service' ? target.serviceValueEnd : target.deployValueEnd;
  const edited = insertAt(base, offset, 'x');
  const deadBefore = countCode(ws.diagnostics().get(target.file.uri), 'selector-matches-nothing');
  const samples = [];
  const model = [];
  const rules = [];
  // CPU time of this process per keystroke (all its threads, GC helpers too): what it costs without the waits of a busy machine.
  const cpu = [];
  const before = { ...ws.rebuilds };
  let deadAfter = 0;
  // This process still holds the garbage of the floor and cold runs, which the language server,
  // after its one index, does not: collected first, so no old-generation GC of it lands in here.
  gc();
  // Alternating keystroke / its undo: each one changes the model (the selector goes dead and back).
  for (let i = 0; i < reps * 2; i++) {
    const text = i % 2 === 0 ? edited : base;
    const t = now();
    const c = process.cpuUsage();
    ws.setFile(target.file.uri, text);
    ws.cluster();
    const m = now();
    const d = ws.diagnostics();
    const end = now();
    const used = process.cpuUsage(c);
    if (i % 2 === 0) deadAfter = countCode(d.get(target.file.uri), 'selector-matches-nothing');
    if (i >= 2) {
      // the first pair warms up
      samples.push(end - t);
      model.push(m - t);
      rules.push(end - m);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  const rebuilds = { incremental: ws.rebuilds.incremental - before.incremental, full: ws.rebuilds.full - before.full };
  return {
    ...stats(samples),
    model: stats(model),
    rules: stats(rules),
    cpu: stats(cpu),
    rebuilds,
    deadBefore,
    deadAfter,
  };
}

function countCode(list, code) {
  return (list ?? []).filter((d) => d.code === code).length;
}

async function lspIncremental(client, target, which, reps) {
  const uri = target.file.uri;
  const base = target.file.text;
  const offset = which === 'service' ? target.serviceValueEnd : target.deployValueEnd;
  const pos = positionAt(base, offset);
  const after = { line: pos.line, character: pos.character + 1 };
  const deadNow = () =>
    countCode(
      client.diagnostics.get(uri)?.map((d) => ({ code: d.code })),
      'selector-matches-nothing',
    );
  const baseline = deadNow();
  const samples = [];
  for (let i = 0; i < reps * 2; i++) {
    const typing = i % 2 === 0;
    const want = typing ? baseline + 1 : baseline;
    const published = client.next(
      (e) => e.kind === 'publish' && e.uri === uri && deadNow() === want,
      `diagnostics after ${which} edit ${i}`,
      120000,
    );
    const t = now();
    await client.edit(uri, typing ? { start: pos, end: pos } : { start: pos, end: after }, typing ? 'x' : '');
    const e = await published;
    if (i >= 2) samples.push(e.at - t);
  }
  return stats(samples);
}

function timeCalls(fn, reps) {
  const samples = [];
  let result;
  for (let i = 0; i < reps + 5; i++) {
    const t = now();
    result = fn();
    const ms = now() - t;
    if (i >= 5) samples.push(ms);
  }
  return { ...stats(samples), result };
}

/** Calls the engine's hover / code lens functions with whatever signature they have (workspace, uri, position). */
function engineFeature(engine, name, ws, uri, position) {
  const mod = engine[name];
  if (!mod) return undefined;
  const preferred = { hover: 'hover', codeLens: 'codeLenses' }[name];
  const fn =
    (typeof mod[preferred] === 'function' ? mod[preferred] : undefined) ??
    Object.entries(mod).find(([k, v]) => typeof v === 'function' && k.toLowerCase().includes(name.toLowerCase()))?.[1];
  if (!fn) return undefined;
  const attempts =
    name === 'hover'
      ? [
          () => fn(ws, uri, position),
          () => fn(ws.cluster(), ws.file(uri), position),
          () => fn(ws.cluster(), ws.files(), uri, position),
        ]
      : [() => fn(ws, uri), () => fn(ws.cluster(), ws.file(uri)), () => fn(ws.cluster(), ws.files(), uri)];
  for (const attempt of attempts) {
    try {
      const r = attempt();
      if (r !== undefined && r !== null) return attempt;
    } catch {
      // Try the next shape.
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Main

const fmt = (ms) =>
  ms === undefined || Number.isNaN(ms)
    ? 'n/a'
    : ms >= 10000
      ? `${(ms / 1000).toFixed(1)} s`
      : ms >= 100
        ? `${ms.toFixed(0)} ms`
        : ms >= 10
          ? `${ms.toFixed(1)} ms`
          : `${ms.toFixed(2)} ms`;
const mb = (bytes) => (bytes === undefined || Number.isNaN(bytes) ? 'n/a' : `${(bytes / 1048576).toFixed(0)} MB`);
const pair = (s) => (s ? `${fmt(s.median)} / ${fmt(s.p95)}` : 'n/a');
const fmtRange = (a) => (a.length ? `${fmt(Math.min(...a))}–${fmt(Math.max(...a))}` : 'n/a');

async function main() {
  const startedAt = new Date();
  const problems = [];
  const check = (ok, message) => {
    if (!ok) problems.push(message);
  };
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; language server flags: ${SERVER_NODE_FLAGS.join(' ') || '(none)'}`,
  );
  if (!SMOKE || !existsSync(join(ROOT, 'dist/server.js'))) buildServer();
  const enginePath = buildEngine();
  const engine = require(enginePath);
  const results = {
    startedAt: startedAt.toISOString(),
    machine: machine(),
    serverFlags: SERVER_NODE_FLAGS,
    smoke: SMOKE,
    git: gitState(),
    sizes: {},
  };

  for (const size of SIZES) {
    const corpus = ensureCorpus(size);
    const settings = clusterSettingsFor(size);
    const reps = repsFor(size);
    const r = (results.sizes[size] = {
      size,
      files: corpus.files.length,
      bytes: corpus.manifest.bytes,
      sha256: corpus.manifest.sha256,
      settings,
    });
    log(
      `${size}: ${corpus.files.length} files, ${(corpus.manifest.bytes / 1e6).toFixed(1)} MB, settings ${JSON.stringify(settings)}`,
    );

    // Floor and engine cold, interleaved so both see the same machine state.
    const floor = [];
    const bundledFloor = [];
    const cold = [];
    const cli = [];
    const cliCpu = [];
    const floorCpu = [];
    let cliFindings;
    let last;
    for (let i = 0; i < reps + 1; i++) {
      // eslint-disable-next-line no-useless-assignment -- drops the reference so gc() can free the workspace
      last = undefined;
      gc();
      const f = floorRun(corpus.files);
      gc();
      const b = floorRun(corpus.files, engine.parseAllDocuments);
      gc();
      const c = coldRun(engine, corpus.files, settings);
      // eslint-disable-next-line no-useless-assignment -- drops the reference so gc() can free the workspace
      last = undefined;
      gc();
      const k = cliRun(corpus.dir, settings);
      cliFindings = k.findings;
      if (i > 0 || reps === 1) {
        floor.push(f.ms);
        bundledFloor.push(b.ms);
        cold.push(c.ms);
        cli.push(k.ms);
        cliCpu.push(k.cpuMs);
        floorCpu.push(f.cpuMs);
      }
      last = c;
      log(
        `  run ${i}: floor ${fmt(f.ms)} (as bundled ${fmt(b.ms)}), kroute cold ${fmt(c.ms)}, kroute check process ${fmt(k.ms)}${i === 0 && reps > 1 ? ' (warm-up)' : ''}`,
      );
    }
    r.floor = stats(floor);
    r.bundledFloor = stats(bundledFloor);
    r.cold = stats(cold);
    r.coldOverFloor = r.cold.median / r.floor.median;
    r.coldOverBundledFloor = r.cold.median / r.bundledFloor.median;
    r.cliCold = stats(cli);
    r.cliOverFloor = r.cliCold.median / r.floor.median;
    // The floor and the process alternate: each pair ran in the same minute, so the spread of their ratios is the machine's.
    r.cliOverFloorRange = ratioRange(cli, floor);
    r.cliCpu = stats(cliCpu);
    r.floorCpu = stats(floorCpu);
    const summary = summarize(last.ws, last.diagnostics);
    r.model = { ...summary, dead: summary.dead.size, backedBy: undefined };
    const planted = new Set(corpus.manifest.deadSelectors);
    const missed = [...planted].filter((k) => !summary.dead.has(k));
    const extra = [...summary.dead].filter((k) => !planted.has(k));
    r.model.deadMissed = missed.length;
    r.model.deadExtra = extra.length;
    check(summary.diagnostics > 0, `${size}: no diagnostics`);
    check(
      summary.dead.size > 0 && missed.length === 0 && extra.length === 0,
      `${size}: dead selectors found ${summary.dead.size}, planted ${planted.size}, missed ${missed.length}, unexpected ${extra.length}`,
    );
    check(
      (summary.byCode['nodeport-out-of-range'] ?? 0) === corpus.manifest.nodePortsOutOfRange.length,
      `${size}: nodeport-out-of-range ${summary.byCode['nodeport-out-of-range'] ?? 0}, planted ${corpus.manifest.nodePortsOutOfRange.length}`,
    );
    check(
      cliFindings === summary.diagnostics,
      `${size}: kroute check reported ${cliFindings} findings, the engine ${summary.diagnostics}`,
    );
    check(summary.podsWithoutIP === 0, `${size}: ${summary.podsWithoutIP} pods without an IP`);
    log(
      `  ${summary.diagnostics} diagnostics ${JSON.stringify(summary.byCode)}; ${summary.pods} pods (${summary.podsWithoutIP} without IP), ${summary.services} Services`,
    );

    // Incremental, hover and code lens on the engine (10k by default).
    if (size === INCREMENTAL_SIZE) {
      const target = pickTargets(corpus);
      r.target = { uri: relative(corpus.dir, target.file.path), service: `${target.namespace}/${target.name}` };
      // 200 edits and their undos: 400 samples, enough for a p95 that is not one unlucky keystroke.
      const incReps = SMOKE ? 5 : Number(option('--edits') ?? 200);
      r.incremental = {
        service: engineIncremental(last.ws, target, 'service', incReps),
        deployment: engineIncremental(last.ws, target, 'deployment', incReps),
      };
      for (const [k, v] of Object.entries(r.incremental)) {
        check(
          v.deadAfter === v.deadBefore + 1,
          `${size}: a ${k} keystroke did not update the dead-selector diagnostic (${v.deadBefore} → ${v.deadAfter})`,
        );
        log(
          `  incremental ${k}: p50 ${fmt(v.median)} p95 ${fmt(v.p95)} (model: p50 ${fmt(v.model.median)} p95 ${fmt(v.model.p95)}; rules: p50 ${fmt(v.rules.median)} p95 ${fmt(v.rules.p95)}; CPU time: p50 ${fmt(v.cpu.median)} p95 ${fmt(v.cpu.p95)}; rebuilds ${JSON.stringify(v.rebuilds)})`,
        );
      }
      // What each rule costs on this cluster (one full pass each; the profile's view of the rules stage).
      r.ruleCosts = {};
      const cluster = last.ws.cluster();
      for (const rule of engine.rules ?? []) {
        const times = [];
        for (let i = 0; i < 3; i++) {
          const t = now();
          rule.check({ cluster, files: last.ws.files() }, () => {});
          times.push(now() - t);
        }
        r.ruleCosts[rule.code] = stats(times).median;
      }
      const top = Object.entries(r.ruleCosts)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([c, ms]) => `${c} ${fmt(ms)}`)
        .join(', ');
      log(`  rules, one pass each: ${top}`);
      const position = positionAt(target.file.text, target.serviceNameAt);
      for (const name of ['hover', 'codeLens']) {
        const call = engineFeature(engine, name, last.ws, target.file.uri, position);
        if (call) {
          const { result, ...s } = timeCalls(call, SMOKE ? 20 : 200);
          r[name] = { ...s, empty: !result || (Array.isArray(result) && !result.length) };
          check(!r[name].empty, `${size}: ${name} on Service ${target.name} returned nothing`);
          log(`  ${name}: p50 ${fmt(s.median)} p95 ${fmt(s.p95)}`);
        } else {
          r[name] = null;
          log(`  ${name}: not available in the engine yet`);
        }
      }
    }
    if (size === INCREMENTAL_SIZE) {
      // The first kroute/trace request on a node: in the corpus as it is (41 directory apps of ~126
      // Services) and with every file in one app (~5,000 Services on each node), a new workspace.
      const traces = SMOKE ? 3 : 9;
      r.firstTrace = engineFirstTraces(engine, last.ws, traces);
      // eslint-disable-next-line no-useless-assignment -- drops the reference so gc() can free the workspace
      last = undefined;
      gc();
      const oneApp = new engine.Workspace({
        settings,
        root: pathToFileURL(corpus.dir).href,
        apps: [{ name: 'all', paths: ['.'] }],
      });
      for (const f of corpus.files) oneApp.setFile(f.uri, f.text);
      oneApp.diagnostics();
      r.firstTraceOneApp = engineFirstTraces(engine, oneApp, traces, { fullRules: true });
      for (const [k, v] of [
        ['41 apps', r.firstTrace],
        ['one app', r.firstTraceOneApp],
      ]) {
        log(
          `  first kroute/trace on a node, ${k}: the session's first ${fmt(v.first.wall)} (CPU ${fmt(v.first.cpu)}), next nodes' first p50 ${fmt(stats(v.next.wall).median)} max ${fmt(stats(v.next.wall).max)} (CPU p50 ${fmt(stats(v.next.cpu).median)} max ${fmt(stats(v.next.cpu).max)})${v.fullRules ? `; a node's full rule set (kroute iptables, ${v.fullRules.lines} lines) ${fmt(v.fullRules.wall)}` : ''}`,
        );
      }
    }
    last = undefined;
    gc();

    // Memory of the engine alone (fresh process).
    r.engineMemory = coldIndexProcess(enginePath, corpus.dir, settings);
    log(`  engine after cold index: heap ${mb(r.engineMemory.heapUsed)}, RSS ${mb(r.engineMemory.rss)}`);

    // End to end over LSP.
    if (LSP) {
      const lspSamples = [];
      // Target 3's ratio: each LSP cold start right after a \`kroute check\` process, so that both ran
      // in the same minute of the machine (the check runs above came minutes earlier).
      const pairedCli = [];
      for (let i = 0; i < lspRepsFor(size); i++) {
        if (size === T3_SIZE) pairedCli.push(cliRun(corpus.dir, settings).ms);
        const c = await lspCold(corpus, settings);
        lspSamples.push(c.ms);
        r.lspPublishedFiles = c.published;
        r.lspStatus = c.status;
        check(
          c.status.problems === summary.problems,
          `${size}: LSP status reports ${c.status.problems} problems, engine ${summary.problems}`,
        );
        log(
          `  LSP cold ${i}: last publishDiagnostics after ${fmt(c.ms)} (${c.published} files with diagnostics)${size === T3_SIZE ? `; kroute check just before ${fmt(pairedCli[i])}, ratio ${(c.ms / pairedCli[i]).toFixed(2)}` : ''}`,
        );
        await new Promise((res) => setTimeout(res, 200));
        const memory = c.client.memory();
        const isLast = i === lspRepsFor(size) - 1;
        if (isLast) {
          r.serverMemory = memory;
          if (size === INCREMENTAL_SIZE)
            await lspInteractive(c.client, corpus, r, SMOKE ? 5 : Number(option('--edits') ?? 200));
        }
        await c.client.dispose();
      }
      r.lspCold = stats(lspSamples);
      if (pairedCli.length) {
        r.lspPairedCli = stats(pairedCli);
        r.lspOverCliRange = ratioRange(lspSamples, pairedCli);
      }
    }

    // The peer, once per size, never above 10k.
    if (PEER && size <= PEER_MAX) {
      gc();
      log(`  peer (@monokle/validation, resource-links)…`);
      const p = await peerRun(corpus.files, corpus.dir);
      r.peer = {
        ms: p.ms,
        parseMs: p.parseMs,
        refsMs: p.refsMs,
        validateMs: p.validateMs,
        results: p.results,
        resources: p.resources,
        dead: p.dead.size,
      };
      const kroute = summary.dead;
      r.peer.deadBoth = [...p.dead].filter((k) => kroute.has(k)).length;
      const onlyPeer = [...p.dead].filter((k) => !kroute.has(k));
      // The peer's extra findings by what actually backs the Service in kroute's model.
      r.peer.deadOnlyPeer = onlyPeer.length;
      r.peer.deadOnlyPeerBackedBy = {};
      for (const k of onlyPeer) {
        const kind = summary.backedBy.get(k) ?? 'nothing';
        r.peer.deadOnlyPeerBackedBy[kind] = (r.peer.deadOnlyPeerBackedBy[kind] ?? 0) + 1;
      }
      r.peer.deadOnlyKroute = [...kroute].filter((k) => !p.dead.has(k)).length;
      r.peerOverKroute = p.ms / r.cold.median;
      log(
        `  peer: ${fmt(p.ms)} (parse ${fmt(p.parseMs)}, processRefs ${fmt(p.refsMs)}, validate ${fmt(p.validateMs)}); dead selectors: peer ${p.dead.size}, kroute ${kroute.size}, both ${r.peer.deadBoth}; peer only, by what backs them in kroute: ${JSON.stringify(r.peer.deadOnlyPeerBackedBy)}`,
      );
    }
    gc();
    finish(results, problems, startedAt, false);
  }

  // Target 7 has a workspace of its own (50 kustomizations) and its own script.
  if (!SMOKE && !flag('--no-kustomize')) {
    log('kustomize: node bench/kustomize.mjs');
    const r = spawnSync(process.execPath, ['--expose-gc', join(HERE, 'kustomize.mjs')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    results.kustomize =
      r.status === 0 ? r.stdout.trim() : `- 7. kustomize: bench/kustomize.mjs failed (exit ${r.status}) — not measured`;
  }

  if (!SMOKE && SIZES.includes(10000) && SIZES.includes(50000)) {
    results.growthPairs = coldGrowthPairs(enginePath, 10000, 50000, repsFor(50000));
    const g = results.growthPairs;
    log(
      `growth 10k→50k in alternated pairs (kroute cold, engine, a process each): per-manifest ${g.median.toFixed(2)} (pairs ${g.ms.map(([a, b], i) => `${fmt(a)} / ${fmt(b)}: ${g.ratios[i].toFixed(2)}`).join(', ')})`,
    );
  }
  finish(results, problems, startedAt, true);
}

/**
 * Target 4's cold growth with both sizes in the same minutes: the engine's cold index at `small` then
 * at `large`, alternated `pairs` times, each in a process of its own (bench/cold-index.mjs). The
 * size blocks above run minutes apart, and on a machine whose speed drifts (a third between minutes
 * on the 2-core VM) their ratio measures the drift as much as kroute: the floor, a linear parse,
 * "grew" 1.10 between the blocks of one run. And an index run inside this process shares its heap
 * with everything the bench holds (both corpora, the earlier sizes' results), which every major
 * GC of the larger run marks again: pairs run here spread 0.82–1.21 between runs, where no cold
 * start of kroute carries that heap.
 */
function coldGrowthPairs(enginePath, small, large, pairs) {
  const corpora = [small, large].map((size) => ({ dir: ensureCorpus(size).dir, settings: clusterSettingsFor(size) }));
  const ratios = [];
  const ms = [];
  for (let i = 0; i < pairs; i++) {
    const [a, b] = corpora.map(({ dir, settings }) => coldIndexProcess(enginePath, dir, settings).ms);
    ms.push([a, b]);
    ratios.push(b / large / (a / small));
  }
  return { median: stats(ratios).median, ratios, ms };
}

/** Growth, table and files; called after every size (so an interrupted run keeps what it measured) and at the end. */
function finish(results, problems, startedAt, final) {
  // Growth: cold time and memory per manifest from each size to the next.
  const sizes = Object.keys(results.sizes)
    .map(Number)
    .sort((a, b) => a - b);
  results.growth = [];
  for (let i = 1; i < sizes.length; i++) {
    const a = results.sizes[sizes[i - 1]];
    const b = results.sizes[sizes[i]];
    const x = b.size / a.size;
    results.growth.push({
      from: a.size,
      to: b.size,
      sizeRatio: x,
      cold: b.cold.median / a.cold.median / x,
      floor: b.floor.median / a.floor.median / x,
      heap: b.engineMemory.heapUsed / a.engineMemory.heapUsed / x,
      rss: b.serverMemory ? b.serverMemory.rss / a.serverMemory.rss / x : undefined,
      cliCpu: b.cliCpu && a.cliCpu ? b.cliCpu.median / a.cliCpu.median / x : undefined,
    });
  }

  results.problems = problems;
  const table = markdown(results);
  if (final) console.log(table);
  mkdirSync(RESULTS, { recursive: true });
  const json = JSON.stringify(results, (k, v) => (v instanceof Set ? [...v] : v), 2);
  const name = `${results.merged ? 'merged' : SMOKE ? 'smoke' : 'bench'}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(join(RESULTS, name), json);
  writeFileSync(join(RESULTS, SMOKE ? 'smoke-latest.json' : 'latest.json'), json);
  writeFileSync(join(RESULTS, SMOKE ? 'smoke-latest.md' : 'latest.md'), table + '\n');
  if (!final) return;
  log(`wrote bench/results/${name}`);
  if (problems.length) {
    for (const p of problems) console.error(`bench: NOT SANE: ${p}`);
    process.exit(1);
  }
}

async function lspInteractive(client, corpus, r, reps) {
  const target = pickTargets(corpus);
  await client.open(target.file.uri, target.file.text);
  r.lspIncremental = {};
  for (const which of ['service', 'deployment']) {
    r.lspIncremental[which] = await lspIncremental(client, target, which, reps);
    log(
      `  LSP incremental ${which}: p50 ${fmt(r.lspIncremental[which].median)} p95 ${fmt(r.lspIncremental[which].p95)} (didChange → publishDiagnostics)`,
    );
  }
  const position = positionAt(target.file.text, target.serviceNameAt);
  const caps = client.capabilities ?? {};
  const textDocument = { uri: target.file.uri };
  const timed = async (method, params, n) => {
    const samples = [];
    let result;
    for (let i = 0; i < n + 3; i++) {
      const t = now();
      result = await client.request(method, params);
      if (i >= 3) samples.push(now() - t);
    }
    return { ...stats(samples), empty: result === null || (Array.isArray(result) && !result.length) };
  };
  r.lspHover = caps.hoverProvider
    ? await timed('textDocument/hover', { textDocument, position }, SMOKE ? 10 : 100)
    : null;
  r.lspCodeLens = caps.codeLensProvider
    ? await timed('textDocument/codeLens', { textDocument }, SMOKE ? 10 : 100)
    : null;
  r.lspFirstTrace = await lspFirstTraces(client, SMOKE ? 3 : 9);
  r.lspTraceTargets = await lspTraceTargets(client, SMOKE ? 1 : 5);
  const picker = (t) => `${fmt(t.median)} (${(t.bytes / 1e6).toFixed(2)} MB)`;
  log(
    `  LSP trace pickers (kroute/traceTargets): Services ${picker(r.lspTraceTargets.services)}, a Service's sources ${picker(r.lspTraceTargets.sources)}; the whole answer ${picker(r.lspTraceTargets.whole)}`,
  );
  log(
    `  LSP first kroute/trace on a node: the session's first ${fmt(r.lspFirstTrace.first)}, next nodes' first p50 ${fmt(stats(r.lspFirstTrace.next).median)} max ${fmt(stats(r.lspFirstTrace.next).max)}`,
  );
  log(
    `  LSP hover: ${r.lspHover ? `p50 ${fmt(r.lspHover.median)} p95 ${fmt(r.lspHover.p95)}` : 'not offered by the server yet'}; code lens: ${r.lspCodeLens ? `p50 ${fmt(r.lspCodeLens.median)} p95 ${fmt(r.lspCodeLens.p95)}` : 'not offered yet'}`,
  );
}

/** The commit measured, and whether engine/server sources differ from it. */
function gitState() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const dirty = git('status', '--porcelain', '--', 'server/src').split('\n').filter(Boolean).length;
  return { commit: git('rev-parse', '--short', 'HEAD') || 'unknown', dirtySourceFiles: dirty };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function markdown(res) {
  const sizes = Object.keys(res.sizes).map(Number);
  const col = (f) => sizes.map((s) => f(res.sizes[s]) ?? 'n/a');
  const row = (label, cells) => `| ${label} | ${cells.join(' | ')} |`;
  const lines = [];
  const m = res.machine;
  const commit = `commit ${res.git.commit}${res.git.dirtySourceFiles ? ` + ${res.git.dirtySourceFiles} uncommitted source files` : ''}`;
  lines.push(
    `kroute benchmark ${res.smoke ? '(smoke) ' : ''}— ${res.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${commit}, ${m.cpus} × ${m.model}, ${m.memoryGB} GB, Node ${m.node}`,
  );
  lines.push('');
  lines.push(
    row(
      'median / p95',
      sizes.map((s) => `${s.toLocaleString('en-US')} manifests`),
    ),
  );
  lines.push(`|---|${sizes.map(() => '---').join('|')}|`);
  lines.push(
    row(
      'corpus',
      col(
        (r) =>
          `${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.model.pods.toLocaleString('en-US')} pods on ${r.settings.nodes} nodes`,
      ),
    ),
  );
  lines.push(
    row(
      'floor: yaml parseAllDocuments',
      col((r) => pair(r.floor)),
    ),
  );
  lines.push(
    row(
      '… the same, `yaml` as kroute bundles it (browser build: no per-token `process.env` reads)',
      col((r) => (r.bundledFloor ? pair(r.bundledFloor) : undefined)),
    ),
  );
  lines.push(
    row(
      'kroute cold, engine (index + model + diagnostics)',
      col((r) => pair(r.cold)),
    ),
  );
  lines.push(
    row(
      'kroute cold ÷ floor (÷ floor as bundled)',
      col(
        (r) =>
          `${r.coldOverFloor.toFixed(2)}×${r.coldOverBundledFloor ? ` (${r.coldOverBundledFloor.toFixed(2)}×)` : ''}`,
      ),
    ),
  );
  lines.push(
    row(
      'kroute check, whole process (spawn → exit; JSON report)',
      col((r) => (r.cliCold ? pair(r.cliCold) : undefined)),
    ),
  );
  lines.push(
    row(
      'kroute check ÷ floor (median; per alternated pair min–max)',
      col((r) =>
        r.cliCold
          ? `${r.cliOverFloor.toFixed(2)}× (${r.cliOverFloorRange.min.toFixed(2)}–${r.cliOverFloorRange.max.toFixed(2)}×)`
          : undefined,
      ),
    ),
  );
  lines.push(
    row(
      'CPU time (user + system, all threads): kroute check process / floor',
      col((r) =>
        r.cliCpu
          ? `${fmt(r.cliCpu.median)} / ${fmt(r.floorCpu.median)} (${(r.cliCpu.median / r.floorCpu.median).toFixed(2)}×)`
          : undefined,
      ),
    ),
  );
  lines.push(
    row(
      'kroute cold, LSP stdio (initialize → last publishDiagnostics)',
      col((r) => (r.lspCold ? pair(r.lspCold) : undefined)),
    ),
  );
  lines.push(
    row(
      'diagnostics (dead selectors / NodePorts out of range)',
      col(
        (r) =>
          `${r.model.diagnostics} (${r.model.byCode['selector-matches-nothing'] ?? 0} / ${r.model.byCode['nodeport-out-of-range'] ?? 0})`,
      ),
    ),
  );
  lines.push(
    row(
      'peer: @monokle/validation resource-links (once)',
      col((r) => (r.peer ? fmt(r.peer.ms) : r.size > PEER_MAX ? 'not run (> 10k)' : undefined)),
    ),
  );
  lines.push(
    row(
      'peer ÷ kroute cold',
      col((r) => (r.peer ? `${r.peerOverKroute.toFixed(0)}×` : undefined)),
    ),
  );
  lines.push(
    row(
      'dead selectors: kroute / peer / both',
      col((r) => (r.peer ? `${r.model.dead} / ${r.peer.dead} / ${r.peer.deadBoth}` : `${r.model.dead} / – / –`)),
    ),
  );
  lines.push(
    row(
      'incremental, Service keystroke → all diagnostics (engine p50 / p95)',
      col((r) => (r.incremental ? pair(r.incremental.service) : undefined)),
    ),
  );
  lines.push(
    row(
      '… of which model rebuild (parse + incremental cluster)',
      col((r) => (r.incremental ? pair(r.incremental.service.model) : undefined)),
    ),
  );
  lines.push(
    row(
      "… CPU time of the process per keystroke, all its threads (p50 / p95; what waiting for a busy machine's cores does not inflate)",
      col((r) => (r.incremental?.service.cpu ? pair(r.incremental.service.cpu) : undefined)),
    ),
  );
  lines.push(
    row(
      'incremental, Deployment keystroke → all diagnostics (engine p50 / p95)',
      col((r) => (r.incremental ? pair(r.incremental.deployment) : undefined)),
    ),
  );
  lines.push(
    row(
      '… of which model rebuild (parse + incremental cluster)',
      col((r) => (r.incremental ? pair(r.incremental.deployment.model) : undefined)),
    ),
  );
  lines.push(
    row(
      "… CPU time of the process per keystroke, all its threads (p50 / p95; what waiting for a busy machine's cores does not inflate)",
      col((r) => (r.incremental?.deployment.cpu ? pair(r.incremental.deployment.cpu) : undefined)),
    ),
  );
  lines.push(
    row(
      'incremental via LSP didChange → publishDiagnostics, Service / Deployment (p50 / p95)',
      col((r) =>
        r.lspIncremental ? `${pair(r.lspIncremental.service)}; ${pair(r.lspIncremental.deployment)}` : undefined,
      ),
    ),
  );
  lines.push(
    row(
      'hover on a Service, engine (p50 / p95)',
      col((r) => (r.hover ? pair(r.hover) : r.hover === null ? 'not implemented yet' : undefined)),
    ),
  );
  lines.push(
    row(
      'code lens, engine (p50 / p95)',
      col((r) => (r.codeLens ? pair(r.codeLens) : r.codeLens === null ? 'not implemented yet' : undefined)),
    ),
  );
  lines.push(
    row(
      'hover / code lens via LSP (p50 / p95)',
      col((r) =>
        r.lspHover || r.lspCodeLens
          ? `${pair(r.lspHover)}; ${pair(r.lspCodeLens)}`
          : r.lspHover === null
            ? 'not offered yet'
            : undefined,
      ),
    ),
  );
  const firstTrace = (t) => (t ? `${fmt(t.first.wall)}; ${fmtRange(t.next.wall)}` : undefined);
  lines.push(
    row(
      "first kroute/trace on a node, engine: the session's first; next nodes' first min–max (41 directory apps)",
      col((r) => firstTrace(r.firstTrace)),
    ),
  );
  lines.push(
    row(
      '… the same with every file in one app (~5,000 Services per node)',
      col((r) => firstTrace(r.firstTraceOneApp)),
    ),
  );
  lines.push(
    row(
      "… a node's full rule set, what every first trace on a node built before (one app; kroute iptables)",
      col((r) => (r.firstTraceOneApp?.fullRules ? fmt(r.firstTraceOneApp.fullRules.wall) : undefined)),
    ),
  );
  lines.push(
    row(
      "first kroute/trace on a node via LSP: the session's first; next nodes' first min–max",
      col((r) => (r.lspFirstTrace ? `${fmt(r.lspFirstTrace.first)}; ${fmtRange(r.lspFirstTrace.next)}` : undefined)),
    ),
  );
  lines.push(
    row(
      "trace pickers via LSP (kroute/traceTargets): the Services; a Service's sources; the whole answer (older clients)",
      col((r) =>
        r.lspTraceTargets
          ? [r.lspTraceTargets.services, r.lspTraceTargets.sources, r.lspTraceTargets.whole]
              .map((t) => `${fmt(t.median)} (${(t.bytes / 1e6).toFixed(1)} MB)`)
              .join('; ')
          : undefined,
      ),
    ),
  );
  lines.push(
    row(
      'server RSS after cold index (peak)',
      col((r) => (r.serverMemory ? `${mb(r.serverMemory.rss)} (${mb(r.serverMemory.peakRss)})` : undefined)),
    ),
  );
  lines.push(
    row(
      'engine heap after cold index (GC’d)',
      col((r) => mb(r.engineMemory.heapUsed)),
    ),
  );
  if (res.growth.length) {
    lines.push('');
    lines.push(
      'Growth per manifest (1.00 = linear): ' +
        res.growth
          .map(
            (g) =>
              `${g.from / 1000}k→${g.to / 1000}k: cold ${g.cold.toFixed(2)}, floor ${g.floor.toFixed(2)}, heap ${g.heap.toFixed(2)}${g.rss ? `, RSS ${g.rss.toFixed(2)}` : ''}${g.cliCpu ? `, kroute check CPU time ${g.cliCpu.toFixed(2)}` : ''}`,
          )
          .join('; ') +
        (res.growthPairs
          ? `; 10k→50k kroute cold in alternated pairs ${res.growthPairs.median.toFixed(2)} (${res.growthPairs.ratios.map((x) => x.toFixed(2)).join(', ')})`
          : ''),
    );
  }
  lines.push(...issue21Targets(res));
  lines.push('');
  lines.push(
    `Simulated cluster per size: ${sizes.map((s) => `${s / 1000}k: ${JSON.stringify(res.sizes[s].settings)}`).join('; ')} — every pod gets an IP.`,
  );
  return lines.join('\n');
}

/** Issue 21's targets, each with its value and whether it is met (target 7 from bench/kustomize.mjs). */
function issue21Targets(res) {
  const at = (size) => res.sizes[size];
  const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
  const lines = ['', 'Targets (issue 21):'];
  // Target 1 is set at 10k; the bench measures typing via LSP at INCREMENTAL_SIZE.
  const typing = at(10000)?.lspIncremental;
  lines.push(
    `- 1. keystroke → publishDiagnostics via LSP, p95 ≤ 15 ms at 10k (Service / Deployment): ${typing ? `${fmt(typing.service.p95)} / ${fmt(typing.deployment.p95)}` : 'n/a'} — ${verdict(typing ? typing.service.p95 <= 15 && typing.deployment.p95 <= 15 : undefined)}`,
  );
  const cli = [10000, 50000].filter((s) => at(s)?.cliCold);
  lines.push(
    `- 2. cold \`kroute check\` ≤ 1.0× the floor at 10k and 50k: ${cli.length ? cli.map((s) => `${s / 1000}k ${at(s).cliOverFloor.toFixed(2)}×`).join(', ') : 'n/a'} — ${verdict(cli.length === 2 ? cli.every((s) => at(s).cliOverFloor <= 1.0) : undefined)}`,
  );
  const t3 = at(T3_SIZE);
  const lsp = t3?.lspCold && t3.lspPairedCli ? t3.lspCold.median / t3.lspPairedCli.median : undefined;
  // Judged on the worse of the two statistics: the ratio of the medians, and the median of the
  // pairs' ratios (each pair ran in the same seconds, so it is the one the machine's drift moves least).
  const t3Pairs = t3?.lspOverCliRange;
  lines.push(
    `- 3. LSP cold (initialize → last publishDiagnostics) ≤ 1.15× \`kroute check\`'s cold at 10k, with progress during the scan: ${lsp && t3Pairs ? `${lsp.toFixed(2)}× (${fmt(t3.lspCold.median)} / ${fmt(t3.lspPairedCli.median)}, medians of ${t3.lspCold.n} alternated pairs); the pairs' median ${t3Pairs.median.toFixed(2)}× (${t3Pairs.min.toFixed(2)}–${t3Pairs.max.toFixed(2)}×)` : 'n/a'} — ${verdict(lsp && t3Pairs ? Math.max(lsp, t3Pairs.median) <= 1.15 : undefined)}`,
  );
  const g = res.growth.find((x) => x.from === 10000 && x.to === 50000);
  // Cold time from the alternated pairs when measured (the issue's "ratios measured in one run, alternating").
  const pairs = res.growthPairs;
  const grew = g && [
    [pairs ? 'cold (alternated pairs)' : 'cold', pairs ? pairs.median : g.cold],
    ['heap', g.heap],
    ...(g.rss ? [['server RSS', g.rss]] : []),
  ];
  lines.push(
    `- 4. per-manifest growth 10k → 50k ≤ 1.1 (cold time and memory): ${grew ? grew.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ') : 'n/a'} — ${verdict(grew ? grew.every(([, v]) => v <= 1.1) : undefined)}${g && pairs ? ` (cold from the size blocks, minutes apart: ${g.cold.toFixed(2)}, the floor's ${g.floor.toFixed(2)})` : ''}${g?.cliCpu ? ` (cross-check on a busy machine, kroute check CPU time: ${g.cliCpu.toFixed(2)})` : ''}`,
  );
  const rss = [
    [10000, 150],
    [50000, 500],
  ].filter(([s]) => at(s)?.serverMemory);
  lines.push(
    `- 5. server RSS ≤ 150 MB at 10k, ≤ 500 MB at 50k: ${rss.length ? rss.map(([s, limit]) => `${s / 1000}k ${mb(at(s).serverMemory.rss)} (≤ ${limit} MB)`).join(', ') : 'n/a'} — ${verdict(rss.length === 2 ? rss.every(([s, limit]) => at(s).serverMemory.rss <= limit * 1048576) : undefined)}`,
  );
  // Target 6: every first request on a node, the session's first included, in both layouts and through LSP.
  const t = at(10000);
  const firsts =
    t?.firstTraceOneApp && [t.firstTrace, t.firstTraceOneApp].flatMap((x) => [x.first.wall, ...x.next.wall]);
  const firstsCpu =
    t?.firstTraceOneApp && [t.firstTrace, t.firstTraceOneApp].flatMap((x) => [x.first.cpu, ...x.next.cpu]);
  const lspFirsts = t?.lspFirstTrace && [t.lspFirstTrace.first, ...t.lspFirstTrace.next];
  lines.push(
    `- 6. first kroute/trace on a node ≤ 100 ms at 10k: engine max ${firsts ? `${fmt(Math.max(...firsts))} (CPU time max ${fmt(Math.max(...firstsCpu))})` : 'n/a'} (41 apps and one app, ~5,000 Services per node; was a node's full rules, ${t?.firstTraceOneApp?.fullRules ? fmt(t.firstTraceOneApp.fullRules.wall) : 'n/a'}), via LSP max ${lspFirsts ? fmt(Math.max(...lspFirsts)) : 'n/a'} — ${verdict(firsts ? Math.max(...firsts, ...(lspFirsts ?? [])) <= 100 : undefined)}`,
  );
  lines.push(
    res.kustomize?.split('\n').find((l) => l.startsWith('- 7.')) ??
      '- 7. kustomize: not measured (`--no-kustomize`, a smoke run, or `node --expose-gc bench/kustomize.mjs` alone)',
  );
  return lines;
}

/** `--merge a.json b.json…`: one table from runs that measured different sizes (the later run wins per size). */
function merge(paths) {
  const runs = paths.map((p) => JSON.parse(readFileSync(p, 'utf8')));
  const results = { ...runs[0], sizes: {}, merged: paths.map((p) => relative(ROOT, resolve(p))) };
  for (const run of runs) Object.assign(results.sizes, run.sizes);
  results.problems = runs.flatMap((r) => r.problems ?? []);
  finish(results, results.problems, new Date(results.startedAt), true);
}

if (flag('--merge')) merge(argv.slice(argv.indexOf('--merge') + 1).filter((a) => !a.startsWith('--')));
else await main();
