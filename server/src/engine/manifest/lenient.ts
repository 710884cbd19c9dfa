import { isCollection, parseAllDocuments, Scalar, visit, type Document, type YAMLError } from 'yaml';
import { YAML_OPTIONS } from './compose';

/**
 * The `yaml` library's documents of a text, read as kubectl reads it where the two differ.
 *
 * go-yaml (kubectl decodes manifests with sigs.k8s.io/yaml, over go-yaml) reads the continuation
 * lines of a multi-line quoted scalar or flow collection at any indentation: its scanner (ported
 * from libyaml) checks only for document markers inside a quoted scalar, and leaves block
 * indentation alone while inside `[ ]` / `{ }` (`yaml_parser_unroll_indent` does nothing at flow
 * level). The `yaml` library follows YAML 1.2 (§7: flow content is indented past its parent) and
 * reports "Missing closing quote" or "must be sufficiently indented" on a line at or before its
 * parent key's column, as in
 *
 *     annotations:
 *       init-containers: '[
 *         {"name": "wait"}
 *       ]'
 *
 * Such a node's continuation lines are indented past its first character (a continuation line's
 * leading white space is folded away, so no value changes) and the text is parsed again; every
 * range is then mapped back to the original text.
 */
export function documentsAsKubectl(source: string): Document.Parsed[] {
  let docs = parse(source);
  let text = source;
  const inserted = new Insertions();
  const rounds = source.length <= MAX_MENDED_TEXT ? MAX_MENDED : 0;
  for (let round = 0; round < rounds; round++) {
    const mended = mendable(docs, text);
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

/** Nodes mended in one text at most: each costs a parse of the whole text. */
const MAX_MENDED = 16;
/** Longer texts are not mended: a hostile one would cost 16 parses of megabytes. */
const MAX_MENDED_TEXT = 1024 * 1024;

function parse(source: string): Document.Parsed[] {
  const docs = parseAllDocuments(source, YAML_OPTIONS) as Document.Parsed[];
  return Array.isArray(docs) ? docs : [docs];
}

/**
 * The first node the library rejects for its indentation alone, mended: a quoted scalar ("Missing
 * closing quote") or a flow collection ("must be sufficiently indented") whose continuation
 * lines sit at or before its parent's column.
 */
function mendable(docs: readonly Document.Parsed[], text: string): Mended | undefined {
  for (const doc of docs) {
    for (const e of doc.errors) {
      if (isUnclosedQuote(e)) {
        const start = openingQuote(doc, e, text);
        const end = start === undefined ? undefined : closingQuote(text, start);
        return end === undefined ? undefined : indentContinuations(text, start!, end);
      }
      if (
        e.code === 'BAD_INDENT' &&
        /^Flow (map|sequence) in block collection must be sufficiently indented/.test(e.message)
      ) {
        const start = openingBracket(doc, e);
        const end = start === undefined ? undefined : closingBracket(text, start);
        return end === undefined ? undefined : indentContinuations(text, start!, end);
      }
    }
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

/**
 * The opening bracket of a flow collection cut short: the error is reported at the first token of
 * its under-indented line, after the outermost flow collection that starts last before it.
 */
function openingBracket(doc: Document.Parsed, error: YAMLError): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Collection(_, node, path) {
      const at = node.range?.[0];
      const outermost = node.flow && !path.some((a) => isCollection(a) && a.flow);
      if (outermost && at !== undefined && at < error.pos[0] && (start === undefined || at > start)) start = at;
    },
  });
  return start;
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

interface Mended {
  text: string;
  /** [offset, spaces] inserted, in text order. */
  pads: [number, number][];
  /** Where the mended node now ends. */
  end: number;
}

/**
 * The text with the continuation lines of the node from `start` to `end` indented one past its
 * first character; undefined when go-yaml would reject it too (a `---` / `...` document marker
 * inside) or there is nothing to indent.
 */
function indentContinuations(text: string, start: number, end: number): Mended | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const column = start - lineStart + 1;
  const pads: [number, number][] = [];
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

/**
 * The bracket that closes the flow collection opening at `start`: brackets counted outside quoted
 * scalars (a quote opens one only where a flow node starts: after `[`, `{`, `,`, `:` or at a
 * line's start) and comments.
 */
function closingBracket(text: string, start: number): number | undefined {
  let depth = 0;
  let previous = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return i;
    } else if ((c === "'" || c === '"') && (previous === '' || '[{,:\n'.includes(previous))) {
      const close = closingQuote(text, i);
      if (close === undefined) return undefined;
      i = close;
    } else if (c === '#' && (previous === '' || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl - 1;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') previous = c;
  }
  return undefined;
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
  private runs: [number, number][] = [];

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

/** An error of a document that kubectl cannot decode, in the shape parse.ts reports YAML errors in. */
export interface DecodingError {
  pos: [number, number];
  code: string;
  message: string;
}

/**
 * The values JSON cannot carry: go-yaml reads `.inf`, `-.inf` and `.nan` (any of their spellings)
 * as float64 infinities and NaN, and sigs.k8s.io/yaml `yamlToJSONTarget` then hands them to
 * `json.Marshal`, whose floatEncoder fails with an `UnsupportedValueError` ("json: unsupported
 * value: +Inf"): kubectl rejects the whole document, whatever field the value was meant for
 * (kubectl decodes into a RawExtension, so no string coercion applies). Map keys are exempt:
 * `convertToJSONableObject` names a float key `.inf` / `.nan`.
 */
export function unsupportedJsonValues(doc: Document.Parsed): DecodingError[] {
  const out: DecodingError[] = [];
  visit(doc, {
    Scalar(key, node) {
      const v = node.value;
      if (key === 'key' || typeof v !== 'number' || Number.isFinite(v) || !node.range) return;
      // strconv.FormatFloat(v, 'g', -1, 64), as UnsupportedValueError.Str holds it.
      const go = Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
      out.push({
        pos: [node.range[0], node.range[1]],
        code: 'JSON_UNSUPPORTED_VALUE',
        message: `error converting YAML to JSON: json: unsupported value: ${go} (JSON has no infinity or NaN: kubectl rejects the document; quote the value if it is text)`,
      });
    },
  });
  return out;
}
