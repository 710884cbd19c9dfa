// Plain data shared by every layer of the engine. Positions follow LSP conventions
// (0-based lines, UTF-16 code units) so adapters can pass them through unchanged.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  uri: string;
  range: Range;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation extends Location {
  message: string;
}

/** A text edit in a document, by range; quick fixes are lists of these. */
export interface TextEdit {
  uri: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface Diagnostic {
  uri: string;
  range: Range;
  severity: Severity;
  /** Stable rule code, e.g. `nodeport-out-of-range`; `yaml-syntax` for parser errors. */
  code: string;
  message: string;
  /** `Kind namespace/name` of the resource the diagnostic is about, when there is one. */
  resource?: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Marks information that fades code instead of underlining it (LSP DiagnosticTag.Unnecessary). */
  unnecessary?: boolean;
}
