// `npm start`: build, package, and open examples/ in a real VS Code with kroute installed.
// With a local `code` command that is a development window on this checkout; otherwise it is
// code-server (provisioned into ~/.cache/kroute-e2e) on 127.0.0.1 with a throwaway extensions
// and user-data dir, running in the foreground until Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort, installExtension, packageVsix, provision, repoRoot, startCodeServer, stopProcessGroup, writeUserSettings,
} from './e2e/editor.mjs';

const examples = join(repoRoot, 'examples');
const say = (line) => console.log(`[kroute] ${line}`);

say('building (node scripts/build.mjs)');
if (spawnSync('node', ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) process.exit(1);
const vsix = packageVsix({ log: say });
say(`packaged ${vsix}`);

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  // Desktop VS Code loads the extension straight from this checkout (dist/ is fresh).
  say(`opening ${examples} in VS Code (code --extensionDevelopmentPath=${repoRoot})`);
  spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, examples], { stdio: 'inherit' });
} else {
  await runCodeServer();
}

async function runCodeServer() {
  const env = provision();
  const tmp = mkdtempSync(join(tmpdir(), 'kroute-start-'));
  const dirs = { extensionsDir: join(tmp, 'extensions'), userDataDir: join(tmp, 'user-data') };
  say(`installing ${vsix} into ${dirs.extensionsDir}`);
  installExtension(env, vsix, dirs);
  // The examples are this repository's own files; trusting them skips the trust prompt.
  writeUserSettings(dirs.userDataDir, { 'security.workspace.trust.enabled': false });
  const logFile = join(tmp, 'code-server.log');
  const log = createWriteStream(logFile);
  const port = await freePort();
  const { child, url } = await startCodeServer(env, { port, ...dirs, folder: examples, onOutput: (t) => log.write(t) });

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server');
    await stopProcessGroup(child);
    log.end();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[kroute] code-server exited (${code ?? signal}); its log: ${logFile}`);
    stopping = true;
    process.exit(1);
  });

  say(`VS Code (code-server ${env.codeServerVersion}) with kroute is running on 127.0.0.1 only (log: ${logFile}).`);
  say('Open this in a browser on this machine (from elsewhere, forward the port, e.g. ssh -L):');
  console.log(`\n    ${url}?folder=${encodeURIComponent(examples)}\n`);
  say('Press Ctrl+C to stop.');
}
