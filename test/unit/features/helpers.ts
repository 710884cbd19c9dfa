import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Position } from '../../../server/src/engine/types';
import { Workspace } from '../../../server/src/engine/workspace';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'features');

/** A workspace of fixture files, each at `file:///ws/<name>`. */
export function workspace(...names: string[]): Workspace {
  const ws = new Workspace();
  for (const name of names) ws.setFile(uriOf(name), readFileSync(join(FIXTURES, name), 'utf8'));
  return ws;
}

export function uriOf(name: string): string {
  return `file:///ws/${name}`;
}

/**
 * The position of `word` in the fixture: on the first line containing `line` at or after the
 * first line containing `after` (`after` narrows down to one object of a multi-document file).
 */
export function at(ws: Workspace, name: string, spec: { after?: string; line: string; word?: string }): Position {
  const lines = ws.file(uriOf(name))!.text.split('\n');
  const from = spec.after ? lines.findIndex((l) => l.includes(spec.after!)) : 0;
  if (from < 0) throw new Error(`no line with ${spec.after}`);
  const line = lines.findIndex((l, i) => i >= from && l.includes(spec.line));
  if (line < 0) throw new Error(`no line with ${spec.line} after ${spec.after}`);
  const character = lines[line].indexOf(spec.word ?? spec.line.trim()) + 1;
  return { line, character };
}
