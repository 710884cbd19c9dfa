import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cidr,
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  domainPrefixedPath,
  ip,
  labelKey,
  labelValue,
  portName,
} from '../../../server/src/engine/validation/names';

// Cases from apimachinery's util/validation/validation_test.go, checked against the same messages.
describe('Kubernetes name and label validation', () => {
  const valid = (f: (v: string) => string[], ...values: string[]) => {
    for (const v of values) assert.deepEqual(f(v), [], `${v} is valid`);
  };
  const invalid = (f: (v: string) => string[], ...values: string[]) => {
    for (const v of values) assert.notDeepEqual(f(v), [], `${v} is invalid`);
  };

  it('DNS-1035 labels (Service names)', () => {
    valid(dns1035Label, 'a', 'ab', 'a-1', 'a--1--2--b', 'a'.repeat(63));
    invalid(dns1035Label, '', '1a', 'A', 'a-', '-a', 'a.b', 'a_b', 'a'.repeat(64));
    assert.deepEqual(dns1035Label('a'.repeat(64)), ['must be no more than 63 characters']);
  });

  it('DNS-1123 labels (Service port names) and subdomains (externalName)', () => {
    valid(dns1123Label, '8080-tcp', 'http', '1');
    invalid(dns1123Label, 'HTTP', 'a_b', 'a.b');
    valid(dns1123Subdomain, 'example.com', 'a.b.c', '1.2');
    invalid(dns1123Subdomain, 'Example.com', 'a..b', '-a.com', 'a_b.com');
  });

  it('IANA service names (targetPort, container port names)', () => {
    valid(portName, 'http', 'n-3456789012345', 'a1', 'h2c');
    assert.deepEqual(portName('n234567890123456'), ['must be no more than 15 characters']);
    assert.deepEqual(portName('123456'), ['must contain at least one letter (a-z)']);
    assert.deepEqual(portName('a--b'), ['must not contain consecutive hyphens']);
    assert.deepEqual(portName('-ab'), ['must not begin or end with a hyphen']);
    assert.deepEqual(portName('Http'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']);
  });

  it('label keys and values', () => {
    valid(labelKey, 'app', 'app.kubernetes.io/name', 'A_b.C-d', 'example.com/x');
    invalid(labelKey, '', '/a', 'a/', 'a/b/c', 'Example.com/a', 'a b', '-a', 'a'.repeat(64));
    valid(labelValue, '', 'v1.2_3', 'A', 'a'.repeat(63));
    invalid(labelValue, '-v1', 'a b', 'a'.repeat(64), 'v1.');
  });

  it('IPs and CIDRs (IPv4 and IPv6)', () => {
    valid(ip, '10.96.0.1', '::1', '2001:db8::ffff', '::ffff:10.0.0.1');
    invalid(ip, '10.96.0', '10.96.0.256', 'None', '1::2::3');
    valid(cidr, '10.0.0.0/8', '2001:db8::/64', '0.0.0.0/0');
    invalid(cidr, '10.0.0.0/33', '10.0.0.0', 'office', '2001:db8::/129');
  });

  it('IsDomainPrefixedPath: a subdomain, "/", then HTTP path characters; each error quotes its part', () => {
    for (const v of ['k8s.io/ingress-nginx', 'a/b', 'acme.io/FOO/bar', '10.0.0.1/foo', "x.io/a-._~%!$&'()*+,;=:"])
      assert.deepEqual(domainPrefixedPath(v), [], v);
    const notPrefixed = 'must be a domain-prefixed path (such as "acme.io/foo")';
    for (const v of ['ingress-nginx', '/b', 'a.io/'])
      assert.deepEqual(domainPrefixedPath(v), [{ value: v, detail: notPrefixed }], v);
    assert.deepEqual(
      domainPrefixedPath('Acme.io/a?b').map((e) => e.value),
      ['Acme.io', 'a?b'],
    );
    assert.match(domainPrefixedPath('acme.io/a b')[0]?.detail ?? '', /^Invalid path \(regex used for validation is '/);
  });
});
