// End-to-end harness: kroute's packaged .vsix installed into a real VS Code (code-server,
// provisioned by scripts/e2e/provision.sh), a copy of a fixture workspace opened in it, and
// Debian's Chromium driven by playwright-core. Every session gets its own extensions dir,
// user-data dir, workspace copy and port, and is torn down (browser, code-server's process
// group, temp dirs) whether its test passed or not.
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  freePort,
  installExtension,
  packageVsix,
  provision,
  repoRoot,
  startCodeServer,
  stopProcessGroup,
  writeUserSettings,
  type EditorEnv,
} from '../../scripts/e2e/editor.mjs';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface SessionOptions {
  /** Folder under test/e2e/fixtures copied into a temp dir and opened as the workspace. */
  fixture: string;
  /** false opens the folder in Restricted Mode (workspace trust on, folder not trusted). */
  trusted?: boolean;
  /** Names the screenshot folder test-results/e2e/<name>/. */
  name: string;
}

export interface EditorSession {
  page: Page;
  /** Absolute path of the workspace copy code-server has open. */
  workspace: string;
  /** The throwaway extensions dir kroute is installed in (its server runs from there). */
  extensionsDir: string;
  /** Saves test-results/e2e/<name>/<nn>-<step>.png. */
  shot: (step: string) => Promise<void>;
}

// Ctrl+C or a runner's SIGTERM becomes a normal exit, whose hooks kill any code-server still
// running (scripts/e2e/editor.mjs) and remove live sessions' temp dirs; by default a signal
// would leave both behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const liveTempDirs = new Set<string>();
process.on('exit', () => liveTempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// Provisioning and packaging happen once per test process, on first use.
let prepared: { env: EditorEnv; vsix: string } | undefined;
function prepare(): { env: EditorEnv; vsix: string } {
  prepared ??= { env: provision(), vsix: packageVsix() };
  return prepared;
}

/**
 * Runs `body` against a fresh editor session. Cleans up afterwards in every case; when `body`
 * throws, a last screenshot ("failure") and VS Code's logs are saved first.
 */
export async function withEditor(opts: SessionOptions, body: (s: EditorSession) => Promise<void>): Promise<void> {
  const { env, vsix } = prepare();
  const tmp = mkdtempSync(join(tmpdir(), 'kroute-e2e-'));
  liveTempDirs.add(tmp);
  const shots = join(repoRoot, 'test-results/e2e', opts.name);
  rmSync(shots, { recursive: true, force: true });
  // Others running the same test in this checkout may remove the folder meanwhile: each write
  // re-creates it rather than failing the test.
  const shotsDir = () => (mkdirSync(shots, { recursive: true }), shots);
  const cleanups: (() => Promise<void> | void)[] = [
    () => {
      rmSync(tmp, { recursive: true, force: true });
      liveTempDirs.delete(tmp);
    },
  ];
  try {
    const dirs = { extensionsDir: join(tmp, 'extensions'), userDataDir: join(tmp, 'user-data') };
    const workspace = join(tmp, 'workspace');
    cpSync(join(repoRoot, 'test/e2e/fixtures', opts.fixture), workspace, { recursive: true });
    installExtension(env, vsix, dirs);
    writeUserSettings(dirs.userDataDir, trustSettings(opts.trusted ?? true));

    // code-server's output is logged in the temp dir and copied next to the screenshots at the
    // end, for post-mortems.
    const logFile = join(tmp, 'code-server.log');
    const log = createWriteStream(logFile);
    cleanups.unshift(async () => {
      await new Promise<void>((res) => log.end(res));
      cpSync(logFile, join(shotsDir(), 'code-server.log'));
    });
    const port = await freePort();
    const server = await startCodeServer(env, { port, ...dirs, folder: workspace, onOutput: (t) => log.write(t) });
    cleanups.unshift(() => stopProcessGroup(server.child));

    const browser: Browser = await chromium.launch({ executablePath: env.chromium, args: CHROMIUM_FLAGS });
    cleanups.unshift(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The workbench's own waits use 60 s; Playwright's 30 s default for navigation and clicks
    // is too short on a loaded two-core machine.
    page.setDefaultTimeout(60_000);
    let step = 0;
    const shot = async (name: string) => {
      step++;
      await page.screenshot({ path: join(shotsDir(), `${String(step).padStart(2, '0')}-${name}.png`) });
    };
    try {
      await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The explorer lists the workspace once the folder is open and the workbench restored.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      await shot('workbench');
      await body({ page, workspace, extensionsDir: dirs.extensionsDir, shot });
    } catch (err) {
      await shot('failure').catch(() => {});
      // VS Code's logs (the kroute output channel, the extension host) go before the temp dir.
      const logs = join(dirs.userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(shotsDir(), 'logs'), { recursive: true });
      throw err;
    }
  } finally {
    // Every step runs even if one fails; a failing step is reported, never masking the test's error.
    for (const cleanup of cleanups)
      await Promise.resolve()
        .then(cleanup)
        .catch((err: unknown) => console.error('e2e cleanup:', err));
  }
}

function trustSettings(trusted: boolean): Record<string, unknown> {
  // With trust disabled every folder is trusted. With it enabled and no startup prompt, a folder
  // nobody trusted opens straight into Restricted Mode, as it does for a user who clicked
  // "Don't Trust".
  return trusted
    ? { 'security.workspace.trust.enabled': false }
    : {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      };
}
