// The pieces `npm start` and the end-to-end harness share: provision the real editor, package
// kroute into a .vsix, install it into a throwaway extensions dir, and run code-server on
// loopback in its own process group so it can be stopped by PID with everything it spawned.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs scripts/e2e/provision.sh (a quick check once cached) and returns the paths it wrote. */
export function provision() {
  const r = spawnSync('bash', [join(repoRoot, 'scripts/e2e/provision.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(
      `cannot provision the real editor (scripts/e2e/provision.sh exited ${r.status ?? r.signal}); its reason is printed above`,
    );
  }
  const envFile = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(readFileSync(envFile, 'utf8'));
}

function newestMtime(dir) {
  return Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

/**
 * The packaged extension for what is in dist/ now: reuses kroute-<version>.vsix when it is
 * newer than every bundle (npm test packaged it a moment ago), otherwise runs vsce. Builds
 * dist/ first only when it does not exist.
 */
export function packageVsix({ log = (line) => console.error(`[kroute] ${line}`) } = {}) {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `kroute-${version}.vsix`);
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'client.js'))) run(log, 'node', ['scripts/build.mjs']);
  if (existsSync(vsix) && statSync(vsix).mtimeMs > newestMtime(dist)) {
    log(`reusing ${vsix} (newer than dist/)`);
    return vsix;
  }
  // Packaged under a private name and renamed into place: other runs sharing this checkout
  // never see a half-written .vsix.
  const partial = join(repoRoot, `.kroute-${version}-${process.pid}.vsix`);
  run(log, 'npx', ['vsce', 'package', '--no-dependencies', '--out', partial]);
  renameSync(partial, vsix);
  return vsix;
}

function run(log, cmd, args) {
  log(`${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

/** Environment for code-server: Node 24 first on PATH, so anything it spawns gets it too. */
function codeServerEnv(env) {
  return { ...process.env, PATH: `${dirname(env.node)}:${process.env.PATH}` };
}

/** Installs the .vsix into extensionsDir with code-server's own installer (as users do). */
export function installExtension(env, vsix, { extensionsDir, userDataDir }) {
  const r = spawnSync(
    env.node,
    [env.codeServer, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix],
    {
      env: codeServerEnv(env),
      encoding: 'utf8',
    },
  );
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}):\n${out}`);
  }
}

/** User settings that keep first-run noise (welcome page, tips, telemetry) out of the way. */
export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'git.openRepositoryInParentFolders': 'never',
        ...settings,
      },
      null,
      2,
    ),
  );
}

/** A port the kernel just handed out on 127.0.0.1, so parallel runs do not collide. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// Process groups of code-servers still running. If this process exits without stopping one
// (an uncaught error, a signal turned into an exit), the exit hook kills it: nothing outlives us.
const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/**
 * Starts code-server on 127.0.0.1:port in its own process group and resolves once it says it
 * is listening. `onOutput` receives its stdout/stderr (for a log file or the terminal).
 */
export function startCodeServer(
  env,
  { port, userDataDir, extensionsDir, folder, onOutput = () => {}, timeoutMs = 60_000 },
) {
  const args = [
    env.codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    folder,
  ];
  const child = spawn(env.node, args, { env: codeServerEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child.pid);
  child.once('exit', () => running.delete(child.pid));
  return new Promise((res, rej) => {
    let seen = '';
    let settled = false;
    const timer = setTimeout(
      () => fail(new Error(`code-server did not report listening within ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    function fail(err) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopProcessGroup(child).then(() => rej(err));
    }
    const onData = (chunk) => {
      const text = chunk.toString();
      onOutput(text);
      if (seen.length < 20_000) seen += text;
      if (!settled && seen.includes(`HTTP server listening on http://127.0.0.1:${port}`)) {
        settled = true;
        clearTimeout(timer);
        res({ child, url: `http://127.0.0.1:${port}/` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code, signal) =>
      fail(new Error(`code-server exited (${code ?? signal}) before listening:\n${seen}`)),
    );
  });
}

/**
 * SIGTERM to the child's whole process group (code-server, its extension host, kroute's
 * language server), SIGKILL if it is still there after graceMs.
 */
export function stopProcessGroup(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      kill('SIGKILL');
      res();
    });
    kill('SIGTERM');
  });
}
