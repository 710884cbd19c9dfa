import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifestFile, defaultParseOptions, type ParseOptions, type ParsedFile } from '../../../server/src/engine/manifest/parse';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'manifest');

/** Read as the CLI and the server's disk scan do (UTF-8, BOM kept for the parser to drop). */
export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function parseFixture(name: string, options: Partial<ParseOptions> = {}): ParsedFile {
  return parseManifestFile(`file:///workspace/${name}`, fixtureText(name), { ...defaultParseOptions, ...options });
}

/** `line:start-end` on one line, or `l1:c1-l2:c2`, for compact range assertions. */
export function span(r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return r.start.line === r.end.line
    ? `${r.start.line}:${r.start.character}-${r.end.character}`
    : `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
