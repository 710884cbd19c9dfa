import type { Position, Range } from '../types';

/**
 * Maps string offsets (UTF-16 code units, as JavaScript and LSP count them) to line/character
 * positions. Built once per text; lookups are a binary search over line starts.
 */
export class LineIndex {
  /**
   * Offsets where lines start (a typed array: half the memory of a number[], no growth slack), in
   * 16 bits when the text is short enough for every offset to fit, as most manifest files are.
   */
  private readonly starts: Uint32Array | Uint16Array;

  constructor(readonly text: string) {
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    this.starts = text.length <= 0xffff ? new Uint16Array(count) : new Uint32Array(count);
    for (let i = text.indexOf('\n'), line = 1; i >= 0; i = text.indexOf('\n', i + 1)) this.starts[line++] = i + 1;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    let character = o - this.starts[lo];
    // A position between \r and \n does not exist for an editor; clamp to the line end.
    if (character > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10) character--;
    return { line: lo, character };
  }

  offset(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, pos.line)];
    let end = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13 && end < this.text.length) end--;
    // LSP: a character past the line's length means the end of the line, not the next line.
    return Math.min(start + Math.max(0, pos.character), end);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The text of one line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }
}

export function contains(range: Range, pos: Position): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) <= 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
