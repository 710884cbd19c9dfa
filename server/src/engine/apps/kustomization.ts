import { parse } from 'yaml';
import { baseName, dirOf, resolvePath } from './paths';

/** The file names kustomize looks for in a directory (kustomize's konfig.RecognizedKustomizationFileNames). */
const KUSTOMIZATION_FILE = /^(kustomization\.ya?ml|Kustomization)$/;

export function isKustomizationFile(uri: string): boolean {
  return KUSTOMIZATION_FILE.test(baseName(uri));
}

/** What one kustomization file refers to, resolved against its directory. */
export interface Kustomization {
  uri: string;
  dir: string;
  /** `resources` and `bases` entries: files or directories (directories are kustomizations). */
  resources: string[];
  /** `components` directories. */
  components: string[];
  /** Files consumed as patches or transformer configuration: never objects of their own. */
  patchFiles: string[];
  /** Remote resources (`https://…`, `github.com/…`, `git@…`): rendering them would touch the network. */
  remote: string[];
  /** `kind: Component`: only ever built as part of the kustomizations that list it, never alone. */
  component: boolean;
  /** Why the file could not be read as a kustomization (then it refers to nothing). */
  error?: string;
}

// kustomize's field names (api/types/kustomization.go) whose entries are paths of files that hold
// patches or transformer configuration rather than objects to apply.
const PATCH_LISTS = [
  'patchesStrategicMerge',
  'configurations',
  'crds',
  'openapi',
  'transformers',
  'generators',
  'validators',
];
const PATCH_OBJECT_LISTS = ['patches', 'patchesJson6902', 'replacements'];
const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\.git(\/\/|$)/;

export function readKustomization(uri: string, text: string): Kustomization {
  const dir = dirOf(uri);
  const k: Kustomization = {
    uri,
    dir,
    resources: [],
    components: [],
    patchFiles: [],
    remote: [],
    component: /^kind:\s*Component\s*$/m.test(text),
  };
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: false, maxAliasCount: 100 });
  } catch (e) {
    return { ...k, error: `not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ...k, error: 'not a YAML mapping' };
  const doc = raw as Record<string, unknown>;
  const paths = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  const local = (list: string[], into: string[]) => {
    for (const p of list) (REMOTE.test(p) ? k.remote : into).push(REMOTE.test(p) ? p : resolvePath(dir, p.trim()));
  };
  local([...paths(doc.resources), ...paths(doc.bases)], k.resources);
  local(paths(doc.components), k.components);
  // Inline patches (a YAML string in the list) are not files; a path is one that names a YAML file.
  for (const field of PATCH_LISTS) local(paths(doc[field]).filter(isFilePath), k.patchFiles);
  // Kustomize v1's `patches` was a list of strategic-merge patch file names (renamed
  // patchesStrategicMerge in v2, then reused for {path, target} objects): a bare file name there is a
  // patch the author wrote, whether or not today's kustomize still builds it.
  for (const field of PATCH_OBJECT_LISTS) {
    const list = Array.isArray(doc[field]) ? (doc[field] as unknown[]) : [];
    const entryPath = (p: unknown) =>
      p && typeof p === 'object'
        ? (p as Record<string, unknown>).path
        : typeof p === 'string' && isFilePath(p)
          ? p
          : undefined;
    local(
      list.map(entryPath).filter((p): p is string => typeof p === 'string'),
      k.patchFiles,
    );
  }
  return k;
}

function isFilePath(p: string): boolean {
  return !p.includes('\n') && /\.(ya?ml|json)$/i.test(p.trim());
}
