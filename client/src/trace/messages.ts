// What the trace panel's host accepts from its webview. Free of the vscode module so tests check it
// directly.
import type { Location } from '../../../server/src/engine/types';
import type { TraceParams } from '../../../server/src/lsp/protocol';
import type { WebviewMessage } from '../../../webview/src/messages';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosition = (v: unknown) => isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);
const MAX_EXPORT = 5_000_000;

/** The shape of a query; the server validates the what-ifs and values in depth. */
export function isTraceParams(v: unknown): v is TraceParams {
  return (
    isObject(v) &&
    typeof v.destination === 'string' &&
    typeof v.source === 'string' &&
    Array.isArray(v.mutations) &&
    Number.isInteger(v.requests) &&
    Number.isInteger(v.seed)
  );
}

/** A place in a file of the workspace a webview asks to open (never another scheme). */
export function isFileLocation(l: unknown): l is Location {
  return (
    isObject(l) &&
    typeof l.uri === 'string' &&
    l.uri.startsWith('file:') &&
    isObject(l.range) &&
    isPosition(l.range.start) &&
    isPosition(l.range.end)
  );
}

/** What the webview may ask for; anything else is dropped (the webview is not trusted). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'query':
      return isTraceParams(raw.params) ? { type: 'query', params: raw.params } : undefined;
    case 'reveal':
      return isFileLocation(raw.location) ? { type: 'reveal', location: raw.location } : undefined;
    case 'copy':
      return typeof raw.text === 'string' && raw.text.length <= MAX_EXPORT
        ? { type: 'copy', text: raw.text }
        : undefined;
    case 'saveSvg':
      return typeof raw.svg === 'string' && raw.svg.length <= MAX_EXPORT && raw.svg.startsWith('<svg')
        ? { type: 'saveSvg', svg: raw.svg }
        : undefined;
    default:
      return undefined;
  }
}

/** How many destinations' last queries the host keeps for restoring panels. */
const REMEMBERED = 20;

/** The host's record of recent queries, newest first, one per destination. */
export function rememberQuery(remembered: unknown, params: TraceParams): TraceParams[] {
  const previous = Array.isArray(remembered) ? remembered.filter(isTraceParams) : [];
  return [params, ...previous.filter((p) => p.destination !== params.destination)].slice(0, REMEMBERED);
}

/**
 * The query a panel restored after a reload shows. The webview's state names its destination, but
 * the workbench saves that state only every so often, while the host records each query as it
 * sends it: the host's record for that destination is never older, so it wins. Without a state
 * (the panel was restored before the workbench saved it), the newest query recorded is used.
 */
export function restoredQuery(state: unknown, remembered: unknown): TraceParams | undefined {
  const fromState = isObject(state) && isTraceParams(state.params) ? state.params : undefined;
  const recorded = Array.isArray(remembered) ? remembered.filter(isTraceParams) : [];
  if (!fromState) return recorded[0];
  return recorded.find((p) => p.destination === fromState.destination) ?? fromState;
}
