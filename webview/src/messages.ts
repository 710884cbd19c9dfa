// The messages between the trace panel's host (client/src/trace) and the webview. The host
// validates everything the webview sends; the webview only renders what the host sends.
import type { Location } from '../../server/src/engine/types';
import type { TraceParams, TraceResult } from '../../server/src/lsp/protocol';

/** What the panel draws: a connection's trace, or a URL's through its Ingress or Gateway. */
export type PanelTrace = TraceResult['trace'];

export type HostMessage =
  | { type: 'result'; params: TraceParams; result: TraceResult }
  /** The request failed (unknown source after a what-if, malformed destination, …); controls stay. */
  | { type: 'error'; params: TraceParams; message: string };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'query'; params: TraceParams }
  | { type: 'reveal'; location: Location }
  | { type: 'copy'; text: string }
  | { type: 'saveSvg'; svg: string };

/** What the webview keeps across reloads (`vscode.setState`) and the serializer restores from. */
export interface PanelState {
  params: TraceParams;
}
