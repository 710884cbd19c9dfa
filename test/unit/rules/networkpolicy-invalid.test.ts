import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrRange } from '../../../server/src/engine/validation/names';
import { check } from './helpers';

// The messages of networkpolicy-invalid (ValidateNetworkPolicyPort/Peer, ValidateIPBlock,
// policyTypes) and, for label selectors (ValidateLabelSelector), label-invalid and selector-invalid,
// on TestValidateNetworkPolicy's error cases (pkg/apis/networking/validation/validation_test.go);
// validate-networkpolicy.test.ts runs the whole table, valid cases included, field path by field
// path. The base policy is makeValidNetworkPolicy's: `podSelector: {matchLabels: {a: b}}` in
// namespace bar.
const CODES = ['networkpolicy-invalid', 'label-invalid', 'selector-invalid'];

function errors(spec: string): string[] {
  const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: foo, namespace: bar }
spec:
${spec.includes('podSelector:') && /^ {2}podSelector/m.test(spec) ? '' : '  podSelector: { matchLabels: { a: b } }\n'}${spec}
`;
  return check(text)
    .all.filter((d) => CODES.includes(d.code))
    .map((d) => `${d.code}: ${d.message}`);
}

const invalidSelector = '{ matchLabels: { "NoUppercaseOrSpecialCharsLike=Equals": b } }';
const failure: Record<string, [string, RegExp]> = {
  'namespaceSelector and ipBlock': [
    '  ingress: [{ from: [{ namespaceSelector: { matchLabels: { c: d } }, ipBlock: { cidr: 192.168.0.0/16 } }] }]',
    /may not specify both ipBlock and another peer/,
  ],
  'podSelector and ipBlock': [
    '  egress: [{ to: [{ podSelector: { matchLabels: { c: d } }, ipBlock: { cidr: 192.168.0.0/16 } }] }]',
    /may not specify both ipBlock and another peer/,
  ],
  'missing from and to type': ['  ingress: [{ from: [{}] }]\n  egress: [{ to: [{}] }]', /must specify a peer/],
  'invalid spec.podSelector': [
    `  podSelector: ${invalidSelector}\n  ingress: [{ from: [{ namespaceSelector: { matchLabels: { c: d } } }] }]`,
    /label-invalid: spec\.podSelector\.matchLabels/,
  ],
  'invalid ingress.ports.protocol': [
    '  ingress: [{ ports: [{ protocol: ICMP, port: 80 }] }]',
    /Unsupported value: "ICMP"/,
  ],
  'invalid ingress.ports.port (int)': [
    '  ingress: [{ ports: [{ protocol: TCP, port: 123456789 }] }]',
    /must be between 1 and 65535/,
  ],
  'invalid ingress.ports.port (str)': [
    '  ingress: [{ ports: [{ protocol: TCP, port: "!@#$" }] }]',
    /spec\.ingress\[0\]\.ports\[0\]\.port/,
  ],
  'invalid ingress.from.podSelector': [
    `  ingress: [{ from: [{ podSelector: ${invalidSelector} }] }]`,
    /label-invalid: spec\.ingress\[0\]\.from\[0\]\.podSelector\.matchLabels/,
  ],
  'invalid egress.to.podSelector': [
    `  egress: [{ to: [{ podSelector: ${invalidSelector} }] }]`,
    /label-invalid: spec\.egress\[0\]\.to\[0\]\.podSelector\.matchLabels/,
  ],
  'invalid egress.ports.protocol': [
    '  egress: [{ ports: [{ protocol: ICMP, port: 80 }] }]',
    /Unsupported value: "ICMP"/,
  ],
  'invalid egress.ports.port (int)': [
    '  egress: [{ ports: [{ protocol: TCP, port: 123456789 }] }]',
    /must be between 1 and 65535/,
  ],
  'invalid egress.ports.port (str)': [
    '  egress: [{ ports: [{ protocol: TCP, port: "!@#$" }] }]',
    /spec\.egress\[0\]\.ports\[0\]\.port/,
  ],
  'invalid ingress.from.namespaceSelector': [
    `  ingress: [{ from: [{ namespaceSelector: ${invalidSelector} }] }]`,
    /label-invalid: spec\.ingress\[0\]\.from\[0\]\.namespaceSelector\.matchLabels/,
  ],
  'missing cidr field': ['  ingress: [{ from: [{ ipBlock: { cidr: "" } }] }]', /Required value/],
  'invalid cidr format': ['  ingress: [{ from: [{ ipBlock: { cidr: 192.168.5.6 } }] }]', /must be a valid CIDR value/],
  'invalid ipv6 cidr format': [
    '  ingress: [{ from: [{ ipBlock: { cidr: "fd00:192:168::" } }] }]',
    /must be a valid CIDR value/,
  ],
  'except field is an empty string': [
    '  ingress: [{ from: [{ ipBlock: { cidr: 192.168.0.0/16, except: ["", " "] } }] }]',
    /except\[1\].*must be a valid CIDR value/,
  ],
  'except IP is outside of CIDR range': [
    '  ingress: [{ from: [{ ipBlock: { cidr: 192.168.8.0/24, except: [192.168.9.1/24] } }] }]',
    /must be a strict subset of cidr/,
  ],
  'except IP is not strictly within CIDR range': [
    '  ingress: [{ from: [{ ipBlock: { cidr: 192.168.0.0/24, except: [192.168.0.0/24] } }] }]',
    /must be a strict subset of cidr/,
  ],
  'except IPv6 is outside of CIDR range': [
    '  ingress: [{ from: [{ ipBlock: { cidr: "fd00:192:168:1::/64", except: ["fd00:192:168:2::/64"] } }] }]',
    /must be a strict subset of cidr/,
  ],
  'invalid policyTypes': ['  policyTypes: [foo, bar]', /Unsupported value: "foo"/],
  'too many policyTypes': [
    '  policyTypes: [foo, bar, baz]',
    /^networkpolicy-invalid: spec\.policyTypes: Invalid value: \[\]networking\.PolicyType\{"foo", "bar", "baz"\}: may not specify more than two policyTypes$/,
  ],
  'multiple ports defined, one port range is invalid': [
    '  egress: [{ ports: [{ protocol: UDP, port: 35000, endPort: 32768 }, { port: 32000, endPort: 32768 }] }]',
    /endPort.*must be greater than or equal to port/,
  ],
  'endPort defined with named/string port': [
    '  egress: [{ ports: [{ protocol: UDP, port: dns, endPort: 32768 }, { port: 32000, endPort: 32768 }] }]',
    /may not be specified when port is non-numeric/,
  ],
  'endPort defined without port defined': [
    '  egress: [{ ports: [{ protocol: TCP, endPort: 32768 }] }]',
    /may not be specified when port is not specified/,
  ],
  'port is greater than endPort': [
    '  egress: [{ ports: [{ protocol: SCTP, port: 33000, endPort: 32768 }] }]',
    /must be greater than or equal to port/,
  ],
  'multiple invalid port ranges defined': [
    '  egress: [{ ports: [{ protocol: UDP, port: 35000, endPort: 32768 }, { protocol: TCP, endPort: 32768 }, { protocol: TCP, port: https, endPort: 32768 }] }]',
    /non-numeric/,
  ],
  'invalid endport range defined': [
    '  egress: [{ ports: [{ port: 30000, endPort: 65537 }] }]',
    /endPort.*must be between 1 and 65535/,
  ],
};

describe('ValidateNetworkPolicy messages (the error cases of TestValidateNetworkPolicy)', () => {
  for (const [name, [spec, message]] of Object.entries(failure)) {
    it(`rejects: ${name}`, () => {
      const found = errors(spec);
      assert.ok(
        found.some((m) => message.test(m)),
        found.join('\n') || 'no error',
      );
    });
  }

  it('an invalid matchExpressions operator in a peer selector is selector-invalid', () => {
    const found = errors(
      '  ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: app, operator: Equals, values: [a] }] } }] }]',
    );
    assert.ok(
      found.some((m) =>
        m.startsWith('selector-invalid: spec.ingress[0].from[0].podSelector.matchExpressions[0].operator'),
      ),
      found.join('\n'),
    );
  });

  it('an IPv4 except under an IPv6 cidr is never a subset (net.IPNet.Contains of the other family)', () => {
    assert.ok(
      errors('  ingress: [{ from: [{ ipBlock: { cidr: "fd00::/8", except: [10.0.0.0/8] } }] }]').some((m) =>
        m.includes('strict subset'),
      ),
    );
  });
});

describe('cidrRange (net.ParseCIDR: the address masked to its prefix)', () => {
  it('IPv4 and IPv6, with :: in any place and an IPv4 tail', () => {
    assert.deepEqual(cidrRange('192.168.9.1/24'), { family: 4, lo: 0xc0a80900n, hi: 0xc0a809ffn, bits: 24 });
    assert.equal(cidrRange('fd00:192:168:2::/64')!.lo, 0xfd000192016800020000000000000000n);
    assert.equal(cidrRange('::ffff:10.0.0.1/128')!.lo, 0xffff0a000001n);
    assert.equal(cidrRange('::/0')!.hi, (1n << 128n) - 1n);
    assert.equal(cidrRange('10.0.0.0/33'), undefined);
  });
});
