// Two routes a new user traces on examples/ in the real editor: a connection a NetworkPolicy drops
// (examples/shop/network-policy.yaml: postgres admits only the API tier), and an HTTP request
// through the Ingress (examples/shop/ingress.yaml), from its "Trace a request" code lens and from
// the command palette with a URL typed in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { withEditor } from './harness.ts';
import { openFile, pick, tracePanel, waitForAnalysis, waitForText } from './workbench.ts';

const TIMEOUT = 60_000;
const EXAMPLES = '../../../examples';

/** The request rows (dt → dd) the panel shows above a URL's hops. */
const requestRows = (frame: FrameLocator) =>
  frame.locator('dl.request').evaluate((dl) => {
    const out: Record<string, string> = {};
    dl.querySelectorAll('dt').forEach(
      (dt) => (out[dt.textContent] = (dt.nextElementSibling as HTMLElement).textContent!),
    );
    return out;
  });

test('a trace a NetworkPolicy drops: the dropped banner, the crossed ingress gate naming the policy; removing it delivers', async () => {
  const name = 'trace-dropped';
  await withEditor({ fixture: EXAMPLES, name }, async ({ page, workspace, shot }) => {
    await openFile(page, 'database.yaml');
    await waitForAnalysis(page, workspace);
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+Shift+P');
    await pick(page, '>kroute: Trace Request Route', 'kroute: Trace Request Route…');
    await pick(page, 'shop/postgres:5432', 'shop/postgres:5432');
    await pick(page, 'Deployment shop/frontend', 'Deployment shop/frontend');

    const frame = tracePanel(page);
    const banner = frame.locator('.banner[role=status]');
    await banner.waitFor({ timeout: TIMEOUT });
    assert.match(
      (await banner.textContent()) ?? '',
      /^Dropped\. .*NetworkPolicy shop\/postgres-from-backend isolates shop\/postgres-0 for Ingress/,
    );
    const hop = frame.locator('li.hop-policy');
    assert.match((await hop.getAttribute('class')) ?? '', /\bfailed\b/);
    const gate = hop.locator('.gate[data-gate="ingress"]');
    assert.equal(await gate.getAttribute('class'), 'gate failed');
    assert.match((await gate.textContent()) ?? '', /Ingress dropped.*shop\/postgres-from-backend isolates it/);
    assert.match((await frame.locator('[data-key="policy-side-ingress"]').textContent()) ?? '', /dropped\./);
    await hop.scrollIntoViewIfNeeded();
    await shot('dropped-by-networkpolicy');

    await frame.locator('[data-key="remove-policy-ingress-shop/postgres-from-backend"]').click();
    await frame
      .locator('.active-whatifs li', { hasText: 'remove NetworkPolicy shop/postgres-from-backend' })
      .waitFor({ timeout: TIMEOUT });
    await frame.locator('.banner.ok').waitFor({ timeout: TIMEOUT });
    assert.match((await frame.locator('.banner[role=status]').textContent()) ?? '', /^Delivered/);
  });
});

test('"Trace a request" lens on an Ingress path opens the URL in the trace panel; the palette traces a typed URL', async () => {
  const name = 'trace-url';
  await withEditor({ fixture: EXAMPLES, name }, async ({ page, workspace, shot }) => {
    await openFile(page, 'ingress.yaml');
    await waitForAnalysis(page, workspace);
    await page.keyboard.press('Control+B');
    const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', {
      hasText: 'Trace a request: GET http://shop.example.com/api',
    });
    await lens.first().click({ timeout: TIMEOUT });
    await waitForText(page, '.tabs-container .tab.active', [/Route → http:\/\/shop\.example\.com\/api/]);
    const frame = tracePanel(page);
    await frame.locator('.bar-value').nth(2).waitFor({ timeout: TIMEOUT });
    const { 'Data plane': plane = '', ...rows0 } = await requestRows(frame);
    assert.deepEqual(rows0, {
      Request: 'GET http://shop.example.com/api',
      Entry: 'ingress:shop/shop',
      Route: 'Ingress shop/shop rule 0',
      Service: 'shop/backend port 80',
      'Backend gets': 'GET /api (Host: shop.example.com)',
    });
    assert.match(
      plane,
      /^ingress-nginx data plane, pod ingress-nginx\/ingress-nginx-controller .*\(dataPlaneUpstream: endpoints\)$/,
    );
    assert.match(
      (await frame.locator('.banner[role=status]').textContent()) ?? '',
      /^Delivered to .*pod shop\/backend-/,
    );
    await shot('url-from-lens');

    // From the palette: the route list, then "Enter a URL…" with host and path typed in.
    await page.locator('.command-center-center').click();
    await pick(page, '>kroute: Trace an HTTP Request', 'kroute: Trace an HTTP Request (Ingress, Gateway)…');
    await waitForText(page, '.quick-input-widget .monaco-list-row', [
      /GET http:\/\/shop\.example\.com\/api/,
      /GET http:\/\/shop\.example\.com\//,
      /Enter a URL…/,
    ]);
    await pick(page, 'Enter a URL', 'Enter a URL…');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await waitForText(page, '.quick-input-widget .quick-input-title', [/^kroute: request URL$/]);
    await input.fill('http://shop.example.com/checkout');
    await page.keyboard.press('Enter');
    await waitForText(page, '.tabs-container .tab.active', [/Route → http:\/\/shop\.example\.com\/checkout/]);
    const typed = tracePanel(page);
    await typed.locator('h1', { hasText: 'Route to http://shop.example.com/checkout' }).waitFor({ timeout: TIMEOUT });
    await typed.locator('.bar-value').first().waitFor({ timeout: TIMEOUT });
    const rows = await requestRows(typed);
    assert.equal(rows.Route, 'Ingress shop/shop rule 0');
    assert.equal(rows.Service, 'shop/frontend port 80');
    await shot('url-from-palette');
  });
});
