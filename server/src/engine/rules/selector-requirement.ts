import type { FieldPath } from '../manifest/locate';
import { listOf, type Problem } from './problems';
import { fieldError } from './support';

// The operator/values rule a label selector's requirements (apimachinery meta/v1/validation
// ValidateLabelSelectorRequirement) and a node selector's requirements (core validation
// validateNodeSelectorRequirement, which adds Gt and Lt with one value) share.

export const NOT_AN_OPERATOR = 'not a valid selector operator';

/** The problems of one requirement `r` at `path`; `node`: a node selector requirement. */
export function requirementProblems(r: Record<string, unknown>, path: FieldPath, node: boolean, out: Problem[]): void {
  const values = listOf(r.values);
  const at = [...path, 'values'];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (!values.length)
        out.push({
          at,
          part: 'key',
          message: fieldError.required(at, "must be specified when operator is 'In' or 'NotIn'"),
        });
      return;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length)
        out.push({
          at,
          part: 'key',
          message: fieldError.forbidden(at, "may not be specified when operator is 'Exists' or 'DoesNotExist'"),
        });
      return;
    case 'Gt':
    case 'Lt':
      if (!node) break;
      if (values.length !== 1)
        out.push({
          at,
          part: 'key',
          message: fieldError.required(at, "must be specified single value when operator is 'Lt' or 'Gt'"),
        });
      return;
  }
  out.push({
    at: [...path, 'operator'],
    message: fieldError.invalid([...path, 'operator'], r.operator ?? '', NOT_AN_OPERATOR),
  });
}
