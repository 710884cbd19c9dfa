import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol';

/**
 * The language status item next to "YAML". Its text stays a few words whatever the workspace
 * (`kroute: 2 problems`, `kroute: ready`), so it never overflows the status bar's hover; the
 * counts go in its detail line: `12 Services · 31 pods · 40 manifests in 12 YAML files`.
 */
export function createStatusItem() {
  const item = vscode.languages.createLanguageStatusItem('kroute.status', { language: 'yaml' });
  item.name = 'kroute';
  item.text = 'kroute: starting…';
  item.command = { title: 'Show Output', command: 'kroute.showOutput' };
  return {
    item,
    update(p: StatusParams): void {
      item.busy = p.state === 'indexing';
      if (p.state === 'indexing') {
        item.text = 'kroute: indexing…';
        item.detail = `${plural(p.files, 'file')} read so far`;
        return;
      }
      item.text = p.problems ? `kroute: ${plural(p.problems, 'problem')}` : 'kroute: ready';
      item.detail = [
        plural(p.services, 'Service'), plural(p.pods, 'pod'), `${plural(p.manifests, 'manifest')} in ${plural(p.files, 'YAML file')}`,
        p.skipped ? `${p.skipped} skipped (see output)` : '',
      ].filter(Boolean).join(' · ');
      item.severity = p.problems ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    },
    stopped(): void {
      item.busy = false;
      item.text = 'kroute: stopped';
      item.detail = 'Run "kroute: Restart Server" to start it';
      item.severity = vscode.LanguageStatusSeverity.Error;
    },
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
