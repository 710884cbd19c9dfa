import { parseAllDocuments, Scalar, visit, type Document, type YAMLError } from 'yaml';
import { YAML_OPTIONS } from './compose';

/**
 * The `yaml` library's documents of a text, read as kubectl reads it where the two differ.
 *
 * go-yaml (kubectl decodes manifests with sigs.k8s.io/yaml, over go-yaml) reads the continuation
 * lines of a multi-line quoted scalar at any indentation: its scanner (`yaml_parser_scan_flow_scalar`,
 * ported from libyaml) checks only for document markers there. The `yaml` library follows YAML
 * 1.2 (§7.3, flow scalars inherit the block indentation) and reports "Missing closing quote" on
 * a line indented at or before its parent key, as in
 *
 *     annotations:
 *       init-containers: '[
 *         {"name": "wait"}
 *       ]'
 *
 * Such a scalar's continuation lines are indented past its opening quote (leading white space of a
 * continuation line is folded away, so its value does not change) and the text is parsed again;
 * every range is then mapped back to the original text.
 */
export function documentsAsKubectl(source: string): Document.Parsed[] {
  let docs = parse(source);
  let text = source;
  const inserted = new Insertions();
  for (let round = 0; round < MAX_SCALARS; round++) {
    const quote = unclosedQuote(docs, text);
    const mended = quote === undefined ? undefined : indentContinuations(text, quote);
    if (!mended) break;
    const again = parse(mended.text);
    // Only where that is what went wrong: an unclosed quote while typing (`name: "web` with another
    // quote further down, `app: "web"`) keeps its error rather than one about the text after
    // the quote that would close it.
    const lineEnd = mended.text.indexOf('\n', mended.end);
    if (again.some((d) => d.errors.some((e) => lineEnd < 0 || e.pos[0] <= lineEnd))) break;
    for (const [line, pad] of mended.pads.reverse()) inserted.add(line, pad);
    [text, docs] = [mended.text, again];
  }
  atOpeningQuotes(docs, text);
  if (inserted.empty) return docs;
  for (const doc of docs) remap(doc, (p) => inserted.original(p));
  return docs;
}

/** Unclosed scalars mended in one text at most: each costs a parse of the whole text. */
const MAX_SCALARS = 16;

function parse(source: string): Document.Parsed[] {
  const docs = parseAllDocuments(source, YAML_OPTIONS) as Document.Parsed[];
  return Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
}

/** Where the scalar of the first "Missing closing quote" error opens, if any. */
function unclosedQuote(docs: readonly Document.Parsed[], text: string): number | undefined {
  for (const doc of docs) {
    const error = doc.errors.find(isUnclosedQuote);
    if (error) return openingQuote(doc, error, text);
  }
  return undefined;
}

function isUnclosedQuote(e: YAMLError): boolean {
  return e.code === 'MISSING_CHAR' && /closing ["']quote/.test(e.message);
}

/**
 * The opening quote of an unclosed scalar: the error is reported where the library cut it short
 * (the end of its line, or of the text), after the quoted scalar that starts last before it.
 */
function openingQuote(doc: Document.Parsed, error: YAMLError, text: string): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const at = node.range?.[0];
      const quoted = node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE;
      if (quoted && at !== undefined && at < error.pos[0] && (start === undefined || at > start)) start = at;
    },
  });
  return start !== undefined && (text[start] === "'" || text[start] === '"') ? start : undefined;
}

/** An unclosed quote is reported at the quote, where the user typed it, not where the text ends. */
function atOpeningQuotes(docs: readonly Document.Parsed[], text: string): void {
  for (const doc of docs) {
    for (const e of doc.errors) {
      const at = isUnclosedQuote(e) ? openingQuote(doc, e, text) : undefined;
      if (at !== undefined) e.pos = [at, at + 1];
    }
  }
}

/**
 * The text with the continuation lines of the quoted scalar opening at `start` indented one past
 * its quote, the [offset, spaces] inserted and where the scalar now ends; undefined when go-yaml
 * would reject it too (no closing quote, or a `---` / `...` document marker inside).
 */
function indentContinuations(text: string, start: number): { text: string; pads: Array<[number, number]>; end: number } | undefined {
  const end = closingQuote(text, start);
  if (end === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const column = start - lineStart + 1;
  const pads: Array<[number, number]> = [];
  for (let nl = text.indexOf('\n', start); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    const line = nl + 1;
    if (/^(---|\.\.\.)([ \t\r\n]|$)/.test(text.slice(line, line + 4))) return undefined;
    let indent = 0;
    while (text[line + indent] === ' ') indent++;
    if (indent < column) pads.push([line, column - indent]);
  }
  if (!pads.length) return undefined;
  let out = '';
  let from = 0;
  for (const [line, pad] of pads) {
    out += text.slice(from, line) + ' '.repeat(pad);
    from = line;
  }
  return { text: out + text.slice(from), pads, end: end + pads.reduce((sum, [, pad]) => sum + pad, 0) };
}

/** The offset of the quote that closes the scalar opening at `start`, as go-yaml scans it. */
function closingQuote(text: string, start: number): number | undefined {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return undefined;
}

/** Spaces inserted into a text, to map offsets in the result back to the original. */
class Insertions {
  /** [offset in the current text, count], in text order. */
  private runs: Array<[number, number]> = [];

  get empty(): boolean {
    return this.runs.length === 0;
  }

  /** `count` spaces inserted at `at` of the current text (runs after it move along): last first, for several at once. */
  add(at: number, count: number): void {
    for (const run of this.runs) if (run[0] >= at) run[0] += count;
    this.runs.push([at, count]);
    this.runs.sort((a, b) => a[0] - b[0]);
  }

  original(offset: number): number {
    let shift = 0;
    for (const [at, count] of this.runs) {
      if (at >= offset) break;
      shift += Math.min(count, offset - at);
    }
    return offset - shift;
  }
}

/** Maps every range of a parsed document (nodes, keys, the document's own, errors) through `map`. */
function remap(doc: Document.Parsed, map: (offset: number) => number): void {
  const mapRange = (r: [number, number, number]) => [map(r[0]), map(r[1]), map(r[2])] as [number, number, number];
  doc.range = mapRange(doc.range);
  visit(doc, {
    Node(_, node) {
      if (node.range) node.range = mapRange(node.range);
    },
  });
  for (const e of [...doc.errors, ...doc.warnings]) e.pos = [map(e.pos[0]), map(e.pos[1])];
}
