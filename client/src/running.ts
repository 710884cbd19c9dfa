import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { TraceTargets, TraceTargetsParams } from '../../server/src/lsp/protocol';

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

/** The active editor's cursor, for a kroute/traceTargets request to name the Service declared around it (`here`). */
export function cursorParams(): Pick<TraceTargetsParams, 'at'> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return {};
  const { line, character } = editor.selection.active;
  return { at: { uri: editor.document.uri.toString(), position: { line, character } } };
}

/** The Service the answer to a request with `cursorParams` found around the cursor, if any. */
export function serviceAtCursor(targets: TraceTargets): TraceTargets['services'][number] | undefined {
  return targets.here === undefined ? undefined : targets.services.find((s) => s.key === targets.here);
}
