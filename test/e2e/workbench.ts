// What a person does in the VS Code workbench, as Playwright steps: open a file with Ctrl+P,
// hover a word with the mouse, open the Problems panel, type into the command palette. Every
// step waits for the DOM to show its result; a wait that times out says what it saw instead.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { repoRoot } from '../../scripts/e2e/editor.mjs';

const TIMEOUT = 60_000;

/**
 * Waits until the text of everything matching `selector` matches every pattern, and returns
 * that text. On timeout the error shows the last text seen, which is usually the explanation.
 */
export async function waitForText(
  page: Page,
  selector: string,
  patterns: RegExp[],
  timeout = TIMEOUT,
): Promise<string> {
  const sources = patterns.map((p) => [p.source, p.flags]);
  try {
    const handle = await page.waitForFunction(
      ({ sel, pats }) => {
        const text = Array.from(document.querySelectorAll<HTMLElement>(sel))
          .map((e) => e.innerText)
          .join('\n');
        return pats.every(([s, f]) => new RegExp(s, f).test(text)) ? text : false;
      },
      { sel: selector, pats: sources },
      { timeout, polling: 'raf' },
    );
    return (await handle.jsonValue()) as string;
  } catch (err) {
    const seen = (
      await page
        .locator(selector)
        .allInnerTexts()
        .catch(() => ['(page gone)'])
    ).join('\n');
    throw new Error(
      `waited ${timeout} ms for ${selector} to match ${patterns.join(', ')}; it showed:\n${seen || '(nothing)'}`,
      { cause: err },
    );
  }
}

/**
 * Presses `keys` and resolves once the quick input they open has the keyboard focus and shows
 * `prefix`, what it opens with (`>` for commands, `:` for a line). Keys typed before that go to
 * the editor: a line number typed into the manifest instead of the go-to-line box.
 */
async function openQuickInput(page: Page, keys: string, prefix: string): Promise<void> {
  await page.keyboard.press(keys);
  await quickInputShows(page, prefix);
}

/** Types `text` after `prefix` into the open quick input; resolves once it shows both. */
async function typeInQuickInput(page: Page, prefix: string, text: string): Promise<void> {
  await page.keyboard.type(text);
  await quickInputShows(page, prefix + text);
}

async function quickInputShows(page: Page, value: string): Promise<void> {
  try {
    await page.waitForFunction(
      (v) => {
        const el = document.activeElement as (HTMLElement & { value?: string }) | null;
        return !!el && el.matches('.quick-input-widget .quick-input-box input') && el.value === v;
      },
      value,
      { timeout: TIMEOUT, polling: 'raf' },
    );
  } catch (err) {
    const seen = await page
      .evaluate(() => {
        const el = document.activeElement as (HTMLElement & { value?: string }) | null;
        return el ? `${el.tagName}.${el.className} ${JSON.stringify(el.value ?? null)}` : 'nothing';
      })
      .catch(() => '(page gone)');
    throw new Error(
      `waited ${TIMEOUT} ms for the quick input to have the focus and show ${JSON.stringify(value)}; focused: ${seen}`,
      { cause: err },
    );
  }
}

/** Ctrl+P, type the file name, Enter; resolves when its editor tab is active. */
export async function openFile(page: Page, name: string): Promise<void> {
  await openQuickInput(page, 'Control+P', '');
  await typeInQuickInput(page, '', name);
  // The focused row, not any row: quick open lists the recently opened files first and filters them
  // as the typed name arrives; Enter on a row that merely shows the name opened the file that was
  // still focused (trainer.yaml for nodes.yaml, once in a CI run under load).
  await page
    .locator('.quick-input-widget .monaco-list-row.focused', { hasText: name })
    .first()
    .waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: TIMEOUT });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: TIMEOUT });
}

/**
 * Waits for the status bar's problem counts: the language server has analysed the workspace
 * once the counts its fixture should produce show up there.
 */
export async function waitForProblemCounts(
  page: Page,
  { errors, warnings, infos = 0 }: { errors: number; warnings: number; infos?: number },
): Promise<void> {
  // The workbench's own wording: zero counts are left out, none at all is "No Problems".
  const label =
    [errors ? `Errors: ${errors}` : '', warnings ? `Warnings: ${warnings}` : '', infos ? `Infos: ${infos}` : '']
      .filter(Boolean)
      .join(', ') || 'No Problems';
  try {
    await page
      .locator(`[id="status.problems"][aria-label="${label}"]`)
      .waitFor({ state: 'attached', timeout: TIMEOUT });
  } catch (err) {
    const seen = await page
      .locator('[id="status.problems"]')
      .getAttribute('aria-label')
      .catch(() => null);
    throw new Error(`waited ${TIMEOUT} ms for the status bar to count "${label}"; it showed "${seen}"`, { cause: err });
  }
}

/** Runs the built kroute CLI with `--format json` and parses its output (of the shape the caller names). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function cli<T>(...args: string[]): T {
  return JSON.parse(
    execFileSync('node', [join(repoRoot, 'dist/cli.js'), ...args, '--format', 'json'], { encoding: 'utf8' }),
  ) as T;
}

/** The server has analysed the whole workspace once the status bar counts what `kroute check` finds. */
export async function waitForAnalysis(page: Page, workspace: string): Promise<void> {
  let problems: { severity: string }[];
  try {
    problems = cli('check', workspace);
  } catch (e) {
    // `kroute check` exits non-zero when it finds errors; its JSON is still on stdout.
    problems = JSON.parse((e as { stdout: string }).stdout) as { severity: string }[];
  }
  await waitForProblemCounts(page, {
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    // The status bar counts information too (a Helm chart's document-skipped note); hints it does not.
    infos: problems.filter((p) => p.severity === 'information').length,
  });
}

/** Ctrl+Shift+M; resolves once the Problems panel shows entries matching every pattern. */
export async function problemsPanel(page: Page, patterns: RegExp[]): Promise<string> {
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: TIMEOUT });
  return waitForText(page, '.markers-panel .monaco-list-row', patterns);
}

/** Where a person would put the mouse: a word on a line, the first such line after `after`. */
export interface WordOnLine {
  /** Text of an earlier line that anchors the search (e.g. `kind: Service`). */
  after?: string;
  /** Text the line contains. */
  line: string;
  word: string;
}

/**
 * Moves the mouse onto the word and waits for the editor hover to match every pattern;
 * returns the hover's text.
 */
export async function hover(page: Page, target: WordOnLine, patterns: RegExp[]): Promise<string> {
  return hoverAt(page, () => wordBox(page, target), patterns);
}

async function wordBox(page: Page, target: WordOnLine): Promise<{ x: number; y: number }> {
  const box = await page.evaluate(({ after, line, word }) => {
    // Monaco positions view lines absolutely and may keep them in any DOM order; sort by top.
    // It also renders spaces as U+00A0.
    const lines = Array.from(document.querySelectorAll<HTMLElement>('.editor-instance .monaco-editor .view-line'))
      .map((el) => ({ el, top: el.getBoundingClientRect().top, text: el.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top);
    const start = after === undefined ? 0 : lines.findIndex((l) => l.text.includes(after));
    const hit = start < 0 ? undefined : lines.slice(start).find((l) => l.text.includes(line));
    if (!hit) return null;
    const wordAt = hit.text.indexOf(word, hit.text.indexOf(line));
    // Find the text node holding that character offset and measure the word there.
    const walker = document.createTreeWalker(hit.el, NodeFilter.SHOW_TEXT);
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const len = node.textContent?.length ?? 0;
      if (wordAt < offset + len) {
        const range = document.createRange();
        range.setStart(node, wordAt - offset);
        range.setEnd(node, Math.min(len, wordAt - offset + word.length));
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      offset += len;
    }
    return null;
  }, target);
  if (!box)
    throw new Error(
      `no line "${target.line}"${target.after ? ` after "${target.after}"` : ''} is visible in the editor`,
    );
  return box;
}

/** Waits for a squiggle of this severity, moves the mouse onto it and returns the hover's text. */
export async function hoverSquiggle(page: Page, severity: 'error' | 'warning', patterns: RegExp[]): Promise<string> {
  const squiggle = page.locator(`.editor-instance .monaco-editor .squiggly-${severity}`).first();
  await squiggle.waitFor({ state: 'visible', timeout: TIMEOUT });
  return hoverAt(
    page,
    async () => {
      const box = await squiggle.boundingBox();
      if (!box) throw new Error(`the ${severity} squiggle has no box on screen`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    },
    patterns,
  );
}

/**
 * Moves the mouse to where `locate` finds the target and waits for the hover to match. Code lenses
 * and inlay hints arriving after the target was measured move the lines under the mouse, so when
 * the hover does not match in a while the target is measured again and the mouse moved back onto it.
 */
async function hoverAt(
  page: Page,
  locate: () => Promise<{ x: number; y: number }>,
  patterns: RegExp[],
): Promise<string> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const point = await locate();
    await page.mouse.move(1, 1);
    await page.mouse.move(point.x, point.y);
    try {
      return await waitForText(
        page,
        '.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content',
        patterns,
        Math.min(15_000, Math.max(1, deadline - Date.now())),
      );
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
  }
}

/** Ctrl+Shift+P and type `text` after the ">" the palette opens with (it makes this a command search). */
async function typeInPalette(page: Page, text: string): Promise<void> {
  await openQuickInput(page, 'Control+Shift+P', '>');
  await typeInQuickInput(page, '>', text);
}

/**
 * Types `query` into the command palette; resolves with the command entries listed once every
 * pattern matches them, one entry per line, and closes the palette.
 */
export async function commandPalette(page: Page, query: string, patterns: RegExp[]): Promise<string[]> {
  await typeInPalette(page, query);
  const text = await waitForText(page, '.quick-input-widget .monaco-list-row .label-name', patterns);
  await page.keyboard.press('Escape');
  return text.split('\n');
}

/**
 * Runs a command the way a keyboard user does: Ctrl+Shift+P, type its title, arrow keys to its
 * entry, Enter. Resolves once the palette closed or, for a command that asks something first
 * (`asks`: the title of its quick pick), once that question shows.
 */
export async function runCommand(page: Page, title: string, { asks }: { asks?: RegExp } = {}): Promise<void> {
  await typeInPalette(page, title);
  const rows = '.quick-input-widget .monaco-list-row';
  await page
    .locator(rows)
    .filter({ has: page.getByText(title, { exact: true }) })
    .first()
    .waitFor({ timeout: TIMEOUT });
  const exactly = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await arrowTo(page, `${rows}.focused .label-name`, exactly, await page.locator(rows).count());
  await page.keyboard.press('Enter');
  if (asks) await waitForText(page, '.quick-input-widget .quick-input-title', [asks]);
  else await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/**
 * Presses the down arrow until the entry matching `focused` (the list's or menu's focused one)
 * shows a text matching `target`; resolves with that text. Each press waits for the focus to move.
 * The arrows wrap around, so twice `entries` presses reach any entry from anywhere.
 */
export async function arrowTo(page: Page, focused: string, target: RegExp, entries: number): Promise<string> {
  const now = async () => (await page.locator(focused).allInnerTexts())[0]?.trim() ?? '';
  let current = await now();
  for (let moves = 0; !target.test(current); moves++) {
    if (moves > 2 * entries) throw new Error(`the arrow keys never reached ${target}; last on "${current}"`);
    const before = current;
    await page.keyboard.press('ArrowDown');
    current = await until(`the focus to move on from "${before}"`, async () => {
      const text = await now();
      return text && text !== before ? text : undefined;
    });
  }
  return current;
}

/** Types into the open quick pick and picks the first row containing `row`. */
export async function pick(page: Page, filter: string, row: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(filter);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: row }).first().click({ timeout: TIMEOUT });
}

/** The trace panel's own document: VS Code nests it in an iframe inside the webview's iframe. */
export function tracePanel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/**
 * Waits until the workbench has written `text` into its stored state under `key` (e.g.
 * `kroute.kroute`, the extension's workspace state). In a browser the workbench keeps its state in
 * IndexedDB and writes it some time after a change; a reload keeps only what was written.
 */
export async function waitForSavedState(page: Page, key: string, text: string, timeout = TIMEOUT): Promise<void> {
  // Polled from here: page.waitForFunction would take the probe's promise for a truthy answer.
  await until(
    `the workbench to save ${JSON.stringify(text)} under ${key}`,
    async () => {
      const saved = await page.evaluate(readState, key);
      return saved.some((v) => v.includes(text)) || undefined;
    },
    timeout,
  );
}

/** The values stored under `key` in the workbench's state databases (runs in the page). */
async function readState(key: string): Promise<string[]> {
  const names = (await indexedDB.databases())
    .map((d) => d.name ?? '')
    .filter((n) => n.startsWith('vscode-web-state-db-'));
  const values = await Promise.all(
    names.map(
      (name) =>
        new Promise<unknown>((resolve) => {
          const open = indexedDB.open(name);
          open.onerror = () => resolve(undefined);
          open.onsuccess = () => {
            const db = open.result;
            try {
              const get = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get(key);
              get.onsuccess = () => resolve(get.result);
              get.onerror = () => resolve(undefined);
            } catch {
              resolve(undefined); // a database without that store
            } finally {
              db.close(); // takes effect once the transaction completes
            }
          };
        }),
    ),
  );
  return values.filter((v): v is string => typeof v === 'string');
}

/**
 * Clicks an editor's tab and waits until the keyboard focus is in that editor. The editor takes the
 * focus a moment after the click; a quick input opened before then (Ctrl+G) closed when it did, and
 * what was typed for it went into the manifest (once, with two busy loops beside the e2e stage).
 */
export async function focusEditor(page: Page, name: string): Promise<void> {
  await page.locator('.tabs-container .tab', { hasText: name }).click({ timeout: TIMEOUT });
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: TIMEOUT });
  await page.waitForFunction(() => !!document.activeElement?.closest('.editor-instance .monaco-editor'), undefined, {
    timeout: TIMEOUT,
    polling: 'raf',
  });
}

/** Ctrl+G, `line:column` (1-based), Enter; resolves once the status bar shows the cursor there. */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await openQuickInput(page, 'Control+G', ':');
  await typeInQuickInput(page, ':', `${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitForText(page, '[id="status.editor.selection"]', [new RegExp(`^Ln ${line}, Col ${column}\\b`)]);
}

/** Polls `probe` (a process list, a file) until it returns a value; fails naming `what` after the timeout. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeout = TIMEOUT,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Records every text that elements matching `selector` show from now on: notification
 * toasts and status bar messages hide themselves after a few seconds, which a loaded machine can
 * spend between two looks. Returns what waits for a recorded text and what lists them.
 */
export async function recordTexts(
  page: Page,
  selector: string,
): Promise<{ waitFor(patterns: RegExp[]): Promise<string>; all(): Promise<string[]> }> {
  const id = await page.evaluate((sel) => {
    const w = window as unknown as { krouteRecords?: string[][] };
    const records: string[] = [];
    const list = (w.krouteRecords ??= []);
    list.push(records);
    // (No named functions in here: the test runner's transform would wrap them in a helper the page lacks.)
    new MutationObserver(() => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
        const text = el.innerText.trim();
        if (text && !records.includes(text)) records.push(text);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    return list.length - 1;
  }, selector);
  const all = () =>
    page.evaluate((i) => (window as unknown as { krouteRecords: string[][] }).krouteRecords[i].slice(), id);
  return {
    all,
    async waitFor(patterns) {
      const sources = patterns.map((p) => [p.source, p.flags]);
      try {
        const handle = await page.waitForFunction(
          ({ i, pats }) =>
            (window as unknown as { krouteRecords: string[][] }).krouteRecords[i].find((t) =>
              pats.every(([s, f]) => new RegExp(s, f).test(t)),
            ) ?? false,
          { i: id, pats: sources },
          { timeout: TIMEOUT, polling: 'raf' },
        );
        return (await handle.jsonValue()) as string;
      } catch (err) {
        throw new Error(
          `waited ${TIMEOUT} ms for ${selector} to show ${patterns.join(', ')}; it showed:\n${(await all().catch(() => [])).join('\n') || '(nothing)'}`,
          { cause: err },
        );
      }
    },
  };
}

/** Where a quick-fix menu shows its entries, which one the keyboard is on, and what shows instead when there is none. */
export interface QuickFixMenu {
  entries: string;
  focused: string;
  /** A message shown instead of a menu when there is nothing to fix, if the place has one. */
  none?: string;
  /** An element that holds the keyboard focus while the menu is open, if the menu takes it. */
  focusWithin?: string;
}

// The editor lists fixes in its action widget (under group headers, the first fix focused); the
// Problems panel in a context menu (no entry focused until an arrow key is pressed).
export const EDITOR_MENU: QuickFixMenu = {
  entries: '.action-widget .monaco-list-row.action',
  focused: '.action-widget .monaco-list-row.action.focused',
  none: '.monaco-editor-overlaymessage',
};
export const PROBLEMS_MENU: QuickFixMenu = {
  entries: '.context-view .action-item',
  focused: '.context-view .action-item.focused',
  focusWithin: '.context-view:focus-within',
};

/**
 * Presses Ctrl+. until the quick-fix menu lists an action matching `title`, then picks it with the
 * arrow keys and Enter, and returns its text. A menu asked for before the server's answer arrived
 * comes without the fix and does not update: as a user would, the keystroke is repeated (after
 * `retry` closes it and puts the focus back where Ctrl+. applies) until the fix is listed.
 *
 * The keyboard, not a click: VS Code's context menu only listens for the mouse button's release
 * 100 ms after it rendered (`runOnceToEnableMouseUp` in base/browser/ui/menu/menu.ts, so that the
 * release of the click that opened it picks nothing), and a click inside that window, which a
 * loaded machine stretches, is dropped and leaves the menu open. Keys are taken from the moment
 * the menu has the focus, which is waited for.
 */
export async function applyQuickFix(
  page: Page,
  menu: QuickFixMenu,
  title: RegExp,
  retry: () => Promise<void>,
): Promise<string> {
  const shown = [menu.entries, menu.none].filter(Boolean).join(', ');
  await until(`a quick-fix menu listing ${title}`, async () => {
    await page.keyboard.press('Control+.');
    // The editor drops a Ctrl+. whose answer is still pending when it starts an automatic request
    // of its own (diagnostics changed under the cursor): nothing shows, and nothing says so. The
    // keystroke is then repeated, as a user would; a menu or message that shows is waited for.
    const opened = await page
      .locator(shown)
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (opened && (await page.locator(menu.entries).allInnerTexts()).some((t) => title.test(t.trim()))) return true;
    await retry();
    await page.locator(shown).first().waitFor({ state: 'hidden' });
    return undefined;
  });
  if (menu.focusWithin) await page.locator(menu.focusWithin).waitFor({ state: 'attached' });
  const action = await arrowTo(page, menu.focused, title, await page.locator(menu.entries).count());
  await page.keyboard.press('Enter');
  await page.locator(menu.entries).first().waitFor({ state: 'hidden' });
  return action;
}
