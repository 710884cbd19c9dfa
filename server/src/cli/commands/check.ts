import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAME, ConfigFileError, ruleSeverity } from '../../engine/config-file';
import { ruleDocUrl, rules } from '../../engine/rules';
import type { RuleSeverity } from '../../engine/rules/types';
import type { Diagnostic, Severity } from '../../engine/types';
import { choiceFlag, flags, intFlag, UsageError, type ParsedArgs } from '../args';
import { loadWorkspace, type CliIO } from '../context';
import type { Command } from '../main';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const checkCommand: Command = {
  name: 'check',
  summary: 'diagnostics for every manifest: what the API server rejects, and what it accepts but will not route',
  usage: `Usage: kroute check [paths… | -] [--format text|json|sarif] [--config FILE] [--rule CODE=SEVERITY]… [--max-warnings N] [cluster flags]

Runs every kroute rule over the manifests (the same diagnostics the editor shows).

  --format FORMAT        text (path:line:col: severity code message, default), json, or sarif (SARIF 2.1.0)
  --config FILE          rule severities and cluster settings (default: ./${CONFIG_FILE_NAME} if present)
  --rule CODE=SEVERITY   override one rule: off, error, warning, information or hint (repeatable)
  --max-warnings N       fail (exit 1) when there are more than N warnings
  --list-rules           print every rule code, default severity and description

Exit status: 0 no errors (and warnings within --max-warnings), 1 otherwise, 2 usage or input errors.
Run kroute help for the cluster flags (--nodes, --node-port-range, …).`,
  flags: { format: 'string', rule: 'multi', 'max-warnings': 'string', 'list-rules': 'boolean' },
  run: runCheck,
};

function ruleOverrides(args: ParsedArgs): Record<string, RuleSeverity> {
  const out: Record<string, RuleSeverity> = {};
  for (const r of flags(args, 'rule')) {
    const parts = r.split('=');
    if (parts.length !== 2 || !parts[0]) throw new UsageError(`--rule must be CODE=SEVERITY, not "${r}"`);
    const [code, severity] = parts;
    try {
      out[code] = ruleSeverity(code, severity);
    } catch (e) {
      if (e instanceof ConfigFileError) throw new UsageError(`--rule: ${e.message}`);
      throw e;
    }
  }
  return out;
}

interface Row {
  file: string;
  d: Diagnostic;
}

export async function runCheck(args: ParsedArgs, io: CliIO): Promise<number> {
  if (args.flags.has('list-rules')) {
    io.stdout(
      rules.map((r) => `${r.code.padEnd(28)} ${r.defaultSeverity.padEnd(12)} ${r.description}`).join('\n') + '\n',
    );
    return 0;
  }
  const format = choiceFlag<Format>(args, 'format', FORMATS, 'text');
  const maxWarnings = intFlag(args, 'max-warnings', 0, Number.MAX_SAFE_INTEGER);
  const { ws, files, display } = await loadWorkspace(args, io, { severities: ruleOverrides(args) });
  const rows: Row[] = [];
  for (const [uri, list] of ws.diagnostics()) for (const d of list) rows.push({ file: display(uri), d });
  rows.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.d.range.start.line - b.d.range.start.line ||
      a.d.range.start.character - b.d.range.start.character,
  );
  const count = (s: Severity) => rows.filter((r) => r.d.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');

  switch (format) {
    case 'json':
      io.stdout(`${JSON.stringify(rows.map(jsonRow), null, 2)}\n`);
      break;
    case 'sarif':
      io.stdout(`${JSON.stringify(sarif(rows, display), null, 2)}\n`);
      break;
    case 'text': {
      for (const { file, d } of rows)
        io.stdout(
          `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}\n`,
        );
      const hints = count('hint');
      const info = rows.length - errors - warnings - hints;
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      io.stdout(
        rows.length
          ? `\n${plural(rows.length, 'problem')} (${plural(errors, 'error')}, ` +
              `${plural(warnings, 'warning')}, ` +
              `${info} information${hints ? `, ${plural(hints, 'hint')}` : ''}) ` +
              `in ${plural(new Set(rows.map((r) => r.file)).size, 'file')}; ${plural(files.length, 'file')} checked\n`
          : `No problems in ${plural(files.length, 'file')}\n`,
      );
      if (maxWarnings !== undefined && warnings > maxWarnings)
        io.stdout(`Too many warnings: ${warnings} (--max-warnings ${maxWarnings})\n`);
    }
  }
  return errors > 0 || (maxWarnings !== undefined && warnings > maxWarnings) ? 1 : 0;
}

function jsonRow({ file, d }: Row) {
  return {
    file,
    range: d.range,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.resource ? { resource: d.resource } : {}),
  };
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** Codes reported outside the rule list: the parser's. */
const PARSER_CODES: Record<string, { text: string; level: 'error' | 'note' }> = {
  'yaml-syntax': { text: 'The file is not valid YAML.', level: 'error' },
  'file-too-large': { text: 'The file is larger than the configured maximum and was not analysed.', level: 'note' },
  'document-skipped': {
    text: 'A document that is not analysed (a Go template, a Helm chart), and why.',
    level: 'note',
  },
};

/** SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: one run, rules with help links, 1-based regions. */
function sarif(rows: Row[], display: (uri: string) => string) {
  const descriptors = [
    ...rules.map((r) => ({ id: r.code, text: r.description, level: LEVEL[r.defaultSeverity] })),
    ...Object.entries(PARSER_CODES).map(([id, { text, level }]) => ({ id, text, level })),
  ];
  const index = new Map(descriptors.map((r, i) => [r.id, i]));
  const region = (range: Diagnostic['range']) => ({
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  });
  // Paths under the working directory stay relative (code scanning resolves them against the checkout).
  const artifact = (file: string) =>
    isAbsolute(file) ? pathToFileURL(file).href : encodeURI(file.split(sep).join('/'));
  const location = (file: string, range: Diagnostic['range']) => ({
    physicalLocation: { artifactLocation: { uri: artifact(file) }, region: region(range) },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kroute',
            version: VERSION,
            informationUri: 'https://github.com/kroute/kroute',
            rules: descriptors.map((r) => ({
              id: r.id,
              shortDescription: { text: r.text },
              helpUri: ruleDocUrl(r.id),
              defaultConfiguration: { level: r.level },
            })),
          },
        },
        results: rows.map(({ file, d }) => ({
          ruleId: d.code,
          ...(index.has(d.code) ? { ruleIndex: index.get(d.code)! } : {}),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [location(file, d.range)],
          ...(d.related?.length
            ? {
                relatedLocations: d.related.map((r, id) => ({
                  id,
                  ...location(display(r.uri), r.range),
                  message: { text: r.message },
                })),
              }
            : {}),
        })),
      },
    ],
  };
}

declare const KROUTE_VERSION: string | undefined;
const VERSION = typeof KROUTE_VERSION === 'string' ? KROUTE_VERSION : 'dev';
