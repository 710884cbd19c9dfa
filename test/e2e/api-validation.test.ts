// The API server's validation as a user meets it in the editor (issue 19): objects it would reject
// are squiggled with its own words (field path, "Forbidden", "Unsupported value", "Invalid value"),
// listed in the Problems panel, and each mechanical repair is one Ctrl+. away: a forbidden field
// removed, an enum written in its case, a name made a valid DNS label.
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
  until,
  waitForProblemCounts,
} from './workbench.ts';

/** Puts the cursor on `word` in the line of the active editor that holds `line`, and applies the fix titled `title`. */
async function fixAt(page: Page, text: string, line: string, word: string, title: RegExp): Promise<string> {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.includes(line));
  assert.ok(index >= 0, `the fixture has a line with ${line}`);
  await goToLine(page, index + 1, lines[index].indexOf(word) + 2);
  // No wait on the light bulb: on a line indented less than its width it moves to the gutter as
  // another widget. applyQuickFix repeats Ctrl+. until the menu lists the fix, and Escape closes a
  // menu that came without it; the cursor stays where it was.
  return applyQuickFix(page, EDITOR_MENU, title, () => page.keyboard.press('Escape'));
}

test("API validation: the API server's errors squiggled and listed, each repaired with Ctrl+. (remove a forbidden field, an enum's case, a valid name)", async () => {
  await withEditor({ fixture: 'api-validation', name: 'api-validation' }, async ({ page, workspace, shot }) => {
    const file = join(workspace, 'web.yaml');
    const before = readFileSync(file, 'utf8');
    await openFile(page, 'web.yaml');
    await waitForProblemCounts(page, { errors: 3, warnings: 0 });
    await problemsPanel(page, [
      /spec\.template\.spec\.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported/,
      /spec\.template\.spec\.containers\[0\]\.imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"/,
      /metadata\.name: Invalid value: "Web_Frontend": a lowercase RFC 1123 label/,
    ]);
    await shot('api-errors');

    let text = before;
    await fixAt(page, text, 'activeDeadlineSeconds:', 'activeDeadlineSeconds', /^Remove activeDeadlineSeconds$/);
    await waitForProblemCounts(page, { errors: 2, warnings: 0 });
    text = text.replace('      activeDeadlineSeconds: 600\n', '');
    await fixAt(page, text, 'imagePullPolicy: always', 'always', /^Write Always$/);
    await waitForProblemCounts(page, { errors: 1, warnings: 0 });
    await fixAt(page, text, 'name: Web_Frontend', 'Web_Frontend', /^Rename to web-frontend$/);
    await waitForProblemCounts(page, { errors: 0, warnings: 0 });
    await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ state: 'detached' });
    await shot('api-errors-fixed');

    // Saved, the file is the original with exactly those three edits: comments and layout kept. An
    // auto-save may have written an earlier state first, so the wait is for the whole expected text.
    const expected = before
      .replace('      activeDeadlineSeconds: 600\n', '')
      .replace('imagePullPolicy: always', 'imagePullPolicy: Always')
      .replace('name: Web_Frontend', 'name: web-frontend');
    const tab = page.locator('.tabs-container .tab.active', { hasText: basename(file) });
    await page.keyboard.press('Control+S');
    await until(`${file} saved with the three fixes`, async () =>
      !(await tab.and(page.locator('.dirty')).count()) && readFileSync(file, 'utf8') === expected ? true : undefined,
    ).catch(() => undefined);
    assert.equal(readFileSync(file, 'utf8'), expected);
  });
});
