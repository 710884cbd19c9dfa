import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildOnceFor, kroute } from './helpers';

// Runs the bundled `kroute connectivity` as a user would.
const SHOP = 'test/fixtures/netpol/shop-with-policies.yaml';

before(() => buildOnceFor('connectivity'));

describe('kroute connectivity', () => {
  it('text: netpol-analyzer rows, src => dst : conn, sorted by source then destination', () => {
    const r = kroute(['connectivity', SHOP]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.includes('shop/web[Deployment] => shop/api[Deployment] : TCP 9000-9010'));
    assert.ok(lines.includes('shop/api[Deployment] => shop/db[StatefulSet] : UDP 5432'));
    assert.ok(lines.includes('shop/web[Deployment] => 203.0.113.0-203.0.113.127[External] : SCTP 1-65535'));
    assert.ok(
      lines.includes('0.0.0.0-255.255.255.255[External] => monitoring/prometheus[Deployment] : All Connections'),
    );
    assert.ok(!lines.some((l) => l.startsWith('shop/web[Deployment] => shop/db')), 'web may not reach db');
    assert.deepEqual(lines, [...lines].sort());
  });

  it('json: {"connections": [{src, dst, conn}]}', () => {
    const r = kroute(['connectivity', SHOP, '--format', 'json']);
    const rows = JSON.parse(r.stdout).connections as { src: string; dst: string; conn: string }[];
    assert.deepEqual(
      rows.find((x) => x.src === 'monitoring/prometheus[Deployment]' && x.dst === 'shop/api[Deployment]'),
      { src: 'monitoring/prometheus[Deployment]', dst: 'shop/api[Deployment]', conn: 'TCP 9100' },
    );
  });

  it('csv quotes connections that hold commas; md is a table; dot a digraph', () => {
    const input =
      'apiVersion: v1\nkind: Pod\nmetadata: { name: a, labels: { app: a } }\nspec: { containers: [{ name: c, image: x }] }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: b }\nspec: { containers: [{ name: c, image: x }] }\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: a }\nspec:\n  podSelector: { matchLabels: { app: a } }\n  ingress: [{ ports: [{ port: 80 }, { port: 53, protocol: UDP }] }]\n';
    assert.ok(
      kroute(['connectivity', '-', '--format', 'csv'], input).stdout.includes(
        'default/b[Pod],default/a[Pod],"TCP 80,UDP 53"',
      ),
    );
    assert.match(
      kroute(['connectivity', '-', '--format', 'md'], input).stdout,
      /^\| src \| dst \| conn \|\n\|-----\|-----\|------\|\n/,
    );
    assert.match(
      kroute(['connectivity', '-', '--format', 'dot'], input).stdout,
      /"default\/b\[Pod\]" -> "default\/a\[Pod\]" \[label="TCP 80,UDP 53"\]/,
    );
  });

  describe('directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroute-connectivity-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads .json manifests and typed lists (PodList items carry no kind), and skips JSON that is no manifest', () => {
      writeFileSync(
        join(dir, 'pods.json'),
        JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          items: [
            {
              metadata: {
                name: 'p',
                namespace: 'x',
                ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d8f9', controller: true }],
              },
              spec: { containers: [{ name: 'c', image: 'i' }] },
            },
          ],
        }),
      );
      writeFileSync(join(dir, 'output.json'), '[{"src": "a"}]');
      const r = kroute(['connectivity', dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), [
        '0.0.0.0-255.255.255.255[External] => x/web-5d8f9[ReplicaSet] : All Connections',
        'x/web-5d8f9[ReplicaSet] => 0.0.0.0-255.255.255.255[External] : All Connections',
      ]);
    });
  });

  it('an unknown format is a usage error', () => {
    const r = kroute(['connectivity', SHOP, '--format', 'xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be one of text, json, md, csv, dot/);
  });
});
