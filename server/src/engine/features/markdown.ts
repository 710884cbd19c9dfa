// Hover text is Markdown built from manifest strings, which can hold anything YAML allows; these
// helpers keep such strings literal (no emphasis, links or table breaks sneaking in).

/** A code span that survives backticks and pipes in the value (pipes would split a table cell). */
export function code(value: string | number): string {
  const s = String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|');
  let fence = '`';
  while (s.includes(fence)) fence += '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Plain text with every Markdown metacharacter escaped. */
export function text(value: string | number): string {
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

export function table(headers: string[], rows: string[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first `limit` items, and how many were left out. */
export function limited<T>(items: readonly T[], limit: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

/** `a, b, c +2 more`. */
export function list(items: readonly string[], limit: number): string {
  const { shown, more } = limited(items, limit);
  return shown.join(', ') + (more ? ` +${more} more` : '');
}
