import type { ManifestResource } from '../manifest/resource';
import { stringMap } from '../model/selectors';
import type { Labels } from '../model/types';

/** Set on every namespace by the API server (NamespaceDefaultLabelName, GA in 1.22); it cannot be changed. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Namespace labels as a namespaceSelector sees them: a Namespace object's labels plus the name
 * label the API server sets (overriding any written value); a namespace the manifests only
 * mention has just the name label.
 */
export function namespaceLabelsFrom(resources: readonly ManifestResource[]): (namespace: string) => Labels {
  const written = new Map<string, Labels>();
  for (const r of resources) {
    if (r.kind !== 'Namespace' || r.apiVersion !== 'v1' || !r.name) continue;
    const metadata = r.object.metadata as Record<string, unknown> | undefined;
    written.set(r.name, { ...stringMap(metadata?.labels), [NAMESPACE_NAME_LABEL]: r.name });
  }
  return (namespace) => written.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
}
