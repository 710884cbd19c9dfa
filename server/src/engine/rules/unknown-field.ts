import type { ManifestResource } from '../manifest/resource';
import { apiTypeOf, fieldsOf } from '../validation/kubernetes-fields';
import { at, fieldPath, isRecord, resourceRule } from './support';
import type { Report } from './types';
import type { Cluster } from '../model/cluster';

/**
 * A field the object's API type does not have. Since Kubernetes 1.27 `kubectl apply` and `create`
 * send `fieldValidation=Strict`, and the API server's JSON decoder (sigs.k8s.io/json, case-sensitive)
 * rejects the whole object: `Deployment in version "v1" cannot be handled as a Deployment: strict
 * decoding error: unknown field "spec.template.spec.containers[0].value"`. Only built-in kinds are
 * checked (a custom resource's schema is its CRD's); duplicate keys are YAML errors already.
 */
export const unknownField = resourceRule({
  code: 'unknown-field',
  defaultSeverity: 'error',
  description:
    'A field the kind does not have (a typo, a key at the wrong indentation): `kubectl apply` fails with a strict decoding error.',
  checkOne: (r, { cluster }, report) => checkObject({ r, cluster, report, path: [] }),
});

interface Visit {
  r: ManifestResource;
  cluster: Cluster;
  report: Report;
  path: (string | number)[];
}

/** Built-in kinds only: the API server decodes a custom resource by its CRD's schema, which kroute does not have. */
function checkObject(v: Visit): void {
  const type = apiTypeOf(v.r.apiVersion, v.r.kind);
  if (type) visit(type, v.r.object, v);
}

/**
 * Checks the keys of a value decoded into `type`; a list is checked item by item, a value of
 * another shape is field-type's. One path stack for the whole walk (copied only to report): this
 * runs over every key of every built-in object on each rebuild.
 */
function visit(type: string, value: unknown, v: Visit): void {
  const { path } = v;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visit(type, value[i], v);
      path.pop();
    }
    return;
  }
  if (!isRecord(value)) return;
  const fields = fieldsOf(type);
  // Keys, not entries: an entry is an array per key, and this walk met 18 MB of them at 10k.
  for (const key of Object.keys(value)) {
    const child = value[key];
    const field = fields.get(key);
    path.push(key);
    if (!field) {
      v.report({
        ...at(v.cluster, v.r, [...path], 'key'),
        code: 'unknown-field',
        message: `strict decoding error: unknown field "${fieldPath(path)}"`,
      });
    } else if (field.type && field.map) {
      if (isRecord(child)) {
        for (const k of Object.keys(child)) {
          path.push(k);
          visit(field.type, child[k], v);
          path.pop();
        }
      }
    } else if (field.type) {
      visit(field.type, child, v);
    }
    path.pop();
  }
}
