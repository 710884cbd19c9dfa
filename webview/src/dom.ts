// A tiny element builder. Strings become text nodes and attributes go through setAttribute, so a
// value from a manifest is never parsed as HTML; functions under `on` are listeners (CSP forbids
// inline handlers).
export type Child = Node | string | number | null | undefined | false;
type Listeners = Record<string, (e: Event) => void>;
type Attrs = { [name: string]: string | number | boolean | undefined | Listeners };

function build<E extends Element>(el: E, attrs: Attrs, children: Child[]): E {
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'object') for (const [type, fn] of Object.entries(v)) el.addEventListener(type, fn);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v !== undefined) el.setAttribute(k, String(v));
  }
  el.append(...nodes(children));
  return el;
}

/** Children as nodes: strings and numbers become text, absent ones are skipped. */
export function nodes(children: Child[]): Node[] {
  return children.flatMap((c) => (c === null || c === undefined || c === false ? [] : [typeof c === 'object' ? c : document.createTextNode(String(c))]));
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), attrs, children);
}

export const SVG_NS = 'http://www.w3.org/2000/svg';
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Text whose words (a DNS name, an address, `--dport`) each stay on one line: every run without
 * white space becomes a `.tok` span (white-space: nowrap), so lines break only between words.
 */
export function tokens(text: string): Node[] {
  return text.split(/(\s+)/).filter(Boolean).map((part) => (/^\s/.test(part) ? document.createTextNode(part) : h('span', { class: 'tok' }, part)));
}

/**
 * Appends the first `shown` items at once and the rest behind a "Show all" button, so a Service
 * with hundreds of endpoints renders quickly; `keep` items are always among the first shown.
 */
export function appendCapped<T>(parent: HTMLElement, items: T[], shown: number, build: (item: T, index: number) => Node, keep: (item: T) => boolean, what: string): HTMLElement | null {
  const first = items.map((item, i) => ({ item, i })).filter(({ item, i }) => i < shown || keep(item));
  parent.append(...first.map(({ item, i }) => build(item, i)));
  if (first.length === items.length) return null;
  const more = h('button', { type: 'button', class: 'link', 'data-key': `more-${what}`, on: { click: () => {
    parent.replaceChildren(...items.map(build));
    more.remove();
  } } }, `Show all ${items.length} ${what}`);
  return more;
}
