// The messages between the Connectivity view's host (client/src/connectivity.ts) and its webview.
// The host validates everything the webview sends; the webview only renders what the host sends.
import type { Location } from '../../../server/src/engine/types';
import type { ConnectivityResult } from '../../../server/src/lsp/protocol';

export type ConnectivityHostMessage =
  { type: 'result'; result: ConnectivityResult } | { type: 'error'; message: string };

export type ConnectivityWebviewMessage =
  | { type: 'ready' }
  /** Show another app of the workspace (by name), or the same one again (a refresh). */
  | { type: 'query'; app?: string }
  | { type: 'reveal'; location: Location };
