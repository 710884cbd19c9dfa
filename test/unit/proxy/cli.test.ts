import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { iptablesCommand } from '../../../server/src/cli/commands/iptables';
import { traceCommand } from '../../../server/src/cli/commands/trace';
import { main, registerCommands } from '../../../server/src/cli/main';
import { FIXTURES } from './helpers';

registerCommands(iptablesCommand, traceCommand);
const ROOT = join(__dirname, '..', '..', '..');

async function kroute(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => stdin,
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

describe('kroute iptables', () => {
  it("prints the node's iptables-restore text for the manifests", async () => {
    const r = await kroute(['iptables', 'examples/shop', '--node', 'node-2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\*filter\n:KUBE-NODEPORTS - \[0:0\]\n/);
    assert.match(
      r.stdout,
      /-A KUBE-SERVICES -m comment --comment "shop\/backend:http cluster IP" -m tcp -p tcp -d [\d.]+ --dport 80 -j KUBE-SVC-\w{16}\n/,
    );
    assert.match(r.stdout, /\nCOMMIT\n$/);
  });

  it('takes --cluster-cidr for the masquerade rules', async () => {
    const r = await kroute([
      'iptables',
      join(FIXTURES, 'session-affinity.yaml'),
      '--node',
      'node-1',
      '--cluster-cidr',
      '10.0.0.0/8',
    ]);
    assert.match(r.stdout, /! -s 10\.0\.0\.0\/8 -j KUBE-MARK-MASQ/);
  });

  it('a missing or unknown node is a one-line usage error (exit 2)', async () => {
    for (const args of [
      ['iptables', 'examples/shop'],
      ['iptables', 'examples/shop', '--node', 'node-7'],
      ['iptables', 'examples/shop', '--node', 'node-1', '--cluster-cidr', 'nope'],
    ]) {
      const r = await kroute(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});

describe('kroute trace', () => {
  it('text: numbered steps with manifest lines, the rule text and the result', async () => {
    const r = await kroute([
      'trace',
      'examples/mistakes',
      '--from',
      'workload:shop/Deployment/cart',
      '--to',
      'cart:80',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Trace pod shop\/cart-\w+-\w+ → cart:80\n/);
    assert.match(r.stdout, /\(examples\/mistakes\/typo-selector\.yaml:\d+\)/);
    assert.match(r.stdout, /-j REJECT\n/);
    assert.match(r.stdout, /\nResult: refused: /);
  });

  it('--requests adds the distribution; --format json gives { trace, simulation }', async () => {
    const r = await kroute([
      'trace',
      'examples/shop',
      '--from',
      'workload:shop/Deployment/frontend',
      '--to',
      'backend:http',
      '--requests',
      '300',
      '--seed',
      '4',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      trace: { outcome: { kind: string } };
      simulation: { requests: number; results: { count: number }[] };
    };
    assert.equal(out.trace.outcome.kind, 'delivered');
    assert.equal(out.simulation.requests, 300);
    assert.equal(
      out.simulation.results.reduce((n, x) => n + x.count, 0),
      300,
    );
    const text = await kroute([
      'trace',
      'examples/shop',
      '--from',
      'workload:shop/Deployment/frontend',
      '--to',
      'backend:http',
      '--requests',
      '300',
    ]);
    assert.match(text.stdout, /\nDistribution of 300 connections \(seed 1\):\n/);
  });

  it('reads a manifest stream from stdin', async () => {
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  ports: [{ port: 80 }]\n';
    const r = await kroute(['trace', '-', '--to', 'web'], yaml);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Result: refused: /);
  });

  it('bad destinations and sources are one-line usage errors (exit 2)', async () => {
    for (const args of [
      ['trace', 'examples/shop'],
      ['trace', 'examples/shop', '--to', 'no such!'],
      ['trace', 'examples/shop', '--to', '10.0.0.1'],
      ['trace', 'examples/shop', '--to', 'backend', '--from', 'pod:shop'],
      ['trace', 'examples/shop', '--to', 'backend:http', '--from', 'pod:shop/missing'],
      ['trace', 'examples/shop', '--to', 'backend.shop'],
      ['trace', 'examples/shop', '--to', 'backend:http', '--requests', '0'],
    ]) {
      const r = await kroute(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
