import type { FieldPath } from '../manifest/locate';
import type { Problem } from './problems';
import { fieldError } from './support';

// What the pod spec checks (pod-spec.ts and the pod-*.ts modules it calls) report. Messages are
// upstream's without its Markdown backticks (the Problems panel shows them literally).

export type { Problem } from './problems';
export type Out = Problem[];

export const NEGATIVE = 'must be greater than or equal to 0';
export { present } from './problems';
export const isInt = (v: unknown): v is number => Number.isInteger(v);

/** field.NotSupported, with the supported value a wrongly cased one spells as its repair. */
export function unsupported(path: FieldPath, v: string, supported: readonly string[], out: Out): void {
  const fixed = supported.find((s) => s.toLowerCase() === v.toLowerCase());
  out.push({
    at: path,
    message: fieldError.unsupported(path, v, supported),
    ...(fixed ? { fix: { title: `Write ${fixed}`, value: fixed } } : {}),
  });
}
