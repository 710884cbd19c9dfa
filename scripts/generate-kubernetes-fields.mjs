#!/usr/bin/env node
/**
 * Regenerates server/src/engine/validation/kubernetes-fields.generated.ts: every field of every
 * built-in kind the API server creates, as the Kubernetes OpenAPI spec declares them, taken from
 * the models `@kubernetes/client-node` (the version pinned below) generates from that spec.
 *
 *   node scripts/generate-kubernetes-fields.mjs           # rewrite the table
 *   node scripts/generate-kubernetes-fields.mjs --check   # exit 1 when it differs from the pinned package
 *
 * The package is not a dependency (its runtime dependencies need Node >= 22 and would make
 * `npm ci` warn): its published tarball is fetched once with `npm pack` into
 * $KROUTE_GEN_CACHE (default ~/.cache/kroute-gen), outside the repo, and only its model files are read.
 *
 * Kinds: the body type of each POST to a resource collection (`/apis/apps/v1/namespaces/{namespace}/deployments`
 * → apps/v1 Deployment = V1Deployment). Fields: each model's `attributeTypeMap`, by JSON name (`baseName`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLIENT_NODE_VERSION = '2.0.1';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'server', 'src', 'engine', 'validation', 'kubernetes-fields.generated.ts');

/** The unpacked published package, fetched on first use (idempotent). */
function clientNodePackage() {
  const dir = join(
    process.env.KROUTE_GEN_CACHE ?? join(homedir(), '.cache', 'kroute-gen'),
    `client-node-${CLIENT_NODE_VERSION}`,
  );
  const pkg = join(dir, 'package');
  if (existsSync(join(pkg, 'package.json'))) return pkg;
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync(
    'npm',
    ['pack', `@kubernetes/client-node@${CLIENT_NODE_VERSION}`, '--silent', '--pack-destination', dir],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
  return pkg;
}
const pkgDir = clientNodePackage();
const gen = join(pkgDir, 'dist', 'gen');

const pkgVersion = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
const specVersion = /OpenAPI spec version: (\S+)/.exec(readFileSync(join(gen, 'models', 'V1Pod.js'), 'utf8'))?.[1];
if (!specVersion) throw new Error('no "OpenAPI spec version" in V1Pod.js: the package layout changed');

/** apiVersion + kind → model, from the create (POST to a collection) operations of the generated API classes. */
const kinds = new Map();
for (const file of readdirSync(join(gen, 'apis')).filter((f) => f.endsWith('Api.js'))) {
  const source = readFileSync(join(gen, 'apis', file), 'utf8');
  // One chunk per operation, so a match never runs into the next operation's body.
  for (const operation of source.split('const localVarPath = ').slice(1)) {
    const [, path, method, model] =
      /^'([^']+)'[\s\S]*?HttpMethod\.(\w+)\)[\s\S]*?ObjectSerializer\.serialize\(body, "(\w+)"/.exec(operation) ?? [];
    // A collection: /api/v1/… or /apis/<group>/<version>/…, ending in the plural, with no {name} (not a subresource).
    const m = /^\/(?:api\/(v\d\w*)|apis\/([^/]+)\/(v\d\w*))\/(?:namespaces\/\{namespace\}\/)?[a-z0-9]+$/.exec(path);
    if (method !== 'POST' || !m) continue;
    const apiVersion = m[1] ?? `${m[2]}/${m[3]}`;
    // The model's name without its version prefix (V1Deployment, CoreV1Event, V1beta1DeviceClass).
    const kind = /^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?([A-Z]\w*)$/.exec(model)?.[1];
    if (!kind) throw new Error(`cannot tell the kind of model ${model} (${path})`);
    kinds.set(`${apiVersion} ${kind}`, model);
  }
}
if (!kinds.has('apps/v1 Deployment') || !kinds.has('v1 Service'))
  throw new Error('no apps/v1 Deployment or v1 Service found: the package layout changed');

/** Model → "field:Type,…" where Type is a model (`T`), a map of models (`*T`), or empty (a value of any shape). */
const types = new Map();
async function addType(model) {
  if (types.has(model)) return;
  types.set(model, '');
  const mod = await import(pathToFileURL(join(gen, 'models', `${model}.js`)).href);
  const fields = [];
  const nested = [];
  for (const { baseName, type } of mod[model].getAttributeTypeMap()) {
    const element = /^Array<(.+)>$/.exec(type)?.[1] ?? type;
    const mapValue = /^\{ \[key: string\]: (.+); \}$/.exec(element)?.[1];
    const ref = mapValue ?? element;
    // V1MicroTime and the like have no model: a scalar in JSON.
    const isModel = existsSync(join(gen, 'models', `${ref}.js`));
    if (isModel) nested.push(ref);
    fields.push(isModel ? `${baseName}:${mapValue ? '*' : ''}${ref}` : baseName);
  }
  types.set(model, fields.join(','));
  for (const n of nested) await addType(n);
}
for (const model of [...kinds.values()].sort()) await addType(model);

const sortedKinds = Object.fromEntries([...kinds].sort(([a], [b]) => a.localeCompare(b)));
const sortedTypes = Object.fromEntries([...types].sort(([a], [b]) => a.localeCompare(b)));
const table = `/*
 * Generated by scripts/generate-kubernetes-fields.mjs; do not edit.
 * Kubernetes ${specVersion}: the OpenAPI spec of @kubernetes/client-node ${pkgVersion} (its generated models' attributeTypeMap).
 * KINDS: "apiVersion kind" → model. TYPES: model → "field,field:Model,field:*Model" (a model, a map of models, else any value).
 */
export const KUBERNETES_VERSION = ${JSON.stringify(specVersion)};
export const KINDS: Record<string, string> = ${JSON.stringify(sortedKinds, null, 0)};
export const TYPES: Record<string, string> = ${JSON.stringify(sortedTypes, null, 0)};
`;
if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== table) {
    console.error(
      `${out} is not what @kubernetes/client-node ${pkgVersion} gives: run node scripts/generate-kubernetes-fields.mjs`,
    );
    process.exit(1);
  }
} else {
  writeFileSync(out, table);
}
console.log(`${out}: ${kinds.size} kinds, ${types.size} types (Kubernetes ${specVersion})`);
