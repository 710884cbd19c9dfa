import { inertUnlessEveryApp } from '../rules';
import type { Diagnostic } from '../types';

/**
 * One file's diagnostics from several apps (a shared file, a base of several overlays): one per
 * rule and place. Where the apps' messages differ (other pod names, counts), the first app's is
 * kept and says in how many other apps the same finding holds. A finding that an object is inert
 * stands only where every app reports it (Rule.inertUnlessEveryApp).
 */
export function mergeAppDiagnostics(lists: Diagnostic[][]): Diagnostic[] {
  const first = new Map<string, { d: Diagnostic; others: Set<string>; apps: number }>();
  for (const list of lists) {
    const inThisApp = new Set<string>();
    for (const d of list) {
      const key = `${d.code}\0${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
      const seen = first.get(key);
      if (!seen) first.set(key, { d, others: new Set(), apps: 1 });
      else {
        if (!inThisApp.has(key)) seen.apps++;
        if (seen.d.message !== d.message) seen.others.add(d.message);
      }
      inThisApp.add(key);
    }
  }
  return [...first.values()]
    .filter(({ d, apps }) => apps === lists.length || !inertUnlessEveryApp.has(d.code))
    .map(({ d, others }) =>
      others.size
        ? { ...d, message: `${d.message}; likewise in ${others.size} other app${others.size > 1 ? 's' : ''}` }
        : d,
    );
}
