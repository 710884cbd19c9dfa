import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, TextEdit } from '../../../server/src/engine/types';
import { Workspace, type WorkspaceOptions } from '../../../server/src/engine/workspace';

export const RULE_FIXTURES = join(__dirname, '..', '..', 'fixtures', 'rules');

export function fixture(code: string, name: 'fail.yaml' | 'pass.yaml'): string {
  return readFileSync(join(RULE_FIXTURES, code, name), 'utf8');
}

export function hasFixtures(code: string): boolean {
  return existsSync(join(RULE_FIXTURES, code, 'fail.yaml')) && existsSync(join(RULE_FIXTURES, code, 'pass.yaml'));
}

/** Diagnostics of one file (or several, keyed by name) under file:///ws/. */
export function check(
  files: string | Record<string, string>,
  options: WorkspaceOptions = {},
): { ws: Workspace; all: Diagnostic[]; uri: (name: string) => string } {
  const ws = new Workspace(options);
  const entries = typeof files === 'string' ? { 'test.yaml': files } : files;
  for (const [name, text] of Object.entries(entries)) ws.setFile(`file:///ws/${name}`, text);
  return { ws, all: [...ws.diagnostics().values()].flat(), uri: (name) => `file:///ws/${name}` };
}

/** Lines (0-based) marked `# expect: <code>` in a fixture. */
export function expectedLines(text: string, code: string): number[] {
  return text.split('\n').flatMap((line, i) => (new RegExp(`# expect: ${code}\\b`).test(line) ? [i] : []));
}

/** Applies text edits to one document (LSP semantics: all ranges refer to the original text). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const offset = (line: number, character: number) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < line; i++) o += lines[i].length + 1;
    return o + character;
  };
  const sorted = edits
    .map((e, i) => ({
      e,
      i,
      start: offset(e.range.start.line, e.range.start.character),
      end: offset(e.range.end.line, e.range.end.character),
    }))
    .sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const { e, start, end } of sorted) out = out.slice(0, start) + e.newText + out.slice(end);
  return out;
}
