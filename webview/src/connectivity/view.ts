// The Connectivity view: the app's allowed connections as a matrix (sources down, destinations
// across), filterable by namespace. Every manifest string goes through text nodes (dom.ts).
import type { ConnectivityPeerInfo, ConnectivityResult } from '../../../server/src/lsp/protocol';
import { h } from '../dom';
import type { ConnectivityWebviewMessage } from './messages';

/** What the user chose, kept across results (a refresh keeps the filter). */
export interface ViewState {
  namespace: string;
  addresses: boolean;
}

export const ALL_NAMESPACES = '';

export function renderConnectivity(
  result: ConnectivityResult,
  state: ViewState,
  post: (m: ConnectivityWebviewMessage) => void,
  rerender: () => void,
): HTMLElement {
  const namespaces = [...new Set(result.peers.flatMap((p) => (p.namespace === undefined ? [] : [p.namespace])))].sort();
  if (state.namespace !== ALL_NAMESPACES && !namespaces.includes(state.namespace)) state.namespace = ALL_NAMESPACES;
  const shown = result.peers
    .map((p, i) => ({ p, i }))
    .filter(({ p }) =>
      p.namespace === undefined
        ? state.addresses
        : state.namespace === ALL_NAMESPACES || p.namespace === state.namespace,
    );
  const allowed = new Map<string, string>();
  for (const c of result.connections) allowed.set(`${c.src}>${c.dst}`, c.conn);

  const controls = h(
    'div',
    { class: 'controls' },
    result.apps.length > 1
      ? h(
          'label',
          {},
          'App ',
          select(
            result.apps.map((a) => [a, a]),
            result.app ?? '',
            'app',
            (app) => post({ type: 'query', app }),
          ),
        )
      : null,
    h(
      'label',
      {},
      'Namespace ',
      select(
        [[ALL_NAMESPACES, 'all'], ...namespaces.map((n): [string, string] => [n, n])],
        state.namespace,
        'namespace',
        (ns) => {
          state.namespace = ns;
          rerender();
        },
      ),
    ),
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        'data-key': 'addresses',
        ...(state.addresses ? { checked: true } : {}),
        on: {
          change: (e) => {
            state.addresses = (e.target as HTMLInputElement).checked;
            rerender();
          },
        },
      }),
      ' Address ranges outside the cluster',
    ),
    h(
      'button',
      {
        type: 'button',
        'data-key': 'refresh',
        on: { click: () => post({ type: 'query', ...(result.app !== undefined ? { app: result.app } : {}) }) },
      },
      'Refresh',
    ),
  );
  return h(
    'main',
    {},
    h(
      'h1',
      {},
      'Connectivity',
      result.app !== undefined
        ? h('span', { class: 'app' }, result.app === '.' ? ' of the workspace root' : ` of app ${result.app}`)
        : null,
    ),
    h('p', { class: 'summary', 'data-key': 'summary' }, summary(result)),
    controls,
    shown.length
      ? matrix(shown, allowed, post)
      : h(
          'p',
          { class: 'empty' },
          result.peers.length ? 'No workload in this namespace.' : 'The app has no workloads.',
        ),
  );
}

function summary(result: ConnectivityResult): string {
  const workloads = result.peers.filter((p) => p.namespace !== undefined).length;
  const outside = result.peers.length > workloads ? ' and outside addresses' : '';
  const of =
    `${result.connections.length} allowed connection${result.connections.length === 1 ? '' : 's'} ` +
    `between ${workloads} workload${workloads === 1 ? '' : 's'}${outside}`;
  if (!result.policies)
    return `${of}. No NetworkPolicy in this app: every pod accepts every connection (the Kubernetes default).`;
  return (
    `${of}, under ${result.policies} NetworkPolici${result.policies === 1 ? 'y' : 'es'} (a ` +
    `connection needs the source's egress and the destination's ingress).`
  );
}

function select(
  options: [string, string][],
  value: string,
  key: string,
  change: (v: string) => void,
): HTMLSelectElement {
  const el = h(
    'select',
    { 'data-key': key, on: { change: (e) => change((e.target as HTMLSelectElement).value) } },
    ...options.map(([v, label]) => h('option', { value: v, ...(v === value ? { selected: true } : {}) }, label)),
  );
  el.value = value;
  return el;
}

function matrix(
  shown: { p: ConnectivityPeerInfo; i: number }[],
  allowed: ReadonlyMap<string, string>,
  post: (m: ConnectivityWebviewMessage) => void,
): HTMLElement {
  const peerButton = (p: ConnectivityPeerInfo) =>
    p.location
      ? h(
          'button',
          {
            type: 'button',
            class: 'link peer',
            title: `Open ${p.name}`,
            on: { click: () => post({ type: 'reveal', location: p.location! }) },
          },
          p.name,
        )
      : h('span', { class: 'peer' }, p.name);
  const head = h(
    'tr',
    {},
    h('th', { class: 'corner', scope: 'col' }, 'from ↓ to →'),
    ...shown.map(({ p }) => h('th', { scope: 'col', class: 'to' }, peerButton(p))),
  );
  const rows = shown.map(({ p: src, i: s }) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', class: 'from' }, peerButton(src)),
      ...shown.map(({ p: dst, i: d }) => {
        if (s === d) return h('td', { class: 'self', 'aria-label': `${src.name} to itself: not analysed` }, '·');
        const conn = allowed.get(`${s}>${d}`);
        return conn === undefined
          ? h(
              'td',
              {
                class: 'denied',
                'aria-label': `${src.name} to ${dst.name}: no connection`,
                title: `${src.name} → ${dst.name}: no connection`,
              },
              '—',
            )
          : h(
              'td',
              {
                class: 'allowed',
                'aria-label': `${src.name} to ${dst.name}: ${conn}`,
                title: `${src.name} → ${dst.name}: ${conn}`,
              },
              conn,
            );
      }),
    ),
  );
  return h(
    'div',
    { class: 'scroll' },
    h('table', { class: 'matrix', 'data-key': 'matrix' }, h('thead', {}, head), h('tbody', {}, ...rows)),
  );
}
