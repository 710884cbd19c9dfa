// kroute declares support for untrusted workspaces (it only reads YAML), so a folder opened in
// Restricted Mode still gets its diagnostics.
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { hoverSquiggle, openFile, problemsPanel, waitForText } from './workbench.ts';

test('in Restricted Mode (untrusted folder) kroute still reports diagnostics', async () => {
  await withEditor({ fixture: 'shop', name: 'restricted-mode', trusted: false }, async ({ page, shot }) => {
    await waitForText(page, '.statusbar', [/Restricted Mode/]);
    await shot('restricted-mode');
    await openFile(page, 'nodeport-out-of-range.yaml');
    await hoverSquiggle(page, 'error', [/provided port is not in the valid range/]);
    await shot('error-squiggle-hover');
    await problemsPanel(page, [/provided port is not in the valid range/]);
    await shot('problems-panel');
  });
});
