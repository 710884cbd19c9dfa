import type { FieldPath } from '../manifest/locate';
import { podTemplatePath } from '../model/workloads';
import { portName, portNumber } from '../validation/names';
import { replaceValue } from './edits';
import { PROTOCOLS } from './service-ports';
import { at, fieldError, get, isRecord, itemAnchor, resourceId, workloadRule } from './support';

const isProtocol = (v: string) => (PROTOCOLS as readonly string[]).includes(v);

/** One port's error; `upper` is the supported protocol a lower-case one spells. */
interface PortError {
  field: string;
  message: string;
  upper?: string;
}

/**
 * validateContainerPorts (pkg/apis/core/validation/validation.go) on one container's ports, after
 * SetDefaults_ContainerPort (a missing protocol is TCP): a name must be an IANA service name and,
 * once valid, unique within the container; containerPort is required (0 and absent alike) and in
 * 1-65535; a hostPort other than 0 in 1-65535; the protocol TCP, UDP or SCTP.
 */
function containerPortErrors(ports: unknown[], portsPath: FieldPath): (PortError & { index: number })[] {
  const out: (PortError & { index: number })[] = [];
  const names = new Set<string>();
  ports.forEach((p, index) => {
    if (!isRecord(p)) return;
    const path = (f: string) => [...portsPath, index, f];
    const bad = (field: string, message: string, upper?: string) =>
      out.push({ index, field, message, ...(upper ? { upper } : {}) });
    if (typeof p.name === 'string' && p.name) {
      const msgs = portName(p.name);
      for (const e of msgs) bad('name', fieldError.invalid(path('name'), p.name, e));
      if (!msgs.length && names.has(p.name)) bad('name', fieldError.duplicate(path('name'), p.name));
      else if (!msgs.length) names.add(p.name);
    }
    // A null containerPort is field-type's (the decoder's) error, not a second one here.
    if (p.containerPort === undefined || p.containerPort === 0)
      bad('containerPort', fieldError.required(path('containerPort')));
    else if (Number.isInteger(p.containerPort))
      for (const e of portNumber(p.containerPort as number))
        bad('containerPort', fieldError.invalid(path('containerPort'), p.containerPort, e));
    if (Number.isInteger(p.hostPort) && p.hostPort !== 0)
      for (const e of portNumber(p.hostPort as number))
        bad('hostPort', fieldError.invalid(path('hostPort'), p.hostPort, e));
    if (typeof p.protocol === 'string' && !isProtocol(p.protocol)) {
      const upper = p.protocol.toUpperCase();
      bad(
        'protocol',
        fieldError.unsupported(path('protocol'), p.protocol, PROTOCOLS),
        isProtocol(upper) ? upper : undefined,
      );
    }
  });
  return out;
}

/** A Service's named targetPort can only resolve to a valid name; the API server rejects the rest. */
export const containerPortInvalid = workloadRule({
  code: 'container-port-invalid',
  defaultSeverity: 'error',
  description:
    'A container port that is missing or outside 1-65535, a hostPort outside 1-65535, an invalid or repeated name, or an unsupported protocol.',
  checkOne(w, { cluster }, report) {
    const specPath = [...podTemplatePath(w.kind), 'spec'];
    for (const field of ['containers', 'initContainers']) {
      const containers = get(w.resource.object, [...specPath, field]);
      if (!Array.isArray(containers)) continue;
      containers.forEach((c, ci) => {
        const ports = isRecord(c) ? c.ports : undefined;
        if (!Array.isArray(ports)) return;
        const portsPath = [...specPath, field, ci, 'ports'];
        for (const e of containerPortErrors(ports, portsPath)) {
          // A missing containerPort has no value to underline: the port's item is the place.
          const missing = get(ports, [e.index, e.field]) === undefined;
          const where = missing
            ? { ...itemAnchor(w.resource, [...portsPath, e.index]), resource: resourceId(cluster, w.resource) }
            : at(cluster, w.resource, [...portsPath, e.index, e.field]);
          const edit = e.upper ? replaceValue(w.resource, [...portsPath, e.index, 'protocol'], e.upper) : undefined;
          const fixes = edit
            ? [{ title: `Write the protocol in upper case: ${e.upper}`, edits: [edit], preferred: true }]
            : [];
          report({ ...where, code: this.code, message: e.message, ...(fixes.length ? { fixes } : {}) });
        }
      });
    }
  },
});
