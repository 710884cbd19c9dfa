import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

// The nodes of the simulated cluster from the command line: --nodes (a count or names) and Node
// objects among the inputs (kubectl get nodes -o yaml), which win over the flag.
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'model');
const NODES = join(FIXTURES, 'nodes-kubectl-get-nodes.yaml');
const LISTED = join(FIXTURES, 'scheduling-on-listed-nodes.yaml');
const DEFAULT = join(FIXTURES, 'scheduling-on-default-nodes.yaml');

function kroute(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  if (!existsSync(CLI)) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
});

describe("kroute and the cluster's nodes", () => {
  it("iptables --node takes any Node object's name, and lists the defined names for an unknown one", () => {
    const ok = kroute(['iptables', NODES, LISTED, '--node', 'worker-c']);
    assert.equal(ok.code, 0, ok.stderr);
    // node-exporter runs on the host network: its endpoint is the node's InternalIP.
    assert.match(ok.stdout, /-j DNAT --to-destination 10\.0\.0\.13:9100/);
    const bad = kroute(['iptables', NODES, LISTED, '--node', 'node-1']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no node "node-1".*cp-1, worker-a, worker-b, worker-c/);
  });

  it('--nodes a,b names explicit nodes: a selector none has is Pending, and the message says where the nodes come from', () => {
    const named = kroute(['check', DEFAULT, '--nodes', 'a,b']);
    assert.match(
      named.stdout,
      /no-ready-endpoints .*0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector\. No node has the label cloud\.google\.com\/gke-accelerator=nvidia-tesla-t4 \(nodes from the nodes setting/,
    );
    const counted = kroute(['check', DEFAULT, '--nodes', '2']);
    assert.equal(counted.code, 0, counted.stdout);
    assert.match(counted.stdout, /No problems/, 'a count keeps the default nodes, which stand in for the GPU pool');
  });

  it('--nodes refuses a name that is not a node name', () => {
    const r = kroute(['check', DEFAULT, '--nodes', 'a,B_2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"B_2" is not a node name/);
  });

  it('explain shows why a selected pod is Pending', () => {
    const r = kroute(['explain', NODES, LISTED, '--service', 'trainer']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Pending \(trainer-\S+\): 0\/4 nodes are available/);
  });
});
