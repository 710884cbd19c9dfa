import type { ManifestResource } from '../manifest/resource';
import { dns1123Label, portName, portNumber, qualifiedName } from '../validation/names';
import { prependPair } from './edits';
import { at, fieldError, fieldPath, get, isRecord, itemAnchor, related, resourceId, serviceSpecRule } from './support';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

interface PortEntry {
  index: number;
  raw: Record<string, unknown>;
  protocol: string;
}

/** A Service manifest's written `spec.ports` entries (maps only; field-type reports the rest). */
function portEntries(r: ManifestResource): PortEntry[] {
  const list = get(r.object, ['spec', 'ports']);
  const ports: PortEntry[] = [];
  if (Array.isArray(list)) {
    list.forEach((raw, index) => {
      if (isRecord(raw)) ports.push({ index, raw, protocol: typeof raw.protocol === 'string' ? raw.protocol : 'TCP' });
    });
  }
  return ports;
}

const portsPath = (i: number, field?: string) => (field ? ['spec', 'ports', i, field] : ['spec', 'ports', i]);

/**
 * validateServicePort (port range, protocol, appProtocol a qualified name) and ValidateService's duplicate check on
 * (protocol, port); `spec.ports` is Required unless the Service is headless or ExternalName.
 */
export const portInvalid = serviceSpecRule({
  code: 'port-invalid',
  defaultSeverity: 'error',
  description:
    'A Service port outside 1-65535, with an unsupported protocol or an appProtocol that is not a ' +
    'qualified name, repeated for one protocol, or missing.',
  checkOne(s, { cluster }, report) {
    const r = s.resource;
    const ports = portEntries(r);
    const spec = get(r.object, ['spec']);
    const type = get(spec, ['type']);
    const headless = get(spec, ['clusterIP']) === 'None';
    const list = get(spec, ['ports']);
    if ((list === undefined || (Array.isArray(list) && !list.length)) && type !== 'ExternalName' && !headless) {
      report({
        ...at(cluster, r, ['spec', 'ports'], 'key'),
        code: this.code,
        message: fieldError.required(['spec', 'ports']),
      });
    }
    const seen = new Map<string, number>();
    for (const p of ports) {
      // A port entry without `port` decodes to 0, which is out of range.
      if (p.raw.port === undefined) {
        report({
          ...itemAnchor(r, portsPath(p.index)),
          resource: resourceId(cluster, r),
          code: this.code,
          message: fieldError.invalid(portsPath(p.index, 'port'), 0, portNumber(0)[0]),
        });
      }
      if (Number.isInteger(p.raw.port)) {
        const port = p.raw.port as number;
        for (const e of portNumber(port))
          report({
            ...at(cluster, r, portsPath(p.index, 'port')),
            code: this.code,
            message: fieldError.invalid(portsPath(p.index, 'port'), port, e),
          });
        const key = `${p.protocol}/${port}`;
        const first = seen.get(key);
        if (first !== undefined) {
          report({
            ...at(cluster, r, portsPath(p.index, 'port')),
            code: this.code,
            message: `${fieldPath(portsPath(p.index))}: Duplicate value: {Protocol: ${p.protocol}, Port: ${port}}`,
            related: [
              related(
                r,
                portsPath(first, 'port'),
                `spec.ports[${first}] uses ${p.protocol} port ${port} first`,
                'value',
              ),
            ],
          });
        } else seen.set(key, p.index);
      }
      if (typeof p.raw.protocol === 'string' && !(PROTOCOLS as readonly string[]).includes(p.raw.protocol)) {
        report({
          ...at(cluster, r, portsPath(p.index, 'protocol')),
          code: this.code,
          message: fieldError.unsupported(portsPath(p.index, 'protocol'), p.raw.protocol, PROTOCOLS),
        });
      }
      if (typeof p.raw.appProtocol === 'string') {
        for (const e of qualifiedName(p.raw.appProtocol))
          report({
            ...at(cluster, r, portsPath(p.index, 'appProtocol')),
            code: this.code,
            message: fieldError.invalid(portsPath(p.index, 'appProtocol'), p.raw.appProtocol, e),
          });
      }
    }
  },
});

/** A port name for a fix: the well-known one for the port, else `<protocol>-<port>`. */
function suggestedName(p: PortEntry, taken: Set<string>): string {
  const port = Number.isInteger(p.raw.port) ? (p.raw.port as number) : p.index;
  const known: Record<number, string> = {
    80: 'http',
    443: 'https',
    8080: 'http',
    8443: 'https',
    53: 'dns',
    9090: 'metrics',
    5432: 'postgres',
    3306: 'mysql',
    6379: 'redis',
    27017: 'mongodb',
    9092: 'kafka',
  };
  let name = p.protocol === 'TCP' && known[port] ? known[port] : `${p.protocol.toLowerCase()}-${port}`;
  for (let n = 2; taken.has(name); n++) name = `${p.protocol.toLowerCase()}-${port}-${n}`;
  taken.add(name);
  return name;
}

/** validateServicePort: `name` is Required when a Service has more than one port. */
export const portNameRequired = serviceSpecRule({
  code: 'port-name-required',
  defaultSeverity: 'error',
  description: 'A Service with several ports where one has no name: the API server rejects it.',
  checkOne(s, { cluster }, report) {
    const r = s.resource;
    const ports = portEntries(r);
    if (ports.length < 2) return;
    const unnamed = ports.filter((p) => p.raw.name === undefined || p.raw.name === '' || p.raw.name === null);
    if (!unnamed.length) return;
    const taken = new Set(ports.map((p) => p.raw.name).filter((n): n is string => typeof n === 'string'));
    const names = new Map(unnamed.map((p) => [p, suggestedName(p, taken)]));
    const addAll = {
      title: unnamed.length > 1 ? 'Name every Service port' : `Name this port "${names.get(unnamed[0])}"`,
      edits: unnamed.map((p) => prependPair(r, portsPath(p.index), 'name', names.get(p)!)).filter((e) => !!e),
      preferred: true,
    };
    for (const p of unnamed) {
      report({
        ...itemAnchor(r, portsPath(p.index)),
        resource: resourceId(cluster, r),
        code: this.code,
        message: fieldError.required(portsPath(p.index, 'name')),
        fixes: addAll.edits.length ? [addAll] : [],
      });
    }
  },
});

/** validateServicePort: a port name is a DNS-1123 label (not an IANA service name). */
export const portNameInvalid = serviceSpecRule({
  code: 'port-name-invalid',
  defaultSeverity: 'error',
  description: "A Service port name that is not a DNS-1123 label (lowercase, digits, '-', at most 63).",
  checkOne(s, { cluster }, report) {
    const r = s.resource;
    const ports = portEntries(r);
    for (const p of ports) {
      if (typeof p.raw.name !== 'string' || !p.raw.name) continue;
      for (const e of dns1123Label(p.raw.name))
        report({
          ...at(cluster, r, portsPath(p.index, 'name')),
          code: this.code,
          message: fieldError.invalid(portsPath(p.index, 'name'), p.raw.name, e),
        });
    }
  },
});

/** validateServicePort: port names are unique within a Service. */
export const portNameDuplicate = serviceSpecRule({
  code: 'port-name-duplicate',
  defaultSeverity: 'error',
  description: 'Two ports of one Service with the same name.',
  checkOne(s, { cluster }, report) {
    const r = s.resource;
    const ports = portEntries(r);
    const first = new Map<string, number>();
    for (const p of ports) {
      if (typeof p.raw.name !== 'string' || !p.raw.name) continue;
      const before = first.get(p.raw.name);
      if (before === undefined) {
        first.set(p.raw.name, p.index);
        continue;
      }
      report({
        ...at(cluster, r, portsPath(p.index, 'name')),
        code: this.code,
        message: fieldError.duplicate(portsPath(p.index, 'name'), p.raw.name),
        related: [
          related(r, portsPath(before, 'name'), `spec.ports[${before}] is also named "${p.raw.name}"`, 'value'),
        ],
      });
    }
  },
});

/** ValidatePortNumOrName on targetPort: 1-65535, or an IANA service name (IsValidPortName). */
export const targetPortInvalid = serviceSpecRule({
  code: 'target-port-invalid',
  defaultSeverity: 'error',
  description: 'A targetPort outside 1-65535, or a name that is not a valid port name (IANA_SVC_NAME).',
  checkOne(s, { cluster }, report) {
    const r = s.resource;
    const ports = portEntries(r);
    for (const p of ports) {
      const v = p.raw.targetPort;
      const path = portsPath(p.index, 'targetPort');
      // 0 and "" are defaulted to `port` before validation (SetDefaults_Service).
      const errors =
        Number.isInteger(v) && v !== 0 ? portNumber(v as number) : typeof v === 'string' && v !== '' ? portName(v) : [];
      for (const e of errors)
        report({ ...at(cluster, r, path), code: this.code, message: fieldError.invalid(path, v, e) });
    }
  },
});
