// A tiny element builder. Strings become text nodes and attributes go through setAttribute, so a
// value from a manifest is never parsed as HTML; functions under `on` are listeners (CSP forbids
// inline handlers).
export type Child = Node | string | number | null | undefined | false;
type Listeners = Record<string, (e: Event) => void>;
type Attrs = Record<string, string | number | boolean | undefined | Listeners>;

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
  return children.flatMap((c) =>
    c === null || c === undefined || c === false
      ? []
      : [typeof c === 'object' ? c : document.createTextNode(String(c))],
  );
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), attrs, children);
}

export const SVG_NS = 'http://www.w3.org/2000/svg';
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Where a word too long for its line may wrap, as the Chicago Manual of Style breaks URLs (14.18):
 * before a `.`, `/`, `-`, `_`, `=` or `@` between letters or digits, after a `:` or `,` between
 * them. So `checkout.shop.svc.cluster.local` wraps at its dots, `KUBE-SVC-…` and pod names at
 * their hyphens, a long address after its colon; `--dport`, `-j` or a last word before its full
 * stop never.
 */
const WORD_BREAK = /(?<=[\p{L}\p{N}])(?=[./\-_=@][\p{L}\p{N}])|(?<=[\p{L}\p{N}][:,])(?=[\p{L}\p{N}])/u;

/**
 * A word of up to this many characters fits the narrowest box (a hop is 15em, some 30 characters):
 * kept whole, so an address (10.244.1.159:8080) or `shop/postgres-0` never wraps.
 */
const SHORT_WORD = 24;

/** A word's pieces between the points where it may wrap; a short word is one piece. */
export function wordPieces(word: string): string[] {
  return word.length <= SHORT_WORD ? [word] : word.split(WORD_BREAK);
}

/**
 * A word (a DNS name, an address, `--dport`) as a `.tok` span of `.seg` pieces: lines break only
 * between pieces (`wordPieces`), never inside one; a piece wider than its box ends in an ellipsis
 * (style.css) and `showCutWords` gives the word's full text as a tooltip.
 */
export function token(word: string): HTMLElement {
  return h('span', { class: 'tok' }, ...wordPieces(word).map((piece) => h('span', { class: 'seg' }, piece)));
}

/** Text as words (`token`) and the white space between them. */
export function tokens(text: string): Node[] {
  return text
    .split(/(\s+)/)
    .filter(Boolean)
    .map((part) => (/^\s/.test(part) ? document.createTextNode(part) : token(part)));
}

/**
 * A word cut with an ellipsis (a piece longer than its box is wide, such as a 63-character
 * namespace in a narrow hop) shows its full text as a tooltip when the pointer reaches it. Whether
 * it is cut depends on the layout at that moment, so it is asked then.
 */
export function showCutWords(root: Document | HTMLElement): void {
  root.addEventListener('pointerover', (e) => {
    const word = e.target instanceof Element ? e.target.closest<HTMLElement>('.tok') : null;
    if (!word) return;
    const cut = Array.from(word.querySelectorAll<HTMLElement>('.seg')).some(
      (piece) => piece.scrollWidth > piece.clientWidth,
    );
    if (cut) word.title = word.textContent;
    else word.removeAttribute('title');
  });
}

/**
 * Appends the first `shown` items at once and the rest behind a "Show all" button, so a Service
 * with hundreds of endpoints renders quickly; `keep` items are always among the first shown.
 */
export function appendCapped<T>(
  parent: HTMLElement,
  items: T[],
  shown: number,
  build: (item: T, index: number) => Node,
  keep: (item: T) => boolean,
  what: string,
): HTMLElement | null {
  const first = items.map((item, i) => ({ item, i })).filter(({ item, i }) => i < shown || keep(item));
  parent.append(...first.map(({ item, i }) => build(item, i)));
  if (first.length === items.length) return null;
  const more = h(
    'button',
    {
      type: 'button',
      class: 'link',
      'data-key': `more-${what}`,
      on: {
        click: () => {
          parent.replaceChildren(...items.map(build));
          more.remove();
        },
      },
    },
    `Show all ${items.length} ${what}`,
  );
  return more;
}
