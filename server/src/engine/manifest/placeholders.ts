import type { LineIndex } from './positions';
import type { Range } from '../types';

/**
 * Text that a tool replaces before the manifest reaches the API server: envsubst and Flux
 * post-build substitution (`${VAR}`, `${VAR:-default}`, `${VAR:=default}`, …), `$(VAR)`
 * (Kubernetes' own dependent variables in command, args and env; kustomize vars), and `{{ … }}`
 * left in a scalar (a sed placeholder such as `{{PROJECT_ID}}`). A document holding them is still
 * modelled, but a value written with one is not yet the value that will be applied.
 */
const PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_]*[^}\n]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\{\{[^}\n]*\}\}/;

/** Whether the text at a range (a value, a key) is written with a placeholder. */
export function placeholderAt(lines: LineIndex, range: Range): boolean {
  const text = lines.text.slice(lines.offset(range.start), lines.offset(range.end));
  return text.includes('$') || text.includes('{{') ? PLACEHOLDER.test(text) : false;
}
