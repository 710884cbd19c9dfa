import type { ParsedFile } from '../manifest/parse';
import type { Cluster } from '../model/cluster';
import type { Diagnostic } from '../types';
import { nodePortOutOfRange } from './nodeport-out-of-range';
import { selectorMatchesNothing } from './selector-matches-nothing';
import type { Rule, RuleSeverity } from './types';

export const rules: readonly Rule[] = [nodePortOutOfRange, selectorMatchesNothing];

export type RuleSeverities = Readonly<Record<string, RuleSeverity>>;

const SUPPRESS = /#\s*kroute-disable-next-line\b(.*)$/;

/**
 * Runs every rule over the model. Severity comes from the configuration (`off` drops the rule);
 * a `# kroute-disable-next-line [code…]` comment on the line above silences that line.
 */
export function runRules(cluster: Cluster, files: ReadonlyMap<string, ParsedFile>, severities: RuleSeverities = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const severity = severities[rule.code] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    rule.check({ cluster, files }, (f) => {
      const d: Diagnostic = { ...f, severity: severities[rule.code] ? severity : f.severity ?? severity };
      if (!suppressed(files.get(d.uri), d)) out.push(d);
    });
  }
  return out;
}

function suppressed(file: ParsedFile | undefined, d: Diagnostic): boolean {
  if (!file || d.range.start.line === 0) return false;
  const m = SUPPRESS.exec(file.lines.lineText(d.range.start.line - 1));
  if (!m) return false;
  const codes = m[1]!.split(/[\s,]+/).filter(Boolean);
  return codes.length === 0 || codes.includes(d.code);
}
