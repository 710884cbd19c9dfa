import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addressRanges,
  egressVerdict,
  formatConnections,
  ingressVerdict,
  normalizePolicy,
  type PolicyEndpoint,
  type PolicyPod,
} from '../../../server/src/engine/netpol';
import { cidrInterval } from '../../../server/src/engine/netpol/policy';
import { formatIPv4 } from '../../../server/src/engine/model/ip';
import { address, allowed, load, pod } from './helpers';

// Concept page: https://kubernetes.io/docs/concepts/services-networking/network-policies/
// API reference: https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/

const policyOnly = (spec: string) =>
  load(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: ns }\nspec:\n${spec}\n`)
    .set.policies[0];

describe('policyTypes defaulting (SetDefaults_NetworkPolicy, API reference NetworkPolicySpec.policyTypes)', () => {
  it('no policyTypes and no egress rules: Ingress only', () => {
    assert.deepEqual(policyOnly('  podSelector: {}').policyTypes, { ingress: true, egress: false });
  });
  it('no policyTypes with egress rules: Ingress and Egress (so the policy also isolates ingress)', () => {
    assert.deepEqual(policyOnly('  podSelector: {}\n  egress: [{}]').policyTypes, { ingress: true, egress: true });
  });
  it('an empty egress list counts as no egress rules', () => {
    assert.deepEqual(policyOnly('  podSelector: {}\n  egress: []').policyTypes, { ingress: true, egress: false });
  });
  it('written policyTypes are kept as written', () => {
    const p = policyOnly('  podSelector: {}\n  policyTypes: [Egress]\n  ingress: [{}]');
    assert.deepEqual(p.policyTypes, { ingress: false, egress: true });
    assert.equal(p.policyTypesWritten, true);
  });
  it('an absent podSelector is the empty selector (a struct in networking/v1): every pod of the namespace', () => {
    assert.deepEqual(policyOnly('  policyTypes: [Ingress]').podSelector, { requirements: [] });
  });
});

describe('isolation and additive policies (concept page, "The two sorts of pod isolation")', () => {
  const { cluster, set } = load('shop-with-policies.yaml');
  const web = pod(cluster, 'shop/Deployment/web');
  const api = pod(cluster, 'shop/Deployment/api');
  const db = pod(cluster, 'shop/StatefulSet/db');
  const prometheus = pod(cluster, 'monitoring/Deployment/prometheus');

  it('a pod no policy selects is not isolated: everything in and out is allowed', () => {
    assert.equal(allowed(set, prometheus, address('8.8.8.8')), 'All Connections');
    assert.equal(ingressVerdict(set, web, podIn(prometheus)).isolatedBy.length, 0);
  });

  it('a policy with no ingress rules isolates its pods for ingress and allows nothing', () => {
    assert.equal(allowed(set, prometheus, web), 'No Connections');
    assert.deepEqual(
      ingressVerdict(set, prometheus, podIn(web))
        .isolatedBy.map((p) => p.name)
        .sort(),
      ['default-deny-ingress', 'web-egress'],
    );
  });

  it('policies add up: api admits the web tier on 9000-9010 and the monitoring namespace on its metrics port', () => {
    assert.equal(formatConnections(ingressVerdict(set, web, podIn(api)).allowed), 'TCP 9000-9010');
    assert.equal(allowed(set, prometheus, api), 'TCP 9100');
  });

  it('a connection needs both the source egress and the destination ingress', () => {
    // web's egress allows everything to api; api's ingress only 9000-9010.
    assert.equal(formatConnections(egressVerdict(set, podIn(web), api).allowed), 'All Connections');
    assert.equal(allowed(set, web, api), 'TCP 9000-9010');
    // db admits api, but nothing admits web's egress toward db.
    assert.equal(allowed(set, web, db), 'No Connections');
  });

  it('egress isolation leaves only what a rule allows: DNS to kube-system, SCTP to an address block', () => {
    assert.equal(allowed(set, web, address('8.8.8.8')), 'No Connections');
    assert.equal(allowed(set, web, address('203.0.113.5')), 'SCTP 1-65535');
    assert.equal(allowed(set, web, address('203.0.113.200')), 'No Connections', 'except carves the upper half out');
  });
});

/** The pod behind an endpoint the helpers built from a workload. */
function podIn(e: PolicyEndpoint): PolicyPod {
  assert.equal(e.kind, 'pod');
  return (e as { pod: PolicyPod }).pod;
}

describe('peers (API reference, NetworkPolicyPeer)', () => {
  /** A bare pod in `namespace` labelled `role`. */
  const podManifest = (namespace: string, name: string, role: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: ${namespace}, labels: { role: ${role} } }\nspec: { containers: [{ name: c, image: x }] }\n`;
  const manifests = [
    'apiVersion: v1\nkind: Namespace\nmetadata: { name: tools, labels: { purpose: debug } }\n',
    podManifest('app', 'target', 'target'),
    podManifest('app', 'client', 'client'),
    podManifest('tools', 'client', 'client'),
    podManifest('tools', 'other', 'other'),
    podManifest('plain', 'client', 'client'),
  ].join('---\n');
  const withPolicy = (from: string) =>
    load(
      manifests,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: app }\nspec:\n  podSelector: { matchLabels: { role: target } }\n  ingress:\n  - ${from}\n`,
    );
  const reach = (from: string) => {
    const { cluster, set } = withPolicy(from);
    const target = pod(cluster, 'app/Pod/target');
    return ['app/Pod/client', 'tools/Pod/client', 'tools/Pod/other', 'plain/Pod/client']
      .filter((k) => allowed(set, pod(cluster, k), target) !== 'No Connections')
      .concat(allowed(set, address('192.0.2.1'), target) !== 'No Connections' ? ['192.0.2.1'] : []);
  };

  it("podSelector alone: pods of the policy's own namespace", () => {
    assert.deepEqual(reach('from: [{ podSelector: { matchLabels: { role: client } } }]'), ['app/Pod/client']);
  });
  it("namespaceSelector alone: every pod of the namespaces whose labels match (a Namespace object's labels)", () => {
    assert.deepEqual(reach('from: [{ namespaceSelector: { matchLabels: { purpose: debug } } }]'), [
      'tools/Pod/client',
      'tools/Pod/other',
    ]);
  });
  it('kubernetes.io/metadata.name selects a namespace that has no Namespace object', () => {
    assert.deepEqual(reach('from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: plain } } }]'), [
      'plain/Pod/client',
    ]);
  });
  it('both in one peer: the matching pods of the matching namespaces (AND)', () => {
    assert.deepEqual(
      reach(
        'from: [{ namespaceSelector: { matchLabels: { purpose: debug } }, podSelector: { matchLabels: { role: client } } }]',
      ),
      ['tools/Pod/client'],
    );
  });
  it('two peers: either (OR)', () => {
    assert.deepEqual(
      reach(
        'from: [{ namespaceSelector: { matchLabels: { purpose: debug } } }, { podSelector: { matchLabels: { role: client } } }]',
      ),
      ['app/Pod/client', 'tools/Pod/client', 'tools/Pod/other'],
    );
  });
  it('an empty namespaceSelector: every namespace', () => {
    assert.deepEqual(reach('from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: client } } }]'), [
      'app/Pod/client',
      'tools/Pod/client',
      'plain/Pod/client',
    ]);
  });
  it('an empty or absent from: every source, pods and addresses', () => {
    const all = ['app/Pod/client', 'tools/Pod/client', 'tools/Pod/other', 'plain/Pod/client', '192.0.2.1'];
    assert.deepEqual(reach('from: []'), all);
    assert.deepEqual(reach('ports: [{ port: 80 }]'), all);
  });
  it('ipBlock selects addresses only, not pods', () => {
    assert.deepEqual(reach('from: [{ ipBlock: { cidr: 0.0.0.0/0 } }]'), ['192.0.2.1']);
  });
});

describe('ports (API reference, NetworkPolicyPort)', () => {
  const { cluster, set } = load('shop-with-policies.yaml');
  const api = pod(cluster, 'shop/Deployment/api');
  const db = pod(cluster, 'shop/StatefulSet/db');

  it('endPort makes a range from port', () => {
    assert.equal(allowed(set, pod(cluster, 'shop/Deployment/web'), api), 'TCP 9000-9010');
  });
  it("a named port resolves to the destination pod's container port of that name and protocol", () => {
    assert.equal(allowed(set, api, db), 'UDP 5432');
  });
  it('a protocol without a port: every port of that protocol', () => {
    assert.equal(allowed(set, pod(cluster, 'shop/Deployment/web'), address('203.0.113.1')), 'SCTP 1-65535');
  });
  it('a named port toward an address resolves to nothing', () => {
    const { set: s } = load(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ ports: [{ port: http }] }]\n`,
      'shop-with-policies.yaml',
    );
    assert.equal(allowed(s, pod(cluster, 'shop/Deployment/api'), address('1.1.1.1')), 'No Connections');
  });
  it('protocol defaults to TCP', () => {
    assert.equal(
      policyOnly('  podSelector: {}\n  ingress: [{ ports: [{ port: 80 }] }]').ingress[0].ports![0].protocol,
      'TCP',
    );
  });
});

describe('ipBlock address arithmetic', () => {
  const range = (r: readonly [number, number]) => `${formatIPv4(r[0])}-${formatIPv4(r[1])}`;
  it('cidr is taken as its network (ParseCIDRSloppy accepts host bits)', () => {
    assert.equal(range(cidrInterval('10.1.2.3/8')!), '10.0.0.0-10.255.255.255');
  });
  it('except carves ranges out of cidr', () => {
    const p = normalizePolicy(
      load(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p }\nspec:\n  podSelector: {}\n  ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8, except: [10.11.0.0/16] } }] }]\n`,
      ).set.policies[0].resource,
      'default',
    );
    const peer = p.ingress[0].peers![0];
    assert.equal(peer.kind, 'ipBlock');
    assert.deepEqual(peer.addresses.map(range), ['10.0.0.0-10.10.255.255', '10.12.0.0-10.255.255.255']);
  });
  it('the address space is cut where some block starts or ends and membership changes', () => {
    const block = [cidrInterval('10.0.0.0/8')!, cidrInterval('10.11.0.0/16')!];
    const tenMinusEleven = [
      [block[0][0], cidrInterval('10.10.255.255/32')![0]],
      [cidrInterval('10.12.0.0/32')![0], block[0][1]],
    ] as [number, number][];
    assert.deepEqual(addressRanges([tenMinusEleven]).map(range), [
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.10.255.255',
      '10.11.0.0-10.11.255.255',
      '10.12.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
    ]);
    assert.deepEqual(addressRanges([]).map(range), ['0.0.0.0-255.255.255.255']);
  });
});
