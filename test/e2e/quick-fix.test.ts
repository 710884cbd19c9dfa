// Quick fixes as a user applies them: Ctrl+. on the squiggle in the editor, and Ctrl+. on the
// entry in the Problems panel. Each fix edits only the value at fault, and its diagnostic leaves
// the editor, the Problems panel and the status bar's counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { withEditor } from './harness.ts';
import { goToLine, openFile, problemsPanel, until, waitForProblemCounts, waitForText } from './workbench.ts';

// The editor lists fixes in its action widget; the Problems panel in a context menu (inside a
// shadow root, which Playwright's locators pierce).
const EDITOR_MENU = '.action-widget .monaco-list-row';
const PROBLEMS_MENU = '.context-view .action-label';

/**
 * Presses Ctrl+. until the quick-fix menu lists an action matching `title`, clicks it and returns
 * its text. Fixes asked for before the server's answer arrived open an empty or partial menu,
 * which does not update: as a user would, the keystroke is repeated (after `retry` puts the focus
 * back where Ctrl+. applies) until the fix is listed.
 */
async function applyQuickFix(page: Page, menu: string, title: RegExp, retry: () => Promise<void>): Promise<string> {
  const entry = page.locator(menu, { hasText: title }).first();
  await until(`a quick-fix menu listing ${title}`, async () => {
    await page.keyboard.press('Control+.');
    if (await entry.waitFor({ timeout: 10_000 }).then(() => true, () => false)) return true;
    await retry();
    return undefined;
  });
  const action = (await entry.innerText()).trim();
  await entry.click();
  await entry.waitFor({ state: 'hidden' });
  return action;
}

/**
 * Saves the active editor and resolves with the lines that differ from `before` once the file on
 * disk changed (fixes replace values in place: the line count stays).
 */
async function saveAndDiff(page: Page, file: string, before: string): Promise<string[]> {
  await page.keyboard.press('Control+S');
  const after = await until(`${file} saved`, () => {
    const text = readFileSync(file, 'utf8');
    return text === before ? undefined : text;
  });
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length, `the fix keeps the line count:\n${after}`);
  return b.filter((l, i) => l !== a[i]);
}

test('quick fixes: Ctrl+. on a dead selector in the editor, Ctrl+. on a NodePort error in the Problems panel', async () => {
  await withEditor({ fixture: 'shop', name: 'quick-fix' }, async ({ page, workspace, shot }) => {
    const typo = join(workspace, 'selector-typo.yaml');
    const typoBefore = readFileSync(typo, 'utf8');
    await openFile(page, 'selector-typo.yaml');
    await waitForProblemCounts(page, { errors: 1, warnings: 1 });

    // Editor: the cursor into the squiggled value (Ctrl+G), Ctrl+., pick the fix.
    await page.locator('.editor-instance .monaco-editor .squiggly-warning').first().waitFor();
    const typoLines = typoBefore.split('\n');
    const valueLine = typoLines.indexOf('    app: cart-service');
    await goToLine(page, valueLine + 1, typoLines[valueLine]!.indexOf('cart-service') + 2);
    // Escape closes a menu that came without the fix; the cursor stays on the value.
    const selectorFix = await applyQuickFix(page, EDITOR_MENU, /Change the selector to deployment\/cart's labels/, () => page.keyboard.press('Escape'));
    await page.locator('.editor-instance .monaco-editor .squiggly-warning').first().waitFor({ state: 'detached' });
    await shot('selector-fixed');
    await waitForProblemCounts(page, { errors: 1, warnings: 0 });
    const problems = await problemsPanel(page, [/nodeport-out-of-range/]);
    assert.doesNotMatch(problems, /matches no pods|selector-matches-nothing/);
    await shot('selector-warning-gone-from-problems');
    // Saved, the file differs from the original in the selector value only.
    await page.locator('.tabs-container .tab', { hasText: 'selector-typo.yaml' }).click();
    assert.deepEqual(await saveAndDiff(page, typo, typoBefore), ['    app: cart'], `applied "${selectorFix}"`);

    // Problems panel: select the NodePort error's entry, Ctrl+., pick the nearest free port.
    const nodePortFile = join(workspace, 'nodeport-out-of-range.yaml');
    const nodePortBefore = readFileSync(nodePortFile, 'utf8');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'provided port is not in the valid range' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'nodeport-out-of-range.yaml' }).waitFor();
    // The panel asks for the entry's fixes when it is focused. Escape there would also clear the
    // row's focus: focusing the row again closes a menu that came without the fix.
    const row = page.locator('.markers-panel .monaco-list-row.focused', { hasText: 'provided port is not in the valid range' });
    await row.focus();
    const portFix = await applyQuickFix(page, PROBLEMS_MENU, /^Use nodePort \d+ \(nearest free port in 30000-32767\)$/, () => row.focus());
    const port = Number(/\d+/.exec(portFix)![0]);
    assert.ok(port >= 30000 && port <= 32767, portFix);
    await waitForProblemCounts(page, { errors: 0, warnings: 0 });
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ state: 'detached' });
    await waitForText(page, '.markers-panel', [/No problems have been detected in the workspace/]);
    await shot('nodeport-fixed');
    await page.locator('.tabs-container .tab', { hasText: 'nodeport-out-of-range.yaml' }).click();
    assert.deepEqual(await saveAndDiff(page, nodePortFile, nodePortBefore), [`      nodePort: ${port}`], `applied "${portFix}"`);
  });
});
