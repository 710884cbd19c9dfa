import type { FieldPath } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import { ipFamily, nonSpecialIP } from '../validation/ips';
import { dns1123Label, dns1123Subdomain, labelKey, labelValue, qualifiedName } from '../validation/names';
import { listOf as list, reportProblems, type Problem } from './problems';
import { fieldError, fieldPath, get, isRecord, resourceRule } from './support';

// ValidateEndpointSlice (pkg/apis/discovery/validation/validation.go) on a discovery.k8s.io/v1
// EndpointSlice after its defaulting (pkg/apis/discovery/v1/defaults.go: a port's name defaults
// to "" and its protocol to TCP). The fields sit at the top level, so the paths have no `spec.`.

type Out = Problem[];

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ENDPOINTS = 1000;
const MAX_ZONE_HINTS = 8;
/** A v1 deprecatedTopology may not carry the zone label: conversion moves it to `zone` only from v1beta1. */
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** validateAddressType. */
function addressType(type: unknown, out: Out): void {
  if (typeof type !== 'string' || !type)
    out.push({ at: ['addressType'], part: 'key', message: fieldError.required(['addressType']) });
  else if (!ADDRESS_TYPES.includes(type))
    out.push({ at: ['addressType'], message: fieldError.unsupported(['addressType'], type, ADDRESS_TYPES) });
}

/** validation.IsFullyQualifiedDomainName: a subdomain (a trailing dot allowed) of at least two labels. */
function fqdnErrors(name: string): [value: string, detail: string][] {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  const subdomain = dns1123Subdomain(bare);
  if (subdomain.length) return [[bare, subdomain.join(',')]];
  const labels = bare.split('.');
  if (labels.length < 2) return [[bare, 'should be a domain with at least two segments separated by dots']];
  for (const label of labels) {
    const errs = dns1123Label(label);
    if (errs.length) return [[label, errs.join(',')]];
  }
  return [];
}

/** One address for the slice's addressType: IsValidIPv4Address / IsValidIPv6Address then ValidateEndpointIP, or an FQDN. */
function address(type: unknown, value: string, path: FieldPath, out: Out): void {
  if (type === 'FQDN') {
    if (!value) out.push({ at: path, message: fieldError.required(path) });
    else for (const [v, e] of fqdnErrors(value)) out.push({ at: path, message: fieldError.invalid(path, v, e) });
  } else if (type === 'IPv4' || type === 'IPv6') {
    if (ipFamily(value) !== type)
      out.push({ at: path, message: fieldError.invalid(path, value, `must be a valid ${type} address`) });
    else for (const e of nonSpecialIP(value)) out.push({ at: path, message: fieldError.invalid(path, value, e) });
  }
}

/** metav1 ValidateLabels on deprecatedTopology, its size limit, and the reserved zone key. */
function topology(map: Record<string, unknown>, path: FieldPath, out: Out): void {
  const keys = Object.keys(map);
  if (keys.length > MAX_TOPOLOGY_LABELS)
    out.push({ at: path, part: 'key', message: fieldError.tooMany(path, keys.length, MAX_TOPOLOGY_LABELS) });
  for (const [k, v] of Object.entries(map)) {
    for (const e of labelKey(k)) out.push({ at: [...path, k], part: 'key', message: fieldError.invalid(path, k, e) });
    if (typeof v === 'string')
      for (const e of labelValue(v)) out.push({ at: [...path, k], message: fieldError.invalid(path, v, e) });
  }
  if (ZONE_LABEL in map)
    out.push({
      at: [...path, ZONE_LABEL],
      part: 'key',
      message: `${fieldPath(path)}[${ZONE_LABEL}]: Internal error: reserved key was not removed in conversion`,
    });
}

/** validateHints: at most 8 zones, each a label value, none twice. */
function hints(h: unknown, path: FieldPath, out: Out): void {
  const zones = list(get(h, ['forZones']));
  const zonesPath = [...path, 'forZones'];
  if (zones.length > MAX_ZONE_HINTS) {
    out.push({ at: zonesPath, part: 'key', message: fieldError.tooMany(zonesPath, zones.length, MAX_ZONE_HINTS) });
    return;
  }
  const seen = new Set<string>();
  zones.forEach((z, i) => {
    const name = get(z, ['name']);
    if (typeof name !== 'string') return;
    const p = [...zonesPath, i, 'name'];
    if (seen.has(name)) out.push({ at: p, message: fieldError.duplicate(p, name) });
    seen.add(name);
    for (const e of labelValue(name)) out.push({ at: p, message: fieldError.invalid(p, name, e) });
  });
}

/** validateEndpoints. */
function endpoints(slice: unknown, out: Out): void {
  const all = list(get(slice, ['endpoints']));
  if (all.length > MAX_ENDPOINTS) {
    out.push({ at: ['endpoints'], part: 'key', message: fieldError.tooMany(['endpoints'], all.length, MAX_ENDPOINTS) });
    return;
  }
  const type = get(slice, ['addressType']);
  all.forEach((e, i) => {
    const path = ['endpoints', i];
    const addresses = list(get(e, ['addresses']));
    const addressPath = [...path, 'addresses'];
    if (!addresses.length)
      out.push({
        at: addressPath,
        part: 'key',
        message: fieldError.required(addressPath, 'must contain at least 1 address'),
      });
    else if (addresses.length > MAX_ADDRESSES)
      out.push({
        at: addressPath,
        part: 'key',
        message: fieldError.tooMany(addressPath, addresses.length, MAX_ADDRESSES),
      });
    addresses.forEach((a, j) => {
      if (typeof a === 'string') address(type, a, [...addressPath, j], out);
    });
    const nodeName = get(e, ['nodeName']);
    if (typeof nodeName === 'string')
      for (const m of dns1123Subdomain(nodeName))
        out.push({ at: [...path, 'nodeName'], message: fieldError.invalid([...path, 'nodeName'], nodeName, m) });
    const topo = get(e, ['deprecatedTopology']);
    if (isRecord(topo)) topology(topo, [...path, 'deprecatedTopology'], out);
    const hostname = get(e, ['hostname']);
    if (typeof hostname === 'string')
      for (const m of dns1123Label(hostname))
        out.push({ at: [...path, 'hostname'], message: fieldError.invalid([...path, 'hostname'], hostname, m) });
    const h = get(e, ['hints']);
    if (isRecord(h)) hints(h, [...path, 'hints'], out);
  });
}

/** validatePorts: names DNS-1123 labels (or empty) and unique, protocols TCP/UDP/SCTP, appProtocol a qualified name. */
function ports(slice: unknown, out: Out): void {
  const all = list(get(slice, ['ports']));
  if (all.length > MAX_PORTS) {
    out.push({ at: ['ports'], part: 'key', message: fieldError.tooMany(['ports'], all.length, MAX_PORTS) });
    return;
  }
  const names = new Set<string>();
  all.forEach((port, i) => {
    const p = (f: string) => ['ports', i, f];
    const written = get(port, ['name']);
    const name = typeof written === 'string' ? written : '';
    const where = typeof written === 'string' ? p('name') : ['ports', i];
    for (const e of name ? dns1123Label(name) : [])
      out.push({ at: where, message: fieldError.invalid(p('name'), name, e) });
    if (names.has(name))
      out.push({
        at: where,
        part: typeof written === 'string' ? 'value' : 'key',
        message: fieldError.duplicate(p('name'), name),
      });
    names.add(name);
    const protocol = get(port, ['protocol']);
    if (typeof protocol === 'string' && !PROTOCOLS.includes(protocol))
      out.push({ at: p('protocol'), message: fieldError.unsupported(p('protocol'), protocol, PROTOCOLS) });
    const app = get(port, ['appProtocol']);
    if (typeof app === 'string')
      for (const e of qualifiedName(app))
        out.push({ at: p('appProtocol'), message: fieldError.invalid(p('appProtocol'), app, e) });
  });
}

/** Every problem of one EndpointSlice, in ValidateEndpointSlice's order (its metadata is metadata-invalid's). */
export function endpointSliceProblems(r: ManifestResource): Problem[] {
  const out: Out = [];
  addressType(get(r.object, ['addressType']), out);
  endpoints(r.object, out);
  ports(r.object, out);
  return out;
}

export const endpointSliceInvalid = resourceRule({
  code: 'endpointslice-invalid',
  defaultSeverity: 'error',
  description:
    'An EndpointSlice the API server rejects: a bad addressType, an address that does not fit it, ' +
    'a bad port name, protocol or appProtocol, hostname, node name, topology or zone hint, ' +
    'or too many items.',
  checkOne(r, { cluster }, report) {
    if (r.kind !== 'EndpointSlice' || r.apiVersion !== 'discovery.k8s.io/v1') return;
    reportProblems(cluster, r, this.code, endpointSliceProblems(r), report);
  },
});
