// Whether a Kubernetes schema validator already covers what kroute would say about types and enum
// values (issue: no duplicated type errors or enum completions next to other Kubernetes
// extensions). Pure, so it is tested without an editor; extension.ts feeds it the editor's state.

/** Validates YAML against JSON schemas; its built-in Kubernetes schema is one of them. */
export const YAML_EXTENSION = 'redhat.vscode-yaml';
/** Registers the Kubernetes schema with the YAML extension for the manifests it recognises. */
export const KUBERNETES_EXTENSION = 'ms-kubernetes-tools.vscode-kubernetes-tools';

/** `kroute.deferToYamlSchema`. */
export type DeferSetting = 'auto' | 'on' | 'off';

/**
 * `auto` defers only where the Kubernetes schema is really applied: the YAML extension is present
 * and either its `yaml.schemas` setting associates the `kubernetes` schema (how that extension
 * enables it) or the Kubernetes extension registers it. The YAML extension alone validates no
 * Kubernetes fields, so deferring then would lose the errors instead of de-duplicating them.
 */
export function kubernetesSchemaActive(
  setting: unknown,
  installed: (id: string) => boolean,
  yamlSchemas: unknown,
): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  if (!installed(YAML_EXTENSION)) return false;
  const associatesKubernetes =
    typeof yamlSchemas === 'object' &&
    yamlSchemas !== null &&
    Object.keys(yamlSchemas).some((k) => k.toLowerCase() === 'kubernetes');
  return associatesKubernetes || installed(KUBERNETES_EXTENSION);
}
