// `npm start` as a new user runs it: examples/ opens from a fresh temporary copy (edits there
// leave the checkout clean), and stopping npm by its PID stops code-server and kroute's language
// server with it, and removes the copy.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { provision, repoRoot } from '../../scripts/e2e/editor.mjs';
import { openFile, until } from './workbench.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** PIDs of processes whose command line matches `pattern` (pgrep -f). */
function pids(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;

test(
  'npm start opens a temporary copy of examples/; stopping npm by its PID stops code-server and the language server',
  { skip: hasCode && 'a local `code` command makes npm start open desktop VS Code instead of code-server' },
  async () => {
    const env = provision();
    const examplesBefore = execFileSync('git', ['status', '--porcelain', '--', 'examples'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    // Its own process group, so whatever happens the test can end everything it started.
    const npm = spawn('npm', ['start'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const browser = await chromium.launch({ executablePath: env.chromium, args: ['--no-sandbox', '--disable-gpu'] });
    let group = 0;
    try {
      const url = await until(
        `npm start to print the editor's address; it printed:\n${out}`,
        () => /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(out)?.[1],
        240_000,
      );
      const copy = /copied examples\/ to (\S+): edit freely there/.exec(out)?.[1];
      group = Number(/process group (\d+)\)/.exec(out)?.[1]);
      assert.ok(
        copy && !copy.startsWith(repoRoot) && url.includes(encodeURIComponent(copy)),
        `the editor opens a copy outside the checkout:\n${out}`,
      );
      assert.deepEqual(readdirSync(copy).sort(), readdirSync(join(repoRoot, 'examples')).sort());
      assert.ok(alive(group), 'code-server runs');

      // A user opens a manifest (kroute's server starts) and saves an edit: into the copy.
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(60_000);
      await page.goto(url);
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
      await openFile(page, 'backend.yaml');
      const [server] = await until("kroute's language server", () => {
        const found = pids(`${copy.replace(/examples$/, 'extensions')}/[^ ]*/dist/server\\.js`);
        return found.length ? found : undefined;
      });
      const edited = join(copy, 'shop/backend.yaml');
      const before = readFileSync(edited, 'utf8');
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('# played with\n');
      await page.keyboard.press('Control+S');
      await until('the edit saved into the copy', () => (readFileSync(edited, 'utf8') !== before ? true : undefined));
      assert.equal(
        execFileSync('git', ['status', '--porcelain', '--', 'examples'], { cwd: repoRoot, encoding: 'utf8' }),
        examplesBefore,
        'examples/ of the checkout is untouched',
      );

      process.kill(npm.pid!, 'SIGTERM');
      await until('code-server, the language server and the copy to be gone', () =>
        !alive(group) && !alive(server) && !existsSync(copy) ? true : undefined,
      );
    } finally {
      await browser.close();
      for (const leader of [npm.pid!, group]) {
        try {
          if (leader) process.kill(-leader, 'SIGKILL');
        } catch {
          // Already gone, as it should be.
        }
      }
    }
  },
);
