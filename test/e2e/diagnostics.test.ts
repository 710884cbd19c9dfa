// kroute's diagnostics as a user meets them: a squiggle in the editor whose hover explains it,
// and an entry in the Problems panel, for a mistake the API server rejects and for one it
// silently accepts.
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { hover, hoverSquiggle, openFile, problemsPanel } from './workbench.ts';

test('a NodePort outside the node-port range: error squiggle and Problems entry', async () => {
  await withEditor({ fixture: 'shop', name: 'nodeport-out-of-range' }, async ({ page, shot }) => {
    await openFile(page, 'nodeport-out-of-range.yaml');
    // The squiggle sits on the offending value; the mouse goes there once it shows.
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'visible' });
    await hover(page, { line: 'nodePort: 80', word: '80' }, [
      /nodePort: Invalid value: 80: provided port is not in the valid range/,
    ]);
    await shot('error-squiggle-hover');
    await problemsPanel(page, [
      /provided port is not in the valid range\. The range of valid ports is 30000-32767/,
      /nodeport-out-of-range/,
    ]);
    await shot('problems-panel');
  });
});

test('a selector that matches no pods: warning squiggle and Problems entry', async () => {
  await withEditor({ fixture: 'shop', name: 'selector-matches-nothing' }, async ({ page, shot }) => {
    await openFile(page, 'selector-typo.yaml');
    await hoverSquiggle(page, 'warning', [/Selector app=cart-service matches no pods/]);
    await shot('warning-squiggle-hover');
    await problemsPanel(page, [/matches no pods/, /selector-matches-nothing/]);
    await shot('problems-panel');
  });
});
