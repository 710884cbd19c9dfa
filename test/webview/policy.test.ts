import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openPanel, workspaceOf } from './harness';

// The NetworkPolicy hop in the panel: a dropped connection, the policies that isolate the server
// pod with the reason none admits it, and the what-if "remove this policy" round trip through the
// engine (test/fixtures/netpol: prometheus may reach the api's metrics port only).
// Undefined when launching it failed in before().
let browser: Browser | undefined;
before(async () => (browser = await launchChromium()));
after(() => browser?.close());

const ws = workspaceOf('test/fixtures/netpol');
const base = {
  destination: 'api.shop:grpc',
  source: 'workload:monitoring/Deployment/prometheus',
  mutations: [],
  requests: 100,
  seed: 1,
};

test("dropped by NetworkPolicy: the banner, the policy hop, each side's decision; removing the isolating policies delivers it", async () => {
  const panel = await openPanel(browser!, ws, base);
  try {
    const { page } = panel;
    await page.locator('.policy-decision').waitFor();
    assert.match(
      (await page.locator('.banner').textContent()) ?? '',
      /^Dropped\. No answer; the connection times out \(NetworkPolicy drops it\)/,
    );
    assert.ok((await page.locator('.hop-kind').allTextContents()).includes('NetworkPolicy'));
    const ingress = page.locator('[data-key="policy-side-ingress"]');
    assert.match(
      (await ingress.textContent()) ?? '',
      /Ingress of the server shop\/api-.*: dropped\..*isolate.*no rule allows ingress from pod monitoring\/prometheus-/,
    );
    assert.match(
      (await page.locator('[data-key="policy-side-egress"]').textContent()) ?? '',
      /Egress of the client monitoring\/prometheus-.*: allowed/,
    );
    const buttons = await ingress.locator('button').allTextContents();
    assert.deepEqual(buttons, [
      'Remove shop/api-from-web',
      'Remove shop/api-metrics-from-monitoring',
      'Remove shop/default-deny-ingress',
    ]);

    for (const [i, policy] of [
      'shop/api-from-web',
      'shop/api-metrics-from-monitoring',
      'shop/default-deny-ingress',
    ].entries()) {
      await page.click(`[data-key="remove-policy-ingress-${policy}"]`);
      await page.locator('.active-whatifs li', { hasText: `remove NetworkPolicy ${policy}` }).waitFor();
      assert.equal(await page.locator('.active-whatifs li').count(), i + 1);
    }
    await page.locator('.banner.ok').waitFor();
    assert.match((await page.locator('.banner').textContent()) ?? '', /Delivered/);
    assert.match(
      (await page.locator('[data-key="policy-side-ingress"]').textContent()) ?? '',
      /allowed\. No NetworkPolicy selects/,
    );
    const queries = panel.received.filter((m) => m.type === 'query');
    assert.deepEqual(queries.at(-1)?.type === 'query' && queries.at(-1)!.params.mutations, [
      { kind: 'removeNetworkPolicy', policy: 'shop/api-from-web' },
      { kind: 'removeNetworkPolicy', policy: 'shop/api-metrics-from-monitoring' },
      { kind: 'removeNetworkPolicy', policy: 'shop/default-deny-ingress' },
    ]);
    await page.screenshot({ path: 'test-results/webview/policy.png', fullPage: true });
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('the policy hop draws the decision: the client pod, a crossed ingress gate naming the isolating policies, the server pod', async () => {
  const panel = await openPanel(browser!, ws, base);
  try {
    const { page } = panel;
    const hop = page.locator('li.hop-policy');
    await hop.locator('.policy-gates').waitFor();
    assert.match(
      (await hop.getAttribute('class')) ?? '',
      /\bfailed\b/,
      'the hop that drops the packet is drawn as failed',
    );
    const gates = await hop
      .locator('.policy-gates > li')
      .evaluateAll((els) =>
        els.map((e) => ({ cls: e.classList.value, gate: e.getAttribute('data-gate'), text: e.textContent })),
      );
    assert.match(gates[0].text, /^monitoring\/prometheus-/);
    assert.match(gates.at(-1)!.text, /^shop\/api-/);
    const egress = gates.find((g) => g.gate === 'egress')!;
    const ingress = gates.find((g) => g.gate === 'ingress')!;
    assert.equal(egress.cls, 'gate ok');
    assert.match(egress.text, /^✓Egress allowednot isolated$/);
    assert.equal(ingress.cls, 'gate failed');
    assert.match(
      ingress.text,
      /^✕Ingress dropped.*shop\/api-from-web, shop\/api-metrics-from-monitoring, shop\/default-deny-ingress isolate it$/,
    );
    await page.click('[data-key="save-svg"]');
    const svg = panel.received.find((m) => m.type === 'saveSvg');
    assert.ok(svg?.type === 'saveSvg');
    // The gate's line, wrapped over the box's lines between words.
    const lines = [...svg.svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]).join(' ');
    assert.match(lines, /✕ ingress: dropped: shop\/api-from-web,/, 'the exported diagram shows the gate too');
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test("an allowed connection names the rule that allowed it on the policy's button", async () => {
  const panel = await openPanel(browser!, ws, { ...base, source: 'workload:shop/Deployment/web' });
  try {
    const { page } = panel;
    await page.locator('.policy-decision').waitFor();
    assert.match((await page.locator('.banner').textContent()) ?? '', /Delivered/);
    assert.ok(
      (await page.locator('[data-key="policy-side-ingress"] button').allTextContents()).includes(
        'Remove shop/api-from-web (allows it)',
      ),
    );
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});
