import type { ParsedFile } from '../manifest/parse';
import { identityOf } from './identity';
import type { KustomizeIndex } from './kustomize-index';
import { dirOf } from './paths';
import type { App, ConfiguredApp } from './types';

/** How the workspace's files divide into apps (see README "Apps"). */
export interface Layout {
  apps: App[];
  /** The apps each file's objects belong to (a file shared by alternative layouts, or a base of several overlays, has several). */
  appsOf: Map<string, App[]>;
}

export interface LayoutInput {
  files: ReadonlyMap<string, ParsedFile>;
  kustomize: KustomizeIndex;
  /** Rendered roots: the files the render's objects came from. Unrendered roots stand for their object files. */
  renderedFiles: (rootUri: string) => readonly string[] | undefined;
  defaultNamespace: string;
  /** Shortens a URI for an app's name (relative to the workspace root). */
  shorten: (uri: string) => string;
  /** Apps named in `.kroute.yaml`, their paths relative to `root`. */
  configured: readonly ConfiguredApp[];
  root: string;
}

export function computeLayout(input: LayoutInput): Layout {
  const apps: App[] = [];
  const { files, kustomize } = input;
  // Named apps first: their files belong to no app kroute would find.
  const claimed = new Set<string>();
  for (const c of input.configured) {
    const matches = pathMatcher(c.base ?? input.root, c.paths);
    const members = [...files.keys()]
      .filter((u) => !kustomize.consumed.has(u) && files.get(u)!.resources.length && matches(u))
      .sort();
    members.forEach((u) => claimed.add(u));
    // A named app none of whose paths holds a manifest has nothing to model.
    if (members.length)
      apps.push({ id: `config:${c.name}`, name: c.name, kind: 'config', origin: input.root, files: members });
  }
  for (const root of kustomize.roots) {
    const rendered = input.renderedFiles(root.uri);
    const members = rendered ?? [...kustomize.objectFiles(root)].filter((u) => files.has(u)).sort();
    apps.push({
      id: `kustomize:${root.dir}`,
      name: input.shorten(root.dir) || '.',
      kind: 'kustomization',
      origin: root.uri,
      files: [...members],
    });
  }
  const byDir = new Map<string, string[]>();
  for (const [uri, f] of files) {
    if (kustomize.consumed.has(uri) || !f.resources.length || claimed.has(uri)) continue;
    const dir = dirOf(uri);
    const list = byDir.get(dir);
    if (list) list.push(uri);
    else byDir.set(dir, [uri]);
  }
  for (const [dir, uris] of [...byDir].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    uris.sort();
    const groups = alternativeLayouts(
      uris.map((u) => files.get(u)!),
      input.defaultNamespace,
    );
    const name = input.shorten(dir) || '.';
    groups.forEach((group, i) => {
      const suffix = groups.length > 1 ? `#${i + 1}` : '';
      apps.push({
        id: `dir:${dir}${suffix}`,
        name: groups.length > 1 ? `${name} (${describeGroup(group, input.shorten)})` : name,
        kind: 'directory',
        origin: dir,
        files: group,
      });
    });
  }
  const appsOf = new Map<string, App[]>();
  for (const app of apps)
    for (const uri of app.files) {
      const list = appsOf.get(uri);
      if (list) list.push(app);
      else appsOf.set(uri, [app]);
    }
  return { apps, appsOf };
}

/**
 * A directory is what `kubectl apply -f DIR` applies together, unless two of its files define the
 * same object: then they are alternative layouts of one app (an all-in-one file next to the split
 * files, a variant of a sample), which nobody applies together. Files that define a common object
 * go to different groups (each joins the first group it shares no object with, in name order);
 * the files that share no object with another join every group.
 */
export function alternativeLayouts(files: readonly ParsedFile[], defaultNamespace: string): string[][] {
  const owners = new Map<string, number[]>();
  files.forEach((f, i) => {
    const ids = new Set<string>();
    for (const r of f.resources) {
      const id = identityOf(r, defaultNamespace);
      if (id !== undefined) ids.add(id);
    }
    for (const id of ids) {
      const list = owners.get(id);
      if (list) list.push(i);
      else owners.set(id, [i]);
    }
  });
  const conflicts = files.map(() => new Set<number>());
  for (const list of owners.values()) for (const a of list) for (const b of list) if (a !== b) conflicts[a].add(b);
  if (conflicts.every((c) => !c.size)) return [files.map((f) => f.uri)];
  const groups: number[][] = [];
  const shared: number[] = [];
  files.forEach((_, i) => {
    if (!conflicts[i].size) return void shared.push(i);
    const home = groups.find((g) => g.every((j) => !conflicts[i].has(j)));
    if (home) home.push(i);
    else groups.push([i]);
  });
  return groups.map((g) => [...g, ...shared].sort((a, b) => a - b).map((i) => files[i].uri));
}

function describeGroup(group: readonly string[], shorten: (uri: string) => string): string {
  const names = group.map((u) => shorten(u).split('/').pop()!);
  return names.length <= 2 ? names.join(', ') : `${names[0]} and ${names.length - 1} more`;
}

/**
 * Whether a file URI is named by a configured app's paths: a directory (every file below it), a
 * file, or a glob (`*` within a path segment, `**` across segments, `?` one character).
 */
export function pathMatcher(root: string, paths: readonly string[]): (uri: string) => boolean {
  const base = root.replace(/\/$/, '');
  const tests = paths.map((p) => {
    const rel = p.replace(/^\.\//, '').replace(/\/$/, '');
    if (!/[*?]/.test(rel))
      return (uri: string) =>
        uri === `${base}/${rel}` || uri.startsWith(`${base}/${rel}/`) || (rel === '.' && uri.startsWith(`${base}/`));
    const pattern = rel
      .split(/(\*\*\/?|\*|\?)/)
      .map((part) =>
        part === '**' || part === '**/'
          ? '(?:.*/)?'
          : part === '*'
            ? '[^/]*'
            : part === '?'
              ? '[^/]'
              : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    const re = new RegExp(`^${pattern}$`);
    return (uri: string) => uri.startsWith(`${base}/`) && re.test(decodeURIComponent(uri.slice(base.length + 1)));
  });
  return (uri) => tests.some((t) => t(uri));
}
