import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol';

/** The language status item next to "YAML": `kroute: 12 Services · 31 pods · 2 problems`. */
export function createStatusItem() {
  const item = vscode.languages.createLanguageStatusItem('kroute.status', { language: 'yaml' });
  item.name = 'kroute';
  item.text = 'kroute: starting…';
  item.command = { title: 'Show Output', command: 'kroute.showOutput' };
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return {
    item,
    update(p: StatusParams): void {
      item.busy = p.state === 'indexing';
      if (p.state === 'indexing') {
        item.text = `kroute: indexing ${plural(p.files, 'file')}…`;
        return;
      }
      item.text = `kroute: ${plural(p.services, 'Service')} · ${plural(p.pods, 'pod')} · ${plural(p.problems, 'problem')}`;
      item.detail = `${plural(p.manifests, 'manifest')} in ${plural(p.files, 'YAML file')}${p.skipped ? `, ${p.skipped} skipped (see output)` : ''}`;
      item.severity = p.problems ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    },
    stopped(): void {
      item.busy = false;
      item.text = 'kroute: server stopped';
      item.severity = vscode.LanguageStatusSeverity.Error;
    },
  };
}
