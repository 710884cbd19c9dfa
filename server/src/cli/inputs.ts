import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MANIFEST_FILE, mayHoldManifests } from '../engine/manifest/parse';

export interface InputFile {
  uri: string;
  /** The path as the user would type it (relative to cwd when inside it), for output. */
  display: string;
  text: string;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** A path or input the CLI cannot read: reported in one line, exit code 2. */
export class InputError extends Error {}

/**
 * Reads the manifests named on the command line: files as given, directories recursively (YAML
 * files, and JSON files that may hold Kubernetes objects; never node_modules or .git), `-` from
 * stdin. Symlinks inside a directory are followed only while they stay inside it; others are
 * skipped with a warning. A file in a Helm chart's templates/ brings the chart's Chart.yaml along,
 * so the engine knows it is a template.
 */
export function readInputs(
  paths: string[],
  cwd: string,
  stdin: () => string,
  warn: (msg: string) => void,
): InputFile[] {
  const out: InputFile[] = [];
  const display = (abs: string) => {
    const rel = relative(cwd, abs);
    return rel && !rel.startsWith('..') ? rel : abs;
  };
  for (const p of paths.length ? paths : ['.']) {
    if (p === '-') {
      out.push({ uri: 'stdin:///stdin.yaml', display: '<stdin>', text: stdin() });
      continue;
    }
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      throw new InputError(
        `${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : 'cannot be read'}`,
      );
    }
    if (st.isFile()) out.push(readOne(abs, display(abs), p));
    else if (st.isDirectory()) walk(abs, realpathSync(abs), out, display, warn);
    else throw new InputError(`${p}: not a file or directory`);
  }
  return withCharts(out, display);
}

/** The inputs, and the Chart.yaml of every chart whose templates/ holds one of them and that was not read. */
function withCharts(files: InputFile[], display: (abs: string) => string): InputFile[] {
  const read = new Set(files.map((f) => f.uri));
  const charts: InputFile[] = [];
  for (const f of files) {
    if (!f.uri.startsWith('file:')) continue;
    const path = fileURLToPath(f.uri);
    const templates = `${sep}templates${sep}`;
    for (let at = path.lastIndexOf(templates); at > 0; at = path.lastIndexOf(templates, at - 1)) {
      const chart = join(path.slice(0, at), 'Chart.yaml');
      const uri = pathToFileURL(chart).href;
      if (read.has(uri) || !existsSync(chart)) continue;
      read.add(uri);
      charts.push(readOne(chart, display(chart), display(chart)));
    }
  }
  return [...files, ...charts];
}

function readOne(abs: string, shown: string, asGiven: string): InputFile {
  try {
    return { uri: pathToFileURL(abs).href, display: shown, text: readFileSync(abs, 'utf8') };
  } catch {
    throw new InputError(`${asGiven}: cannot be read`);
  }
}

function walk(
  dir: string,
  root: string,
  out: InputFile[],
  display: (abs: string) => string,
  warn: (msg: string) => void,
): void {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    throw new InputError(`${display(dir)}: cannot be read`);
  }
  for (const name of entries) {
    if (SKIPPED_DIRS.has(name)) continue;
    const abs = join(dir, name);
    let st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(abs);
      } catch {
        warn(`${display(abs)}: broken symlink, skipped`);
        continue;
      }
      if (target !== root && !target.startsWith(root + sep)) {
        warn(`${display(abs)}: symlink leads outside ${display(root) || '.'}, skipped`);
        continue;
      }
      st = statSync(abs);
      if (st.isDirectory()) {
        warn(`${display(abs)}: symlinked directory not followed`);
        continue;
      }
    }
    if (st.isDirectory()) walk(abs, root, out, display, warn);
    else if (st.isFile() && MANIFEST_FILE.test(name)) {
      const file = readOne(abs, display(abs), display(abs));
      if (mayHoldManifests(file.uri, file.text)) out.push(file);
    }
  }
}
