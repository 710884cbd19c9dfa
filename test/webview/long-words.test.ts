import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cutOff, launchChromium, openPanel, workspaceOf } from './harness';

// Issue 20 point 7: long words in the hop boxes (DNS names, chain names, pod and policy names)
// are never broken inside a piece and never clipped at a box's edge. The fixture's names are as
// long as Kubernetes allows; its namespace has no hyphen to wrap at, so it must end in an
// ellipsis with its full text as the tooltip.

// Undefined when launching it failed in before().
let browser: Browser | undefined;
before(async () => (browser = await launchChromium()));
after(() => browser?.close());

const NS = 'checkoutpaymentsreconciliationandsettlementfortheeuwestregion';
const SERVICE = 'checkout-orchestrator-with-a-name-as-long-as-kubernetes-allows';
const POLICY =
  'deny.all.ingress.to.the.checkout-orchestrator.except-from.the.storefront-frontend-web-server.payments.example.com';
const longNames = workspaceOf('test/webview/fixtures/long-names');
const params = {
  destination: `${SERVICE}.${NS}:80`,
  source: `workload:${NS}/Deployment/storefront-frontend-web-server-with-an-equally-long-name`,
  mutations: [],
  requests: 100,
  seed: 1,
};

/** Where a piece of a word may start: after a letter or digit, at `.`/`-`/`/`/`_`/`=`/`@` or after `:`/`,` (dom.ts wordPieces). */
const BREAKS_BEFORE = /^[./\-_=@][\p{L}\p{N}]/u;
const BREAKS_AFTER = /[\p{L}\p{N}][:,]$/u;

interface Layout {
  /** Elements inside a hop drawn past its inner edges. */
  outside: string[];
  /** Words as their pieces, and how many lines each piece and each word takes. */
  words: { index: number; text: string; pieces: string[]; pieceLines: number[]; lines: number; cut: boolean[] }[];
}

async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const outside: string[] = [];
    for (const hop of Array.from(document.querySelectorAll<HTMLElement>('ol.hops > li'))) {
      const box = hop.getBoundingClientRect();
      const left = box.left + hop.clientLeft;
      const right = left + hop.clientWidth;
      for (const el of Array.from(hop.querySelectorAll<HTMLElement>('*'))) {
        if (!el.getClientRects().length) continue;
        const r = el.getBoundingClientRect();
        if (r.left < left - 0.5 || r.right > right + 0.5)
          outside.push(
            `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.slice(0, 50)}" ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(left)}–${Math.round(right)}`,
          );
      }
    }
    const words = Array.from(document.querySelectorAll<HTMLElement>('ol.hops .tok')).map((tok, index) => {
      const pieces = Array.from(tok.querySelectorAll<HTMLElement>('.seg'));
      // A word's lines: the distinct tops of its pieces.
      const lines = new Set(pieces.map((p) => Math.round(p.getBoundingClientRect().top))).size;
      return {
        index,
        text: tok.textContent,
        pieces: pieces.map((p) => p.textContent),
        pieceLines: pieces.map((p) => p.getClientRects().length),
        lines,
        cut: pieces.map((p) => p.scrollWidth > p.clientWidth),
      };
    });
    return { outside, words: words.filter((w) => w.pieceLines.some((n) => n > 0)) };
  });
}

for (const width of [480, 1200]) {
  test(`at ${width} px no word in a hop box is clipped or broken inside a piece; a piece too wide for any line ends in an ellipsis with the word as its tooltip`, async () => {
    const panel = await openPanel(browser!, longNames, params);
    try {
      const { page } = panel;
      await page.setViewportSize({ width, height: 1000 });
      await page.locator('li.hop-policy').waitFor();
      // The kube-proxy rules too (--dport, KUBE-SEP-… and the comments naming the Service).
      for (const toggle of await page.locator('[data-key$="-toggle"]').all()) await toggle.click();
      const { outside, words } = await layout(page);
      assert.ok(
        words.some((w) => w.text === '--dport'),
        'the rule text is shown',
      );
      assert.deepEqual(outside, [], 'every element of a hop is inside its box');
      const dnsName = `${SERVICE}.${NS}.svc.cluster.local`;
      for (const shown of [dnsName, POLICY])
        assert.ok(
          words.some((w) => w.text.includes(shown)),
          `${shown} is in a hop`,
        );
      for (const w of words) {
        assert.equal(w.pieces.join(''), w.text, 'a word is exactly its pieces');
        w.pieces.forEach((piece, i) => {
          assert.equal(w.pieceLines[i], 1, `"${piece}" of "${w.text}" is on one line`);
          if (i > 0)
            assert.ok(
              BREAKS_BEFORE.test(piece) || BREAKS_AFTER.test(w.pieces[i - 1]),
              `"${w.text}" may break before "${piece}"`,
            );
        });
      }
      // The DNS name wraps at its dots rather than running out of the box.
      assert.ok(
        words.some((w) => w.text.startsWith(dnsName) && w.lines > 1),
        'the long DNS name takes more than one line',
      );
      // The namespace (no hyphen or dot) is wider than a 1200 px panel's hop box: cut, with a tooltip.
      const cut = words.filter((w) => w.cut.some(Boolean));
      if (width === 1200) {
        assert.ok(
          cut.length > 0 && cut.every((w) => w.pieces.some((p, i) => w.cut[i] && p.includes(NS))),
          JSON.stringify(cut.map((w) => w.text)),
        );
      }
      for (const w of cut) {
        const word = page.locator('ol.hops .tok').nth(w.index);
        await word.locator('.seg').nth(w.cut.indexOf(true)).hover();
        assert.equal(
          await word.getAttribute('title'),
          w.text,
          `the cut word "${w.text}" has its full text as a tooltip`,
        );
      }
      assert.deepEqual(await cutOff(page), [], 'nothing in the panel is drawn past its right edge');
      assert.equal(
        await page.evaluate(() => document.body.scrollWidth <= document.documentElement.clientWidth),
        true,
        'no horizontal scrolling',
      );
      await page.screenshot({ path: `test-results/webview/long-words-${width}px.png`, fullPage: true });
      assert.deepEqual(panel.incidents, []);
    } finally {
      await panel.close();
    }
  });
}

test('the saved SVG diagram wraps long words inside each box and cuts none that fits', async () => {
  const panel = await openPanel(browser!, longNames, params);
  try {
    const { page } = panel;
    await page.locator('li.hop-policy').waitFor();
    await page.click('[data-key="save-svg"]');
    const saved = panel.received.find((m) => m.type === 'saveSvg');
    assert.ok(saved?.type === 'saveSvg');
    // Drawn in the page (as an SVG viewer would) to measure each line against its box.
    const boxes = await page.evaluate((svgText) => {
      const svg = document.importNode(
        new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement,
        true,
      ) as unknown as SVGSVGElement;
      document.body.append(svg);
      const rects = Array.from(svg.querySelectorAll('rect'))
        .slice(1)
        .map((r) => ({ x: r.x.baseVal.value, width: r.width.baseVal.value }));
      return Array.from(svg.querySelectorAll('text')).map((t) => {
        const box = t.getBBox();
        const x = Number(t.getAttribute('x'));
        const rect = rects.find((r) => x >= r.x && x < r.x + r.width)!;
        return {
          text: t.lastChild?.textContent ?? '',
          full: t.querySelector('title')?.textContent,
          right: box.x + box.width,
          boxRight: rect.x + rect.width,
        };
      });
    }, saved.svg);
    assert.deepEqual(
      boxes.filter((b) => b.right > b.boxRight),
      [],
      'every line ends inside its box',
    );
    const lines = boxes.map((b) => b.text);
    // The DNS name wraps between its pieces: a line that is the name's start ends before a hyphen or dot.
    const dns = `${SERVICE}.${NS}.svc.cluster.local`;
    assert.ok(
      lines.some((l) => l.length < dns.length && dns.startsWith(l) && /[-.]/.test(dns[l.length])),
      lines.join('\n'),
    );
    // Only the hyphen-less namespace, wider than a box, is cut, and its line keeps the full text.
    const cut = boxes.filter((b) => b.full);
    assert.ok(cut.length > 0 && cut.every((b) => b.text.endsWith('…') && b.full!.includes(NS)), JSON.stringify(cut));
  } finally {
    await panel.close();
  }
});

test("README screenshot: the examples' frontend → postgres trace dropped by a NetworkPolicy, at the width of a panel beside an editor", async () => {
  const panel = await openPanel(browser!, workspaceOf('examples/shop'), {
    destination: 'postgres.shop:5432',
    source: 'workload:shop/Deployment/frontend',
    mutations: [],
    requests: 1000,
    seed: 1,
  });
  try {
    const { page } = panel;
    await page.setViewportSize({ width: 720, height: 900 });
    await page.locator('li.hop-policy').waitFor();
    assert.deepEqual((await layout(page)).outside, [], 'every element of a hop is inside its box');
    // From the outcome banner to the end of the route.
    const bottom = await page
      .locator('ol.hops')
      .evaluate((e) => Math.ceil(e.getBoundingClientRect().bottom + window.scrollY + 12));
    const clip = { x: 0, y: 0, width: 720, height: bottom };
    for (const path of [
      'test-results/webview/trace-dropped-by-networkpolicy.png',
      'docs/screenshots/trace-dropped-by-networkpolicy.png',
    ])
      await page.screenshot({ path, clip, fullPage: true });
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});
