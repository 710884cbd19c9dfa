import { readKustomization, type Kustomization } from './kustomization';

/**
 * The kustomizations of a workspace and what they consume. A root kustomization (one no other
 * kustomization refers to through `resources`, `bases` or `components`) is what a user builds and
 * applies; every file a kustomization refers to is part of it, never an object of its own.
 */
export interface KustomizeIndex {
  /** By directory URI. */
  byDir: ReadonlyMap<string, Kustomization>;
  roots: Kustomization[];
  /** Every file consumed by some kustomization (objects, patches, configuration) and the kustomization files. */
  consumed: ReadonlySet<string>;
  /** The files a root's build reads (for re-rendering when one changes), itself included. */
  closure(root: Kustomization): ReadonlySet<string>;
  /** The files a root's build takes objects from (not patches): what stands for it unrendered. */
  objectFiles(root: Kustomization): ReadonlySet<string>;
}

export function indexKustomizations(
  kustomizationFiles: readonly { uri: string; text: string }[],
  allUris: ReadonlySet<string>,
): KustomizeIndex {
  const byDir = new Map<string, Kustomization>();
  for (const f of kustomizationFiles) {
    const k = readKustomization(f.uri, f.text);
    // kustomize refuses a directory with two kustomization files; the first (sorted) stands for it.
    if (!byDir.has(k.dir)) byDir.set(k.dir, k);
  }
  const referenced = new Set<string>();
  for (const k of byDir.values())
    for (const d of [...k.resources, ...k.components]) if (byDir.has(d)) referenced.add(d);
  const roots = [...byDir.values()]
    .filter((k) => !referenced.has(k.dir) && !k.component)
    .sort((a, b) => (a.uri < b.uri ? -1 : 1));

  const walk = (root: Kustomization, objectsOnly: boolean): Set<string> => {
    const out = new Set<string>();
    const seen = new Set<string>();
    const visit = (k: Kustomization, asComponent: boolean) => {
      if (seen.has(k.dir)) return;
      seen.add(k.dir);
      out.add(k.uri);
      for (const r of k.resources) {
        const sub = byDir.get(r);
        if (sub) visit(sub, asComponent);
        // A component's resources are objects too; its patches are not.
        else if (allUris.has(r)) out.add(r);
      }
      for (const c of k.components) {
        const sub = byDir.get(c);
        if (sub) visit(sub, true);
      }
      if (!objectsOnly) for (const p of k.patchFiles) out.add(p);
    };
    visit(root, false);
    if (objectsOnly) for (const k of byDir.values()) out.delete(k.uri);
    return out;
  };
  const closures = new Map<Kustomization, Set<string>>();
  const closure = (root: Kustomization) => closures.get(root) ?? closures.set(root, walk(root, false)).get(root)!;
  const consumed = new Set<string>();
  for (const k of byDir.values()) {
    consumed.add(k.uri);
    for (const p of k.patchFiles) consumed.add(p);
    for (const r of k.resources) if (!byDir.has(r) && allUris.has(r)) consumed.add(r);
  }
  return { byDir, roots, consumed, closure, objectFiles: (root) => walk(root, true) };
}
