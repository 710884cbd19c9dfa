import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { TraceTargets } from '../../server/src/lsp/protocol';

/**
 * The client once it runs, or undefined when it is stopped (it gave up after crashes): a request
 * would fail with the library's "Client is not running". One still starting (a panel restored
 * while the window reloads, a restart after a crash) is waited for.
 */
export async function runningClient(client: LanguageClient | undefined): Promise<LanguageClient | undefined> {
  if (client?.state === State.Starting) {
    await new Promise<void>((resolve) => {
      const sub = client.onDidChangeState((e) => {
        if (e.newState !== State.Starting) {
          sub.dispose();
          resolve();
        }
      });
    });
  }
  return client?.isRunning() ? client : undefined;
}

/** What a command says when the server is not running, instead of the library's message. */
export function showNotRunning(): void {
  void vscode.window.showWarningMessage(
    'kroute: the language server is not running. Run "kroute: Restart Server" to start it.',
  );
}

/** The Service declared around the cursor of the active editor, if any. */
export function serviceAtCursor(targets: TraceTargets): TraceTargets['services'][number] | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const uri = editor.document.uri.toString();
  const at = editor.selection.active;
  return targets.services.find(
    (s) =>
      s.location?.uri === uri &&
      new vscode.Range(
        s.location.range.start.line,
        s.location.range.start.character,
        s.location.range.end.line,
        s.location.range.end.character,
      ).contains(at),
  );
}
