import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildOnceFor, kroute } from './helpers';

// `kroute trace` through NetworkPolicies, as a user runs it.
const SHOP = ['test/fixtures/netpol/shop-with-policies.yaml', 'test/fixtures/netpol/shop-services.yaml'];

before(() => buildOnceFor('--protocol'));

describe('kroute trace with NetworkPolicies', () => {
  it('text: a dropped connection ends in "dropped" with the policy step and its reason', () => {
    const r = kroute([
      'trace',
      ...SHOP,
      '--from',
      'workload:monitoring/Deployment/prometheus',
      '--to',
      'api.shop:grpc',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /NetworkPolicy: dropped by the ingress policies of shop\/api-/);
    assert.match(r.stdout, /Result: dropped: No answer; the connection times out \(NetworkPolicy drops it\)/);
  });

  it('json: the outcome carries the decision; --protocol chooses the port', () => {
    const udp = JSON.parse(
      kroute([
        'trace',
        ...SHOP,
        '--from',
        'workload:shop/Deployment/api',
        '--to',
        'db.shop:5432',
        '--protocol',
        'UDP',
        '--format',
        'json',
      ]).stdout,
    ).trace;
    assert.equal(udp.outcome.kind, 'delivered');
    assert.deepEqual(udp.steps.find((s: { kind: string }) => s.kind === 'policy').policy.ingress.allowedBy, {
      policy: 'shop/db-from-api',
      rule: 0,
    });
    const tcp = JSON.parse(
      kroute([
        'trace',
        ...SHOP,
        '--from',
        'workload:shop/Deployment/api',
        '--to',
        'db.shop:5432',
        '--protocol',
        'TCP',
        '--format',
        'json',
      ]).stdout,
    ).trace;
    assert.equal(tcp.outcome.kind, 'dropped');
    assert.equal(tcp.outcome.policy.protocol, 'TCP');
  });

  it("--protocol applies to --to IP:port too (the ClusterIP's UDP and TCP 5432 are two rules, two decisions)", () => {
    const json = (protocol: string) =>
      JSON.parse(
        kroute([
          'trace',
          ...SHOP,
          '--from',
          'workload:shop/Deployment/api',
          '--to',
          `${clusterIP}:5432`,
          '--protocol',
          protocol,
          '--format',
          'json',
        ]).stdout,
      ).trace;
    const clusterIP = JSON.parse(
      kroute(['trace', ...SHOP, '--from', 'workload:shop/Deployment/api', '--to', 'db.shop:5432', '--format', 'json'])
        .stdout,
    )
      .trace.steps.find((s: { kind: string }) => s.kind === 'destination')
      .title.split(':')[0];
    assert.match(clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(json('UDP').outcome.kind, 'delivered');
    assert.equal(json('TCP').outcome.kind, 'dropped');
  });

  it('a port name the Service has only under another protocol is not served, and says which protocols it has', () => {
    const r = kroute(['trace', ...SHOP, '--to', 'api.shop:grpc', '--protocol', 'UDP']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /Result: not-served: shop\/api has no UDP port named "grpc" \(its ports: grpc \(9000\/TCP\), metrics \(9100\/TCP\)\)/,
    );
  });

  it('a bad --protocol is a usage error', () => {
    const r = kroute(['trace', ...SHOP, '--to', 'api.shop:grpc', '--protocol', 'ICMP']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--protocol must be one of TCP, UDP, SCTP/);
  });
});
