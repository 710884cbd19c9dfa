// The editor features as a new user meets them on examples/: a Service hover listing the pods
// behind it, the code lenses above a Service and its Deployment (the Deployment's opens the
// Services selecting it in a peek), and go to definition from a Service selector to the pod
// template that carries the label, in another file. Expected facts come from the CLI on the same
// files, so the test checks that the editor shows what the engine computes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../scripts/e2e/editor.mjs';
import { withEditor } from './harness.ts';
import { hover, openFile, waitForProblemCounts, waitForText } from './workbench.ts';

// The harness copies a folder under test/e2e/fixtures; the examples are what a new user opens.
const EXAMPLES = '../../../examples';

function cli<T>(...args: string[]): T {
  return JSON.parse(execFileSync('node', [join(repoRoot, 'dist/cli.js'), ...args, '--format', 'json'], { encoding: 'utf8' })) as T;
}

/** The server has analysed the whole workspace once the status bar counts what `kroute check` finds. */
async function waitForAnalysis(page: Page, workspace: string): Promise<void> {
  let problems: Array<{ severity: string }> = [];
  try {
    problems = cli('check', workspace);
  } catch (e) {
    // `kroute check` exits non-zero when it finds errors; its JSON is still on stdout.
    problems = JSON.parse((e as { stdout: string }).stdout) as Array<{ severity: string }>;
  }
  await waitForProblemCounts(page, {
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
  });
}

test('examples/: Service hover and code lenses; the Deployment lens peeks the Services selecting it', async () => {
  await withEditor({ fixture: EXAMPLES, name: 'editor-features-hover-lens' }, async ({ page, workspace, shot }) => {
    const services = cli<Array<{ key: string; clusterIP: string; source?: { uri: string }; pods: Array<{ name: string; ip: string }> }>>('explain', workspace);
    const backend = services.find((s) => s.key === 'shop/backend');
    assert.equal(backend!.pods.length, 3, 'the backend Deployment runs 3 pods');
    // examples/mistakes has a second Service selecting the backend pods.
    const selecting = services.filter((s) => s.pods.some((p) => p.name === backend!.pods[0]!.name));
    const lensTitle = `← selected by ${selecting.length} Service${selecting.length === 1 ? '' : 's'}`;
    await openFile(page, 'backend.yaml');
    await waitForAnalysis(page, workspace);

    const text = await hover(page, { after: 'kind: Service', line: 'name: backend', word: 'backend' }, [
      new RegExp(`ClusterIP ${backend!.clusterIP.replace(/\./g, '\\.')}`),
      /3 pods selected · deployment\/backend/,
    ]);
    for (const pod of backend!.pods) assert.ok(text.includes(pod.name) && text.includes(pod.ip), `hover lists ${pod.name} (${pod.ip}):\n${text}`);
    assert.match(text, /http 80\/TCP\s+http\s+9090/, 'the port table resolves the named targetPort');
    await shot('service-hover');
    await page.keyboard.press('Escape');

    const lenses = await waitForText(page, '.editor-instance .monaco-editor .codelens-decoration', [
      new RegExp(lensTitle),
      new RegExp(`→ 3 pods \\(deployment/backend\\) · ${backend!.clusterIP.replace(/\./g, '\\.')}:80`),
    ]);
    assert.ok(lenses);
    await shot('code-lenses');
    await page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: lensTitle }).first().click();
    // The peek lists the selectors of those Services, by file.
    const files = selecting.map((s) => s.source!.uri.split('/').pop()!.replace(/\./g, '\\.'));
    await waitForText(page, '.monaco-editor .zone-widget .peekview-widget', [/selector/, ...files.map((f) => new RegExp(f))]);
    await shot('workload-lens-peek');
  });
});

test('examples/: go to definition from a Service selector to the pod template label in another file', async () => {
  await withEditor({ fixture: EXAMPLES, name: 'editor-features-definition' }, async ({ page, workspace, shot }) => {
    await openFile(page, 'storefront-lb.yaml');
    await waitForAnalysis(page, workspace);
    // The selector value's hover names the pods carrying the label.
    await hover(page, { after: 'selector:', line: 'app: frontend', word: 'frontend' }, [/Selector app: frontend/, /3 pods carry this label: deployment\/frontend/]);
    await shot('selector-entry-hover');
    await page.keyboard.press('Escape');
    // Cursor onto the selector value with Go to Line (line:column), then F12.
    const lines = readFileSync(join(workspace, 'shop/storefront-lb.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l, i) => i > lines.indexOf('  selector:') && l.includes('app: frontend'));
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget .quick-input-box input').pressSequentially(`${line + 1}:${lines[line]!.indexOf('frontend') + 2}`);
    await page.keyboard.press('Enter');
    await waitForText(page, '[id="status.editor.selection"]', [new RegExp(`Ln ${line + 1},`)]);
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active', { hasText: 'frontend.yaml' }).waitFor({ timeout: 60_000 });
    // The cursor lands on the template's `app: frontend` label (line 16 of frontend.yaml), not the matchLabels entry.
    await waitForText(page, '[id="status.editor.selection"]', [/Ln 16, Col 9/]);
    await shot('definition-in-frontend');
  });
});
