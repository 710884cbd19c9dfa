import { isCollection, isMap, isSeq, visit, type Document } from 'yaml';
import { CHART_FILE, chartName } from './charts';
import { composeDocuments, type ComposedDocument } from './compose';
import { documentsAsKubectl, unsupportedJsonValues, type DecodingError } from './lenient';
import { LineIndex } from './positions';
import { SourceTreeBuilder, type NodeRef, type SourceTree } from './tree';
import type { ManifestResource } from './resource';
import type { Diagnostic, Range } from '../types';

export interface ParseOptions {
  /** Files larger than this (in UTF-16 code units ≈ bytes for YAML) are not parsed. */
  maxFileSize: number;
  /** Bound on alias expansion, so a "billion laughs" document costs bounded time and memory. */
  maxAliasCount: number;
  /**
   * Per file: the Helm chart whose `templates/` holds it (its directory URI, as `charts.ts` finds
   * it from the workspace's Chart.yaml files). Such a file is a Go template, never parsed.
   */
  chart?: string;
}

export const defaultParseOptions: ParseOptions = { maxFileSize: 5 * 1024 * 1024, maxAliasCount: 1000 };

export type SkipReason = 'too-large' | 'template' | 'chart-template' | 'binary';

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
  /**
   * The parser's diagnostics, only for files that look like Kubernetes manifests: YAML errors
   * (`yaml-syntax`), documents not analysed (`document-skipped`, `file-too-large`).
   */
  syntaxErrors: Diagnostic[];
  skipped: Skipped[];
  /** True when the file holds (or, broken, looks like it holds) Kubernetes objects. */
  kubernetes: boolean;
  /**
   * The file's YAML documents as parsed, for re-parsing only the documents an edit touched
   * (`parseManifestFile` with the previous version). Absent when the file cannot be split safely
   * (directives, `...` markers, YAML errors, templates, a parser failure).
   */
  chunks?: Chunk[];
}

/**
 * One YAML document: from its `---` line (the start of the file for the first) to the next one's.
 * A document is parsed from its own text alone (a `---` line at column 0 ends any YAML node; a file
 * with YAML errors, where an unclosed quote can run over one, is not split), so one that an edit did
 * not touch keeps its parse, moved by the edit's length when it lies after.
 */
interface Chunk {
  start: number;
  end: number;
  /** The offset of the text its parse came from: `tree`, `found` and `errors` count from there. */
  base: number;
  tree?: SourceTree;
  found: Found[];
  errors: { from: number; to: number; message: string }[];
  /** Relative [start, end) of a document skipped as a template. */
  template?: [number, number];
}

// A broken file still counts as a manifest when its text has the two keys every object has, at the
// top level of a document (column 0): nested `apiVersion:`/`kind:` properties, as in an OpenAPI
// schema of Kubernetes-shaped objects, do not make a file a manifest.
const LOOKS_KUBERNETES = /^["']?apiVersion["']?[ \t]*:/m;
const LOOKS_KIND = /^["']?kind["']?[ \t]*:/m;

/**
 * Parses one YAML file into Kubernetes resources with exact source ranges. Never throws. Given the
 * file's `previous` parse, only the documents the edit touched are parsed again. The documents'
 * parse is kept for the next edit (`chunks`) when `keepChunks`: by default for a file being edited,
 * not for one parsed once, as most of a workspace's files are (4 MB at 10k manifests).
 */
export function parseManifestFile(
  uri: string,
  rawText: string,
  options: ParseOptions = defaultParseOptions,
  previous?: ParsedFile,
  keepChunks = previous !== undefined,
): ParsedFile {
  const text = withoutByteOrderMark(rawText);
  const lines = new LineIndex(text);
  const file: ParsedFile = { uri, text, lines, resources: [], syntaxErrors: [], skipped: [], kubernetes: false };

  if (text.length > options.maxFileSize) {
    const mb = (options.maxFileSize / (1024 * 1024)).toFixed(options.maxFileSize % (1024 * 1024) ? 1 : 0);
    file.skipped.push({
      reason: 'too-large',
      message: `File is larger than kroute.maxFileSize (${mb} MB); not analysed.`,
    });
    const head = text.slice(0, 4096);
    file.kubernetes = LOOKS_KUBERNETES.test(head) && LOOKS_KIND.test(head);
    // Said once, on the first line, and only where the user would expect kroute to have looked.
    if (file.kubernetes)
      file.syntaxErrors.push({
        ...errorAt(uri, lines, 0, lines.lineText(0).length, file.skipped[0].message),
        severity: 'information',
        code: 'file-too-large',
      });
    return file;
  }
  if (text.includes('\u0000')) {
    file.skipped.push({ reason: 'binary', message: 'File contains NUL bytes; not a text manifest.' });
    return file;
  }

  if (options.chart !== undefined) {
    file.skipped.push({ reason: 'chart-template', message: chartTemplateMessage(options.chart) });
    return file;
  }
  const json = JSON_FILE.test(uri);
  // JSON that names no apiVersion and kind (package.json, dashboards, editor settings) is not read.
  if (json && !mayBeKubernetesJson(text)) return file;

  // `{{` alone is enough: a half-typed `{{ .Values.x }` is still a template, and plain YAML almost
  // never nests a flow map as the first key of another.
  const hasMarker = text.includes('{{');
  const splittable = !DIRECTIVE.test(text);
  const kept = splittable && previous?.chunks ? unchangedChunks(previous.text, previous.chunks, text) : undefined;
  let parsed: Parsed;
  try {
    const part = kept && parseChunks(text, kept.from, kept.to, hasMarker, options);
    parsed =
      kept && part?.split
        ? { chunks: [...kept.before, ...part.chunks, ...kept.after], split: true }
        : parseChunks(text, 0, text.length, hasMarker, options);
  } catch (e) {
    // The parser is not expected to throw, but a language server must survive it if it does.
    const reason = e instanceof RangeError ? 'the YAML is nested too deeply to analyse' : (e as Error).message;
    file.syntaxErrors.push(errorAt(uri, lines, 0, lines.lineText(0).length, `YAML parser failed: ${reason}`));
    file.kubernetes = true;
    return file;
  }
  const { chunks } = parsed;

  const errors: Diagnostic[] = [];
  // Chunks of one parse share its tree; those after an edit see it moved.
  const views = new Map<SourceTree, Map<number, SourceTree>>();
  const view = (tree: SourceTree, base: number) => {
    let byBase = views.get(tree);
    if (!byBase) views.set(tree, (byBase = new Map<number, SourceTree>()));
    let v = byBase.get(base);
    if (!v) byBase.set(base, (v = tree.moved(text, base)));
    return v;
  };
  chunks.forEach((chunk, docIndex) => {
    for (const e of chunk.errors) errors.push(errorAt(uri, lines, e.from + chunk.base, e.to + chunk.base, e.message));
    if (chunk.template) {
      const [start, end] = chunk.template;
      file.skipped.push({
        reason: 'template',
        message: TEMPLATE_MESSAGE,
        range: lines.range(start + chunk.base, end + chunk.base),
      });
      errors.push({
        ...errorAt(uri, lines, ...firstContentLine(text, start + chunk.base, end + chunk.base), TEMPLATE_MESSAGE),
        severity: 'information',
        code: 'document-skipped',
      });
    }
    if (!chunk.tree) return;
    const tree = view(chunk.tree, chunk.base);
    for (const f of chunk.found) file.resources.push(toResource(file, tree, f, chunk.base, docIndex));
  });
  if (keepChunks && splittable && parsed.split) file.chunks = chunks;

  file.kubernetes = file.resources.length > 0 || json || (LOOKS_KUBERNETES.test(text) && LOOKS_KIND.test(text));
  if (file.kubernetes) file.syntaxErrors = errors;
  if (CHART_FILE.test(uri)) file.syntaxErrors.push(chartNotAnalysed(file));
  return file;
}

/** Editors drop the byte-order mark from the document text; the same for files read from disk. */
export function withoutByteOrderMark(rawText: string): string {
  return rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
}

const TEMPLATE_MESSAGE =
  'Not analysed: this document contains Go template syntax ({{ … }}) and is YAML only once ' +
  'rendered; check the output of helm template … | kroute check -';

function chartTemplateMessage(chart: string): string {
  return `Not analysed: a template of the Helm chart ${chartName(chart)}; check its rendered output (helm template … | kroute check -).`;
}

/** One information diagnostic per chart, on its Chart.yaml: the chart's templates are not analysed. */
function chartNotAnalysed(file: ParsedFile): Diagnostic {
  const name = /^name:[ \t]*["']?([^"'\s#]+)/m.exec(file.text);
  const at = name ? name.index : 0;
  const line = file.lines.position(at).line;
  const message =
    `Helm chart${name ? ` ${name[1]}` : ''}: its templates are not analysed (Go templates are YAML ` +
    `only once rendered); check them with helm template <chart directory> | kroute check -`;
  return {
    ...errorAt(
      file.uri,
      file.lines,
      file.lines.offset({ line, character: 0 }),
      file.lines.offset({ line, character: file.lines.lineText(line).length }),
      message,
    ),
    severity: 'information',
    code: 'document-skipped',
  };
}

/** The first line of a document that is not blank, a comment or its `---` marker: where a note about the whole document goes. */
function firstContentLine(text: string, start: number, end: number): [number, number] {
  const line = /^(?![ \t]*(#|---|$)).*$/gm;
  line.lastIndex = start;
  const m = line.exec(text);
  if (!m || m.index >= end) return [start, start];
  return [m.index, m.index + m[0].replace(/\r$/, '').length];
}

const JSON_FILE = /\.json$/i;

/** The files kroute reads as manifests: YAML, and JSON (see mayBeKubernetesJson). */
export const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Whether a file's text is worth handing to the workspace: any YAML, JSON only when it may hold Kubernetes objects. */
export function mayHoldManifests(uri: string, text: string): boolean {
  return !JSON_FILE.test(uri) || mayBeKubernetesJson(text);
}

/**
 * Whether a JSON file may hold Kubernetes objects: it gives both `apiVersion` and `kind` a string
 * (a JSON schema of such objects gives them objects). kubectl applies JSON files as it does YAML,
 * and JSON is YAML 1.2 flow syntax; any other JSON in a workspace is not a manifest and is neither
 * parsed nor reported.
 */
export function mayBeKubernetesJson(text: string): boolean {
  return /"apiVersion"\s*:\s*"/.test(text) && /"kind"\s*:\s*"/.test(text);
}

// A directive applies to the document after it: such a file is always parsed whole.
const DIRECTIVE = /^%/m;
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/;

interface Parsed {
  chunks: Chunk[];
  /**
   * False when the documents do not each start at a `---` line (a `...` end marker, a document
   * without one after the first) or have YAML errors: such text is only parsed as a whole file.
   */
  split: boolean;
}

/** Parses text[from, to), whole documents, into one chunk per document. */
function parseChunks(text: string, from: number, to: number, hasMarker: boolean, options: ParseOptions): Parsed {
  // A copy, not a slice: the parsed values' strings point into the text they were cut from, and a
  // document kept across later edits would otherwise hold on to this whole version of the file.
  const source = from === 0 && to === text.length ? text : (JSON.parse(JSON.stringify(text.slice(from, to))) as string);
  // Most manifests are composed straight from the parser's tokens; text the fast path leaves
  // (template syntax, tags, errors, …) gets the `yaml` library's Composer and its error messages.
  const fastTree = new SourceTreeBuilder(source);
  const composed = composeDocuments(source, fastTree, options.maxAliasCount);
  // A declined text may have left nodes in the fast path's builder.
  const tree = composed ? fastTree : new SourceTreeBuilder(source);
  const docs: ParsedDocument[] = composed
    ? composed.map((doc) => ({
        range: doc.range,
        errors: [],
        templateSyntax: false,
        collect: (chunk) => collectComposed(doc, chunk),
      }))
    : documentsAsKubectl(source).map((doc) => ({
        range: doc.range,
        errors: [...doc.errors, ...unsupportedJsonValues(doc)],
        templateSyntax: hasMarker && hasTemplateSyntax(doc),
        collect: (chunk) => collectResources(doc, options, chunk, tree),
      }));
  const chunks: Chunk[] = [];
  let split = true;
  docs.forEach((doc, i) => {
    const [start, , end] = doc.range;
    const first = i === 0 && from === 0;
    const atDocumentStart =
      (start === 0 || source[start - 1] === '\n') && DOCUMENT_START.test(source.slice(start, start + 4));
    if (!first && !atDocumentStart) split = false;
    const chunk: Chunk = { start: first ? 0 : start + from, end: to, base: from, found: [], errors: [] };
    if (chunks.length) chunks[chunks.length - 1].end = chunk.start;
    chunks.push(chunk);
    // A broken document may not end where the next starts (an unclosed quote runs over `---` lines,
    // an unclosed flow collection reports its end there).
    if (doc.errors.length) split = false;
    // `{{` is template syntax only where YAML cannot read it as text: in a scalar (a shell command,
    // an alert's `{{ $labels }}`) it is the scalar's text and the document is analysed.
    const templated =
      (doc.templateSyntax || doc.errors.length > 0) &&
      hasMarker &&
      stripComments(source.slice(start, end)).includes('{{');
    if (templated) {
      chunk.template = [start, end];
      return;
    }
    for (const err of reportedErrors(doc.errors)) {
      const errFrom = err.pos[0];
      let errTo = err.pos[1];
      // The parser marks a duplicate key by its first character only; underline the whole key.
      if (err.code === 'DUPLICATE_KEY') {
        const token = /[^\s:,{}[\]]+/y;
        token.lastIndex = errFrom;
        if (token.exec(source)) errTo = Math.max(errTo, token.lastIndex);
      }
      chunk.errors.push({ from: errFrom, to: errTo, message: conciseMessage(err.message) });
    }
    // kubectl decodes a document or rejects it: nothing of a broken one is modelled (a half-parsed
    // Deployment would have phantom pods, a cut-off port would read as 0). Duplicate keys alone
    // leave the object whole: kubectl's decoder (sigs.k8s.io/yaml) reads them, the last winning,
    // and the API server's strict field validation rejects the object; modelled as written, so the
    // one mistake does not also leave its Service selecting nothing.
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return;
    doc.collect(chunk);
  });
  if (chunks.some((c) => c.found.length)) {
    const built = tree.build();
    for (const c of chunks) if (c.found.length) c.tree = built;
  }
  return { chunks, split };
}

/**
 * A Go template action parsed as YAML: `{{ .Values.x }}` outside quotes reads as a flow map whose
 * key is another flow map, which plain manifests never write (kubectl's decoder rejects non-string
 * keys).
 */
function hasTemplateSyntax(doc: Document.Parsed): boolean {
  let found = false;
  visit(doc, {
    Pair(_, pair) {
      if (!isCollection(pair.key)) return undefined;
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

const MAX_ERRORS_PER_DOCUMENT = 3;

/**
 * The errors worth showing of one document: its first syntax error (what follows it is mostly its
 * consequence: an unclosed quote swallows the next lines, which then read as stray tokens; go-yaml
 * too stops at the first) and the duplicate keys, each a mistake of its own, at most three in all.
 */
function reportedErrors(errors: readonly DecodingError[]): DecodingError[] {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const firstSyntax = sorted.find((e) => e.code !== 'DUPLICATE_KEY');
  return sorted.filter((e) => e === firstSyntax || e.code === 'DUPLICATE_KEY').slice(0, MAX_ERRORS_PER_DOCUMENT);
}

const MAX_MESSAGE = 200;

/**
 * The parser's message on one line, without its "at line" suffix, the token it quotes cut to its
 * first line (the parser quotes a whole unclosed scalar: the rest of the file), at most 200 characters.
 */
function conciseMessage(message: string): string {
  let m = message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  m = m.replace(/: "(.*)"$/, (_, quoted: string) => {
    let token = quoted;
    try {
      token = JSON.parse(`"${quoted}"`) as string;
    } catch {
      // Keep the text as the parser wrote it.
    }
    const line = token.split('\n')[0];
    return `: ${JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}…` : line)}`;
  });
  return m.length > MAX_MESSAGE ? `${m.slice(0, MAX_MESSAGE - 1)}…` : m;
}

/**
 * The chunks of the previous text that an edit leaves as they were: those before the first
 * changed character whose closing `---` line is unchanged too, and those after the last one whose
 * `---` line still starts a line (moved by the edit's length); and the range of the new text in
 * between, to parse again.
 */
function unchangedChunks(
  old: string,
  chunks: Chunk[],
  text: string,
): { before: Chunk[]; after: Chunk[]; from: number; to: number } | undefined {
  if (!chunks.length) return undefined;
  const max = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix))
    suffix++;
  const changedEnd = old.length - suffix;
  const delta = text.length - old.length;
  let a = 0;
  while (a < chunks.length - 1 && lineEnd(old, chunks[a].end) < prefix) a++;
  let b = chunks.length;
  while (b > a + 1 && chunks[b - 1].start - 1 >= changedEnd) b--;
  const moved = (c: Chunk): Chunk => ({ ...c, start: c.start + delta, end: c.end + delta, base: c.base + delta });
  return {
    before: chunks.slice(0, a),
    after: chunks.slice(b).map(moved),
    from: a ? chunks[a].start : 0,
    to: b < chunks.length ? chunks[b].start + delta : text.length,
  };
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

/** A document of the text, composed by either path. */
interface ParsedDocument {
  range: readonly [number, number, number];
  errors: readonly DecodingError[];
  /** Go template syntax parsed as YAML structure (see hasTemplateSyntax). */
  templateSyntax: boolean;
  /** Adds the document's Kubernetes objects to the chunk. */
  collect(chunk: Chunk): void;
}

interface Found {
  object: Record<string, unknown>;
  root: NodeRef;
  /** The object's text, comments after it included (the `yaml` range[0] and range[2]), from the chunk's base. */
  start: number;
  end: number;
  itemIndex?: number;
}

function collectResources(doc: Document.Parsed, options: ParseOptions, chunk: Chunk, tree: SourceTreeBuilder): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: options.maxAliasCount });
  } catch (e) {
    const [start, end] = root.range;
    chunk.errors.push({
      from: start,
      to: Math.min(end, start + 1),
      message: `Document not analysed: ${(e as Error).message}`,
    });
    return;
  }
  if (!isObject(value)) return;
  addObjects(
    chunk,
    value,
    root,
    () => {
      const items = root.get('items', true);
      return isSeq(items) ? items.items.map((node) => (isMap(node) ? node : undefined)) : undefined;
    },
    (node) => {
      const [start, , end] = node.range ?? [0, 0, 0];
      return { root: tree.add(node), start, end };
    },
  );
}

function collectComposed(doc: ComposedDocument, chunk: Chunk): void {
  const { value, root } = doc;
  if (!root || !isObject(value)) return;
  addObjects(
    chunk,
    value,
    root,
    () => doc.items,
    (span) => ({ root: span.node, start: span.start, end: span.end }),
  );
}

/**
 * Adds a document's Kubernetes objects to its chunk: the items of a `kind: List` (its map `items`
 * as `listItems` gives their nodes), or the document itself. Only Kubernetes objects get `place`d
 * in the source tree.
 */
function addObjects<N>(
  chunk: Chunk,
  value: Record<string, unknown>,
  root: N,
  listItems: () => readonly (N | undefined)[] | undefined,
  place: (node: N) => Pick<Found, 'root' | 'start' | 'end'>,
): void {
  const add = (object: unknown, node: N, itemIndex?: number) => {
    if (!isObject(object) || !isKubernetesObject(object)) return;
    chunk.found.push({ object, ...place(node), ...(itemIndex !== undefined ? { itemIndex } : {}) });
  };
  if (isListKind(value.kind) && Array.isArray(value.items)) {
    const items: unknown[] = value.items;
    const typed = typedItem(value);
    listItems()?.forEach((node, i) => node !== undefined && add(typed(items[i]), node, i));
    return;
  }
  add(value, root);
}

/**
 * `List` and the typed lists (`PodList`, `NamespaceList`, …) that kubectl get -o yaml writes:
 * meta.IsListType treats any object with an `items` list as a list, and kubectl apply reads them.
 */
function isListKind(kind: unknown): boolean {
  return typeof kind === 'string' && /^([A-Z][A-Za-z0-9]*)?List$/.test(kind);
}

/**
 * The items of a typed list (`PodList` from kubectl get -o json) are written without kind and
 * apiVersion: the list's type gives them (a PodList holds v1 Pods).
 */
function typedItem(list: Record<string, unknown>): (item: unknown) => unknown {
  const kind = (list.kind as string).slice(0, -'List'.length);
  if (!kind || typeof list.apiVersion !== 'string') return (item) => item;
  return (item) =>
    isObject(item) && item.kind === undefined && item.apiVersion === undefined
      ? { kind, apiVersion: list.apiVersion, ...item }
      : item;
}

function isKubernetesObject(object: Record<string, unknown>): boolean {
  return (
    typeof object.apiVersion === 'string' && typeof object.kind === 'string' && !!object.apiVersion && !!object.kind
  );
}

function toResource(
  file: ParsedFile,
  tree: SourceTree,
  found: Found,
  base: number,
  docIndex: number,
): ManifestResource {
  const { object, root, start, end, itemIndex } = found;
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
    range: file.lines.range(start + base, end + base),
  };
}

function errorAt(uri: string, lines: LineIndex, start: number, end: number, message: string): Diagnostic {
  // The parser reports errors at end of input one past the text; clamp them into the document.
  const s = Math.min(start, lines.text.length);
  const e = Math.max(s, Math.min(end, lines.text.length));
  return { uri, range: lines.range(s, e), severity: 'error', code: 'yaml-syntax', message };
}

function stripComments(source: string): string {
  return source.replace(/(^|\s)#.*$/gm, '$1');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
