// The trace panel in headless Chromium: the built dist/webview.js in the page (and under the CSP)
// the extension serves, with a stand-in for acquireVsCodeApi whose host answers through the real
// engine (the language server's kroute/trace handler on a Workspace of fixture files).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../client/src/trace/html';
import { Workspace } from '../../server/src/engine/workspace';
import { answerTrace } from '../../server/src/lsp/features/trace';
import type { TraceParams } from '../../server/src/lsp/protocol';
import type { HostMessage, WebviewMessage } from '../../webview/src/messages';

export const repoRoot = join(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const BUNDLE = join(repoRoot, 'dist/webview.js');

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run "npm run provision:e2e" (scripts/e2e/provision.sh installs Debian's chromium) or "apt-get install -y chromium"`,
    );
  }
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "node scripts/build.mjs" first`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A Workspace of every YAML file in the given folders (relative to the repo). */
/** The manifests of these directories as one app (one cluster), as a user would name them in .kroute.yaml. */
export function workspaceOf(...dirs: string[]): Workspace {
  const ws = new Workspace({ apps: [{ name: 'panel', paths: dirs, base: 'file:///' }] });
  for (const dir of dirs) {
    for (const f of readdirSync(join(repoRoot, dir)).filter((n) => /\.ya?ml$/.test(n)))
      ws.setFile(`file:///${dir}/${f}`, readFileSync(join(repoRoot, dir, f), 'utf8'));
  }
  return ws;
}

export interface Panel<W = WebviewMessage> {
  page: Page;
  /** Everything the webview posted, in order. */
  received: W[];
  /** CSP violations, page errors and dialogs: any of them means script ran or was attempted. */
  incidents: string[];
  close(): Promise<void>;
}

/** Serves the trace panel page on 127.0.0.1 and opens it with `params` as the first query. */
export async function openPanel(browser: Browser, ws: Workspace, params: TraceParams): Promise<Panel> {
  let current = params;
  return openPage<HostMessage, WebviewMessage>(browser, BUNDLE, 'kroute: route', async (m, reply) => {
    if (m.type !== 'ready' && m.type !== 'query') return;
    if (m.type === 'query') current = m.params;
    try {
      await reply({ type: 'result', params: current, result: answerTrace(ws, current) });
    } catch (e) {
      await reply({ type: 'error', params: current, message: (e as Error).message });
    }
  });
}

/**
 * Serves a webview bundle in the page (and under the CSP) the extension serves, on 127.0.0.1, with
 * a stand-in for acquireVsCodeApi: what the page posts goes to `host`, which answers through `reply`.
 */
// H types what the test's host may reply with; the rule counts only its one use in the signature.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export async function openPage<H, W>(
  browser: Browser,
  bundle: string,
  title: string,
  host: (m: W, reply: (m: H) => Promise<unknown>) => Promise<void>,
): Promise<Panel<W>> {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run "node scripts/build.mjs" first`);
  const nonce = 'dGVzdG5vbmNl';
  const server: Server = createServer((req, res) => {
    if (req.url === '/webview.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(bundle));
    else if (req.url === '/')
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(panelHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, nonce, title }));
    else res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const received: W[] = [];
  const incidents: string[] = [];
  page.on('pageerror', (e) => incidents.push(`page error: ${e.message}`));
  page.on('dialog', (d) => (incidents.push(`dialog: ${d.message()}`), void d.dismiss()));
  page.on('console', (m) => m.type() === 'error' && incidents.push(`console: ${m.text()}`));
  await page.exposeFunction('__krouteIncident', (text: string) => incidents.push(text));
  const reply = async (m: H) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await page.exposeFunction('__krouteHost', async (m: W) => {
    received.push(m);
    await host(m, reply);
  });
  // Init scripts run before the page's own and are not subject to its CSP, like VS Code's preload.
  // Passed as text: tsx would wrap a function's inner names in helpers the page does not have.
  await page.addInitScript(`
    let state;
    window.acquireVsCodeApi = () => ({ postMessage: (m) => void window.__krouteHost(m), getState: () => state, setState: (s) => void (state = s) });
    document.addEventListener('securitypolicyviolation', (e) => void window.__krouteIncident('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  `);
  await page.goto(`${origin}/`);
  return {
    page,
    received,
    incidents,
    close: async () => {
      await page.close();
      await new Promise((res) => server.close(res));
    },
  };
}

/** Elements drawn past the page's right edge (cut off: the panel hides horizontal overflow). */
export async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll<HTMLElement>('main *'))
      .filter(
        (e) =>
          e.getClientRects().length && !e.closest('.rule, [hidden]') && e.getBoundingClientRect().right > width + 0.5,
      )
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.slice(0, 40)}" right ${Math.round(e.getBoundingClientRect().right)} > ${width}`,
      );
  });
}
