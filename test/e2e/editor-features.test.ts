// The editor features as a new user meets them on examples/: a Service hover listing the pods
// behind it, the code lenses above a Service and its Deployment (the Deployment's opens the
// Services selecting it in a peek, the Service's opens the trace panel for that Service and
// port), and go to definition from a Service selector to the pod template that carries the
// label, in another file. Expected facts come from the CLI on the same files, so the test checks
// that the editor shows what the engine computes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { cli, goToLine, hover, openFile, tracePanel, waitForAnalysis, waitForText } from './workbench.ts';

// The harness copies a folder under test/e2e/fixtures; the examples are what a new user opens.
const EXAMPLES = '../../../examples';

test('examples/: Service hover and code lenses; the Deployment lens peeks the Services selecting it, the Service lens traces its port', async () => {
  await withEditor({ fixture: EXAMPLES, name: 'editor-features-hover-lens' }, async ({ page, workspace, shot }) => {
    const services = cli<
      { key: string; clusterIP: string; source?: { uri: string }; pods: { name: string; ip: string }[] }[]
    >('explain', workspace);
    const backend = services.find((s) => s.key === 'shop/backend');
    assert.equal(backend!.pods.length, 3, 'the backend Deployment runs 3 pods');
    // The lens counts the Services of the Deployment's own app (examples/shop); examples/mistakes is
    // another app, whose admin Service borrows these pods without being counted here.
    const shopApp = cli<typeof services>('explain', workspace, '--app', 'shop');
    const selecting = shopApp.filter((s) => s.pods.some((p) => p.name === backend!.pods[0].name));
    const lensTitle = `← selected by ${selecting.length} Service${selecting.length === 1 ? '' : 's'}`;
    await openFile(page, 'backend.yaml');
    await waitForAnalysis(page, workspace);

    const text = await hover(page, { after: 'kind: Service', line: 'name: backend', word: 'backend' }, [
      new RegExp(`ClusterIP ${backend!.clusterIP.replace(/\./g, '\\.')}`),
      /3 pods selected · deployment\/backend/,
    ]);
    for (const pod of backend!.pods)
      assert.ok(text.includes(pod.name) && text.includes(pod.ip), `hover lists ${pod.name} (${pod.ip}):\n${text}`);
    assert.match(text, /http 80\/TCP\s+http\s+9090/, 'the port table resolves the named targetPort');
    await shot('service-hover');
    await page.keyboard.press('Escape');

    const lenses = await waitForText(page, '.editor-instance .monaco-editor .codelens-decoration', [
      new RegExp(lensTitle),
      new RegExp(`→ 3 pods \\(deployment/backend\\) · ${backend!.clusterIP.replace(/\./g, '\\.')}:80`),
    ]);
    assert.ok(lenses);
    await shot('code-lenses');
    await page
      .locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: lensTitle })
      .first()
      .click();
    // The peek lists the selectors of those Services, by file.
    const files = selecting.map((s) => s.source!.uri.split('/').pop()!.replace(/\./g, '\\.'));
    await waitForText(page, '.monaco-editor .zone-widget .peekview-widget', [
      /selector/,
      ...files.map((f) => new RegExp(f)),
    ]);
    await shot('workload-lens-peek');
    await page.keyboard.press('Escape');

    // The Service's lens opens the trace panel for that Service and port; only the source is asked.
    const serviceLens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', {
      hasText: '→ 3 pods (deployment/backend)',
    });
    await serviceLens.first().click();
    await waitForText(page, '.quick-input-widget .quick-input-title', [
      /^kroute: trace a request to backend\.shop:80 from…$/,
    ]);
    // The default source is another workload of the Service's app and namespace.
    await waitForText(page, '.quick-input-widget .monaco-list-row.focused', [
      /(Deployment|StatefulSet) shop\/(?!backend)/,
    ]);
    await page.keyboard.press('Enter');
    await waitForText(page, '.tabs-container .tab.active', [/Route → backend\.shop:80/]);
    const panel = tracePanel(page);
    await panel.locator('h1', { hasText: 'Route to backend.shop:80' }).waitFor();
    await panel.locator('.bar-value').nth(2).waitFor();
    assert.equal(await panel.locator('.bar-value').count(), 3, 'traffic spread over the 3 backend pods');
    await shot('service-lens-trace-panel');
  });
});

test('examples/: go to definition from a Service selector to the pod template label in another file', async () => {
  await withEditor({ fixture: EXAMPLES, name: 'editor-features-definition' }, async ({ page, workspace, shot }) => {
    await openFile(page, 'storefront-lb.yaml');
    await waitForAnalysis(page, workspace);
    // The selector value's hover names the pods carrying the label.
    await hover(page, { after: 'selector:', line: 'app: frontend', word: 'frontend' }, [
      /Selector app: frontend/,
      /3 pods carry this label: deployment\/frontend/,
    ]);
    await shot('selector-entry-hover');
    await page.keyboard.press('Escape');
    // Cursor onto the selector value with Go to Line (line:column), then F12.
    const lines = readFileSync(join(workspace, 'shop/storefront-lb.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l, i) => i > lines.indexOf('  selector:') && l.includes('app: frontend'));
    await goToLine(page, line + 1, lines[line].indexOf('frontend') + 2);
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active', { hasText: 'frontend.yaml' }).waitFor({ timeout: 60_000 });
    // The cursor lands on the template's `app: frontend` label (line 16 of frontend.yaml), not the matchLabels entry.
    await waitForText(page, '[id="status.editor.selection"]', [/Ln 16, Col 9/]);
    await shot('definition-in-frontend');
  });
});
