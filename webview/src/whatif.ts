// The what-if controls: each turns into an engine Mutation appended to the list the host sends
// with the next query. Nothing here edits the user's files.
import { describeMutation, type Mutation } from '../../server/src/engine/model/mutations';
import type { TraceClusterSummary, TraceParams } from '../../server/src/lsp/protocol';
import { appendCapped, h, token, tokens } from './dom';

/** Pod rows listed before a "Show all" button. */
const SHOWN_PODS = 20;

export interface WhatIfActions {
  apply(mutation: Mutation): void;
  reset(): void;
  setSource(source: string): void;
}

/**
 * At the top of the panel while what-ifs apply: the result is hypothetical, which what-ifs made
 * it, and the way back to the manifests.
 */
export function renderApplied(params: TraceParams, reset: () => void): HTMLElement | null {
  if (!params.mutations.length) return null;
  const n = params.mutations.length;
  return h(
    'section',
    { class: 'active-whatifs hypothetical', 'aria-label': 'Hypothetical result' },
    h(
      'p',
      {},
      h('span', { class: 'badge-hypothetical' }, 'Hypothetical'),
      ` This result applies ${n} what-if${n === 1 ? '' : 's'} to the manifests:`,
    ),
    h('ol', { 'aria-label': 'Applied what-ifs' }, ...params.mutations.map((m) => h('li', {}, describeMutation(m)))),
    h('button', { type: 'button', 'data-key': 'reset', on: { click: reset } }, 'Reset to manifests'),
  );
}

export function renderWhatIf(params: TraceParams, summary: TraceClusterSummary, actions: WhatIfActions): HTMLElement {
  const section = h('div', { class: 'whatif' });
  section.append(
    h(
      'p',
      { class: 'muted' },
      params.mutations.length
        ? 'Each control adds a what-if to those listed at the top; nothing here edits your files.'
        : 'No what-ifs: the cluster is as the manifests describe it.',
    ),
  );

  const svc = summary.service;
  if (svc?.nodePorts) {
    const current = svc.externalTrafficPolicy ?? 'Cluster';
    section.append(
      labelledSelect('etp', `externalTrafficPolicy of ${svc.key}`, ['Cluster', 'Local'], current, (policy) =>
        actions.apply({ kind: 'setExternalTrafficPolicy', service: svc.key, policy: policy as 'Cluster' | 'Local' }),
      ),
    );
  }
  const arrival = /^(external:[^@]+@|node:)(.+)$/.exec(params.source);
  if (arrival) {
    section.append(
      labelledSelect(
        'arrival',
        arrival[1] === 'node:' ? 'Node the request starts on' : 'Node the external request arrives at',
        summary.nodes,
        arrival[2],
        (node) => actions.setSource(`${arrival[1]}${node}`),
      ),
    );
  }
  for (const w of summary.workloads) section.append(renderWorkload(w, actions));
  return section;
}

function labelledSelect(
  key: string,
  label: string,
  options: string[],
  value: string,
  change: (v: string) => void,
): HTMLElement {
  const id = `select-${key}`;
  const select: HTMLSelectElement = h(
    'select',
    { id, 'data-key': id, on: { change: () => change(select.value) } },
    ...options.map((o) => h('option', { value: o, selected: o === value }, o)),
  );
  return h('div', { class: 'field' }, h('label', { for: id }, label), select);
}

function renderWorkload(w: TraceClusterSummary['workloads'][number], actions: WhatIfActions): HTMLElement {
  const scaleId = `scale-${w.key}`;
  const replicas = h('input', {
    id: scaleId,
    'data-key': scaleId,
    type: 'number',
    min: 0,
    max: 1000,
    value: w.replicas,
  });
  const scale = h(
    'form',
    {
      class: 'field',
      on: {
        submit: (e) => {
          e.preventDefault();
          const n = replicas.valueAsNumber;
          if (Number.isInteger(n) && n >= 0 && n <= 1000)
            actions.apply({ kind: 'scale', workload: w.key, replicas: n });
        },
      },
    },
    h('label', { for: scaleId }, 'Replicas'),
    replicas,
    h('button', { type: 'submit', 'data-key': `${scaleId}-go` }, 'Scale'),
  );

  const rows = h('tbody');
  const more = appendCapped(
    rows,
    w.pods,
    SHOWN_PODS,
    (p) => {
      const labelId = `label-${p.key}`;
      const keys = Object.keys(p.labels);
      const labelSelect = h(
        'select',
        { id: labelId, 'data-key': labelId, 'aria-label': `Label to remove from ${p.key}` },
        ...keys.map((k) => h('option', { value: k }, `${k}=${p.labels[k]}`)),
      );
      const name = p.key.slice(p.key.indexOf('/') + 1);
      return h(
        'tr',
        { 'data-pod': p.key, tabindex: -1, 'aria-label': `Pod ${name}` },
        // data-label: the column's name, shown before each cell when a narrow panel stacks the row.
        h('th', { scope: 'row', 'data-label': 'Pod' }, token(name)),
        h('td', { 'data-label': 'IP' }, h('span', {}, p.ip || '—')),
        h('td', { 'data-label': 'Node' }, h('span', {}, p.node ? token(p.node) : '—')),
        h('td', { 'data-label': 'Ready' }, h('span', {}, p.ready ? 'ready' : 'not ready')),
        h(
          'td',
          { class: 'pod-actions', 'data-label': 'What if' },
          h(
            'button',
            {
              type: 'button',
              'data-key': `delete-${p.key}`,
              'aria-label': `Delete pod ${name}`,
              on: { click: () => actions.apply({ kind: 'deletePod', pod: p.key }) },
            },
            'Delete',
          ),
          h(
            'button',
            {
              type: 'button',
              'data-key': `ready-${p.key}`,
              'aria-label': `Mark pod ${name} ${p.ready ? 'not ready' : 'ready'}`,
              on: { click: () => actions.apply({ kind: 'setPodReady', pod: p.key, ready: !p.ready }) },
            },
            p.ready ? 'Not ready' : 'Ready',
          ),
          keys.length ? labelSelect : null,
          keys.length
            ? h(
                'button',
                {
                  type: 'button',
                  'data-key': `unlabel-${p.key}`,
                  'aria-label': `Remove the chosen label from pod ${name}`,
                  on: { click: () => actions.apply({ kind: 'removePodLabel', pod: p.key, key: labelSelect.value }) },
                },
                'Remove label',
              )
            : null,
        ),
      );
    },
    () => false,
    `pods of ${w.key}`,
  );
  return h(
    'section',
    { class: 'workload', 'data-workload': w.key, 'aria-label': `${w.kind} ${w.key}` },
    h(
      'h3',
      {},
      ...tokens(
        `${w.kind} ${w.key
          .split('/')
          .filter((_, i) => i !== 1)
          .join('/')}`,
      ),
    ),
    scale,
    h(
      'table',
      { class: 'pods stacks' },
      h(
        'thead',
        {},
        h('tr', {}, ...['Pod', 'IP', 'Node', 'Ready', 'What if'].map((c) => h('th', { scope: 'col' }, c))),
      ),
      rows,
    ),
    more,
  );
}

/** Where focus was in a workload's pod table, to put it back after a what-if re-renders it. */
export interface PodFocus {
  workload: string;
  /** The pods the table listed, in order. */
  pods: string[];
  index: number;
}

export function podFocus(el: Element | null): PodFocus | undefined {
  const row = el?.closest<HTMLElement>('tr[data-pod]');
  const section = row?.closest<HTMLElement>('[data-workload]');
  if (!row || !section) return undefined;
  const rows = podRows(section);
  return { workload: section.dataset.workload!, pods: rows.map((r) => r.dataset.pod!), index: rows.indexOf(row) };
}

/**
 * After a pod's row is gone (Delete): focus the row of the pod that replaced it (one the table
 * did not list before), else the row now at its place, else the workload's replica count.
 * False when the workload is gone too.
 */
export function restorePodFocus(root: HTMLElement, was: PodFocus): boolean {
  const section = Array.from(root.querySelectorAll<HTMLElement>('[data-workload]')).find(
    (s) => s.dataset.workload === was.workload,
  );
  if (!section) return false;
  const rows = podRows(section);
  const target =
    rows.find((r) => !was.pods.includes(r.dataset.pod!)) ??
    rows.at(Math.min(was.index, rows.length - 1)) ??
    section.querySelector<HTMLElement>('input');
  target?.focus();
  return !!target;
}

const podRows = (section: HTMLElement) => Array.from(section.querySelectorAll<HTMLElement>('tr[data-pod]'));
