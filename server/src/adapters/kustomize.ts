// Renders kustomizations with the kustomize the user already has (`kubectl kustomize` or
// `kustomize build`): the engine defines what it needs (engine/apps/render.ts), the language server
// and the CLI run it through this module. The user's files are never touched: a wrapper
// kustomization in a temporary directory adds `buildMetadata: [originAnnotations]`, so every object
// says which file it came from. Nothing beyond a plain build is enabled (no exec or alpha plugins,
// no Helm inflation), and kustomizations that refer to remote resources are not run at all.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KustomizeOutput } from '../engine/apps/render';
import type { Workspace } from '../engine/workspace';

export interface KustomizeOptions {
  /** The command and its leading arguments, e.g. `kubectl kustomize` (the default) or `kustomize build`. */
  command?: string;
  /** Renders at once (the machine's cores by default). */
  parallel?: number;
  timeoutMs?: number;
}

const DEFAULT_COMMAND = 'kubectl kustomize';

/** The program and its leading arguments. */
function commandOf(options: KustomizeOptions): [string, ...string[]] {
  return (options.command?.trim() || DEFAULT_COMMAND).split(/\s+/) as [string, ...string[]];
}

/** Runs one build of the kustomization in `dir` (a directory path). */
export function renderKustomization(dir: string, options: KustomizeOptions = {}): Promise<KustomizeOutput> {
  const [program, ...lead] = commandOf(options);
  const wrapper = mkdtempSync(join(tmpdir(), 'kroute-kustomize-'));
  writeFileSync(
    join(wrapper, 'kustomization.yaml'),
    `resources:\n  - ${JSON.stringify(relative(wrapper, dir))}\nbuildMetadata: [originAnnotations]\n`,
  );
  return new Promise((resolve) => {
    // kustomize's load restrictor guards against untrusted bases reading the machine's files; kroute
    // only reads what the build would, and samples that refer to a sibling file (`../app.yaml`) are
    // built with `--load-restrictor LoadRestrictionsNone` as their READMEs say.
    execFile(
      program,
      [...lead, '--load-restrictor', 'LoadRestrictionsNone', wrapper],
      {
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, KUBECONFIG: '/dev/null' },
      },
      (err, stdout, stderr) => {
        rmSync(wrapper, { recursive: true, force: true });
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT')
          resolve({ ok: false, message: `${program} is not installed or not on PATH` });
        else if (err) resolve({ ok: false, message: cleanMessage(stderr || err.message, wrapper, dir) });
        else resolve({ ok: true, yaml: stdout, originBase: pathToFileURL(wrapper).href });
      },
    );
  });
}

/**
 * kustomize's message without its log prefix, and with the temporary wrapper (its path, and the
 * relative path the wrapper lists) replaced by the kustomization's directory. kustomize prints its
 * deprecation notes first (`# Warning: 'commonLabels' is deprecated…`): they are not why the build
 * failed. kubectl logs the error through klog's text format: `err="…"` on one line, or `err=<`
 * followed by tab-indented lines and ` >` when the value spans several lines.
 */
function cleanMessage(text: string, wrapper: string, dir: string): string {
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('# Warning:'));
  const multiLine = /err=<\n((?:\t.*(?:\n|$))+)/.exec(lines.join('\n'));
  const oneLine = lines.map((l) => /err="(.*)"\s*$/.exec(l)).find(Boolean);
  const message = multiLine
    ? multiLine[1]
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ')
    : oneLine
      ? oneLine[1].replace(/\\"/g, '"').replace(/\\'/g, "'")
      : (lines[0] ?? text).trim();
  return message
    .split(wrapper)
    .join(dir)
    .split(`'${relative(wrapper, dir)}'`)
    .join(`'${dir}'`);
}

/** Commands found once: the language server renders again after edits without asking each time. */
const found = new Set<string>();

/** Can the command run at all? Undefined when it can, else why not (asked again until it can). */
export function kustomizeUnavailable(options: KustomizeOptions = {}): Promise<string | undefined> {
  const [program, ...lead] = commandOf(options);
  const key = [program, ...lead].join(' ');
  if (found.has(key)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(program, [...lead, '--help'], { timeout: 20_000 }, (err) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve(
          `${program} was not found on PATH (set kroute.kustomize.command to kubectl kustomize or kustomize build).`,
        );
        return;
      }
      found.add(key);
      resolve(undefined);
    });
  });
}

/**
 * Renders every root kustomization of the workspace that lies on disk (file: URIs) and hands each
 * result to the engine. `unavailable` (Restricted Mode, no binary) renders nothing and says why.
 */
export async function renderAll(
  ws: Workspace,
  options: KustomizeOptions & { unavailable?: string; only?: ReadonlySet<string> } = {},
): Promise<void> {
  const roots = ws
    .kustomizationRoots()
    .filter((r) => r.uri.startsWith('file:') && (!options.only || options.only.has(r.dir)));
  if (!roots.length) return;
  const unavailable = options.unavailable ?? (await kustomizeUnavailable(options));
  const queue = [...roots];
  const worker = async () => {
    for (let root = queue.shift(); root; root = queue.shift()) {
      if (unavailable) ws.setRender(root.dir, { unavailable });
      else if (root.remote.length)
        ws.setRender(root.dir, {
          unavailable: `it refers to remote resources (${root.remote.join(', ')}), and kroute never fetches anything.`,
        });
      else {
        const output = await renderKustomization(fileURLToPath(root.dir), options);
        // A generator's input file that is not in the repository (a local .env or secrets file) is
        // normal: the kustomization is then checked as written rather than reported as broken.
        if (!output.ok && /loading KV pairs|env source files|file sources/.test(output.message)) {
          ws.setRender(root.dir, {
            unavailable:
              `kustomize could not read an input of a ConfigMap or Secret generator ` +
              `(${output.message.slice(output.message.lastIndexOf(':', output.message.length - 2) + 1).trim()}).`,
          });
        } else ws.setRender(root.dir, { output });
      }
    }
  };
  const parallel = Math.max(1, options.parallel ?? availableParallelism());
  await Promise.all(Array.from({ length: Math.min(parallel, roots.length) }, worker));
}
