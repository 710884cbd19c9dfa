import type { ManifestResource } from '../manifest/resource';

/**
 * The identity the API server keeps one object per: API group, kind, namespace and name
 * (the version is only a representation). Objects without a name (generateName) have none.
 */
export function identityOf(r: ManifestResource, defaultNamespace: string): string | undefined {
  if (!r.name) return undefined;
  const slash = r.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : r.apiVersion.slice(0, slash);
  return `${group}\0${r.kind}\0${r.namespace ?? defaultNamespace}\0${r.name}`;
}

export interface Deduplicated {
  /** One object per identity: the one `kubectl apply` leaves in place (the last applied). */
  resources: ManifestResource[];
  /** The definitions that lost, by the winner. */
  shadowed: Map<ManifestResource, ManifestResource[]>;
}

/**
 * Resolves objects defined more than once among what is applied together the way `kubectl apply -f`
 * does: files in the order it reads them (a directory's entries sorted by name), documents in file
 * order, each apply overwriting the previous one, so the last definition is the object.
 */
export function deduplicate(resources: readonly ManifestResource[], defaultNamespace: string): Deduplicated {
  const last = new Map<string, ManifestResource>();
  let repeated: Set<string> | undefined;
  for (const r of resources) {
    const id = identityOf(r, defaultNamespace);
    if (id === undefined) continue;
    if (last.has(id)) (repeated ??= new Set()).add(id);
    last.set(id, r);
  }
  const shadowed = new Map<ManifestResource, ManifestResource[]>();
  // Most apps define each object once: nothing else to work out.
  if (!repeated) return { resources: resources.slice(), shadowed };
  const all = new Map<string, ManifestResource[]>();
  for (const r of resources) {
    const id = identityOf(r, defaultNamespace);
    if (id === undefined || !repeated.has(id)) continue;
    const list = all.get(id);
    if (list) list.push(r);
    else all.set(id, [r]);
  }
  for (const [id, list] of all)
    shadowed.set(
      last.get(id)!,
      list.filter((r) => r !== last.get(id)),
    );
  return {
    resources: resources.filter((r) => {
      const id = identityOf(r, defaultNamespace);
      return id === undefined || last.get(id) === r;
    }),
    shadowed,
  };
}
