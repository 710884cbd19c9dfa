import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { ruleCodes, ruleDocUrl } from '../engine/rules';
import type { Diagnostic, Severity } from '../engine/types';

const severity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: severity[d.severity],
    code: d.code,
    // Rules have a documentation page, and so has document-skipped (what kroute leaves out, and why).
    ...(ruleCodes.has(d.code) || d.code === 'document-skipped'
      ? { codeDescription: { href: ruleDocUrl(d.code) } }
      : {}),
    source: 'kroute',
    message: d.message,
    ...(d.related?.length
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) }
      : {}),
    ...(d.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}
