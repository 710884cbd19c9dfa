import type { Protocol } from '../model/types';
import { intersectIntervals, normalizeIntervals, sameIntervals, unionIntervals, type Interval } from './intervals';

/** The protocols a NetworkPolicy port can name (NetworkPolicyPort.protocol; TCP when absent). */
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];
export const ALL_PORTS: readonly Interval[] = [[1, 65535]];

/** Allowed destination ports per protocol: what a policy decision yields for a pair of peers. */
export type ConnectionSet = Readonly<Record<Protocol, readonly Interval[]>>;

export function noConnections(): ConnectionSet {
  return { SCTP: [], TCP: [], UDP: [] };
}

export function allConnections(): ConnectionSet {
  return { SCTP: ALL_PORTS, TCP: ALL_PORTS, UDP: ALL_PORTS };
}

export function connectionsOf(protocol: Protocol, ports: readonly Interval[]): ConnectionSet {
  return { ...noConnections(), [protocol]: normalizeIntervals(ports) };
}

export function unionConnections(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return { SCTP: unionIntervals(a.SCTP, b.SCTP), TCP: unionIntervals(a.TCP, b.TCP), UDP: unionIntervals(a.UDP, b.UDP) };
}

export function intersectConnections(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return {
    SCTP: intersectIntervals(a.SCTP, b.SCTP),
    TCP: intersectIntervals(a.TCP, b.TCP),
    UDP: intersectIntervals(a.UDP, b.UDP),
  };
}

export function isEmptyConnections(c: ConnectionSet): boolean {
  return PROTOCOLS.every((p) => c[p].length === 0);
}

export function isAllConnections(c: ConnectionSet): boolean {
  return PROTOCOLS.every((p) => sameIntervals(c[p], ALL_PORTS));
}

export function allowsPort(c: ConnectionSet, protocol: Protocol, port: number): boolean {
  return c[protocol].some(([lo, hi]) => lo <= port && port <= hi);
}

/**
 * netpol-analyzer's spelling of a connection set (docs/connlist_output.md): `All Connections`, or
 * each protocol with ports in alphabetical order, `TCP 10053-10054,UDP 10053`.
 */
export function formatConnections(c: ConnectionSet): string {
  if (isAllConnections(c)) return 'All Connections';
  if (isEmptyConnections(c)) return 'No Connections';
  return PROTOCOLS.filter((p) => c[p].length)
    .map((p) => `${p} ${c[p].map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`)
    .join(',');
}
