// The language server process dies under a user (killed as an OOM killer would, SIGKILL): the
// client restarts it, tells the user once, and after MAX_RESTARTS (client/src/extension.ts)
// gives up with one clear message instead of looping. "kroute: Restart Server" brings it back,
// with a fresh restart budget.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { withEditor } from './harness.ts';
import { goToLine, hover, openFile, recordTexts, runCommand, until, waitForProblemCounts } from './workbench.ts';

const RESTARTED =
  /kroute: the language server stopped unexpectedly and was restarted\. Details are in the kroute output\./;
const GAVE_UP =
  /kroute: the language server stopped 5 times and will not be restarted\. Run "kroute: Restart Server" to try again\./;

/** PIDs of kroute's language servers run from this session's extensions dir (none, or one). */
function serverPids(extensionsDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `${extensionsDir}/[^ ]*/dist/server\\.js`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Kills the running server and resolves with the PID of the one the client starts instead. */
async function killAndAwaitRestart(extensionsDir: string): Promise<number> {
  const [pid] = await until('a running language server', () =>
    serverPids(extensionsDir).length === 1 ? serverPids(extensionsDir) : undefined,
  );
  process.kill(pid, 'SIGKILL');
  return until(`a new language server after killing ${pid}`, () => serverPids(extensionsDir).find((p) => p !== pid));
}

/** Every notification of this session, from the notification center (toasts hide themselves). */
async function notifications(page: Page, shot: (step: string) => Promise<void>): Promise<string[]> {
  await runCommand(page, 'Notifications: Show Notifications');
  const items = page.locator('.notifications-center .notification-list-item-message');
  await items.first().waitFor();
  const texts = await items.allInnerTexts();
  await shot('notification-center');
  await page.keyboard.press('Escape');
  return texts;
}

test('the language server is killed: restarted and the user told once; past the bound, one message and no loop', async () => {
  await withEditor({ fixture: 'shop', name: 'server-crash' }, async ({ page, workspace, extensionsDir, shot }) => {
    await openFile(page, 'backend.yaml');
    await waitForProblemCounts(page, { errors: 1, warnings: 1 });
    // The Service's selector value: appending "x" makes it select nothing (one more warning),
    // deleting it again restores the file, so each restart is proven by a count only the new
    // server can produce.
    const lines = readFileSync(join(workspace, 'backend.yaml'), 'utf8').split('\n');
    const selectorLine = lines.findIndex((l, i) => i > lines.indexOf('kind: Service') && l === '    app: backend') + 1;
    const toSelectorEnd = async () => {
      await goToLine(page, selectorLine);
      await page.keyboard.press('End');
    };
    await toSelectorEnd();
    // Toasts hide themselves after some seconds: recorded, none is missed on a slow machine.
    const toasts = await recordTexts(page, '.notifications-toasts .notification-toast');

    for (let kill = 1; kill <= 4; kill++) {
      const pid = await killAndAwaitRestart(extensionsDir);
      const broken = kill % 2 === 1;
      await page.keyboard.press(broken ? 'x' : 'Backspace');
      await waitForProblemCounts(page, { errors: 1, warnings: broken ? 2 : 1 });
      if (kill === 1) {
        await toasts.waitFor([RESTARTED]);
        await shot('restarted-notification');
        // Hover is answered by the new server too.
        await hover(page, { after: 'kind: Service', line: 'name: backend', word: 'backend' }, [/ClusterIP 10\./]);
        await shot('hover-after-restart');
        await page.keyboard.press('Escape');
        await toSelectorEnd();
      }
      console.log(`kill ${kill}: server ${pid} took over`);
    }

    // The fifth death is past the bound: no new server, one error notification.
    const [last] = serverPids(extensionsDir);
    process.kill(last, 'SIGKILL');
    await toasts.waitFor([GAVE_UP]);
    await shot('gave-up-notification');
    // Its diagnostics went with it.
    await waitForProblemCounts(page, { errors: 0, warnings: 0 });
    assert.deepEqual(serverPids(extensionsDir), [], 'no server was started after giving up');

    const seen = await notifications(page, shot);
    console.log(`notifications the user saw:\n${seen.map((n) => `  ${n}`).join('\n')}`);
    assert.equal(
      seen.filter((n) =>
        n.includes(
          'kroute: the language server stopped unexpectedly and was restarted. Details are in the kroute output.',
        ),
      ).length,
      1,
      `told once about restarts: ${JSON.stringify(seen)}`,
    );
    assert.equal(
      seen.filter((n) =>
        n.includes(
          'kroute: the language server stopped 5 times and will not be restarted. Run "kroute: Restart Server" to try again.',
        ),
      ).length,
      1,
      `told once about giving up: ${JSON.stringify(seen)}`,
    );
    assert.equal(seen.length, 2, `no other notification: ${JSON.stringify(seen)}`);

    // Asking for a trace now says so in kroute's words, not the library's "Client is not running".
    await runCommand(page, 'kroute: Trace Request Route…');
    await toasts.waitFor([/kroute: the language server is not running\. Run "kroute: Restart Server" to start it\./]);
    await shot('trace-while-stopped');

    // The way out the message names: the server is back, and it is restarted again if it dies.
    await runCommand(page, 'kroute: Restart Server');
    await waitForProblemCounts(page, { errors: 1, warnings: 1 });
    await killAndAwaitRestart(extensionsDir);
    await toSelectorEnd();
    await page.keyboard.press('x');
    await waitForProblemCounts(page, { errors: 1, warnings: 2 });
    await shot('restarted-after-manual-restart');
  });
});
