import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

/**
 * Commands that only need the client; the trace webview registers its own (webview/host).
 * `onRestart` runs when the user restarts the server.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: vscode.OutputChannel,
  onRestart: () => void,
): void {
  const position = (p: LspPosition) => new vscode.Position(p.line, p.character);
  context.subscriptions.push(
    vscode.commands.registerCommand('kroute.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('kroute.restartServer', async () => {
      const c = client();
      if (!c) return;
      onRestart();
      await c.restart();
      void vscode.window.setStatusBarMessage('kroute: language server restarted', 3000);
    }),
    // Code lens commands arrive with plain LSP JSON; the built-in peek needs VS Code's own types.
    vscode.commands.registerCommand('kroute.showReferences', (uri: string, at: LspPosition, locations: LspLocation[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        position(at),
        locations.map(
          (l) =>
            new vscode.Location(
              vscode.Uri.parse(l.uri),
              new vscode.Range(position(l.range.start), position(l.range.end)),
            ),
        ),
      ),
    ),
  );
}
