import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { cutOff, launchChromium, openPanel, workspaceOf } from './harness';

// Undefined when launching it failed in before().
let browser: Browser | undefined;
before(async () => (browser = await launchChromium()));
after(() => browser?.close());

const shop = workspaceOf('examples/shop');
const base = {
  destination: 'backend.shop:80',
  source: 'workload:shop/Deployment/frontend',
  mutations: [],
  requests: 1000,
  seed: 1,
};
const backendPods = () =>
  shop
    .cluster()
    .pods.filter((p) => p.labels.app === 'backend')
    .map((p) => `${p.namespace}/${p.name}`);

test('renders the engine trace: every hop left to right, each endpoint with its probability, rule text on demand', async () => {
  const panel = await openPanel(browser!, shop, base);
  try {
    const { page } = panel;
    const hops = page.locator('ol.hops > li');
    await hops.first().waitFor();
    const kinds = await page.locator('.hop-kind').allTextContents();
    assert.equal(kinds[0], 'Source');
    assert.equal(kinds[1], 'DNS answer');
    assert.ok(kinds.includes('KUBE-SERVICES'), kinds.join());
    assert.ok(
      kinds.some((k) => k.startsWith('KUBE-SVC-')) && kinds.some((k) => k.startsWith('KUBE-SEP-')),
      kinds.join(),
    );
    const candidates = await page.locator('table.candidates tbody tr').allTextContents();
    assert.equal(candidates.length, 3);
    for (const pod of backendPods())
      assert.ok(
        candidates.some((c) => c.includes(pod)),
        `${pod} listed`,
      );
    assert.ok(candidates.every((c) => c.includes('33.3%')));
    const rule = page.locator('#hop-3-rule');
    assert.equal(await rule.isVisible(), false);
    await page.locator('[data-key="hop-3-toggle"]').click();
    assert.match((await rule.textContent()) ?? '', /^-A KUBE-SERVICES .* -j KUBE-SVC-/);
    assert.match((await page.locator('.banner').textContent()) ?? '', /Delivered.*Client IP preserved/);
    await page.screenshot({ path: 'test-results/webview/trace.png', fullPage: true });
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('draws the distribution of N seeded requests with the expected share; Send re-queries with the new count', async () => {
  const panel = await openPanel(browser!, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    const values = await page.locator('.bar-value').allTextContents();
    assert.equal(values.length, 3);
    assert.equal(
      values.reduce((n, v) => n + Number(v.split(' ')[0]), 0),
      1000,
    );
    assert.ok(
      values.every((v) => v.endsWith('expected 33.3%')),
      values.join(),
    );
    const widths = await page
      .locator('.bar-fill')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().width));
    assert.ok(
      widths.every((w) => w > 50),
      widths.join(),
    );
    await page.fill('#requests', '10000');
    await page.fill('#seed', '7');
    await page.click('[data-key="send"]');
    await page.locator('[data-key="send"]', { hasText: 'Send 10000 requests' }).waitFor();
    const sent = await page.locator('.bar-value').allTextContents();
    assert.equal(
      sent.reduce((n, v) => n + Number(v.split(' ')[0]), 0),
      10000,
    );
    assert.deepEqual(
      panel.received.filter((m) => m.type === 'query').map((m) => [m.params.requests, m.params.seed]),
      [[10000, 7]],
    );
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('what-if round trip: deleting a pod sends a deletePod mutation and the host answers through the engine with its replacement', async () => {
  const panel = await openPanel(browser!, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    const [gone, ...kept] = backendPods();
    await page.click(`[data-key="delete-${gone}"]`);
    await page.locator('.active-whatifs li', { hasText: `delete pod ${gone}` }).waitFor();
    const query = panel.received.find((m) => m.type === 'query');
    assert.deepEqual(query?.type === 'query' && query.params.mutations, [{ kind: 'deletePod', pod: gone }]);
    const bars = (await page.locator('.bar-label').allTextContents()).join('\n');
    assert.ok(!bars.includes(gone), 'the deleted pod gets no traffic');
    for (const pod of kept) assert.ok(bars.includes(pod), `${pod} still gets traffic`);
    assert.equal((await page.locator('.bar-label').allTextContents()).length, 3, 'the ReplicaSet replaced it');
    await page.click('[data-key="reset"]');
    await page.locator('.whatif p', { hasText: 'No what-ifs' }).waitFor();
    assert.equal(await page.locator('.hypothetical').count(), 0);
    assert.ok((await page.locator('.bar-label').allTextContents()).join('\n').includes(gone));
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('what-if: scaling the backend to 0 turns the route into REJECT, explained', async () => {
  const panel = await openPanel(browser!, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    await page.fill('[data-key="scale-shop/Deployment/backend"]', '0');
    await page.click('[data-key="scale-shop/Deployment/backend-go"]');
    await page.locator('.banner.failed').waitFor();
    assert.match((await page.locator('.banner').textContent()) ?? '', /Connection refused/);
    assert.equal(await page.locator('li.hop-fail').count(), 1);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('keyboard: Tab reaches the first hop, arrow keys move between hops, Enter toggles a rule; focus is visible', async () => {
  const panel = await openPanel(browser!, shop, base);
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
    // Back to the nearest hop with a rule (KUBE-SEP-…; examples/shop's NetworkPolicy hop has none).
    do await page.keyboard.press('ArrowLeft');
    while (!(await page.evaluate(() => !!document.activeElement?.querySelector('[data-key$="-toggle"]'))));
    await page.keyboard.press('Tab');
    const toggle = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    assert.match(toggle ?? '', /^hop-\d+-toggle$/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded')), 'true');
    // Every form control has an accessible name.
    const unlabelled = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('input, select, button')).filter((e) => {
          // `labels` only on labelable elements (input, select, button).
          const el = e as Element & { labels?: NodeListOf<HTMLLabelElement> | null };
          return !el.getAttribute('aria-label') && !el.labels?.length && !el.textContent.trim();
        }).length,
    );
    assert.equal(unlabelled, 0);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('export: Markdown and SVG go to the host with the hops, rules and distribution', async () => {
  const panel = await openPanel(browser!, shop, base);
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
  const panel = await openPanel(browser!, ws, { ...base, destination: 'evil.shop:80' });
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    const labels = await page.locator('select[id^="label-shop/evil"] option').allTextContents();
    assert.ok(labels.includes('app=<img src=x onerror=alert(1)>'), labels.join());
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 1, "only the nonce'd bundle");
    await page.click('[data-key="copy-md"]');
    await page.click('[data-key="save-svg"]');
    await page.waitForTimeout(200);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('the stand-in page enforces the panel CSP: an injected inline script is refused and reported', async () => {
  const panel = await openPanel(browser!, shop, base);
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
    while (!panel.incidents.some((i) => i.startsWith('CSP violation: img-src')) && Date.now() < deadline)
      await page.waitForFunction(() => true);
    assert.ok(
      panel.incidents.some((i) => i.startsWith('CSP violation: img-src')),
      panel.incidents.join('\n'),
    );
  } finally {
    await panel.close();
  }
});

test('external client at a node: Local traffic policy drops on a node with no local pod, explained; arrival node and eTP controls; ClientIP stickiness', async () => {
  const panel = await openPanel(browser!, shop, {
    ...base,
    destination: 'storefront.shop:443',
    source: 'external:203.0.113.7@node-1',
  });
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    assert.match(
      (await page.locator('.distribution').textContent()) ?? '',
      /ClientIP session affinity: 1 of 1 client stuck to a single pod/,
    );
    assert.match(
      (await page.locator('.banner').textContent()) ?? '',
      /Client IP preserved: the server sees 203\.0\.113\.7/,
    );
    await page.fill('[data-key="scale-shop/Deployment/frontend"]', '1');
    await page.click('[data-key="scale-shop/Deployment/frontend-go"]');
    await page.locator('.banner.failed').waitFor();
    const banner = (await page.locator('.banner').textContent()) ?? '';
    assert.match(
      banner,
      /^Dropped\. No answer; the connection times out \(DROP\):.*externalTrafficPolicy.*no ready endpoint on node-1/,
    );
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
    assert.match(
      (await page.locator('.banner').textContent()) ?? '',
      /Masqueraded: the server sees \S+ instead of the client's 203\.0\.113\.7/,
    );
    assert.equal(await page.locator('.active-whatifs li').count(), 2);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

const focusedKey = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el === document.body
      ? 'body'
      : (el?.getAttribute('data-key') ?? el?.getAttribute('data-pod') ?? el?.tagName);
  });

test("keyboard: Enter on a pod's Delete lands focus on its replacement's row; the hypothetical result is marked at the top with its what-ifs and a reset", async () => {
  const panel = await openPanel(browser!, shop, base);
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    assert.equal(await page.locator('.hypothetical').count(), 0, 'the manifests as written: nothing hypothetical');
    const before = backendPods();
    const gone = before[1];
    await page.locator(`[data-key="delete-${gone}"]`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`tr[data-pod="${gone}"]`).waitFor({ state: 'detached' });
    const rows = await page
      .locator('[data-workload="shop/Deployment/backend"] tr[data-pod]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')!));
    const replacement = rows.find((r) => !before.includes(r));
    assert.ok(replacement, `a replacement pod is listed: ${rows.join(', ')}`);
    assert.equal(await focusedKey(page), replacement, "focus is on the replacement pod's row");
    // Tab goes on from there, to the row's own controls.
    await page.keyboard.press('Tab');
    assert.equal(await focusedKey(page), `delete-${replacement}`);

    // Marked at the top, before the outcome: badge, the applied what-if, reset.
    const top = page.locator('main > .hypothetical');
    assert.match((await top.locator('.badge-hypothetical').textContent()) ?? '', /Hypothetical/);
    assert.deepEqual(await top.locator('li').allTextContents(), [`delete pod ${gone}`]);
    const order = await page.evaluate(() =>
      Array.from(document.querySelectorAll('main > *, main .banner')).map((e) => e.className || e.tagName),
    );
    assert.ok(
      order.indexOf('active-whatifs hypothetical') < order.findIndex((c) => c.startsWith('banner')),
      order.join(),
    );
    await top.locator('[data-key="reset"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.hypothetical').waitFor({ state: 'detached' });
    assert.equal(await focusedKey(page), 'H1', 'focus moves to the heading, not the page body');
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

/** A phrase said twice in a row: "Delivered. Delivered to", "NXDOMAIN. NXDOMAIN:", "DNAT DNAT to". */
const DOUBLED = /(?:^|\s)([\w-]+)[.:]?\s+\1(?=[\s.:]|$)/i;

test('wording: no doubled outcome or hop titles, no node said twice, in the panel and the Markdown', async () => {
  for (const destination of ['backend.shop:80', 'nope.shop:80']) {
    const panel = await openPanel(browser!, shop, { ...base, destination });
    try {
      const { page } = panel;
      await page.locator('ol.hops > li').first().waitFor();
      const banner = (await page.locator('.banner').first().textContent()) ?? '';
      assert.doesNotMatch(banner, DOUBLED, banner);
      assert.match(
        banner,
        destination.startsWith('nope') ? /^NXDOMAIN: nope\.shop does not resolve/ : /^Delivered to 10\./,
      );
      for (const hop of await page.locator('ol.hops > li').all()) {
        const kind = (await hop.locator('.hop-kind').textContent())!;
        const title = (await hop.locator('.hop-title').textContent())!;
        assert.ok(
          !title.startsWith(kind) && !title.startsWith(`${kind.split(' ')[0]}:`),
          `"${title}" repeats "${kind}"`,
        );
        const text = `${kind} ${title} ${(await hop.locator('.hop-node').allTextContents()).join(',')}`;
        assert.doesNotMatch(text, DOUBLED, text);
        assert.doesNotMatch(text, /\bon ([\w-]+)(?![\w-]).*\bon \1(?![\w-])/, text);
      }
      await page.click('[data-key="copy-md"]');
      const md = panel.received.find((m) => m.type === 'copy');
      assert.ok(md?.type === 'copy');
      for (const line of md.text.split('\n').filter((l) => /^\d+\. /.test(l))) {
        assert.doesNotMatch(line.replace(/\*\*/g, ''), DOUBLED, line);
        assert.doesNotMatch(line, /\bon ([\w-]+)(?![\w-]).*\(on \1\)/, line);
      }
      assert.deepEqual(panel.incidents, []);
    } finally {
      await panel.close();
    }
  }
});

test('narrow panel (480 px): words (--dport, DNS names) never break inside, and no row of hops starts with a stray arrow', async () => {
  const panel = await openPanel(browser!, shop, base);
  try {
    const { page } = panel;
    await page.setViewportSize({ width: 480, height: 900 });
    await page.locator('ol.hops > li').first().waitFor();
    for (const toggle of await page.locator('[data-key$="-toggle"]').all()) await toggle.click();
    // A word wraps only between its pieces (dom.ts wordPieces); --dport is one piece.
    const words = await page.locator('.tok').evaluateAll((els) =>
      els.map((e) => ({
        text: e.textContent,
        pieces: Array.from(e.querySelectorAll('.seg')).map((p) => ({
          text: p.textContent,
          lines: p.getClientRects().length,
        })),
      })),
    );
    assert.ok(
      words.some((w) => w.text === '--dport' && w.pieces.length === 1),
      'the rule text is shown',
    );
    assert.ok(
      words.some((w) => w.text.startsWith('backend.shop.svc.cluster.local')),
      'the DNS name is shown',
    );
    assert.deepEqual(
      words.flatMap((w) => w.pieces).filter((p) => p.lines !== 1),
      [],
      'each piece of a word on one line',
    );
    // The arrows are marked once the list is laid out (a ResizeObserver): wait for it.
    await page.waitForFunction(() => {
      const hops = Array.from(document.querySelectorAll<HTMLElement>('ol.hops > li'));
      return hops.every(
        (hop, i) => hop.classList.contains('row-start') === (i === 0 || hop.offsetTop > hops[i - 1].offsetTop),
      );
    });
    const hops = await page
      .locator('ol.hops > li')
      .evaluateAll((els) =>
        els.map((e) => ({ top: (e as HTMLElement).offsetTop, arrow: getComputedStyle(e, '::before').content })),
      );
    const rowStarts = hops.filter((hop, i) => i > 0 && hop.top > hops[i - 1].top);
    assert.ok(rowStarts.length >= 2, `the hops wrap at 480 px: ${JSON.stringify(hops)}`);
    assert.deepEqual(
      rowStarts.map((h) => h.arrow),
      rowStarts.map(() => 'none'),
      'no arrow at the start of a row',
    );
    const within = hops.filter((hop, i) => i > 0 && hop.top === hops[i - 1].top);
    assert.ok(
      within.every((h) => h.arrow === '"→"'),
      JSON.stringify(hops),
    );
    await page.screenshot({ path: 'test-results/webview/narrow-480.png', fullPage: true });
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

for (const width of [480, 1200]) {
  test(`at ${width} px every column of the endpoint table (Share included) and every sentence fits the panel`, async () => {
    const panel = await openPanel(browser!, shop, base);
    try {
      const { page } = panel;
      await page.setViewportSize({ width, height: 1000 });
      await page.locator('.bar-value').first().waitFor();
      assert.deepEqual(await cutOff(page), [], 'nothing is drawn past the right edge');
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
        true,
        'no horizontal scrolling needed',
      );
      // Each endpoint's share is on screen, under its column's name when the row is stacked.
      const shares = await page.locator('table.candidates td.share').evaluateAll((els) =>
        els.map((e) => ({
          text: e.textContent,
          visible: e.getBoundingClientRect().width > 0,
          label: getComputedStyle(e, '::before').content,
        })),
      );
      assert.equal(shares.length, 3);
      assert.ok(
        shares.every((c) => c.visible && c.text === '33.3%'),
        JSON.stringify(shares),
      );
      const header = await page.locator('table.candidates thead').evaluate((e) => e.getBoundingClientRect().height > 1);
      if (width === 480) {
        assert.equal(header, false, 'a narrow panel stacks each endpoint: no header row');
        assert.ok(
          shares.every((c) => c.label === '"Share"'),
          JSON.stringify(shares),
        );
      } else {
        assert.equal(header, true, 'a wide panel keeps the table');
        assert.ok(
          shares.every((c) => c.label === 'none' || c.label === 'normal'),
          JSON.stringify(shares),
        );
      }
      await page.locator('li.hop-balance').scrollIntoViewIfNeeded();
      // The README shows both (docs/screenshots); the test's copy stays under test-results.
      for (const path of [`test-results/webview/trace-${width}px.png`, `docs/screenshots/trace-panel-${width}px.png`])
        await page.screenshot({ path, fullPage: true });
      assert.deepEqual(panel.incidents, []);
    } finally {
      await panel.close();
    }
  });
}
