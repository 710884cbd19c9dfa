// Next to a Kubernetes schema validator kroute does not say a type error twice (issue 20 point 9):
// with kroute.deferToYamlSchema "on" the string port is left to the schema, the selector typo
// (what only kroute knows) stays; turning the setting off in the workspace's settings.json brings
// the type error back without a reload. The Red Hat YAML extension cannot be installed here (no
// marketplace), so "auto"'s detection is covered by test/unit/client/schema-overlap.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { openFile, problemsPanel, waitForProblemCounts } from './workbench.ts';

test("kroute.deferToYamlSchema: type errors left to the schema, kroute's own findings kept, live", async () => {
  await withEditor({ fixture: 'schema-overlap', name: 'schema-overlap' }, async ({ page, workspace, shot }) => {
    await openFile(page, 'shop.yaml');
    await waitForProblemCounts(page, { errors: 0, warnings: 1 });
    await problemsPanel(page, [/Selector app=wrker matches no pods/]);
    await shot('deferred');
    writeFileSync(join(workspace, '.vscode/settings.json'), JSON.stringify({ 'kroute.deferToYamlSchema': 'off' }));
    await waitForProblemCounts(page, { errors: 1, warnings: 1 });
    await problemsPanel(page, [/spec\.ports\[0\]\.port: Invalid value: "80": must be an integer/]);
    await shot('reported');
  });
});
