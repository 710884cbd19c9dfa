import { comparePositions } from '../manifest/positions';
import type { Diagnostic, Fix, Range } from '../types';
import type { Workspace } from '../workspace';

export interface CodeAction extends Fix {
  /** The diagnostic the fix resolves. */
  diagnostic: Diagnostic;
}

function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/** The quick fixes of every diagnostic in `uri` that touches `range`, in diagnostic order. */
export function codeActions(workspace: Workspace, uri: string, range: Range): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of workspace.diagnostics().get(uri) ?? []) {
    if (!d.fixes?.length || !overlaps(d.range, range)) continue;
    for (const fix of d.fixes) out.push({ ...fix, diagnostic: d });
  }
  return out;
}
