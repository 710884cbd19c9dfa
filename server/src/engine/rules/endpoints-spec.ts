import type { ManifestResource } from '../manifest/resource';
import { nonSpecialIP } from '../validation/ips';
import { dns1123Label, dns1123Subdomain, ip, portNumber, qualifiedName } from '../validation/names';
import { listOf, reportProblems, type Problem } from './problems';
import { fieldError, get, isRecord, resourceRule } from './support';

// ValidateEndpointsCreate → ValidateEndpoints (pkg/apis/core/validation/validation.go) on a v1
// Endpoints after its defaulting (SetDefaults_Endpoints: a port's protocol defaults to TCP). Its
// metadata is metadata-invalid's.

type Out = Problem[];

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** validateEndpointAddress: IsValidIPForLegacyField, hostname, nodeName, then ValidateEndpointIP (not a special address). */
function address(a: unknown, path: (string | number)[], out: Out): void {
  if (!isRecord(a)) return;
  const p = (f: string) => [...path, f];
  const value = typeof a.ip === 'string' ? a.ip : '';
  const where = a.ip === undefined ? { at: path, part: 'key' as const } : { at: p('ip') };
  const errs = ip(value);
  for (const e of errs) out.push({ ...where, message: fieldError.invalid(p('ip'), value, e) });
  if (typeof a.hostname === 'string' && a.hostname)
    for (const e of dns1123Label(a.hostname))
      out.push({ at: p('hostname'), message: fieldError.invalid(p('hostname'), a.hostname, e) });
  if (typeof a.nodeName === 'string')
    for (const e of dns1123Subdomain(a.nodeName))
      out.push({ at: p('nodeName'), message: fieldError.invalid(p('nodeName'), a.nodeName, e) });
  for (const e of nonSpecialIP(value)) out.push({ ...where, message: fieldError.invalid(p('ip'), value, e) });
}

/** validateEndpointPort: a name (required when the subset has several ports), the number, protocol and appProtocol. */
function port(port: unknown, requireName: boolean, path: (string | number)[], out: Out): void {
  if (!isRecord(port)) return;
  const p = (f: string) => [...path, f];
  const name = typeof port.name === 'string' ? port.name : '';
  if (requireName && !name)
    out.push({
      at: port.name === undefined ? path : p('name'),
      part: port.name === undefined ? 'key' : 'value',
      message: fieldError.required(p('name')),
    });
  else if (name)
    for (const e of dns1123Label(name)) out.push({ at: p('name'), message: fieldError.invalid(p('name'), name, e) });
  const number = Number.isInteger(port.port) ? (port.port as number) : 0;
  for (const e of portNumber(number))
    out.push({
      at: port.port === undefined ? path : p('port'),
      part: port.port === undefined ? 'key' : 'value',
      message: fieldError.invalid(p('port'), number, e),
    });
  if (typeof port.protocol === 'string' && !PROTOCOLS.includes(port.protocol))
    out.push({ at: p('protocol'), message: fieldError.unsupported(p('protocol'), port.protocol, PROTOCOLS) });
  if (typeof port.appProtocol === 'string')
    for (const e of qualifiedName(port.appProtocol))
      out.push({ at: p('appProtocol'), message: fieldError.invalid(p('appProtocol'), port.appProtocol, e) });
}

/** validateEndpointSubsets: each subset has an address (ready or not); its addresses and ports are valid. */
export function endpointsProblems(r: ManifestResource): Problem[] {
  const out: Out = [];
  listOf(get(r.object, ['subsets'])).forEach((s, i) => {
    const path = ['subsets', i];
    const ready = listOf(get(s, ['addresses']));
    const notReady = listOf(get(s, ['notReadyAddresses']));
    // Upstream writes the two field names in backticks; messages here carry no Markdown.
    if (!ready.length && !notReady.length)
      out.push({
        at: path,
        part: 'key',
        message: fieldError.required(path, 'must specify addresses or notReadyAddresses'),
      });
    ready.forEach((a, j) => {
      address(a, [...path, 'addresses', j], out);
    });
    notReady.forEach((a, j) => {
      address(a, [...path, 'notReadyAddresses', j], out);
    });
    const ports = listOf(get(s, ['ports']));
    ports.forEach((p, j) => {
      port(p, ports.length > 1, [...path, 'ports', j], out);
    });
  });
  return out;
}

export const endpointsInvalid = resourceRule({
  code: 'endpoints-invalid',
  defaultSeverity: 'error',
  description:
    'An Endpoints object the API server rejects: a subset without addresses, an address that is not an IP or is loopback, link-local or unspecified, a bad hostname or node name, a port without a name among several, out of range, or with a bad protocol or appProtocol.',
  checkOne(r, { cluster }, report) {
    if (r.kind !== 'Endpoints' || r.apiVersion !== 'v1') return;
    reportProblems(cluster, r, this.code, endpointsProblems(r), report);
  },
});
