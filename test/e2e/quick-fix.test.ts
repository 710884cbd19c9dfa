// Quick fixes as a user applies them: Ctrl+. on the squiggle in the editor, and Ctrl+. on the
// entry in the Problems panel. Each fix edits only the value at fault, and its diagnostic leaves
// the editor, the Problems panel and the status bar's counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { withEditor } from './harness.ts';
import {
  applyQuickFix,
  EDITOR_MENU,
  goToLine,
  openFile,
  problemsPanel,
  PROBLEMS_MENU,
  until,
  waitForProblemCounts,
  waitForText,
} from './workbench.ts';

/**
 * Saves the active editor and resolves with the lines that differ from `before` once the file on
 * disk holds the saved text (fixes replace values in place: the line count stays).
 */
async function saveAndDiff(page: Page, file: string, before: string): Promise<string[]> {
  const tab = page.locator('.tabs-container .tab.active', { hasText: basename(file) });
  await tab.waitFor();
  await page.keyboard.press('Control+S');
  // The tab drops its unsaved mark when the save (Ctrl+S's, or an auto-save's before it) starts,
  // not when it ends: meanwhile the file is seen as it was, or empty (the editor truncates it,
  // then writes the text in one go). Saved is: not dirty, and on disk, text that is new.
  const after = await until(`${file} saved`, async () => {
    if (await tab.and(page.locator('.dirty')).count()) return undefined;
    const text = readFileSync(file, 'utf8');
    return text && text !== before ? text : undefined;
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
    await goToLine(page, valueLine + 1, typoLines[valueLine].indexOf('cart-service') + 2);
    // The light bulb shows once the editor's own request for the fixes at the cursor is answered:
    // one started after Ctrl+. would replace Ctrl+.'s (see applyQuickFix).
    await page.locator('.editor-instance .monaco-editor .lightBulbWidget').waitFor();
    // Escape closes a menu that came without the fix; the cursor stays on the value.
    const selectorFix = await applyQuickFix(page, EDITOR_MENU, /Change the selector to deployment\/cart's labels/, () =>
      page.keyboard.press('Escape'),
    );
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
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'provided port is not in the valid range' })
      .first()
      .click();
    await page.locator('.tabs-container .tab.active', { hasText: 'nodeport-out-of-range.yaml' }).waitFor();
    // The panel asks for the entry's fixes when it is focused. Escape there would also clear the
    // row's focus: focusing the row again closes a menu that came without the fix.
    const row = page.locator('.markers-panel .monaco-list-row.focused', {
      hasText: 'provided port is not in the valid range',
    });
    await row.focus();
    // The entry's icon is marked once its fixes are known; before that Ctrl+. opens nothing.
    await row.locator('.marker-icon.quickFix').waitFor({ state: 'attached' });
    const portFix = await applyQuickFix(
      page,
      PROBLEMS_MENU,
      /^Use nodePort \d+ \(nearest free port in 30000-32767\)$/,
      () => row.focus(),
    );
    const port = Number(/\d+/.exec(portFix)![0]);
    assert.ok(port >= 30000 && port <= 32767, portFix);
    await waitForProblemCounts(page, { errors: 0, warnings: 0 });
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ state: 'detached' });
    await waitForText(page, '.markers-panel', [/No problems have been detected in the workspace/]);
    await shot('nodeport-fixed');
    await page.locator('.tabs-container .tab', { hasText: 'nodeport-out-of-range.yaml' }).click();
    assert.deepEqual(
      await saveAndDiff(page, nodePortFile, nodePortBefore),
      [`      nodePort: ${port}`],
      `applied "${portFix}"`,
    );
  });
});
