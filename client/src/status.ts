import * as vscode from 'vscode';
import type { AppsOfResult, StatusParams } from '../../server/src/lsp/protocol';
import { describeApps } from './apps-label';

/**
 * The language status item next to "YAML". Its text stays a few words whatever the workspace
 * (`kroute: 2 problems`, `kroute: ready`), so it never overflows the status bar's hover; the
 * counts go in its detail line: `12 Services · 31 pods · 40 manifests in 12 YAML files`.
 */
export function createStatusItem(appsOf: (uri: string) => Promise<AppsOfResult | undefined>) {
  const item = vscode.languages.createLanguageStatusItem('kroute.status', { language: 'yaml' });
  item.name = 'kroute';
  item.text = 'kroute: starting…';
  item.command = { title: 'Show Output', command: 'kroute.showOutput' };
  let counts = '';
  let app = '';
  const show = () => (item.detail = [app, counts].filter(Boolean).join(' · '));
  // The active editor's app, asked again when the editor or the workspace's apps change; an answer
  // that arrives after the editor changed again is dropped.
  let asked = 0;
  const refreshApp = async () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const ticket = ++asked;
    const answer = uri ? await appsOf(uri).catch(() => undefined) : undefined;
    if (ticket !== asked) return;
    app = answer ? describeApps(answer) : '';
    show();
  };
  const editorWatch = vscode.window.onDidChangeActiveTextEditor(() => void refreshApp());
  return {
    item: {
      dispose: () => {
        editorWatch.dispose();
        item.dispose();
      },
    },
    update(p: StatusParams): void {
      item.busy = p.state === 'indexing';
      if (p.state === 'indexing') {
        item.text = 'kroute: indexing…';
        counts = `${plural(p.files, 'file')} read so far`;
        show();
        return;
      }
      item.text = p.problems ? `kroute: ${plural(p.problems, 'problem')}` : 'kroute: ready';
      counts = [
        plural(p.services, 'Service'),
        plural(p.pods, 'pod'),
        `${plural(p.manifests, 'manifest')} in ${plural(p.files, 'YAML file')}`,
        p.skipped ? `${p.skipped} skipped (see output)` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      show();
      item.severity = p.problems ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
      void refreshApp();
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
