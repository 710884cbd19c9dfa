import type { CST } from 'yaml';

/**
 * The `yaml` library's concrete syntax tree of a YAML stream, built without its generators.
 *
 * Why: `new Parser().parse(text)` is a lexer generator feeding a parser generator, one generator
 * object and iterator result per lexeme and per state, which at 10k manifests allocated ~3 GB for
 * 5 MB of YAML and was two thirds of a workspace's parse. This module gives the same tokens for the
 * YAML that manifests are made of, in one pass of plain loops, and declines (returns undefined)
 * at anything else: the caller then uses the `yaml` Parser, so the result never differs.
 *
 * It follows the `yaml` v2 Lexer and Parser (`parse/lexer.ts`, `parse/parser.ts`) rule by rule for
 * block maps and sequences, plain, quoted and block scalars, single-line flow collections,
 * comments, anchors, aliases and `---` documents, with \n or \r\n line breaks. It declines at tags,
 * explicit `?` keys, `-` indicators inside a line (`{{- if }}`, `key: - x`), directives, `...`
 * markers, byte order marks, a \r that is not part of a \r\n, tabs, flow collections over several
 * lines, and wherever the Parser would report an error.
 * `fast-cst.test.ts` checks the trees are deep-equal to the Parser's on every fixture and corpus.
 */
export function fastCst(source: string): CST.Token[] | undefined {
  // A line break is \n or \r\n; a lone \r is left to the Parser, and so is a byte order mark, which
  // the Lexer takes as its own token at the start of any line before the first document.
  if (/\r(?!\n)|\t|\uFEFF/.test(source)) return undefined;
  try {
    return new CstBuilder(source).run();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

const DECLINE = new Error('not built here');
function decline(): never {
  throw DECLINE;
}

type TokenType = CST.SourceToken['type'] | CST.FlowScalar['type'];
type FlowScalar = CST.FlowScalar;
type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
type Open = CST.Document | CST.BlockScalar | FlowScalar | Collection;
type MapItem = CST.BlockMap['items'][number];
type SeqItem = CST.BlockSequence['items'][number];

/** `isEmpty` of the Lexer: the end of the text, a space or a line break (no tabs reach here). */
function isEmpty(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\n' || ch === '\r';
}

function isFlowIndicator(ch: string | undefined): boolean {
  return ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}';
}

/** Where an anchor or alias name ends. */
function isNotAnchorChar(ch: string | undefined): boolean {
  return isEmpty(ch) || isFlowIndicator(ch);
}

function includesToken(list: readonly CST.SourceToken[], type: CST.SourceToken['type']): boolean {
  for (const t of list) if (t.type === type) return true;
  return false;
}

function findNonEmptyIndex(list: readonly CST.SourceToken[]): number {
  for (let i = 0; i < list.length; ++i) {
    const t = list[i].type;
    if (t !== 'space' && t !== 'comment' && t !== 'newline') return i;
  }
  return -1;
}

/** The tokens after a node on its line (a scalar's or a flow collection's `end`), if it has them. */
function endTokens(t: CST.Token | undefined): CST.SourceToken[] | undefined {
  const end = t && 'end' in t ? t.end : undefined;
  return Array.isArray(end) ? end : undefined;
}

function isFlowToken(t: CST.Token | null | undefined): boolean {
  switch (t?.type) {
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'flow-collection':
      return true;
    default:
      return false;
  }
}

/** The props tokens before the next key of `parent`: where a key found later takes its own from. */
function prevProps(parent: Open | undefined): CST.SourceToken[] {
  switch (parent?.type) {
    case 'document':
      return parent.start;
    case 'block-map': {
      const it = parent.items[parent.items.length - 1];
      return it.sep ?? it.start;
    }
    case 'block-seq':
      return parent.items[parent.items.length - 1].start;
    default:
      return [];
  }
}

/** Takes from `prev` the tokens after its last indicator or line break (and their spaces): a key's own props. */
function takeKeyProps(prev: CST.SourceToken[]): CST.SourceToken[] {
  if (prev.length === 0) return [];
  let i = prev.length;
  while (--i >= 0) {
    const t = prev[i].type;
    if (
      t === 'doc-start' ||
      t === 'explicit-key-ind' ||
      t === 'map-value-ind' ||
      t === 'seq-item-ind' ||
      t === 'newline'
    )
      break;
  }
  while (prev[++i]?.type === 'space');
  return prev.splice(i, prev.length);
}

/** A flow collection takes each scalar as a key (a `:` may follow); in a sequence, those without one are values. */
function fixFlowSeqItems(fc: CST.FlowCollection): void {
  if (fc.start.type !== 'flow-seq-start') return;
  for (const it of fc.items) {
    if (!it.sep || it.value || includesToken(it.start, 'explicit-key-ind') || includesToken(it.sep, 'map-value-ind'))
      continue;
    if (it.key) it.value = it.key;
    delete it.key;
    if (isFlowToken(it.value)) {
      const value = it.value as FlowScalar | CST.FlowCollection;
      if (value.end) for (const t of it.sep) value.end.push(t);
      else value.end = it.sep;
    } else for (const t of it.sep) it.start.push(t);
    delete it.sep;
  }
}

class CstBuilder {
  private readonly out: CST.Token[] = [];
  private readonly stack: Open[] = [];
  private pos = 0;

  // The Parser's state.
  /** Spaces and indicators at a line's start count as its indentation. */
  private atNewLine = true;
  private indent = 0;
  /** On the line of a block map's key. */
  private onKeyLine = false;
  private type: TokenType = 'space';
  private offset = 0;
  private source = '';

  // The Lexer's state.
  /** The indentation of the current line's content, and the least a scalar's next line needs to continue it. */
  private indentValue = 0;
  private indentNext = 0;
  private blockScalarIndent = -1;
  private blockScalarKeep = false;
  private flowLevel = 0;
  private flowKey = false;

  constructor(private readonly text: string) {}

  run(): CST.Token[] {
    const text = this.text;
    // Before the first document: blank and comment lines.
    while (this.pos < text.length) {
      const lineEnd = this.contentEnd(this.pos);
      let i = this.pos;
      while (text[i] === ' ') i++;
      if (text[i] === '%') decline();
      if (i < lineEnd && text[i] !== '#') break;
      this.lex('space', i);
      this.lex('comment', lineEnd);
      this.newline();
    }
    if (this.pos < text.length) {
      this.lex('doc-mode', this.pos);
      this.lineStart();
    }
    while (this.stack.length) this.pop();
    return this.out;
  }

  // -------------------------------------------------------------------------------------------
  // Lexing: each step pushes lexemes and continues to the next, until the text ends.

  /** Where the line's content ends: at its line break, before the \r of a \r\n. */
  private contentEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    if (nl === -1) return this.text.length;
    return this.text[nl - 1] === '\r' ? nl - 1 : nl;
  }

  /** `pushNewline`: the line break at pos, if there is one. */
  private newline(): void {
    const ch = this.char(this.pos);
    if (ch === '\n') this.lex('newline', this.pos + 1);
    else if (ch === '\r') this.lex('newline', this.pos + 2);
  }

  /** `parseLineStart`, `parseBlockStart` and `parseDocument` for each line of a document. */
  private lineStart(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const marker = this.documentMarkerAt(this.pos);
      if (marker === '...') decline();
      if (marker === '---') {
        this.lex('doc-start', this.pos + 3);
        this.indentValue = 0;
        this.indentNext = 0;
        this.documentLine();
        continue;
      }
      this.indentValue = this.spaces();
      if (this.indentNext > this.indentValue && !isEmpty(text[this.pos + 1])) this.indentNext = this.indentValue;
      // Block indicators at the line's start count as its indentation.
      for (;;) {
        const c0 = text[this.pos];
        if (this.pos >= text.length || !(c0 === '-' || c0 === '?' || c0 === ':') || !isEmpty(text[this.pos + 1])) break;
        if (c0 !== '-') decline();
        this.lex('seq-item-ind', this.pos + 1);
        const n = 1 + this.spaces();
        this.indentNext = this.indentValue + 1;
        this.indentValue += n;
      }
      this.documentLine();
    }
  }

  /** `parseDocument`, then the rest of the line's content; returns at the start of the next line. */
  private documentLine(): void {
    for (;;) {
      this.spaces();
      this.indicators();
      const ch = this.char(this.pos);
      if (this.aliasOrQuoted(ch)) continue;
      switch (ch) {
        case undefined:
          return;
        case '\n':
        case '\r':
          this.newline();
          return;
        case '#':
          this.lex('comment', this.contentEnd(this.pos));
          continue;
        case '{':
        case '[':
          this.flowCollection();
          continue;
        case '}':
        case ']':
          decline();
          break;
        case '|':
        case '>':
          this.blockScalar();
          return;
        default:
          this.plain();
          continue;
      }
    }
  }

  /** `pushSpaces`: the spaces at pos, as one lexeme; returns how many. */
  private spaces(): number {
    let i = this.pos;
    while (this.text[i] === ' ') i++;
    const n = i - this.pos;
    if (n > 0) this.lex('space', i);
    return n;
  }

  private anchorEnd(from: number): number {
    let i = from;
    while (!isNotAnchorChar(this.text[i])) i++;
    return i;
  }

  /** `pushIndicators`: anchors, and `:` indicators, each with the spaces after it. */
  private indicators(): void {
    const text = this.text;
    for (;;) {
      const ch = text[this.pos];
      if (ch === '!') decline();
      if (ch === '&') {
        this.lex('anchor', this.anchorEnd(this.pos + 1));
        this.spaces();
        continue;
      }
      if (ch === '-' || ch === '?' || ch === ':') {
        const inFlow = this.flowLevel > 0;
        const ch1 = text[this.pos + 1];
        if (isEmpty(ch1) || (inFlow && isFlowIndicator(ch1))) {
          if (ch !== ':') decline();
          if (!inFlow) this.indentNext = this.indentValue + 1;
          else if (this.flowKey) this.flowKey = false;
          this.lex('map-value-ind', this.pos + 1);
          this.spaces();
          continue;
        }
      }
      return;
    }
  }

  /** `continueScalar`: where the line at `offset` continues a scalar, or -1. */
  private continueScalar(offset: number): number {
    const text = this.text;
    if (this.indentNext > 0) {
      let indent = 0;
      while (text[offset + indent] === ' ') indent++;
      const ch = text[offset + indent];
      if (ch === '\r') return offset + indent + 1;
      return ch === '\n' || indent >= this.indentNext ? offset + indent : -1;
    }
    return this.documentMarkerAt(offset) ? -1 : offset;
  }

  /** The `---` or `...` at the start of the line at `offset`, if it is one (followed by a space or the line's end). */
  private documentMarkerAt(offset: number): '---' | '...' | undefined {
    const ch = this.text[offset];
    if ((ch !== '-' && ch !== '.') || !isEmpty(this.text[offset + 3])) return undefined;
    const marker = this.text.slice(offset, offset + 3);
    return marker === '---' || marker === '...' ? marker : undefined;
  }

  /** `parsePlainScalar`. */
  private plain(): void {
    const text = this.text;
    const inFlow = this.flowLevel > 0;
    let end = this.pos - 1;
    let i = this.pos - 1;
    let ch: string | undefined;
    while ((ch = this.char(++i)) !== undefined) {
      if (ch === ':') {
        const next = text[i + 1];
        if (isEmpty(next) || (inFlow && isFlowIndicator(next))) break;
        end = i;
      } else if (ch === ' ' || ch === '\n' || ch === '\r') {
        let next = text[i + 1];
        if (ch === '\r') {
          // Always a \r\n here.
          i += 1;
          ch = '\n';
          next = text[i + 1];
        }
        if (next === '#' || (inFlow && isFlowIndicator(next))) break;
        if (ch === '\n') {
          const cs = this.continueScalar(i + 1);
          if (cs === -1) break;
          i = Math.max(i, cs - 2);
        }
      } else {
        if (inFlow && isFlowIndicator(ch)) break;
        end = i;
      }
    }
    // An empty plain scalar is the Lexer's way through an error.
    if (end + 1 === this.pos) decline();
    this.scalar(end + 1);
  }

  /** `parseQuotedScalar`, for a scalar that closes on its line. */
  private quoted(): void {
    const text = this.text;
    const quote = text[this.pos];
    let end = text.indexOf(quote, this.pos + 1);
    if (quote === "'") {
      while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
    } else {
      while (end !== -1) {
        let n = 0;
        while (text[end - 1 - n] === '\\') n += 1;
        if (n % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
    }
    if (end === -1) decline();
    // Each line break inside the quotes must be followed by a line that continues the scalar.
    for (let nl = text.indexOf('\n', this.pos); nl !== -1 && nl < end;) {
      const cs = this.continueScalar(nl + 1);
      if (cs === -1) decline();
      nl = text.indexOf('\n', cs);
    }
    this.lex(quote === '"' ? 'double-quoted-scalar' : 'single-quoted-scalar', end + 1);
    if (this.flowLevel > 0) this.flowKey = true;
  }

  /** `parseBlockScalarHeader` and `parseBlockScalar`: the header line, then the scalar's lines. */
  private blockScalar(): void {
    const text = this.text;
    this.blockScalarIndent = -1;
    this.blockScalarKeep = false;
    let i = this.pos;
    for (;;) {
      const ch = text[++i];
      if (ch === '+') this.blockScalarKeep = true;
      else if (ch > '0' && ch <= '9') this.blockScalarIndent = Number(ch) - 1;
      else if (ch !== '-') break;
    }
    while (!isEmpty(text[i]) && text[i] !== '#') i++;
    this.lex('block-scalar-header', i);
    this.spaces();
    const lineEnd = this.contentEnd(this.pos);
    if (lineEnd > this.pos) {
      // Anything but a comment after the header is an error.
      if (text[this.pos] !== '#') decline();
      this.lex('comment', lineEnd);
    }
    this.newline();

    let nl = this.pos - 1;
    let indent = 0;
    let ch: string | undefined;
    for (i = this.pos; (ch = this.char(i)) !== undefined; ++i) {
      if (ch === ' ') indent += 1;
      else if (ch === '\r') continue;
      else if (ch === '\n') {
        nl = i;
        indent = 0;
      } else break;
    }
    if (indent >= this.indentNext) {
      if (this.blockScalarIndent === -1) this.indentNext = indent;
      else this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
      do {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = text.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = text.length;
    }
    if (!this.blockScalarKeep) {
      // Trailing lines that are not more indented than the content are not part of it.
      for (;;) {
        let j = nl - 1;
        if (text[j] === '\r') --j;
        const lastChar = j;
        while (text[j] === ' ') --j;
        if (text[j] === '\n' && j >= this.pos && j + 1 + indent > lastChar) nl = j;
        else break;
      }
    }
    this.scalar(Math.min(nl + 1, text.length), true);
  }

  /** `parseFlowCollection`, for a collection that closes on its line. */
  private flowCollection(): void {
    const text = this.text;
    const close = this.contentEnd(this.pos);
    this.lex(text[this.pos] === '{' ? 'flow-map-start' : 'flow-seq-start', this.pos + 1);
    this.flowKey = false;
    this.flowLevel = 1;
    while (this.flowLevel > 0) {
      this.spaces();
      if (this.pos >= close) decline();
      while (text[this.pos] === ',') {
        this.lex('comma', this.pos + 1);
        this.spaces();
        this.flowKey = false;
      }
      this.indicators();
      const ch = this.char(this.pos);
      switch (ch) {
        case undefined:
        case '\n':
        case '\r':
        case '#':
          decline();
          break;
        case '{':
        case '[':
          this.lex(ch === '{' ? 'flow-map-start' : 'flow-seq-start', this.pos + 1);
          this.flowKey = false;
          this.flowLevel += 1;
          break;
        case '}':
        case ']':
          this.lex(ch === '}' ? 'flow-map-end' : 'flow-seq-end', this.pos + 1);
          this.flowKey = true;
          this.flowLevel -= 1;
          break;
        case '*':
        case '"':
        case "'":
          this.aliasOrQuoted(ch);
          break;
        case ':': {
          const next = text[this.pos + 1];
          if (this.flowKey || isEmpty(next) || next === ',') {
            this.flowKey = false;
            this.lex('map-value-ind', this.pos + 1);
            this.spaces();
            break;
          }
          this.flowKey = false;
          this.plain();
          break;
        }
        default:
          this.flowKey = false;
          this.plain();
      }
      if (this.pos > close) decline();
    }
  }

  /** An alias or a quoted scalar starting with `ch`, in a block or a flow: lexes it and returns true. */
  private aliasOrQuoted(ch: string | undefined): boolean {
    if (ch === '*') this.lex('alias', this.anchorEnd(this.pos + 1));
    else if (ch === '"' || ch === "'") this.quoted();
    else return false;
    return true;
  }

  /** The character at `i`, or undefined past the end. */
  private char(i: number): string | undefined {
    return i < this.text.length ? this.text[i] : undefined;
  }

  /** Emits text[pos, end) as a lexeme of `type` to the Parser, and moves on. */
  private lex(type: TokenType, end: number): void {
    if (end === this.pos && type !== 'doc-mode') return;
    this.type = type;
    this.offset = this.pos;
    this.source = type === 'doc-mode' ? '' : this.text.slice(this.pos, end);
    this.step();
    this.pos = end;
    switch (type) {
      case 'newline':
        this.atNewLine = true;
        this.indent = 0;
        break;
      case 'space':
        if (this.atNewLine) this.indent += end - this.offset;
        break;
      case 'seq-item-ind':
      case 'map-value-ind':
        if (this.atNewLine) this.indent += 1;
        break;
      case 'doc-mode':
        break;
      default:
        this.atNewLine = false;
    }
  }

  /** A scalar lexeme (`\x1f` and its text): a plain scalar, or a block scalar's lines. */
  private scalar(end: number, block = false): void {
    this.atNewLine = false;
    this.type = 'scalar';
    this.offset = this.pos;
    this.source = this.text.slice(this.pos, end);
    if (block && this.stack.at(-1)?.type !== 'block-scalar') decline();
    this.step();
    this.pos = end;
  }

  // -------------------------------------------------------------------------------------------
  // Parsing: each lexeme lands in the node being built (`step`), as the Parser places it.

  private get sourceToken(): CST.SourceToken {
    return {
      type: this.type as CST.SourceToken['type'],
      offset: this.offset,
      indent: this.indent,
      source: this.source,
    };
  }

  /** Hands the current lexeme to the node being built (the stack's top), or to the stream between documents. */
  private step(): void {
    const top = this.stack.at(-1);
    if (!top) this.stream();
    else if (top.type === 'document') this.document(top);
    else if (top.type === 'block-scalar') this.blockScalarNext(top);
    else if (top.type === 'block-map') this.blockMap(top);
    else if (top.type === 'block-seq') this.blockSeq(top);
    else if (top.type === 'flow-collection') this.flow(top);
    else this.flowScalarNext(top);
  }

  /** Closes the node being built: it becomes its parent's value or key, or a token of the output. */
  private pop(): void {
    const token = this.stack.pop();
    if (!token) return decline();
    const top = this.stack.at(-1);
    if (!top) {
      this.out.push(token);
      return;
    }
    if (token.type === 'block-scalar') token.indent = 'indent' in top ? top.indent : 0;
    else if (token.type === 'flow-collection' && top.type === 'document') token.indent = 0;
    if (token.type === 'flow-collection') fixFlowSeqItems(token);
    const value = token as CST.Token;
    switch (top.type) {
      case 'document':
        top.value = value;
        break;
      case 'block-map': {
        const it = top.items[top.items.length - 1];
        if (it.value) {
          top.items.push({ start: [], key: value, sep: [] });
          this.onKeyLine = true;
          return;
        } else if (it.sep) {
          it.value = value;
        } else {
          Object.assign(it, { key: value, sep: [] });
          this.onKeyLine = !it.explicitKey;
          return;
        }
        break;
      }
      case 'block-seq': {
        const it = top.items[top.items.length - 1];
        if (it.value) top.items.push({ start: [], value });
        else it.value = value;
        break;
      }
      case 'flow-collection': {
        const it = top.items.at(-1);
        if (!it || it.value) top.items.push({ start: [], key: value, sep: [] });
        else if (it.sep) it.value = value;
        else Object.assign(it, { key: value, sep: [] });
        return;
      }
      default:
        decline();
    }
    if (token.type === 'block-map' || token.type === 'block-seq') {
      // Comment lines after a collection's last item belong to its parent, unless indented into it.
      const items: (MapItem | SeqItem)[] = token.items;
      const last: { start: CST.SourceToken[]; sep?: unknown; value?: unknown } | undefined = items.at(-1);
      if (
        last &&
        !last.sep &&
        !last.value &&
        last.start.length > 0 &&
        findNonEmptyIndex(last.start) === -1 &&
        (token.indent === 0 || last.start.every((st) => st.type !== 'comment' || st.indent < token.indent))
      ) {
        if (top.type === 'document') top.end = last.start;
        else (top.items as (MapItem | SeqItem)[]).push({ start: last.start });
        items.splice(-1, 1);
      }
    }
  }

  private stream(): void {
    switch (this.type) {
      case 'space':
      case 'comment':
      case 'newline':
        this.out.push(this.sourceToken);
        return;
      case 'doc-mode':
      case 'doc-start': {
        const doc: CST.Document = { type: 'document', offset: this.offset, start: [] };
        if (this.type === 'doc-start') doc.start.push(this.sourceToken);
        this.stack.push(doc);
        return;
      }
      default:
        decline();
    }
  }

  private document(doc: CST.Document): void {
    if (doc.value) {
      this.lineEnd(doc);
      return;
    }
    switch (this.type) {
      case 'doc-start':
        if (findNonEmptyIndex(doc.start) !== -1) {
          this.pop();
          this.step();
        } else doc.start.push(this.sourceToken);
        return;
      case 'anchor':
      case 'space':
      case 'comment':
      case 'newline':
        doc.start.push(this.sourceToken);
        return;
    }
    this.stack.push(this.startBlockValue(doc) ?? decline());
  }

  private flowScalarNext(scalar: FlowScalar): void {
    if (this.type !== 'map-value-ind') {
      this.lineEnd(scalar);
      return;
    }
    const start = takeKeyProps(prevProps(this.stack.at(-2)));
    let sep: CST.SourceToken[];
    if (scalar.end) {
      sep = scalar.end;
      sep.push(this.sourceToken);
      delete scalar.end;
    } else sep = [this.sourceToken];
    this.onKeyLine = true;
    this.stack[this.stack.length - 1] = {
      type: 'block-map',
      offset: scalar.offset,
      indent: scalar.indent,
      items: [{ start, key: scalar, sep }],
    };
  }

  private blockScalarNext(scalar: CST.BlockScalar): void {
    switch (this.type) {
      case 'space':
      case 'comment':
      case 'newline':
        scalar.props.push(this.sourceToken);
        return;
      case 'scalar':
        scalar.source = this.source;
        this.atNewLine = true;
        this.indent = 0;
        this.pop();
        return;
      default:
        decline();
    }
  }

  /** A comment line indented deeper than the collection, after an item's value: part of that value's end. */
  private atIndentedComment(start: readonly CST.SourceToken[], indent: number): boolean {
    if (this.type !== 'comment' || this.indent <= indent) return false;
    return start.every((st) => st.type === 'newline' || st.type === 'space');
  }

  /** Space and comments after an item's value, or the newline that ends it. */
  private afterValue(items: { start: CST.SourceToken[]; value?: CST.Token }[], it: (typeof items)[number]): boolean {
    if (this.type === 'newline') {
      if (!it.value) return false;
      const end = endTokens(it.value);
      if (end?.at(-1)?.type === 'comment') end.push(this.sourceToken);
      else items.push({ start: [this.sourceToken] });
      return true;
    }
    if (it.value) {
      items.push({ start: [this.sourceToken] });
      return true;
    }
    return false;
  }

  /** A comment line indented into the previous item's value joins that value's end; true if it did. */
  private indentedComment(items: { start: CST.SourceToken[]; value?: CST.Token }[], indent: number): boolean {
    const it = items[items.length - 1];
    if (!this.atIndentedComment(it.start, indent)) return false;
    const prev = items[items.length - 2] as { value?: CST.Token } | undefined;
    const end = endTokens(prev?.value);
    if (!end) return false;
    for (const t of it.start) end.push(t);
    end.push(this.sourceToken);
    items.pop();
    return true;
  }

  private blockMap(map: CST.BlockMap): void {
    const it = map.items[map.items.length - 1];
    switch (this.type) {
      case 'newline':
        this.onKeyLine = false;
        if (this.afterValue(map.items, it)) return;
        (it.sep ?? it.start).push(this.sourceToken);
        return;
      case 'space':
      case 'comment':
        if (this.afterValue(map.items, it)) return;
        if (it.sep) it.sep.push(this.sourceToken);
        else if (!this.indentedComment(map.items, map.indent)) it.start.push(this.sourceToken);
        return;
    }
    if (this.indent >= map.indent) {
      const atMapIndent = !this.onKeyLine && this.indent === map.indent;
      const atNextItem = atMapIndent && (!!it.sep || !!it.explicitKey) && this.type !== 'seq-item-ind';
      // An empty value's separator keeps its first line; blank lines after go to the next item.
      // Allocated only when an item takes it: this runs for most lexemes.
      let start: CST.SourceToken[] | undefined;
      if (atNextItem && it.sep && !it.value) {
        const nl: number[] = [];
        for (let i = 0; i < it.sep.length; ++i) {
          const st = it.sep[i];
          if (st.type === 'newline') nl.push(i);
          else if (st.type === 'comment') {
            if (st.indent > map.indent) nl.length = 0;
          } else if (st.type !== 'space') nl.length = 0;
        }
        if (nl.length >= 2) start = it.sep.splice(nl[1]);
      }
      switch (this.type) {
        case 'anchor':
          if (atNextItem || it.value) {
            map.items.push({ start: [...(start ?? []), this.sourceToken] });
            this.onKeyLine = true;
          } else (it.sep ?? it.start).push(this.sourceToken);
          return;
        case 'map-value-ind':
          if (!it.sep) Object.assign(it, { key: null, sep: [this.sourceToken] });
          else if (it.value || atNextItem) map.items.push({ start: start ?? [], key: null, sep: [this.sourceToken] });
          else if (includesToken(it.sep, 'map-value-ind'))
            this.stack.push({
              type: 'block-map',
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [], key: null, sep: [this.sourceToken] }],
            });
          else it.sep.push(this.sourceToken);
          this.onKeyLine = true;
          return;
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const fs = this.flowScalar();
          if (atNextItem || it.value) {
            map.items.push({ start: start ?? [], key: fs, sep: [] });
            this.onKeyLine = true;
          } else if (it.sep) this.stack.push(fs);
          else {
            Object.assign(it, { key: fs, sep: [] });
            this.onKeyLine = true;
          }
          return;
        }
        default: {
          const bv = this.startBlockValue(map);
          if (bv) {
            if (bv.type === 'block-seq') {
              // `key: - x` on one line is an error.
              if (!it.explicitKey && it.sep && !includesToken(it.sep, 'newline')) decline();
            } else if (atMapIndent) map.items.push({ start: start ?? [] });
            this.stack.push(bv);
            return;
          }
        }
      }
    }
    this.pop();
    this.step();
  }

  private blockSeq(seq: CST.BlockSequence): void {
    const it = seq.items[seq.items.length - 1];
    switch (this.type) {
      case 'newline':
        if (!this.afterValue(seq.items, it)) it.start.push(this.sourceToken);
        return;
      case 'space':
      case 'comment':
        if (!this.afterValue(seq.items, it) && !this.indentedComment(seq.items, seq.indent))
          it.start.push(this.sourceToken);
        return;
      case 'anchor':
        if (it.value || this.indent <= seq.indent) break;
        it.start.push(this.sourceToken);
        return;
      case 'seq-item-ind':
        if (this.indent !== seq.indent) break;
        if (it.value || includesToken(it.start, 'seq-item-ind')) seq.items.push({ start: [this.sourceToken] });
        else it.start.push(this.sourceToken);
        return;
    }
    if (this.indent > seq.indent) {
      const bv = this.startBlockValue(seq);
      if (bv) {
        this.stack.push(bv);
        return;
      }
    }
    this.pop();
    this.step();
  }

  private flow(fc: CST.FlowCollection): void {
    const it = fc.items.at(-1);
    if (fc.end.length === 0) {
      switch (this.type) {
        case 'comma':
          if (!it || it.sep) fc.items.push({ start: [this.sourceToken] });
          else it.start.push(this.sourceToken);
          return;
        case 'map-value-ind':
          if (!it || it.value) fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
          else if (it.sep) it.sep.push(this.sourceToken);
          else Object.assign(it, { key: null, sep: [this.sourceToken] });
          return;
        case 'space':
        case 'comment':
        case 'newline':
        case 'anchor':
          if (!it || it.value) fc.items.push({ start: [this.sourceToken] });
          else if (it.sep) it.sep.push(this.sourceToken);
          else it.start.push(this.sourceToken);
          return;
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const fs = this.flowScalar();
          if (!it || it.value) fc.items.push({ start: [], key: fs, sep: [] });
          else if (it.sep) this.stack.push(fs);
          else Object.assign(it, { key: fs, sep: [] });
          return;
        }
        case 'flow-map-end':
        case 'flow-seq-end':
          fc.end.push(this.sourceToken);
          return;
      }
      this.stack.push(this.startBlockValue(fc) ?? decline());
      return;
    }
    const parent = this.stack.at(-2);
    if (
      parent?.type === 'block-map' &&
      ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
        (this.type === 'newline' && !parent.items[parent.items.length - 1].sep))
    ) {
      this.pop();
      this.step();
    } else if (this.type === 'map-value-ind' && parent?.type !== 'flow-collection') {
      // A flow collection as a block map's key: rare enough in manifests to leave to the Parser.
      decline();
    } else this.lineEnd(fc);
  }

  private flowScalar(): FlowScalar {
    return { type: this.type as FlowScalar['type'], offset: this.offset, indent: this.indent, source: this.source };
  }

  private startBlockValue(parent: Open): Open | null {
    switch (this.type) {
      case 'alias':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.flowScalar();
      case 'block-scalar-header':
        return {
          type: 'block-scalar',
          offset: this.offset,
          indent: this.indent,
          props: [this.sourceToken],
          source: '',
        };
      case 'flow-map-start':
      case 'flow-seq-start':
        return {
          type: 'flow-collection',
          offset: this.offset,
          indent: this.indent,
          start: this.sourceToken,
          items: [],
          end: [],
        };
      case 'seq-item-ind':
        return { type: 'block-seq', offset: this.offset, indent: this.indent, items: [{ start: [this.sourceToken] }] };
      case 'map-value-ind': {
        this.onKeyLine = true;
        const start = takeKeyProps(prevProps(parent));
        return {
          type: 'block-map',
          offset: this.offset,
          indent: this.indent,
          items: [{ start, key: null, sep: [this.sourceToken] }],
        };
      }
    }
    return null;
  }

  /** `lineEnd`: what follows a finished node on its line. */
  private lineEnd(token: CST.Document | FlowScalar | CST.FlowCollection): void {
    switch (this.type) {
      case 'comma':
      case 'doc-start':
      case 'flow-seq-end':
      case 'flow-map-end':
      case 'map-value-ind':
        this.pop();
        this.step();
        return;
      case 'newline':
        this.onKeyLine = false;
    }
    if (token.end) token.end.push(this.sourceToken);
    else token.end = [this.sourceToken];
    if (this.type === 'newline') this.pop();
  }
}
