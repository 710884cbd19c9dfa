import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Commands that only need the client; the trace webview registers its own (webview/host). */
export function registerCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, output: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('kroute.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('kroute.restartServer', async () => {
      const c = client();
      if (!c) return;
      await c.restart();
      void vscode.window.setStatusBarMessage('kroute: language server restarted', 3000);
    }),
  );
}
