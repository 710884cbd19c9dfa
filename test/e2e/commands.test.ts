// kroute's commands are where a user looks for them, the command palette, and do what they say.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { commandPalette, openFile, runCommand, waitForProblemCounts, waitForText } from './workbench.ts';

test('the command palette lists kroute\'s commands, and Show Output and Restart Server work', async () => {
  await withEditor({ fixture: 'shop', name: 'command-palette' }, async ({ page, shot }) => {
    // Opening a manifest activates the extension, as it would for a user.
    await openFile(page, 'backend.yaml');
    const expected = ['kroute: Trace Request Route…', 'kroute: Show Output', 'kroute: Restart Server'];
    const listed = await commandPalette(page, 'kroute', expected.map((e) => new RegExp(`^${e}$`, 'm')));
    await shot('command-palette');
    for (const e of expected) assert.ok(listed.includes(e), `${e} in ${JSON.stringify(listed)}`);

    // Listed commands come from package.json; running them proves the extension registered them.
    await runCommand(page, 'kroute: Show Output');
    const channel = page.locator('.part.panel select[aria-label="Switch Output"]').filter({ visible: true });
    await channel.waitFor({ state: 'visible' });
    assert.equal(await channel.inputValue(), 'kroute');
    await shot('show-output');

    await runCommand(page, 'kroute: Restart Server');
    await waitForText(page, '.statusbar', [/kroute: language server restarted/]);
    // After the restart the workspace still shows its two mistakes.
    await waitForProblemCounts(page, { errors: 1, warnings: 1 });
    await shot('restarted');
  });
});
