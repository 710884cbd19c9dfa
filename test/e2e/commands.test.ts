// kroute's commands are where a user looks for them: the command palette.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { commandPalette, openFile } from './workbench.ts';

test('the command palette lists kroute\'s commands when you type "kroute"', async () => {
  await withEditor({ fixture: 'shop', name: 'command-palette' }, async ({ page, shot }) => {
    // Opening a manifest activates the extension, as it would for a user.
    await openFile(page, 'backend.yaml');
    const expected = ['kroute: Trace Request Route…', 'kroute: Show Output', 'kroute: Restart Server'];
    const listed = await commandPalette(page, 'kroute', expected.map((e) => new RegExp(`^${e}$`, 'm')));
    await shot('command-palette');
    for (const e of expected) assert.ok(listed.includes(e), `${e} in ${JSON.stringify(listed)}`);
  });
});
