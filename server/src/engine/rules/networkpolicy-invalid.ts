import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { isNetworkPolicy, writtenRules } from '../netpol/policy';
import { cidr, cidrRange, portName, portNumber } from '../validation/names';
import type { Fix } from '../types';
import { caseFix } from './edits';
import { at, fieldError, fieldPath, get, goValue, isRecord, resourceRule } from './support';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const POLICY_TYPES = ['Egress', 'Ingress'];

/**
 * ValidateNetworkPolicySpec (pkg/apis/networking/validation/validation.go): ports
 * (ValidateNetworkPolicyPort), peers (ValidateNetworkPolicyPeer, ValidateIPBlock) and
 * policyTypes, with the API server's field.Error messages. Label selectors are selector-invalid's.
 */
export const networkPolicyInvalid = resourceRule({
  code: 'networkpolicy-invalid',
  defaultSeverity: 'error',
  description: 'A NetworkPolicy the API server rejects: a bad port, endPort, protocol, peer, CIDR or policyType.',
  checkOne(r, { cluster }, report) {
    if (!isNetworkPolicy(r)) return;
    const add: Add = (path, message, part = 'value', fixes = []) => {
      report({ ...at(cluster, r, path, part), code: this.code, message, ...(fixes.length ? { fixes } : {}) });
    };
    for (const { path: rulePath, rule, peersField } of writtenRules(r.object)) {
      const ports = get(rule, ['ports']);
      if (Array.isArray(ports))
        ports.forEach((p, j) => {
          checkPort(r, [...rulePath, 'ports', j], p, add);
        });
      const peers = get(rule, [peersField]);
      if (Array.isArray(peers)) peers.forEach((p, j) => checkPeer([...rulePath, peersField, j], p, add));
    }
    checkPolicyTypes(r, add);
  },
});

type Add = (path: FieldPath, message: string, part?: 'key' | 'value', fixes?: Fix[]) => void;

/** ValidateNetworkPolicyPort. */
// Upstream quotes field names in backticks (`port`, `cidr`); the Problems panel shows them literally,
// so they are named plainly, as in every rule's message.
function checkPort(r: ManifestResource, path: FieldPath, raw: unknown, add: Add): void {
  if (!isRecord(raw)) return;
  if (raw.protocol !== undefined && !PROTOCOLS.includes(raw.protocol as string)) {
    const protocolPath = [...path, 'protocol'];
    add(
      protocolPath,
      fieldError.unsupported(protocolPath, raw.protocol, PROTOCOLS),
      'value',
      caseFix(r, protocolPath, raw.protocol, PROTOCOLS),
    );
  }
  const { port, endPort } = raw;
  const hasEnd = endPort !== undefined && endPort !== null;
  if (port === undefined || port === null) {
    if (hasEnd)
      add(
        [...path, 'endPort'],
        fieldError.invalid([...path, 'endPort'], endPort, 'may not be specified when port is not specified'),
      );
    return;
  }
  if (typeof port === 'number') {
    for (const e of portNumber(port)) add([...path, 'port'], fieldError.invalid([...path, 'port'], port, e));
    if (hasEnd && typeof endPort === 'number') {
      if (endPort < port)
        add(
          [...path, 'endPort'],
          fieldError.invalid([...path, 'endPort'], port, 'must be greater than or equal to port'),
        );
      for (const e of portNumber(endPort))
        add([...path, 'endPort'], fieldError.invalid([...path, 'endPort'], endPort, e));
    }
  } else if (typeof port === 'string') {
    if (hasEnd)
      add(
        [...path, 'endPort'],
        fieldError.invalid([...path, 'endPort'], endPort, 'may not be specified when port is non-numeric'),
      );
    for (const e of portName(port)) add([...path, 'port'], fieldError.invalid([...path, 'port'], port, e));
  }
}

/** ValidateNetworkPolicyPeer and ValidateIPBlock. */
function checkPeer(path: FieldPath, raw: unknown, add: Add): void {
  if (!isRecord(raw)) return;
  const set = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (!set.length) {
    add(path, fieldError.required(path, 'must specify a peer'));
    return;
  }
  if (set.length > 1 && set.includes('ipBlock'))
    add(path, fieldError.forbidden(path, 'may not specify both ipBlock and another peer'));
  if (!isRecord(raw.ipBlock)) return;
  const block = raw.ipBlock;
  const cidrPath: FieldPath = [...path, 'ipBlock', 'cidr'];
  if (typeof block.cidr !== 'string' || !block.cidr) {
    add(
      block.cidr === undefined ? [...path, 'ipBlock'] : cidrPath,
      fieldError.required(cidrPath, ''),
      block.cidr === undefined ? 'key' : 'value',
    );
    return;
  }
  const cidrErrors = cidr(block.cidr);
  for (const e of cidrErrors) add(cidrPath, fieldError.invalid(cidrPath, block.cidr, e));
  if (cidrErrors.length || !Array.isArray(block.except)) return;
  const outer = cidrRange(block.cidr)!;
  block.except.forEach((e, i) => {
    const exceptPath: FieldPath = [...path, 'ipBlock', 'except', i];
    if (typeof e !== 'string') return;
    const errors = cidr(e);
    for (const m of errors) add(exceptPath, fieldError.invalid(exceptPath, e, m));
    const inner = cidrRange(e);
    if (errors.length || !inner) return;
    // ValidateIPBlock: cidr must contain except's (masked) address and have a shorter prefix; an
    // address of the other family is never contained.
    const contained = inner.family === outer.family && outer.lo <= inner.lo && inner.lo <= outer.hi;
    if (!contained || outer.bits >= inner.bits)
      add(exceptPath, fieldError.invalid(exceptPath, e, 'must be a strict subset of cidr'));
  });
}

/** At most two policyTypes, each Ingress or Egress. */
function checkPolicyTypes(r: ManifestResource, add: Add): void {
  const types = get(r.object, ['spec', 'policyTypes']);
  if (!Array.isArray(types)) return;
  const path: FieldPath = ['spec', 'policyTypes'];
  if (types.length > 2) {
    // field.Error prints the internal slice with %#v, element type and all.
    const value = `[]networking.PolicyType{${types.map(goValue).join(', ')}}`;
    add(path, `${fieldPath(path)}: Invalid value: ${value}: may not specify more than two policyTypes`);
    return;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t as string))
      add(
        [...path, i],
        fieldError.unsupported([...path, i], t, POLICY_TYPES),
        'value',
        caseFix(r, [...path, i], t, POLICY_TYPES),
      );
  });
}
