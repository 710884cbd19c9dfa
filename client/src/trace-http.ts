// The "Trace a request" code lens on an Ingress path or HTTPRoute rule: the server traces the
// request the lens carries (what `kroute trace --to URL --via ENTRY` prints) and the text is shown
// in its own output channel, each trace replacing the last.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TraceHttpRequest, type TraceHttpParams, type TraceHttpResult } from '../../server/src/lsp/protocol';
import { runningClient, showNotRunning } from './running';

export function registerTraceHttp(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const channel = vscode.window.createOutputChannel('kroute: HTTP trace');
  context.subscriptions.push(
    channel,
    // The lens passes plain JSON ({ uri, url, via, method?, headers? }); the server checks it.
    vscode.commands.registerCommand('kroute.traceRequest', async (args?: TraceHttpParams) => {
      const c = await runningClient(client());
      if (!c) return showNotRunning();
      let result: TraceHttpResult;
      try {
        result = await c.sendRequest<TraceHttpResult>(TraceHttpRequest, args ?? {});
      } catch (e) {
        return void vscode.window.showErrorMessage(`kroute: cannot trace ${args?.url ?? 'the request'}: ${(e as Error).message}`);
      }
      channel.clear();
      channel.append(result.text);
      channel.show(true);
    }),
  );
}
