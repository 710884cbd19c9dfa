// Hovering a Service's name shows where its traffic goes: its ClusterIP and the pods behind it.
// The expected facts come from `kroute explain` on the same files, so the test checks that the
// editor shows what the engine computes rather than restating the engine's arithmetic.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/e2e/editor.mjs';
import { withEditor } from './harness.ts';
import { hover, openFile, waitForProblemCounts } from './workbench.ts';

interface Explained {
  clusterIP: string;
  pods: { name: string }[];
}

function explain(workspace: string, service: string): Explained {
  const out = execFileSync(
    'node',
    [join(repoRoot, 'dist/cli.js'), 'explain', workspace, '--service', service, '--format', 'json'],
    { encoding: 'utf8' },
  );
  const [svc] = JSON.parse(out) as Explained[];
  assert.ok(svc, `kroute explain found ${service}`);
  return svc;
}

test('hovering a Service name shows its ClusterIP and the pods behind it', async () => {
  await withEditor({ fixture: 'shop', name: 'service-hover' }, async ({ page, workspace, shot }) => {
    const { clusterIP, pods } = explain(workspace, 'shop/backend');
    assert.match(clusterIP, /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/, 'a ClusterIP from the default 10.96.0.0/12');
    assert.equal(pods.length, 3, 'the backend Deployment runs 3 pods');
    await openFile(page, 'backend.yaml');
    // A hover asked for before the server has read the workspace would come back empty and
    // not be asked again; the fixture's two mistakes in the status bar say it has.
    await waitForProblemCounts(page, { errors: 1, warnings: 1 });
    const text = await hover(page, { after: 'kind: Service', line: 'name: backend', word: 'backend' }, [
      /ClusterIP/,
      new RegExp(clusterIP.replace(/\./g, '\\.')),
    ]);
    await shot('service-hover');
    assert.ok(
      pods.some((p) => text.includes(p.name)),
      `hover names a backend pod (${pods.map((p) => p.name).join(', ')}):\n${text}`,
    );
  });
});
