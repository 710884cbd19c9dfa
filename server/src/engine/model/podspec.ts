import { isObject } from '../manifest/parse';
import { exactSize } from './exact-size';
import type { ContainerPort, Protocol } from './types';

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/**
 * The ports a pod exposes, in the order FindPort scans them: every container's ports, then
 * those of restartable init containers (sidecars, `restartPolicy: Always`). Protocol defaults to TCP.
 */
export function containerPorts(podSpec: unknown): ContainerPort[] {
  if (!isObject(podSpec)) return [];
  const out: ContainerPort[] = [];
  const scan = (field: 'containers' | 'initContainers') => {
    const list = podSpec[field];
    if (!Array.isArray(list)) return;
    list.forEach((c, containerIndex) => {
      if (!isObject(c) || !Array.isArray(c.ports)) return;
      if (field === 'initContainers' && c.restartPolicy !== 'Always') return;
      c.ports.forEach((p, portIndex) => {
        if (!isObject(p) || !Number.isInteger(p.containerPort)) return;
        const protocol = typeof p.protocol === 'string' && PROTOCOLS.has(p.protocol) ? (p.protocol as Protocol) : 'TCP';
        out.push({
          container: typeof c.name === 'string' ? c.name : `#${containerIndex}`,
          containerField: field,
          containerIndex,
          portIndex,
          ...(typeof p.name === 'string' && p.name ? { name: p.name } : {}),
          containerPort: p.containerPort as number,
          protocol,
        });
      });
    });
  };
  scan('containers');
  scan('initContainers');
  return exactSize(out);
}

/** podutil.FindPort: a named port resolves to the first container port with that name and protocol. */
export function findPort(ports: ContainerPort[], targetPort: number | string, protocol: Protocol): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  return ports.find((p) => p.name === targetPort && p.protocol === protocol)?.containerPort;
}
