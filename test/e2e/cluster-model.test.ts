// The cluster as real clusters run it (issue 16), in the real editor: Node objects in the
// workspace are the nodes kroute schedules onto, a pod no node fits stays Pending and the editor
// says why, and an HPA sets the replicas behind a Service. The facts come from `kroute explain`
// on the same files; the test checks that hovers and squiggles show them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEditor } from './harness.ts';
import { cli, hover, hoverSquiggle, openFile, waitForAnalysis } from './workbench.ts';

interface Explained {
  pods: { name: string; phase: string; ready: boolean; nodeName: string }[];
}

test('Node objects, a Pending pod and an autoscaled Deployment: hovers and squiggles say what the cluster would do', async () => {
  await withEditor({ fixture: 'nodes-and-autoscaling', name: 'cluster-model' }, async ({ page, workspace, shot }) => {
    const [trainer] = cli<Explained[]>('explain', workspace, '--service', 'trainer');
    const [web] = cli<Explained[]>('explain', workspace, '--service', 'web');
    assert.deepEqual(
      trainer.pods.map((p) => [p.phase, p.ready]),
      [['Pending', false]],
      'the trainer pod fits no listed node',
    );
    assert.equal(web.pods.length, 3, 'the HPA keeps minReplicas 3 where the manifest writes 1');
    assert.deepEqual(
      [...new Set(web.pods.map((p) => p.nodeName))].sort(),
      ['worker-a', 'worker-b'],
      'scheduled onto the Node objects',
    );
    await waitForAnalysis(page, workspace);

    // The Service with no ready endpoint: the squiggle names the missing node label and where the nodes come from.
    await openFile(page, 'trainer.yaml');
    await hoverSquiggle(page, 'warning', [
      /\(Pending: unschedulable\)/,
      /No node has the label cloud\.google\.com\/gke-accelerator=nvidia-tesla-t4 \(nodes from the Node objects in nodes\.yaml\)/,
    ]);
    await shot('pending-squiggle');
    await hover(page, { after: 'kind: Deployment', line: 'name: trainer', word: 'trainer' }, [
      /Its pods stay Pending without an IP/,
      /didn.t match Pod.s node affinity\/selector/,
    ]);

    // The autoscaled Deployment: its hover and the HPA's say which replicas the controller keeps.
    await openFile(page, 'web.yaml');
    await hover(page, { after: 'kind: Deployment', line: 'name: web', word: 'web' }, [
      /3 pods/,
      /Replicas set by HorizontalPodAutoscaler web \(minReplicas 3, maxReplicas 10\): 3/,
    ]);
    await hover(page, { after: 'kind: HorizontalPodAutoscaler', line: 'name: web', word: 'web' }, [
      /HorizontalPodAutoscaler .*default\/web.* scales/,
    ]);
    await shot('autoscaled-hover');
    const serviceHover = await hover(page, { after: 'kind: Service', line: 'name: web', word: 'web' }, [/10\.244\./]);
    for (const p of web.pods)
      assert.ok(serviceHover.includes(p.name), `the Service hover names ${p.name}:\n${serviceHover}`);

    // A Node object's hover: its address from status.addresses and the pods placed there.
    await openFile(page, 'nodes.yaml');
    await hover(page, { line: 'name: worker-a', word: 'worker-a' }, [
      /Node .*worker-a/,
      /192\.168\.10\.11/,
      /here: .*web/,
    ]);
    await shot('node-hover');
  });
});
