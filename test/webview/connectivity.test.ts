import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ConnectivityHostMessage, ConnectivityWebviewMessage } from '../../webview/src/connectivity/messages';
import { answerConnectivity } from '../../server/src/lsp/features/connectivity';
import { launchChromium, openPage, repoRoot, workspaceOf } from './harness';

// The Connectivity view (issue 17, "the same in the editor"): the app's allowed connections as a
// matrix, the webview bundle in the page and CSP the extension serves, answered by the server's
// kroute/connectivity handler. test/fixtures/netpol: default deny in shop, api admits web on its
// grpc range and prometheus on metrics, db admits api over UDP only.
// Undefined when launching it failed in before().
let browser: Browser | undefined;
before(async () => (browser = await launchChromium()));
after(() => browser?.close());

const BUNDLE = join(repoRoot, 'dist/connectivity.js');

function open(dir: string) {
  const ws = workspaceOf(dir);
  return openPage<ConnectivityHostMessage, ConnectivityWebviewMessage>(
    browser!,
    BUNDLE,
    'kroute: connectivity',
    async (m, reply) => {
      if (m.type === 'ready' || m.type === 'query')
        await reply({ type: 'result', result: answerConnectivity(ws, m.type === 'query' ? { app: m.app } : {}) });
    },
  );
}

/**
 * What `found` returns once it returns something (the page posts asynchronously). Bounded by a
 * deadline, not a count of polls: under load a timer fires late, and 200 short polls were ~2 s.
 */
async function until<T>(found: () => T | undefined, timeout = 30_000): Promise<T | undefined> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = found();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((res) => setTimeout(res, 10));
  }
}

const cell = (from: string, to: string) => `td[aria-label^="${from} to ${to}:"]`;

test('the matrix: allowed connections with their ports, no connection where the policies deny it, filtered by namespace', async () => {
  const panel = await open('test/fixtures/netpol');
  try {
    const { page } = panel;
    await page.locator('[data-key="matrix"]').waitFor();
    assert.match(
      (await page.locator('[data-key="summary"]').textContent()) ?? '',
      /^16 allowed connections between 4 workloads and outside addresses, under 5 NetworkPolicies/,
    );
    // As `kroute connectivity` lists them (netpol-analyzer's rows).
    assert.equal(
      await page.locator(cell('shop/web[Deployment]', 'shop/api[Deployment]')).textContent(),
      'TCP 9000-9010',
    );
    assert.equal(
      await page.locator(cell('monitoring/prometheus[Deployment]', 'shop/api[Deployment]')).textContent(),
      'TCP 9100',
    );
    assert.equal(await page.locator(cell('shop/api[Deployment]', 'shop/db[StatefulSet]')).textContent(), 'UDP 5432');
    assert.equal(
      await page.locator(cell('shop/api[Deployment]', 'shop/web[Deployment]')).textContent(),
      '—',
      'default-deny-ingress isolates web',
    );
    assert.equal(
      await page.locator('td.self').count(),
      8,
      'one diagonal cell per peer (4 workloads, 4 address ranges)',
    );

    await page.selectOption('[data-key="namespace"]', 'shop');
    await page.locator('[data-key="addresses"]').uncheck();
    assert.deepEqual(await page.locator('th.from').allTextContents(), [
      'shop/api[Deployment]',
      'shop/db[StatefulSet]',
      'shop/web[Deployment]',
    ]);
    // A refresh keeps the filter.
    await page.click('[data-key="refresh"]');
    await page.waitForFunction(() => document.querySelectorAll('th.from').length === 3);
    assert.deepEqual(
      panel.received.map((m) => m.type),
      ['ready', 'query'],
    );
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('without NetworkPolicies every pair is connected (the Kubernetes default), and manifest strings stay text', async () => {
  const panel = await open('test/fixtures/connectivity');
  try {
    const { page } = panel;
    await page.locator('[data-key="matrix"]').waitFor();
    assert.match(
      (await page.locator('[data-key="summary"]').textContent()) ?? '',
      /^6 allowed connections between 2 workloads and outside addresses\. No NetworkPolicy in this app: every pod accepts every connection/,
    );
    assert.equal(
      await page
        .locator(cell('default/<img src=x onerror=alert(1)>[Deployment]', 'default/plain[Deployment]'))
        .textContent(),
      'All Connections',
    );
    assert.equal(await page.locator('img').count(), 0);
    // The peer names open their manifests: a reveal of the file the workload is written in.
    await page.click('th.from button:has-text("default/plain[Deployment]")');
    const reveal = await until(() => panel.received.find((m) => m.type === 'reveal'));
    assert.ok(
      reveal?.type === 'reveal' &&
        reveal.location.uri.endsWith('/hostile-names.yaml') &&
        reveal.location.range.start.line === 18,
      JSON.stringify(reveal),
    );
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});
