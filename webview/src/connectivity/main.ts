// The Connectivity view's webview: renders what the host sends, asks for another app or a refresh.
import { h } from '../dom';
import css from './style.css';
import type { ConnectivityHostMessage, ConnectivityWebviewMessage } from './messages';
import { ALL_NAMESPACES, renderConnectivity, type ViewState } from './view';

declare function acquireVsCodeApi(): {
  postMessage(m: ConnectivityWebviewMessage): void;
  getState(): unknown;
  setState(s: unknown): void;
};

const vscode = acquireVsCodeApi();
// Styles need the page's nonce (style-src has no 'unsafe-inline'); the script tag carries it.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
document.head.append(h('style', { nonce }, css));
const root = h('div', { id: 'root' }, h('p', { class: 'empty' }, 'Reading the NetworkPolicies…'));
document.body.append(root);

const saved = vscode.getState() as Partial<ViewState> | undefined;
const state: ViewState = {
  namespace: typeof saved?.namespace === 'string' ? saved.namespace : ALL_NAMESPACES,
  addresses: saved?.addresses !== false,
};
let last: ConnectivityHostMessage | undefined;

function render(): void {
  if (!last) return;
  // The app too: a panel restored after a reload asks for the app it showed.
  vscode.setState({
    ...state,
    ...(last.type === 'result' && last.result.app !== undefined ? { app: last.result.app } : {}),
  });
  root.replaceChildren(
    last.type === 'error'
      ? h('p', { class: 'error', role: 'alert' }, `kroute could not list the connections: ${last.message}`)
      : renderConnectivity(last.result, state, (m) => vscode.postMessage(m), render),
  );
}

window.addEventListener('message', (e: MessageEvent<ConnectivityHostMessage>) => {
  last = e.data;
  render();
});
vscode.postMessage({ type: 'ready' });
