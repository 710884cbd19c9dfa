import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { traceTargets } from '../../server/src/lsp/features/trace';
import { URL_SOURCE } from '../../server/src/lsp/protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { launchChromium, openPanel, workspaceOf } from './harness';

// A URL as the panel's destination (issue 18): the request through examples/shop's Ingress
// (examples/shop/ingress.yaml: /api → backend, / → frontend, host shop.example.com), the entry's
// decision above the same hops as any trace, and the entry's own answer when no rule matches.
// Undefined when launching it failed in before().
let browser: Browser | undefined;
before(async () => (browser = await launchChromium()));
after(() => browser?.close());

const shop = workspaceOf('examples/shop');
const query = (destination: string) => ({ destination, source: URL_SOURCE, mutations: [], requests: 300, seed: 1 });
const rows = (page: import('playwright-core').Page) =>
  page.locator('dl.request').evaluate((dl) => {
    const out: Record<string, string> = {};
    dl.querySelectorAll('dt').forEach(
      (dt) => (out[dt.textContent] = (dt.nextElementSibling as HTMLElement).textContent!),
    );
    return out;
  });

test('a URL through the Ingress: entry, matched rule, Service, the request the backend gets and the data plane, then its pick of a backend pod', async () => {
  const panel = await openPanel(browser!, shop, query('http://shop.example.com/api/cart?id=7'));
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Route to http://shop.example.com/api/cart?id=7');
    const { 'Data plane': plane = '', ...rest } = await rows(page);
    assert.deepEqual(rest, {
      Request: 'GET http://shop.example.com/api/cart?id=7',
      Entry: 'ingress:shop/shop',
      Route: 'Ingress shop/shop rule 0',
      Service: 'shop/backend port 80',
      'Backend gets': 'GET /api/cart?id=7 (Host: shop.example.com)',
    });
    // dataPlaneUpstream's default: the controller pod picks an endpoint itself, no kube-proxy hop.
    assert.match(
      plane,
      /^ingress-nginx data plane, pod ingress-nginx\/ingress-nginx-controller .*\(dataPlaneUpstream: endpoints\)$/,
    );
    const banner = (await page.locator('.banner').textContent()) ?? '';
    assert.match(banner, /^Delivered to 10\.244\.\d+\.\d+:9090 \(pod shop\/backend-/);
    // The outside client has no address in the model: the banner says once whom the server sees.
    assert.equal(banner.match(/the server sees/g)?.length, 1, banner);
    assert.doesNotMatch(banner, /Masqueraded|client's \./, banner);
    const kinds = await page.locator('.hop-kind').allTextContents();
    assert.ok(!kinds.some((k) => k.startsWith('KUBE-')), kinds.join());
    assert.match(
      (await page.locator('.hop-title').allTextContents()).join('\n'),
      /ingress-nginx picks 10\.244\.\d+\.\d+:9090 among the 3 ready endpoints of shop\/backend/,
    );
    const bars = await page.locator('.bar-label').allTextContents();
    assert.equal(bars.length, 3, "the entry's connections spread over the 3 backend pods");
    assert.ok(
      bars.every((b) => b.startsWith('shop/backend-')),
      bars.join(),
    );
    await page.screenshot({ path: 'test-results/webview/url.png', fullPage: true });
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('no rule for the host: the entry answers 404 itself and no request reaches a pod', async () => {
  const panel = await openPanel(browser!, shop, query('http://other.example.com/cart'));
  try {
    const { page } = panel;
    await page.locator('dl.request').waitFor();
    const r = await rows(page);
    assert.equal(r.Route, 'no rule matches');
    assert.match(r.Answer, /^HTTP 404/);
    assert.match(
      (await page.locator('.banner').textContent()) ?? '',
      /^Answered by the entry point\. No Ingress rule of class nginx matches other\.example\.com\/cart/,
    );
    assert.match((await page.locator('.distribution').textContent()) ?? '', /Every request ends before kube-proxy/);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test('a gRPC call: the GRPCRoute rule that took it, and the gRPC status where the Gateway answers itself', async () => {
  const grpc = new Workspace({});
  grpc.setFile(
    'file:///grpc-routes.yaml',
    readFileSync(join(__dirname, '..', 'fixtures', 'l7', 'grpc-routes.yaml'), 'utf8'),
  );
  const panel = await openPanel(browser!, grpc, {
    ...query('grpc://grpc.example.com/shop.Store/GetItem'),
    via: 'gateway:infra/edge',
  });
  try {
    const { page } = panel;
    await page.locator('.bar-value').first().waitFor();
    assert.equal((await rows(page)).Route, 'GRPCRoute team-a/store rule 1');
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
  const none = await openPanel(browser!, grpc, {
    ...query('grpc://unknown.example.com/shop.Store/GetItem'),
    via: 'gateway:infra/edge',
  });
  try {
    await none.page.locator('dl.request').waitFor();
    assert.equal((await rows(none.page)).Answer, 'HTTP 404 (gRPC status UNIMPLEMENTED)');
  } finally {
    await none.close();
  }
});

test('a URL that does not parse: the error is shown as text, markup in it included', async () => {
  const url = 'http://shop.example.com/<img src=x onerror=alert(1)>';
  const panel = await openPanel(browser!, shop, query(url));
  try {
    const { page } = panel;
    await page.locator('.banner.failed[role=alert]').waitFor();
    assert.match((await page.locator('.banner').textContent()) ?? '', /must look like http:\/\/HOST/);
    assert.ok((await page.locator('.banner').textContent())!.includes(url));
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.locator('h1').textContent(), `Route to ${url}`);
    assert.deepEqual(panel.incidents, []);
  } finally {
    await panel.close();
  }
});

test("the palette's requests: one per Ingress path, as its lens traces it, with the entry to go through", () => {
  const requests = traceTargets(shop).requests.map(({ label, detail, url, via }) => ({ label, detail, url, via }));
  assert.deepEqual(requests, [
    {
      label: 'GET http://shop.example.com/api',
      detail: 'Ingress shop/shop',
      url: 'http://shop.example.com/api',
      via: 'ingress:shop/shop',
    },
    {
      label: 'GET http://shop.example.com/',
      detail: 'Ingress shop/shop',
      url: 'http://shop.example.com/',
      via: 'ingress:shop/shop',
    },
  ]);
});
