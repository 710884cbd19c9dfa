import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Location } from '../../../server/src/engine/types';
import { TraceRequest, type TraceParams, type TraceResult } from '../../../server/src/lsp/protocol';
import type { HostMessage, PanelState, WebviewMessage } from '../../../webview/src/messages';
import { panelHtml } from './html';
import { parseWebviewMessage, rememberQuery, restoredQuery } from './messages';

export const TRACE_VIEW_TYPE = 'kroute.trace';
const RECENT_QUERIES = 'kroute.trace.recentQueries';

/**
 * One trace panel per destination, all in one editor group. Panels survive a window reload through the serializer (the
 * webview keeps its query in its state, the host each destination's last query) and re-query when
 * the manifests change.
 */
export class TracePanels implements vscode.WebviewPanelSerializer<PanelState> {
  private readonly panels = new Map<string, TracePanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly log: vscode.LogOutputChannel,
    /** Holds each destination's last query: the workbench saves the webview's state only now and then. */
    private readonly memento: vscode.Memento,
  ) {}

  open(params: TraceParams): void {
    const existing = this.panels.get(params.destination);
    if (existing) {
      existing.panel.reveal();
      void existing.query(params);
      return;
    }
    const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, title(params), this.column(), this.options());
    this.attach(panel, params);
  }

  /**
   * Where a new panel opens: in the group of the oldest panel still open, so tracing one
   * destination after another adds tabs there rather than a group beside the last panel each time
   * (which squeezed the editor); beside the editor for the first.
   */
  private column(): vscode.ViewColumn {
    for (const p of this.panels.values()) if (p.panel.viewColumn !== undefined) return p.panel.viewColumn;
    return vscode.ViewColumn.Beside;
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    const params = restoredQuery(state, this.memento.get<unknown>(RECENT_QUERIES));
    if (!params) {
      this.log.warn('trace panel: no valid state to restore; closing it');
      panel.dispose();
    } else {
      panel.webview.options = this.options();
      this.attach(panel, params);
    }
    return Promise.resolve();
  }

  /** Manifests changed: every open panel asks again with its current what-ifs. */
  refresh(): void {
    for (const p of this.panels.values()) void p.query(p.params);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private attach(panel: vscode.WebviewPanel, params: TraceParams): void {
    const webview = panel.webview;
    const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString();
    const p = new TracePanel(
      panel,
      params,
      this.client,
      this.log,
      (q) => void this.memento.update(RECENT_QUERIES, rememberQuery(this.memento.get<unknown>(RECENT_QUERIES), q)),
    );
    // A restored panel may have been opened for a destination that another panel now shows.
    this.panels.get(params.destination)?.panel.dispose();
    this.panels.set(params.destination, p);
    panel.onDidDispose(() => this.panels.get(p.params.destination) === p && this.panels.delete(p.params.destination));
    webview.onDidReceiveMessage((raw: unknown) => {
      const m = parseWebviewMessage(raw);
      if (!m)
        this.log.warn(
          `trace panel: ignored an unexpected message ${(JSON.stringify(raw) as string | undefined)?.slice(0, 200)}`,
        );
      else void p.handle(m);
    });
    webview.html = panelHtml({ cspSource: webview.cspSource, scriptUri, nonce: randomBytes(16).toString('base64') });
  }
}

class TracePanel {
  /** Answers to older queries are dropped when a newer one was sent meanwhile. */
  private sequence = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public params: TraceParams,
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly log: vscode.LogOutputChannel,
    private readonly remember: (params: TraceParams) => void,
  ) {}

  async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.query(this.params);
      case 'query':
        return this.query(m.params);
      case 'reveal':
        return reveal(m.location);
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.setStatusBarMessage('kroute: trace copied as Markdown', 3000);
        return;
      case 'saveSvg': {
        const target = await vscode.window.showSaveDialog({
          filters: { SVG: ['svg'] },
          saveLabel: 'Save diagram',
          title: 'kroute: save route diagram',
        });
        if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(m.svg));
      }
    }
  }

  async query(params: TraceParams): Promise<void> {
    this.params = params;
    this.remember(params);
    this.panel.title = title(params);
    const seq = ++this.sequence;
    const post = (m: HostMessage) => seq === this.sequence && void this.panel.webview.postMessage(m);
    const c = await this.client();
    if (!c)
      return void post({
        type: 'error',
        params,
        message: 'The kroute language server is not running. Run "kroute: Restart Server" to start it.',
      });
    try {
      const result = await c.sendRequest<TraceResult>(TraceRequest, params);
      post({ type: 'result', params, result });
    } catch (e) {
      this.log.warn(`kroute/trace ${JSON.stringify(params)}: ${(e as Error).message}`);
      post({ type: 'error', params, message: (e as Error).message });
    }
  }
}

function title(params: TraceParams): string {
  return `Route → ${params.destination}`;
}

async function reveal(location: Location): Promise<void> {
  const { start, end } = location.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), {
    selection: range,
    viewColumn: vscode.ViewColumn.One,
    preserveFocus: false,
  });
}
