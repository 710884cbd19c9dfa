import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { dns1123Label, domainPrefixedPath } from '../validation/names';
import { caseFix, removePair } from './edits';
import { checkTypedLocalObjectReference, fieldReporter, type Add } from './ingress-invalid';
import { fieldError, get, isRecord, resourceRule } from './support';

/** maxLenIngressClassController. */
const MAX_CONTROLLER_BYTES = 250;
const SCOPES = ['Cluster', 'Namespace'];
const utf8 = new TextEncoder();

/**
 * ValidateIngressClass (pkg/apis/networking/validation/validation.go) for networking.k8s.io/v1:
 * validateIngressClassSpec (spec.controller a domain-prefixed path of at most 250 bytes) and
 * validateIngressClassParametersReference (a kind and name, a scope of Cluster or Namespace, a
 * namespace exactly when the scope is Namespace), after SetDefaults_IngressClass (an unwritten scope is Cluster). Messages are the API server's field.Error text
 * (backticks around field names dropped). The name is metadata-invalid's.
 */
export const ingressClassInvalid = resourceRule({
  code: 'ingressclass-invalid',
  defaultSeverity: 'error',
  description: 'An IngressClass the API server rejects: a missing or malformed controller, or bad parameters.',
  checkOne(r, { cluster }, report) {
    if (r.kind !== 'IngressClass' || r.apiVersion !== 'networking.k8s.io/v1') return;
    const spec = get(r.object, ['spec']);
    const add = fieldReporter(this.code, cluster, r, report);
    checkController(isRecord(spec) ? spec.controller : undefined, add);
    if (isRecord(spec) && spec.parameters != null) checkParameters(r, ['spec', 'parameters'], spec.parameters, add);
  },
});

function checkController(controller: unknown, add: Add): void {
  const path: FieldPath = ['spec', 'controller'];
  if (controller === undefined || controller === null || controller === '') {
    add(controller == null ? ['spec'] : path, fieldError.required(path), 'key');
    return;
  }
  if (typeof controller !== 'string') return;
  if (utf8.encode(controller).length > MAX_CONTROLLER_BYTES) add(path, fieldError.tooLong(path, MAX_CONTROLLER_BYTES));
  for (const { value, detail } of domainPrefixedPath(controller)) add(path, fieldError.invalid(path, value, detail));
}

/** validateIngressClassParametersReference. */
function checkParameters(r: ManifestResource, path: FieldPath, raw: unknown, add: Add): void {
  if (!isRecord(raw)) return;
  checkTypedLocalObjectReference(path, raw, add);
  const { namespace } = raw;
  // SetDefaults_IngressClass (pkg/apis/networking/v1/defaults.go) writes scope Cluster into parameters
  // that name none before validation, so validation's "scope: Required value" is unreachable from a manifest.
  const scope = raw.scope ?? 'Cluster';
  const scopePath = [...path, 'scope'];
  const namespacePath = [...path, 'namespace'];
  if (!SCOPES.includes(scope as string)) {
    add(scopePath, fieldError.unsupported(scopePath, scope, SCOPES), 'value', caseFix(r, scopePath, scope, SCOPES));
  } else if (scope === 'Namespace') {
    // Reported on the scope that asks for it: the missing namespace has no line of its own.
    if (namespace == null) add(scopePath, fieldError.required(namespacePath, "parameters.scope is set to 'Namespace'"));
    else if (typeof namespace === 'string')
      for (const e of dns1123Label(namespace)) add(namespacePath, fieldError.invalid(namespacePath, namespace, e));
  } else if (namespace != null) {
    const remove = removePair(r, namespacePath);
    add(
      namespacePath,
      fieldError.forbidden(namespacePath, "parameters.scope is set to 'Cluster'"),
      'value',
      remove
        ? [{ title: 'Remove namespace (a Cluster-scoped reference has none)', edits: [remove], preferred: true }]
        : [],
    );
  }
}
