// The route-tracing panel. It renders what the host sends (the engine's trace, simulation and a
// summary of the cluster) and turns the user's what-ifs into new queries; routing is never
// computed here.
import { describeMutation, type Mutation } from '../../server/src/engine/model/mutations';
import type { TraceParams, TraceResult } from '../../server/src/lsp/protocol';
import { renderDistribution } from './chart';
import { renderDiagram } from './diagram';
import { h, nodes, showCutWords, tokens, type Child } from './dom';
import { diagramSvg, traceMarkdown } from './export';
import type { HostMessage, PanelState, PanelTrace, WebviewMessage } from './messages';
import type { HttpTrace } from '../../server/src/engine/l7/types';
import { renderPolicyDecision } from './policy';
import css from './style.css';
import { podFocus, renderApplied, renderWhatIf, restorePodFocus } from './whatif';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
// Styles need the page's nonce (style-src has no 'unsafe-inline'); the script tag carries it.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
document.head.append(h('style', { nonce }, css));

const root = h('main', { id: 'kroute-trace' });
document.body.append(root);
showCutWords(root);

let params: TraceParams | undefined = vscode.getState()?.params;
let last: TraceResult | undefined;

function query(next: TraceParams): void {
  params = next;
  vscode.setState({ params });
  root.setAttribute('aria-busy', 'true');
  vscode.postMessage({ type: 'query', params });
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data as HostMessage | null;
  if (!m?.params) return;
  params = m.params;
  vscode.setState({ params });
  root.removeAttribute('aria-busy');
  if (m.type === 'result') render(m.result, undefined);
  else render(last, m.message);
});

function render(result: TraceResult | undefined, error: string | undefined): void {
  const p = params!;
  last = result;
  const active = document.activeElement;
  const focused = active?.getAttribute('data-key');
  const pod = podFocus(active);
  const apply = (m: Mutation) => query({ ...p, mutations: [...p.mutations, m] });
  const reset = () => query({ ...p, mutations: [] });
  const heading = h('h1', { tabindex: -1 }, 'Route to ', ...tokens(p.destination));
  root.replaceChildren(
    ...nodes([
      heading,
      renderApplied(p, reset),
      error ? h('p', { class: 'banner failed', role: 'alert' }, error) : null,
      result ? renderResult(p, result) : null,
      result
        ? h(
            'section',
            { 'aria-labelledby': 'whatif-h' },
            h('h2', { id: 'whatif-h' }, 'What if…'),
            renderPolicyDecision(result.trace, apply),
            renderWhatIf(p, result.cluster, { apply, reset, setSource: (source) => query({ ...p, source }) }),
          )
        : null,
    ]),
  );
  // The control that had focus, else (its pod was deleted) the pod that replaced it, else the
  // heading: a keyboard user never finds focus dropped on the page body.
  const again = focused ? root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`) : null;
  if (again) again.focus();
  else if (!(pod && restorePodFocus(root, pod)) && active && active !== document.body) heading.focus();
}

function renderResult(p: TraceParams, r: TraceResult): HTMLElement {
  const { trace, distribution } = r;
  const o = trace.outcome;
  // A client outside the cluster has no address in the model (a URL trace's data plane is the
  // client the server sees, and the outcome already names it).
  const clientIp =
    o.sourceSeenByServer === undefined || !trace.source.ip
      ? null
      : o.sourceSeenByServer === trace.source.ip
        ? `Client IP preserved: the server sees ${trace.source.ip}.`
        : `Masqueraded: the server sees ${o.sourceSeenByServer} instead of the client's ${trace.source.ip}.`;
  const requests = h('input', {
    id: 'requests',
    'data-key': 'requests',
    type: 'number',
    min: 1,
    max: 100000,
    value: p.requests,
  });
  const seed = h('input', { id: 'seed', 'data-key': 'seed', type: 'number', value: p.seed });
  const send = h(
    'form',
    {
      class: 'send',
      on: {
        submit: (e) => {
          e.preventDefault();
          const n = requests.valueAsNumber;
          const s = seed.valueAsNumber;
          if (Number.isInteger(n) && n >= 1 && n <= 100000 && Number.isInteger(s))
            query({ ...p, requests: n, seed: s });
        },
      },
    },
    h('label', { for: 'requests' }, 'Requests'),
    requests,
    h('label', { for: 'seed' }, 'Seed'),
    seed,
    h('button', { type: 'submit', 'data-key': 'send' }, `Send ${p.requests} requests`),
  );
  return h(
    'div',
    {},
    h('p', { class: 'source' }, 'From ', ...tokens(trace.source.description)),
    'request' in trace ? renderRequest(trace) : null,
    h(
      'div',
      {
        class: `banner ${o.kind === 'delivered' || (o.kind === 'answered' && isRedirect(trace)) ? 'ok' : 'failed'}`,
        role: 'status',
      },
      ...outcomeHeadline(o.kind, o.message),
      clientIp ? h('div', {}, clientIp) : null,
    ),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        {
          type: 'button',
          'data-key': 'copy-md',
          on: {
            click: () =>
              vscode.postMessage({
                type: 'copy',
                text: traceMarkdown(trace, distribution, p.mutations.map(describeMutation)),
              }),
          },
        },
        'Copy trace as Markdown',
      ),
      h(
        'button',
        {
          type: 'button',
          'data-key': 'save-svg',
          on: { click: () => vscode.postMessage({ type: 'saveSvg', svg: diagramSvg(trace) }) },
        },
        'Save diagram as SVG',
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'route-h' },
      h('h2', { id: 'route-h' }, 'Route'),
      renderDiagram(trace, { reveal: (location) => vscode.postMessage({ type: 'reveal', location }) }),
    ),
    h(
      'section',
      { 'aria-labelledby': 'dist-h' },
      h('h2', { id: 'dist-h' }, 'Distribution'),
      send,
      renderDistribution(distribution, r.cluster),
    ),
  );
}

const isRedirect = (t: PanelTrace) =>
  'request' in t && t.outcome.httpStatus !== undefined && t.outcome.httpStatus >= 300 && t.outcome.httpStatus < 400;

/**
 * A URL's request and what its entry point made of it: the entry (Ingress or Gateway), the rule
 * that matched, the Service, the request as the backend receives it, or the entry's own answer.
 */
function renderRequest(t: HttpTrace): HTMLElement {
  const o = t.outcome;
  const row = (term: string, value: string | undefined) =>
    value ? [h('dt', {}, term), h('dd', {}, ...tokens(value))] : [];
  const received =
    o.requestPath !== undefined
      ? `${t.request.method} ${o.requestPath}${o.requestHost ? ` (Host: ${o.requestHost})` : ''}`
      : undefined;
  return h(
    'dl',
    { class: 'request', 'aria-label': 'HTTP request' },
    ...row('Request', `${t.request.method} ${t.request.url}`),
    ...row('Entry', t.entry),
    ...row('Route', o.route ? `${o.route.kind} ${o.route.name} rule ${o.route.rule}` : 'no rule matches'),
    ...row(
      'Service',
      o.service ? `${o.service}${o.servicePort !== undefined ? ` port ${o.servicePort}` : ''}` : undefined,
    ),
    ...row('Data plane', o.service ? t.dataPlane.description : undefined),
    ...row('Backend gets', received),
    ...row(
      'Answer',
      o.httpStatus !== undefined
        ? `HTTP ${o.httpStatus}${o.redirectLocation ? ` → ${o.redirectLocation}` : ''}${o.grpcStatus ? ` (gRPC status ${o.grpcStatus})` : ''}`
        : undefined,
    ),
  );
}

type OutcomeKind = PanelTrace['outcome']['kind'];
const OUTCOME_TITLE: Record<OutcomeKind, string> = {
  delivered: 'Delivered.',
  nxdomain: 'NXDOMAIN.',
  'external-name': 'Leaves the cluster (ExternalName).',
  refused: 'Connection refused.',
  dropped: 'Dropped.',
  'not-served': 'Port not served.',
  outside: 'Outside the cluster.',
  answered: 'Answered by the entry point.',
};

/**
 * The outcome in bold, then the engine's message. When the message already opens with the
 * outcome ("Delivered to …", "NXDOMAIN: …", "Connection refused at once (REJECT): …"), its own
 * opening is the bold part instead of a title that would say it twice.
 */
function outcomeHeadline(kind: OutcomeKind, message: string): Child[] {
  const title = OUTCOME_TITLE[kind];
  const first = (text: string) => /^[^\s:.]+/.exec(text)?.[0].toLowerCase();
  if (first(message) !== first(title)) return [h('strong', {}, title), ' ', ...tokens(message)];
  const lead = /^.{1,60}?: /.exec(message)?.[0] ?? /^\S+/.exec(message)![0];
  return [h('strong', {}, lead.trimEnd()), ' ', ...tokens(message.slice(lead.length).trimStart())];
}

vscode.postMessage({ type: 'ready' });
