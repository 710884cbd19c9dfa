// An overlay's finding shown where its value was written: the prod overlay renames the container
// port its base Service targets, and the real kustomize (kubectl kustomize, with origin
// annotations) renders it; the warning lands in base/service.yaml, saying which overlay it is about.
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { hoverSquiggle, openFile, problemsPanel, waitForAnalysis } from './workbench.ts';

test("an overlay's diagnostic points into its base, naming the overlay", async () => {
  // The fixture the CLI tests use too (test/fixtures/apps), from the e2e fixtures' folder.
  await withEditor(
    { fixture: '../../fixtures/apps/kustomize-overlay', name: 'kustomize-overlay' },
    async ({ page, workspace, shot }) => {
      await waitForAnalysis(page, workspace);
      await openFile(page, 'service.yaml');
      await hoverSquiggle(page, 'warning', [
        /targetPort "http" is not a TCP container port name/,
        /as rendered by the kustomization overlays\/prod/,
      ]);
      await shot('overlay-finding-in-base');
      await problemsPanel(page, [/\(as rendered by the kustomization overlays\/prod\)/]);
    },
  );
});
