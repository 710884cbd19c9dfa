import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openPanel, workspaceOf } from './harness';

let browser: Browser;
before(async () => (browser = await launchChromium()));
after(() => browser?.close());

const shop = workspaceOf('examples/shop');
const base = { destination: 'backend.shop:80', source: 'workload:shop/Deployment/frontend', mutations: [], requests: 1000, seed: 1 };
const backendPods = () => shop.cluster().pods.filter((p) => p.labels.app === 'backend').map((p) => `${p.namespace}/${p.name}`);

test('renders the engine trace: every hop left to right, each endpoint with its probability, rule text on demand', async () => {
  const panel = await openPanel(browser, shop, base);
  try {
    const { page } = panel;
    const hops = page.locator('ol.hops > li');
    await hops.first().waitFor();
    const kinds = await page.locator('.hop-kind').allTextContents();
    assert.equal(kinds[0], 'Source');
    assert.equal(kinds[1], 'DNS answer');
    assert.ok(kinds.includes('KUBE-SERVICES'), kinds.join());
    assert.ok(kinds.some((k) => k.startsWith('KUBE-SVC-')) && kinds.some((k) => k.startsWith('KUBE-SEP-')), kinds.join());
    const candidates = await page.locator('table.candidates tbody tr').allTextContents();
    assert.equal(candidates.length, 3);
    for (const pod of backendPods()) assert.ok(candidates.some((c) => c.includes(pod)), `${pod} listed`);
    assert.ok(candidates.every((c) => c.includes('33.3%')));
    const rule = page.locator('#hop-3-rule');
    assert.equal(await rule.isVisible(), false);
    await page.locator('[data-key="hop-3-toggle"]').click();
    assert.match(await rule.textContent() ?? '', /^-A KUBE-SERVICES .* -j KUBE-SVC-/);
    assert.match(await page.locator('.banner').textContent() ?? '', /Delivered.*Client IP preserved/);
    await page.screenshot({ path: 'test-results/webview/trace.png', fullPage: true });
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('draws the distribution of N seeded requests with the expected share; Send re-queries with the new count', async () => {
  const panel = await openPanel(browser, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    const values = await page.locator('.bar-value').allTextContents();
    assert.equal(values.length, 3);
    assert.equal(values.reduce((n, v) => n + Number(v.split(' ')[0]), 0), 1000);
    assert.ok(values.every((v) => v.endsWith('expected 33.3%')), values.join());
    const widths = await page.locator('.bar-fill').evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().width));
    assert.ok(widths.every((w) => w > 50), widths.join());
    await page.fill('#requests', '10000');
    await page.fill('#seed', '7');
    await page.click('[data-key="send"]');
    await page.locator('[data-key="send"]', { hasText: 'Send 10000 requests' }).waitFor();
    const sent = await page.locator('.bar-value').allTextContents();
    assert.equal(sent.reduce((n, v) => n + Number(v.split(' ')[0]), 0), 10000);
    assert.deepEqual(panel.received.filter((m) => m.type === 'query').map((m) => m.type === 'query' && [m.params.requests, m.params.seed]), [[10000, 7]]);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('what-if round trip: deleting a pod sends a deletePod mutation and the host answers through the engine with its replacement', async () => {
  const panel = await openPanel(browser, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    const [gone, ...kept] = backendPods();
    await page.click(`[data-key="delete-${gone}"]`);
    await page.locator('.active-whatifs li', { hasText: `delete pod ${gone}` }).waitFor();
    const query = panel.received.find((m) => m.type === 'query');
    assert.deepEqual(query?.type === 'query' && query.params.mutations, [{ kind: 'deletePod', pod: gone }]);
    const bars = (await page.locator('.bar-label').allTextContents()).join('\n');
    assert.ok(!bars.includes(gone!), 'the deleted pod gets no traffic');
    for (const pod of kept) assert.ok(bars.includes(pod), `${pod} still gets traffic`);
    assert.equal((await page.locator('.bar-label').allTextContents()).length, 3, 'the ReplicaSet replaced it');
    await page.click('[data-key="reset"]');
    await page.locator('.active-whatifs p', { hasText: 'No what-ifs' }).waitFor();
    assert.ok((await page.locator('.bar-label').allTextContents()).join('\n').includes(gone!));
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('what-if: scaling the backend to 0 turns the route into REJECT, explained', async () => {
  const panel = await openPanel(browser, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    await page.fill('[data-key="scale-shop/Deployment/backend"]', '0');
    await page.click('[data-key="scale-shop/Deployment/backend-go"]');
    await page.locator('.banner.failed').waitFor();
    assert.match(await page.locator('.banner').textContent() ?? '', /Connection refused/);
    assert.equal(await page.locator('li.hop-fail').count(), 1);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('keyboard: Tab reaches the first hop, arrow keys move between hops, Enter toggles a rule; focus is visible', async () => {
  const panel = await openPanel(browser, shop, base);
  try {
    const { page } = panel;
    await page.locator('ol.hops > li').first().waitFor();
    await page.locator('[data-key="save-svg"]').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'hop-0');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'focused hop shows an outline');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'hop-2');
    await page.keyboard.press('End');
    const last = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.match(last ?? '', /^Hop \d+ of \d+: Delivered/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Tab');
    const toggle = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    assert.match(toggle ?? '', /^hop-\d+-toggle$/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded')), 'true');
    // Every form control has an accessible name.
    const unlabelled = await page.evaluate(() => Array.from(document.querySelectorAll('input, select, button')).filter((e) => {
      const el = e as HTMLInputElement;
      return !el.getAttribute('aria-label') && !(el.labels && el.labels.length) && !el.textContent?.trim();
    }).length);
    assert.equal(unlabelled, 0);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('export: Markdown and SVG go to the host with the hops, rules and distribution', async () => {
  const panel = await openPanel(browser, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    await page.click('[data-key="copy-md"]');
    await page.click('[data-key="save-svg"]');
    const md = panel.received.find((m) => m.type === 'copy');
    assert.ok(md?.type === 'copy');
    assert.match(md.text, /^### Route: pod shop\/frontend-.* → backend\.shop:80/);
    assert.match(md.text, /-A KUBE-SERVICES/);
    assert.match(md.text, /\| Endpoint \| Pod \| Requests \|/);
    const svg = panel.received.find((m) => m.type === 'saveSvg');
    assert.ok(svg?.type === 'saveSvg');
    assert.match(svg.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg.svg, /KUBE-SVC-/);
  } finally {
    await panel.close();
  }
});

test('hostile manifest values render as text: no element injected, no script run, no CSP violation', async () => {
  const ws = workspaceOf('test/webview/fixtures', 'examples/shop');
  const panel = await openPanel(browser, ws, { ...base, destination: 'evil.shop:80' });
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    const labels = await page.locator('select[id^="label-shop/evil"] option').allTextContents();
    assert.ok(labels.includes('app=<img src=x onerror=alert(1)>'), labels.join());
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 1, 'only the nonce\'d bundle');
    await page.click('[data-key="copy-md"]');
    await page.click('[data-key="save-svg"]');
    await page.waitForTimeout(200);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('the stand-in page enforces the panel CSP: an injected inline script is refused and reported', async () => {
  const panel = await openPanel(browser, shop, base);
  try {
    const { page } = panel;
    await page.locator('ol.hops > li').first().waitFor();
    await page.evaluate(() => {
      const el = document.createElement('div');
      el.innerHTML = '<img src="https://example.invalid/x.png">';
      document.body.append(el);
    });
    // The report arrives some time after the refusal: waited for, not a fixed 200 ms.
    const deadline = Date.now() + 30_000;
    while (!panel.incidents.some((i) => i.startsWith('CSP violation: img-src')) && Date.now() < deadline) await page.waitForFunction(() => true);
    assert.ok(panel.incidents.some((i) => i.startsWith('CSP violation: img-src')), panel.incidents.join('\n'));
  } finally {
    await panel.close();
  }
});

test('external client at a node: Local traffic policy drops on a node with no local pod, explained; arrival node and eTP controls; ClientIP stickiness', async () => {
  const panel = await openPanel(browser, shop, { ...base, destination: 'storefront.shop:443', source: 'external:203.0.113.7@node-1' });
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    assert.match(await page.locator('.distribution').textContent() ?? '', /ClientIP session affinity: 1 of 1 client stuck to a single pod/);
    assert.match(await page.locator('.banner').textContent() ?? '', /Client IP preserved: the server sees 203\.0\.113\.7/);
    await page.fill('[data-key="scale-shop/Deployment/frontend"]', '1');
    await page.click('[data-key="scale-shop/Deployment/frontend-go"]');
    await page.locator('.banner.failed').waitFor();
    const banner = await page.locator('.banner').textContent() ?? '';
    assert.match(banner, /Dropped: the client times out\..*externalTrafficPolicy.*no ready endpoint on node-1/);
    await page.screenshot({ path: 'test-results/webview/etp-local-dropped.png', fullPage: true });

    // The one frontend pod left runs on node-2: arriving there is delivered.
    await page.selectOption('#select-arrival', 'node-2');
    await page.locator('.banner.ok').waitFor();
    const moved = panel.received.at(-1);
    assert.equal(moved?.type === 'query' && moved.params.source, 'external:203.0.113.7@node-2');

    await page.selectOption('#select-arrival', 'node-1');
    await page.locator('.banner.failed').waitFor();
    await page.selectOption('#select-etp', 'Cluster');
    await page.locator('.banner.ok').waitFor();
    assert.match(await page.locator('.banner').textContent() ?? '', /Masqueraded: the server sees \S+ instead of the client's 203\.0\.113\.7/);
    assert.equal(await page.locator('.active-whatifs li').count(), 2);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});
