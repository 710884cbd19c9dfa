import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface InputFile {
  uri: string;
  /** The path as the user would type it (relative to cwd when inside it), for output. */
  display: string;
  text: string;
}

const YAML_FILE = /\.ya?ml$/i;
/** YAML and JSON manifests, as kubectl and netpol-analyzer read a directory (JSON is YAML too). */
export const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** A path or input the CLI cannot read: reported in one line, exit code 2. */
export class InputError extends Error {}

/**
 * Reads the manifests named on the command line: files as given, directories recursively (YAML
 * files only, never node_modules or .git), `-` from stdin. Symlinks inside a directory are followed
 * only while they stay inside it; others are skipped with a warning.
 */
export function readInputs(paths: string[], cwd: string, stdin: () => string, warn: (msg: string) => void, files: RegExp = YAML_FILE): InputFile[] {
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
      throw new InputError(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : 'cannot be read'}`);
    }
    if (st.isFile()) out.push(readOne(abs, display(abs), p));
    else if (st.isDirectory()) walk(abs, realpathSync(abs), out, display, warn, files);
    else throw new InputError(`${p}: not a file or directory`);
  }
  return out;
}

function readOne(abs: string, shown: string, asGiven: string): InputFile {
  try {
    return { uri: pathToFileURL(abs).href, display: shown, text: readFileSync(abs, 'utf8') };
  } catch {
    throw new InputError(`${asGiven}: cannot be read`);
  }
}

function walk(dir: string, root: string, out: InputFile[], display: (abs: string) => string, warn: (msg: string) => void, files: RegExp): void {
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
    if (st.isDirectory()) walk(abs, root, out, display, warn, files);
    else if (st.isFile() && files.test(name)) out.push(readOne(abs, display(abs), display(abs)));
  }
}
