// Runs the mocha suite in suite/ inside VS Code's extension host with @vscode/test-electron.
// It downloads a VS Code build from Microsoft's update service, so it needs internet; on the
// project's CI machines (no such access) the code-server tests in test/e2e cover the real
// editor instead. Built by scripts/e2e/electron.mjs into out/electron/ and run from there.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

// out/electron/runTest.js → the repository root.
const repoRoot = resolve(__dirname, '../..');

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'kroute-electron-'));
  const workspace = join(tmp, 'workspace');
  // The same fixture workspace the code-server tests open, copied so nothing writes into the repo.
  cpSync(join(repoRoot, 'test/e2e/fixtures/shop'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(__dirname, 'suite/index.js'),
      extensionTestsEnv: { KROUTE_TEST_WORKSPACE: workspace },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        join(tmp, 'user-data'),
      ],
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
