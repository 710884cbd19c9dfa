import { podTemplatePath } from '../model/workloads';
import { portName, portNumber } from '../validation/names';
import { PROTOCOLS } from './service-ports';
import { at, fieldError, get, isRecord, workloadRule } from './support';

/**
 * validateContainerPorts: containerPort 1-65535, name an IANA service name unique within its
 * container, protocol TCP/UDP/SCTP. A Service's named targetPort can only resolve to a valid name.
 */
export const containerPortInvalid = workloadRule({
  code: 'container-port-invalid',
  defaultSeverity: 'error',
  description: 'A container port outside 1-65535, with an invalid or repeated name, or an unsupported protocol.',
  checkOne(w, { cluster }, report) {
    const specPath = [...podTemplatePath(w.kind), 'spec'];
    for (const field of ['containers', 'initContainers']) {
      const containers = get(w.resource.object, [...specPath, field]);
      if (!Array.isArray(containers)) continue;
      containers.forEach((c, ci) => {
        const ports = isRecord(c) ? c.ports : undefined;
        if (!Array.isArray(ports)) return;
        const names = new Set<string>();
        ports.forEach((p, pi) => {
          if (!isRecord(p)) return;
          const path = (f: string) => [...specPath, field, ci, 'ports', pi, f];
          const bad = (f: string, message: string) => report({ ...at(cluster, w.resource, path(f)), code: this.code, message });
          if (Number.isInteger(p.containerPort)) for (const e of portNumber(p.containerPort as number)) bad('containerPort', fieldError.invalid(path('containerPort'), p.containerPort, e));
          if (typeof p.name === 'string' && p.name) {
            for (const e of portName(p.name)) bad('name', fieldError.invalid(path('name'), p.name, e));
            if (names.has(p.name)) bad('name', fieldError.duplicate(path('name'), p.name));
            names.add(p.name);
          }
          if (typeof p.protocol === 'string' && !(PROTOCOLS as readonly string[]).includes(p.protocol)) bad('protocol', fieldError.unsupported(path('protocol'), p.protocol, PROTOCOLS));
        });
      });
    }
  },
});
