// `kroute: Show Connectivity`: the connections the NetworkPolicies allow in the active file's app
// (what `kroute connectivity` lists), as a matrix in a webview, refreshed when manifests change.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConnectivityRequest, type ConnectivityParams, type ConnectivityResult } from '../../server/src/lsp/protocol';
import type { ConnectivityHostMessage, ConnectivityWebviewMessage } from '../../webview/src/connectivity/messages';
import { runningClient } from './running';
import { panelHtml } from './trace/html';
import { isFileLocation } from './trace/messages';

const VIEW_TYPE = 'kroute.connectivity';

/** What the webview may ask for; anything else is dropped (the webview is not trusted). */
export function parseConnectivityMessage(raw: unknown): ConnectivityWebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'query':
      return m.app === undefined
        ? { type: 'query' }
        : typeof m.app === 'string'
          ? { type: 'query', app: m.app }
          : undefined;
    case 'reveal':
      return isFileLocation(m.location) ? { type: 'reveal', location: m.location } : undefined;
    default:
      return undefined;
  }
}

export function registerConnectivity(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  log: vscode.LogOutputChannel,
): void {
  let view: ConnectivityView | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const open = (panel: vscode.WebviewPanel, params: ConnectivityParams) => {
    view = new ConnectivityView(panel, context.extensionUri, params, () => runningClient(client()), log);
    panel.onDidDispose(() => view?.panel === panel && (view = undefined));
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}');
  const refreshSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => void view?.query(), 300);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('kroute.showConnectivity', async () => {
      const active = vscode.window.activeTextEditor?.document.uri;
      const params: ConnectivityParams = active?.scheme === 'file' ? { uri: active.toString() } : {};
      if (view) {
        view.panel.reveal();
        await view.query(params);
        return;
      }
      open(
        vscode.window.createWebviewPanel(
          VIEW_TYPE,
          'Connectivity',
          vscode.ViewColumn.Beside,
          webviewOptions(context.extensionUri),
        ),
        params,
      );
    }),
    // Restored after a window reload with the app it showed.
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => {
        panel.webview.options = webviewOptions(context.extensionUri);
        const app =
          typeof state === 'object' && state !== null && typeof (state as { app?: unknown }).app === 'string'
            ? (state as { app: string }).app
            : undefined;
        open(panel, app === undefined ? {} : { app });
        return Promise.resolve();
      },
    }),
    vscode.workspace.onDidChangeTextDocument(
      (e) => /\.(ya?ml|json)$/i.test(e.document.uri.path) && e.contentChanges.length && refreshSoon(),
    ),
    watcher,
    watcher.onDidChange(refreshSoon),
    watcher.onDidCreate(refreshSoon),
    watcher.onDidDelete(refreshSoon),
    { dispose: () => clearTimeout(pending) },
  );
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

class ConnectivityView {
  /** Answers to older queries are dropped when a newer one was sent meanwhile. */
  private sequence = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private params: ConnectivityParams,
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const webview = panel.webview;
    webview.onDidReceiveMessage((raw: unknown) => {
      const m = parseConnectivityMessage(raw);
      if (!m) {
        this.log.warn(
          `connectivity view: ignored an unexpected message ${(JSON.stringify(raw) as string | undefined)?.slice(0, 200)}`,
        );
        return;
      }
      if (m.type === 'reveal') {
        const { start, end } = m.location.range;
        return void vscode.window.showTextDocument(vscode.Uri.parse(m.location.uri), {
          selection: new vscode.Range(start.line, start.character, end.line, end.character),
          viewColumn: vscode.ViewColumn.One,
        });
      }
      void this.query(m.type === 'query' && m.app !== undefined ? { app: m.app } : undefined);
    });
    const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'connectivity.js')).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri,
      nonce: randomBytes(16).toString('base64'),
      title: 'kroute: connectivity',
    });
  }

  /** Asks the server again, for other params (another app) or the same ones (the manifests changed). */
  async query(params?: ConnectivityParams): Promise<void> {
    if (params) this.params = params;
    const seq = ++this.sequence;
    const post = (m: ConnectivityHostMessage) => seq === this.sequence && void this.panel.webview.postMessage(m);
    const c = await this.client();
    if (!c)
      return void post({
        type: 'error',
        message: 'the kroute language server is not running. Run "kroute: Restart Server" to start it.',
      });
    try {
      const result = await c.sendRequest<ConnectivityResult>(ConnectivityRequest, this.params);
      // Later refreshes keep showing this app, even once another file is active.
      if (result.app !== undefined) this.params = { app: result.app };
      // (The app of loose files at the workspace root is named '.': the title says nothing more then.)
      this.panel.title =
        result.app !== undefined && result.app !== '.' ? `Connectivity: ${result.app}` : 'Connectivity';
      post({ type: 'result', result });
    } catch (e) {
      this.log.warn(`kroute/connectivity: ${(e as Error).message}`);
      post({ type: 'error', message: (e as Error).message });
    }
  }
}
