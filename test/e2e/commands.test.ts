// kroute's commands are where a user looks for them, the command palette: every command
// package.json contributes is listed there, runs without an error and does what it says.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../scripts/e2e/editor.mjs';
import { serviceRuleLine } from '../../server/src/lsp/features/iptables.ts';
import { withEditor } from './harness.ts';
import {
  commandPalette,
  focusEditor,
  goToLine,
  openFile,
  recordTexts,
  runCommand,
  tracePanel,
  until,
  waitForProblemCounts,
  waitForText,
} from './workbench.ts';

interface Contributed {
  command: string;
  title: string;
  category: string;
}
const contributed = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: Contributed[] } }
).contributes.commands;

interface Context {
  page: Page;
  workspace: string;
  shot: (step: string) => Promise<void>;
  /** Every status bar text since the session's first command. */
  statusBar: Awaited<ReturnType<typeof recordTexts>>;
}

/**
 * What each command visibly does, run from the palette with the cursor on the Service `backend`
 * in backend.yaml. A command added to package.json without an entry here fails the test.
 */
const effects: Record<string, { asks?: RegExp; check(c: Context): Promise<void> }> = {
  'kroute.traceRoute': {
    // The cursor's Service has one port: only the source is asked; Escape leaves it there. The
    // sources arrive after the picker opens (their own request), the default first: no workload
    // names backend, so another of its namespace (clients.ts defaultClient), not backend itself.
    asks: /^kroute: trace a request to backend\.shop:80 from…$/,
    async check({ page }) {
      await waitForText(page, '.quick-input-widget .monaco-list-row.focused', [/^Deployment shop\/cart/]);
      await page.keyboard.press('Escape');
    },
  },
  'kroute.traceRequest': {
    // This workspace has no Ingress or HTTPRoute: only "Enter a URL…" is offered; Escape leaves it.
    asks: /^kroute: trace an HTTP request through an Ingress or Gateway$/,
    async check({ page }) {
      await waitForText(page, '.quick-input-widget .monaco-list-row', [/Enter a URL…/]);
      await page.keyboard.press('Escape');
    },
  },
  'kroute.showIptables': {
    asks: /^kroute: kube-proxy rules on node… \(showing shop\/backend\)$/,
    async check({ page, workspace, shot }) {
      await page.keyboard.type('node-2');
      await waitForText(page, '.quick-input-widget .monaco-list-row.focused', [/^node-2$/]);
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'node-2.iptables' }).waitFor();
      // The rules `kroute iptables` prints, with the Service's KUBE-SERVICES rule selected.
      const rules = execFileSync(
        process.execPath,
        [join(repoRoot, 'dist/cli.js'), 'iptables', workspace, '--node', 'node-2'],
        { encoding: 'utf8' },
      ).split('\n');
      const line = serviceRuleLine(rules, 'shop/backend');
      assert.match(rules[line], /^-A KUBE-SERVICES .*"shop\/backend:http cluster IP"/);
      // (The status bar puts the cursor at the selection's end: the whole line is selected.)
      const width = rules[line].length;
      await waitForText(page, '[id="status.editor.selection"]', [
        new RegExp(`^Ln ${line + 1}, Col ${width + 1} \\(${width} selected\\)`),
      ]);
      // (Monaco renders spaces as U+00A0, which \s matches.)
      await waitForText(page, '.editor-instance .monaco-editor .view-lines', [
        /KUBE-SERVICES\s-m\scomment\s--comment\s"shop\/backend:http\scluster\sIP"/,
      ]);
      await shot('iptables-document');
      // Read-only: typing changes nothing.
      await page.keyboard.type('x');
      await waitForText(page, '.monaco-editor .monaco-editor-overlaymessage', [/Cannot edit in read-only editor/]);
      await page.keyboard.press('Escape');
    },
  },
  'kroute.showConnectivity': {
    async check({ page, workspace, shot }) {
      // The Connectivity view of backend.yaml's app, beside the editor: kroute connectivity's rows as a matrix.
      const view = tracePanel(page);
      const summary = await view.locator('[data-key="summary"]').textContent();
      const rows = execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'connectivity', workspace], {
        encoding: 'utf8',
      })
        .trimEnd()
        .split('\n');
      assert.match(
        summary ?? '',
        new RegExp(
          `^${rows.length} allowed connections between 2 workloads and outside addresses\\. No NetworkPolicy in this app`,
        ),
      );
      assert.equal(await view.locator('td.allowed').count(), rows.length);
      assert.equal(
        await view.locator('td[aria-label^="shop/backend[Deployment] to shop/cart[Deployment]:"]').textContent(),
        'All Connections',
      );
      await page.locator('.tabs-container .tab.active', { hasText: 'Connectivity' }).waitFor();
      await shot('connectivity-view');
    },
  },
  'kroute.showOutput': {
    async check({ page, shot }) {
      const channel = page.locator('.part.panel select[aria-label="Switch Output"]').filter({ visible: true });
      await until('the output view to show the kroute channel', async () =>
        (await channel.inputValue().catch(() => '')) === 'kroute' ? true : undefined,
      );
      await shot('show-output');
    },
  },
  'kroute.restartServer': {
    async check({ page, statusBar, shot }) {
      await statusBar.waitFor([/kroute: language server restarted/]);
      // After the restart the workspace still shows its two mistakes.
      await waitForProblemCounts(page, { errors: 1, warnings: 1 });
      await shot('restarted');
    },
  },
};

test('every command package.json contributes is in the palette and runs from it without an error', async () => {
  assert.deepEqual(
    contributed.map((c) => c.command).sort(),
    Object.keys(effects).sort(),
    'each contributed command has its effect checked here',
  );
  await withEditor({ fixture: 'shop', name: 'command-palette' }, async ({ page, workspace, shot }) => {
    // Opening a manifest activates the extension, as it would for a user.
    await openFile(page, 'backend.yaml');
    await waitForProblemCounts(page, { errors: 1, warnings: 1 });
    const titles = contributed.map((c) => `${c.category}: ${c.title}`);
    const listed = await commandPalette(
      page,
      'kroute',
      titles.map((t) => new RegExp(`^${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm')),
    );
    await shot('command-palette');
    for (const t of titles) assert.ok(listed.includes(t), `${t} in ${JSON.stringify(listed)}`);

    const toasts = await recordTexts(page, '.notifications-toasts .notification-toast');
    const statusBar = await recordTexts(page, '.statusbar');
    const lines = readFileSync(join(workspace, 'backend.yaml'), 'utf8').split('\n');
    for (const c of contributed) {
      // The cursor on the Service's name, for the commands that act on the Service there.
      await focusEditor(page, 'backend.yaml');
      await goToLine(page, lines.indexOf('  name: backend', lines.indexOf('kind: Service')) + 1, 9);
      const effect = effects[c.command];
      await runCommand(page, `${c.category}: ${c.title}`, effect.asks ? { asks: effect.asks } : {});
      await effect.check({ page, workspace, shot, statusBar });
      assert.deepEqual(await toasts.all(), [], `no notification after ${c.command} (an error, or "command not found")`);
    }
  });
});
