// The route-tracing panel as a new user meets it on examples/: the command palette, two quick
// picks, the webview (an iframe in the workbench), and a what-if run in the panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { withEditor } from './harness.ts';
import { openFile, pick, tracePanel as panel, until, waitForAnalysis, waitForSavedState } from './workbench.ts';

const TIMEOUT = 60_000;

async function barLabels(frame: FrameLocator): Promise<string[]> {
  return frame.locator('.bar-label').allTextContents();
}

test('trace frontend → backend on examples/; delete a backend pod in the panel, reveal a hop, reload, edit the manifest', async () => {
  // The harness copies a folder under test/e2e/fixtures; the examples are the ones users try.
  await withEditor({ fixture: '../../../examples', name: 'trace-webview' }, async ({ page, workspace, shot }) => {
    await openFile(page, 'backend.yaml');
    // The quick picks list what the server has read so far: all of it, once it has analysed it.
    await waitForAnalysis(page, workspace);
    // Room for the panel beside the editor: the side bar closed, as on a laptop screen.
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+Shift+P');
    await pick(page, '>kroute: Trace Request Route', 'kroute: Trace Request Route…');
    await pick(page, 'shop/backend:80', 'shop/backend:80');
    await pick(page, 'Deployment shop/frontend', 'Deployment shop/frontend');

    const frame = panel(page);
    await frame.locator('.bar-value').first().waitFor({ timeout: TIMEOUT });
    const kinds = await frame.locator('.hop-kind').allTextContents();
    assert.ok(kinds.includes('KUBE-SERVICES') && kinds.some((k) => k.startsWith('KUBE-SVC-')), kinds.join());
    const pods = await frame.locator('table.candidates tbody tr').allTextContents();
    assert.equal(pods.length, 3, pods.join('\n'));
    assert.ok(
      pods.every((p) => /shop\/backend-[a-z0-9]+-[a-z0-9]{5}/.test(p)),
      pods.join('\n'),
    );
    const before = await barLabels(frame);
    assert.equal(before.length, 3);
    await frame.locator('li.hop-balance').scrollIntoViewIfNeeded();
    await shot('trace-frontend-to-backend');

    const victim = /shop\/backend-[a-z0-9]+-[a-z0-9]{5}/.exec(before[0])![0];
    await frame.locator(`[data-key="delete-${victim}"]`).click();
    await frame.locator('.active-whatifs li', { hasText: `delete pod ${victim}` }).waitFor({ timeout: TIMEOUT });
    const after = await barLabels(frame);
    assert.ok(!after.some((l) => l.includes(victim)), `${victim} gets no more traffic: ${after.join(', ')}`);
    for (const l of before.slice(1)) assert.ok(after.includes(l), `${l} still gets traffic`);
    await shot('after-deleting-a-pod');

    // A hop's manifest link reveals it in the editor: the source pod's template in frontend.yaml.
    await frame.locator('[data-key="hop-0-open"]').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'frontend.yaml' }).waitFor({ timeout: TIMEOUT });

    // After a reload the serializer restores the panel with its what-if, from the query kroute
    // recorded in its workspace state; a reload before the workbench wrote that would lose it.
    await waitForSavedState(page, 'kroute.kroute', JSON.stringify({ kind: 'deletePod', pod: victim }));
    // The workbench restores only the editors its last save listed. It saves them every 5 s when
    // idle (BrowserStorageService's flush interval), apart from the extension's state above, and a
    // page reload gives IndexedDB no time to finish the save at unload: under load the panel
    // opened a few seconds ago was sometimes not in the saved layout yet, and was not restored.
    await waitForSavedState(page, 'memento/workbench.parts.editor', 'mainThreadWebview-kroute.trace');
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
    const restored = panel(page);
    await restored.locator('.active-whatifs li', { hasText: `delete pod ${victim}` }).waitFor({ timeout: TIMEOUT });
    await restored.locator('.bar-value').first().waitFor({ timeout: TIMEOUT });
    await shot('restored-after-reload');

    // Editing the manifest updates the open panel: backend scaled to 2 in the editor.
    await page.locator('.tabs-container .tab', { hasText: 'backend.yaml' }).click();
    await page.locator('.editor-instance .view-line', { hasText: 'replicas: 3' }).first().click();
    // One edit, "3" selected and replaced: deleting it first would let the panel, which asks
    // again 300 ms after each change, show the Deployment with no replicas field (1 pod).
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('2');
    const live = panel(page);
    await live.locator('.bar-value').nth(2).waitFor({ state: 'detached', timeout: TIMEOUT });
    await until('the panel to spread traffic over the 2 pods left', async () =>
      (await barLabels(live)).length === 2 ? true : undefined,
    );
    await shot('live-update-after-edit');
  });
});

test("tracing one destination after another adds tabs to the first panel's group, not a new group beside each panel", async () => {
  await withEditor({ fixture: '../../../examples', name: 'trace-panel-group' }, async ({ page, workspace, shot }) => {
    await openFile(page, 'backend.yaml');
    await waitForAnalysis(page, workspace);
    const groups = page.locator('.editor-group-container');
    const routeTabs = (group: number) => groups.nth(group).locator('.tabs-container .tab', { hasText: 'Route →' });
    for (const [pickRow, tab] of [
      ['shop/backend:80', 'backend.shop:80'],
      ['shop/postgres:5432', 'postgres.shop:5432'],
      ['shop/frontend:80', 'frontend.shop:80'],
    ] as const) {
      // Through the command center: a key press would go to the focused panel's iframe, and a click
      // in the manifest would make its group the active one, which the command opens beside.
      await page.locator('.command-center-center').click();
      await pick(page, '>kroute: Trace Request Route', 'kroute: Trace Request Route…');
      await pick(page, pickRow, pickRow);
      await pick(page, 'Deployment shop/backend', 'Deployment shop/backend');
      await page.locator('.tabs-container .tab', { hasText: `Route → ${tab}` }).waitFor({ timeout: TIMEOUT });
      assert.equal(await groups.count(), 2, `after tracing to ${tab}: the manifest and one group of trace panels`);
      // A new panel takes the focus once its webview has loaded, which under load came after the
      // next trace's quick pick had opened, and closed it. The user sees the trace before going on.
      await panel(page).locator('h1', { hasText: tab }).waitFor({ timeout: TIMEOUT });
    }
    await shot('three-traces-one-group');
    assert.equal(await routeTabs(1).count(), 3);
    assert.equal(await routeTabs(0).count(), 0, "the manifest's group keeps its width and its tabs");
  });
});
