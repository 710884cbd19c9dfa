import type { ParsedFile } from '../manifest/parse';
import type { Cluster } from '../model/cluster';
import type { Diagnostic, Severity } from '../types';

export type RuleSeverity = Severity | 'off';

export interface RuleContext {
  cluster: Cluster;
  files: ReadonlyMap<string, ParsedFile>;
}

/** A diagnostic as a rule reports it; the engine applies the configured severity and suppressions. */
export type Finding = Omit<Diagnostic, 'severity'> & { severity?: Severity };

export interface Rule {
  /** Stable code, documented in docs/rules/<code>.md. */
  code: string;
  defaultSeverity: Severity;
  /** One line for `kroute check --list-rules` and settings descriptions. */
  description: string;
  check(ctx: RuleContext, report: (f: Finding) => void): void;
}
