import { yamlString } from './edits';
import type { ProblemFix } from './problems';

// The mechanical repair of a name the API server rejects (`My_Service` → `my-service`): what a user
// would type, offered only when the result passes the very check that rejected the name.

/**
 * `name` lower-cased, each run of characters the name may not hold turned into one `-`, and each
 * dot-separated part (one part where `dots` is false) trimmed of the dashes it may not start or end
 * with, cut to `maxLength`.
 */
export function repairedName(name: string, dots: boolean, maxLength: number): string {
  const dashed = name.toLowerCase().replace(dots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-');
  const parts = (dots ? dashed.split('.') : [dashed]).map((part) => part.replace(/^-+|-+$/g, '')).filter(Boolean);
  return parts
    .join('.')
    .slice(0, maxLength)
    .replace(/[-.]+$/, '');
}

/**
 * "Rename to …", when the repaired name is valid by `check` (the rule's own validation: its message
 * list is empty for a valid name) and differs from the written one.
 */
export function rename(
  name: string,
  check: (v: string) => string[],
  { dots, maxLength }: { dots: boolean; maxLength: number },
): ProblemFix | undefined {
  const repaired = repairedName(name, dots, maxLength);
  if (!repaired || repaired === name || check(repaired).length) return undefined;
  return { title: `Rename to ${repaired}`, value: yamlString(repaired) };
}
