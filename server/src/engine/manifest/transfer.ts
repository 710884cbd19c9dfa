import { withoutByteOrderMark, type ParsedFile } from './parse';
import { LineIndex } from './positions';
import { SourceTree } from './tree';
import type { ManifestResource } from './resource';

/**
 * A parsed file as a structured clone carries it (a worker thread's message, `v8.serialize`): plain
 * data and typed arrays, without the file's text, which the receiver already has and which a clone
 * would copy once per object that holds it (the file, its line index, each tree). `unpackParsedFile`
 * restores the classes a clone loses (`LineIndex`, `SourceTree`) and the sharing of one line index
 * and one tree among a file's resources.
 */
export interface PackedFile {
  uri: string;
  trees: ReturnType<SourceTree['parts']>[];
  resources: PackedResource[];
  syntaxErrors: ParsedFile['syntaxErrors'];
  skipped: ParsedFile['skipped'];
  kubernetes: boolean;
}

/** The resource with its tree as an index into `trees` and no line index (keys in place, so the restored object has the parser's shape). */
type PackedResource = Omit<ManifestResource, 'tree' | 'lines'> & { tree: number; lines: null };

/** A file parsed without a previous version (no `chunks`: nothing kept for edits) as a clone carries it. */
export function packParsedFile(file: ParsedFile): PackedFile {
  if (file.chunks) throw new Error('packParsedFile: a parse kept for edits (chunks) is not transferred');
  const trees: SourceTree[] = [];
  const resources = file.resources.map((r): PackedResource => {
    let index = trees.indexOf(r.tree);
    if (index < 0) index = trees.push(r.tree) - 1;
    return { ...r, tree: index, lines: null };
  });
  return {
    uri: file.uri,
    trees: trees.map((t) => t.parts()),
    resources,
    syntaxErrors: file.syntaxErrors,
    skipped: file.skipped,
    kubernetes: file.kubernetes,
  };
}

/** The ParsedFile `packParsedFile` packed, given the text it was parsed from (as read, byte-order mark and all). */
export function unpackParsedFile(packed: PackedFile, rawText: string): ParsedFile {
  const text = withoutByteOrderMark(rawText);
  const lines = new LineIndex(text);
  const trees = packed.trees.map(([data, keyText, base]) => new SourceTree(data, text, keyText, base));
  const { uri } = packed;
  return {
    uri,
    text,
    lines,
    resources: packed.resources.map((r) => ({ ...r, tree: trees[r.tree], lines })),
    syntaxErrors: packed.syntaxErrors,
    skipped: packed.skipped,
    kubernetes: packed.kubernetes,
  };
}
