import { isMap, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { LineIndex } from './positions';
import { SourceTreeBuilder, type NodeRef, type SourceTree } from './tree';
import type { ManifestResource } from './resource';
import type { Diagnostic, Range } from '../types';

export interface ParseOptions {
  /** Files larger than this (in UTF-16 code units ≈ bytes for YAML) are not parsed. */
  maxFileSize: number;
  /** Bound on alias expansion, so a "billion laughs" document costs bounded time and memory. */
  maxAliasCount: number;
}

export const defaultParseOptions: ParseOptions = { maxFileSize: 5 * 1024 * 1024, maxAliasCount: 1000 };

export type SkipReason = 'too-large' | 'template' | 'binary';

export interface Skipped {
  reason: SkipReason;
  message: string;
  range?: Range;
}

export interface ParsedFile {
  uri: string;
  text: string;
  lines: LineIndex;
  resources: ManifestResource[];
  /** YAML errors, only for files that look like Kubernetes manifests. */
  syntaxErrors: Diagnostic[];
  skipped: Skipped[];
  /** True when the file holds (or, broken, looks like it holds) Kubernetes objects. */
  kubernetes: boolean;
}

// `{{` alone is enough: a half-typed `{{ .Values.x }` is still a template, and plain YAML almost
// never nests a flow map as the first key of another.
const TEMPLATE_MARKER = /\{\{/;
// A broken file still counts as a manifest when its text has the two keys every object has, at the
// top level of a document (column 0): nested `apiVersion:`/`kind:` properties, as in an OpenAPI
// schema of Kubernetes-shaped objects, do not make a file a manifest.
const LOOKS_KUBERNETES = /^["']?apiVersion["']?[ \t]*:/m;
const LOOKS_KIND = /^["']?kind["']?[ \t]*:/m;

/** Parses one YAML file into Kubernetes resources with exact source ranges. Never throws. */
export function parseManifestFile(uri: string, rawText: string, options: ParseOptions = defaultParseOptions): ParsedFile {
  // Editors drop the byte-order mark from the document text; do the same for files read from disk.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lines = new LineIndex(text);
  const file: ParsedFile = { uri, text, lines, resources: [], syntaxErrors: [], skipped: [], kubernetes: false };

  if (text.length > options.maxFileSize) {
    const mb = (options.maxFileSize / (1024 * 1024)).toFixed(options.maxFileSize % (1024 * 1024) ? 1 : 0);
    file.skipped.push({ reason: 'too-large', message: `File is larger than kroute.maxFileSize (${mb} MB); not analysed.` });
    const head = text.slice(0, 4096);
    file.kubernetes = LOOKS_KUBERNETES.test(head) && LOOKS_KIND.test(head);
    // Said once, on the first line, and only where the user would expect kroute to have looked.
    if (file.kubernetes) file.syntaxErrors.push({ ...errorAt(uri, lines, 0, lines.lineText(0).length, file.skipped[0]!.message), severity: 'information', code: 'file-too-large' });
    return file;
  }
  if (text.includes('\u0000')) {
    file.skipped.push({ reason: 'binary', message: 'File contains NUL bytes; not a text manifest.' });
    return file;
  }

  const hasMarker = TEMPLATE_MARKER.test(text);
  const templatedFile = hasMarker && /(^|[\\/])templates[\\/]/.test(uri);
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, strict: false, logLevel: 'error' }) as Document.Parsed[];
  } catch (e) {
    // The parser is not expected to throw, but a language server must survive it if it does.
    const reason = e instanceof RangeError ? 'the YAML is nested too deeply to analyse' : (e as Error).message;
    file.syntaxErrors.push(errorAt(uri, lines, 0, lines.lineText(0).length, `YAML parser failed: ${reason}`));
    file.kubernetes = true;
    return file;
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];

  const looksKube = LOOKS_KUBERNETES.test(text) && LOOKS_KIND.test(text);
  const errors: Diagnostic[] = [];
  // The documents' nodes are flattened into one compact tree per file and then dropped.
  const tree = new SourceTreeBuilder(text);
  const found: Found[] = [];
  docs.forEach((doc, docIndex) => {
    const [start, , end] = doc.range;
    // Only a file with a marker somewhere has documents to look at more closely.
    if (templatedFile || (hasMarker && TEMPLATE_MARKER.test(stripComments(text.slice(start, end))))) {
      file.skipped.push({
        reason: 'template',
        message: 'Document contains Go template markers ({{ … }}); it is not YAML until rendered (try `helm template … | kroute check -`).',
        range: lines.range(start, end),
      });
      return;
    }
    for (const err of doc.errors) {
      let [from, to] = err.pos;
      // The parser marks a duplicate key by its first character only; underline the whole key.
      if (err.code === 'DUPLICATE_KEY') {
        const token = /[^\s:,{}\[\]]+/y;
        token.lastIndex = from;
        if (token.exec(text)) to = Math.max(to, token.lastIndex);
      }
      errors.push(errorAt(uri, lines, from, to, firstLine(err.message)));
    }
    collectResources(file, doc, docIndex, options, errors, tree, found);
  });
  if (found.length) {
    const built = tree.build();
    for (const f of found) file.resources.push(toResource(file, built, f));
  }

  file.kubernetes = file.resources.length > 0 || looksKube;
  if (file.kubernetes) file.syntaxErrors = errors;
  return file;
}

interface Found {
  object: Record<string, unknown>;
  root: NodeRef;
  /** The object's text, comments after it included (the `yaml` range[0] and range[2]). */
  start: number;
  end: number;
  docIndex: number;
  itemIndex?: number;
}

function collectResources(file: ParsedFile, doc: Document.Parsed, docIndex: number, options: ParseOptions, errors: Diagnostic[], tree: SourceTreeBuilder, found: Found[]): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: options.maxAliasCount });
  } catch (e) {
    const [start, end] = root.range;
    errors.push(errorAt(file.uri, file.lines, start, Math.min(end, start + 1), `Document not analysed: ${(e as Error).message}`));
    return;
  }
  if (!isObject(value)) return;
  const add = (object: unknown, node: YAMLMap, itemIndex?: number) => {
    // Only Kubernetes objects keep their nodes.
    if (!isObject(object) || !isKubernetesObject(object)) return;
    const [start, , end] = node.range ?? [0, 0, 0];
    found.push({ object, root: tree.add(node), start, end, docIndex, ...(itemIndex !== undefined ? { itemIndex } : {}) });
  };
  if (value.kind === 'List' && Array.isArray(value.items)) {
    const itemsNode = root.get('items', true);
    if (!isSeq(itemsNode)) return;
    value.items.forEach((item, i) => {
      const node = itemsNode.items[i];
      if (isMap(node)) add(item, node, i);
    });
    return;
  }
  add(value, root);
}

function isKubernetesObject(object: Record<string, unknown>): boolean {
  return typeof object.apiVersion === 'string' && typeof object.kind === 'string' && !!object.apiVersion && !!object.kind;
}

function toResource(file: ParsedFile, tree: SourceTree, found: Found): ManifestResource {
  const { object, root, start, end, docIndex, itemIndex } = found;
  const metadata = isObject(object.metadata) ? object.metadata : {};
  return {
    uri: file.uri,
    docIndex,
    ...(itemIndex !== undefined ? { itemIndex } : {}),
    apiVersion: object.apiVersion as string,
    kind: object.kind as string,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    ...(typeof metadata.namespace === 'string' && metadata.namespace ? { namespace: metadata.namespace } : {}),
    object,
    tree,
    root,
    lines: file.lines,
    range: file.lines.range(start, end),
  };
}

function errorAt(uri: string, lines: LineIndex, start: number, end: number, message: string): Diagnostic {
  // The parser reports errors at end of input one past the text; clamp them into the document.
  const s = Math.min(start, lines.text.length);
  const e = Math.max(s, Math.min(end, lines.text.length));
  return { uri, range: lines.range(s, e), severity: 'error', code: 'yaml-syntax', message };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function stripComments(source: string): string {
  return source.replace(/(^|\s)#.*$/gm, '$1');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
