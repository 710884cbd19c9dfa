// `npm start`: build, package, and open a fresh copy of examples/ in a real VS Code with kroute
// installed. The copy lives in a temporary directory: the editor may save into it (code-server
// auto-saves) without touching this checkout, whose examples/ the e2e tests read. With a local
// `code` command that is a development window on this checkout; otherwise it is code-server
// (provisioned into ~/.cache/kroute-e2e) on 127.0.0.1 with a throwaway extensions and user-data
// dir, running in the foreground until Ctrl+C or until npm (or whatever started this) is stopped.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  installExtension,
  packageVsix,
  provision,
  repoRoot,
  startCodeServer,
  stopProcessGroup,
  writeUserSettings,
} from './e2e/editor.mjs';

const say = (line) => console.log(`[kroute] ${line}`);

say('building (node scripts/build.mjs)');
if (spawnSync('node', ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) process.exit(1);
const vsix = packageVsix({ log: say });
say(`packaged ${vsix}`);

const tmp = mkdtempSync(join(tmpdir(), 'kroute-start-'));
const examples = join(tmp, 'examples');
cpSync(join(repoRoot, 'examples'), examples, { recursive: true });
say(`copied examples/ to ${examples}: edit freely there, this checkout stays as it is`);

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  // Desktop VS Code loads the extension straight from this checkout (dist/ is fresh). The copy
  // stays for the window, which outlives this command.
  say(`opening ${examples} in VS Code (code --extensionDevelopmentPath=${repoRoot})`);
  spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, examples], { stdio: 'inherit' });
} else {
  await runCodeServer();
}

async function runCodeServer() {
  const env = provision();
  const dirs = { extensionsDir: join(tmp, 'extensions'), userDataDir: join(tmp, 'user-data') };
  say(`installing ${vsix} into ${dirs.extensionsDir}`);
  installExtension(env, vsix, dirs);
  // The copy of this repository's own examples: trusting it skips the trust prompt.
  writeUserSettings(dirs.userDataDir, { 'security.workspace.trust.enabled': false });
  const logFile = join(tmp, 'code-server.log');
  const log = createWriteStream(logFile);
  const port = await freePort();
  // In its own process group (with its extension host and kroute's language server), which stop() ends.
  const { child, url } = await startCodeServer(env, { port, ...dirs, folder: examples, onOutput: (t) => log.write(t) });

  let stopping = false;
  const stop = async (why, code) => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping code-server and removing ${tmp}`);
    await stopProcessGroup(child);
    log.end();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(code);
  };
  // Ctrl+C, `kill <pid of npm>` (npm passes SIGTERM on to its script), a closed terminal.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal, 0));
  // A parent killed without passing anything on (SIGKILL) leaves this process to init: checked
  // every second, so that code-server never outlives the command that started it.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(`its parent ${parent} is gone`, 0), 1000).unref();
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[kroute] code-server exited (${code ?? signal}); its log: ${logFile}`);
    stopping = true;
    process.exit(1);
  });

  say(
    `VS Code (code-server ${env.codeServerVersion}, process group ${child.pid}) with kroute is running on 127.0.0.1 only (log: ${logFile}).`,
  );
  say('Open this in a browser on this machine (from elsewhere, forward the port, e.g. ssh -L):');
  console.log(`\n    ${url}?folder=${encodeURIComponent(examples)}\n`);
  say(`Press Ctrl+C to stop (or stop npm); the copy in ${tmp} is removed then.`);
}
