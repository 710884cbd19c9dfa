// `kroute: Show kube-proxy Rules for Node…`: pick a node, read the rules kube-proxy would write
// there (what `kroute iptables --node` prints, computed by the server) as a read-only document,
// with the rule of the Service under the cursor selected.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  IptablesRequest,
  TraceTargetsRequest,
  type IptablesResult,
  type TraceTargets,
  type TraceTargetsParams,
} from '../../server/src/lsp/protocol';
import { cursorParams, runningClient, serviceAtCursor, showNotRunning } from './running';
import { PICKER_OPTIONS } from './pickers';

export const IPTABLES_SCHEME = 'kroute-iptables';

/** `kroute-iptables:/node-1.iptables`: the tab reads `node-1.iptables`. */
export function rulesUri(node: string): vscode.Uri {
  return vscode.Uri.from({ scheme: IPTABLES_SCHEME, path: `/${node}.iptables` });
}

/**
 * The documents' text: what the command last fetched for a node, else (an editor restored after a
 * reload) asked for again. Documents of a content provider are read-only.
 */
class RulesDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fetch: (node: string) => Promise<IptablesResult>) {}

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.texts.get(uri.toString());
    if (known !== undefined) return known;
    const node = uri.path.replace(/^\//, '').replace(/\.iptables$/, '');
    try {
      return (await this.fetch(node)).text;
    } catch (e) {
      return `# kroute could not compute the rules of node ${node}: ${(e as Error).message}\n`;
    }
  }
}

/** Optional arguments, for a caller that knows what to show (a test, a keybinding). */
interface ShowIptablesArgs {
  node?: string;
  service?: string;
}

export function registerIptables(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  // The manifest the command was run from: its app's rules are shown (each app is its own cluster).
  let from: string | undefined;
  const fetch = async (node: string): Promise<IptablesResult> => {
    const c = await runningClient(client());
    if (!c) throw new Error('the language server is not running');
    return c.sendRequest<IptablesResult>(IptablesRequest, { node, ...(from ? { uri: from } : {}) });
  };
  const documents = new RulesDocuments(fetch);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(IPTABLES_SCHEME, documents),
    vscode.commands.registerCommand('kroute.showIptables', async (raw?: unknown) => {
      const args = (typeof raw === 'object' && raw !== null ? raw : {}) as ShowIptablesArgs;
      const active = vscode.window.activeTextEditor?.document.uri;
      if (active && active.scheme !== IPTABLES_SCHEME) from = active.toString();
      const c = await runningClient(client());
      if (!c) {
        showNotRunning();
        return;
      }
      const targets = await c.sendRequest<TraceTargets>(TraceTargetsRequest, {
        include: ['services', 'nodes'],
        ...cursorParams(),
      } satisfies TraceTargetsParams);
      const service = typeof args.service === 'string' ? args.service : serviceAtCursor(targets)?.key;
      const node = typeof args.node === 'string' ? args.node : await pickNode(targets.nodes, service);
      if (!node) return;
      let result: IptablesResult;
      try {
        result = await fetch(node);
      } catch (e) {
        return void vscode.window.showErrorMessage(
          `kroute: no kube-proxy rules for node ${node}: ${(e as Error).message}`,
        );
      }
      const uri = rulesUri(node);
      documents.set(uri, result.text);
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = service === undefined ? undefined : result.services[service];
      const selection = line === undefined ? undefined : doc.lineAt(line).range;
      const editor = await vscode.window.showTextDocument(doc, { preview: true, ...(selection ? { selection } : {}) });
      if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenter);
      else if (service)
        void vscode.window.setStatusBarMessage(`kroute: kube-proxy writes no rule for ${service} on ${node}`, 5000);
    }),
  );
}

async function pickNode(nodes: string[], service: string | undefined): Promise<string | undefined> {
  return vscode.window.showQuickPick(nodes, {
    title: `kroute: kube-proxy rules on node…${service ? ` (showing ${service})` : ''}`,
    placeHolder: 'The node whose iptables rules to show',
    ...PICKER_OPTIONS,
  });
}
