import { isObject } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { parseCidr } from '../model/ip';
import { parseLabelSelector } from '../model/selectors';
import type { LabelSelector, Protocol } from '../model/types';
import { normalizeIntervals, subtractIntervals, type Interval } from './intervals';

export type Direction = 'ingress' | 'egress';

/** A NetworkPolicyPeer: pods chosen by selectors, or external addresses. */
export type PolicyPeer =
  | { kind: 'pods'; index: number; podSelector?: LabelSelector; namespaceSelector?: LabelSelector }
  | { kind: 'ipBlock'; index: number; cidr: string; except: string[]; addresses: Interval[] };

/** A NetworkPolicyPort after defaulting (protocol TCP); no `port` means every port of the protocol. */
export interface PolicyPort {
  index: number;
  protocol: Protocol;
  port?: number | string;
  endPort?: number;
}

/** One entry of `ingress` or `egress`. `peers`/`ports` undefined: the field is empty or absent, which matches everything. */
export interface PolicyRule {
  direction: Direction;
  index: number;
  peers?: PolicyPeer[];
  ports?: PolicyPort[];
}

export interface NetworkPolicy {
  key: string;
  namespace: string;
  name: string;
  resource: ManifestResource;
  podSelector: LabelSelector;
  /** policyTypes after the API server's defaulting (SetDefaults_NetworkPolicy). */
  policyTypes: { ingress: boolean; egress: boolean };
  /** Whether policyTypes was written (a hover says when it was defaulted). */
  policyTypesWritten: boolean;
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

/**
 * Each ingress/egress rule as written (before normalisation), with its path under the object and
 * the name of its peers field: rules that report at written fields walk these.
 */
export function writtenRules(
  object: Record<string, unknown>,
): { path: ['spec', Direction, number]; rule: unknown; peersField: 'from' | 'to' }[] {
  const spec = isObject(object.spec) ? object.spec : {};
  return (['ingress', 'egress'] as const).flatMap((direction) => {
    const list = spec[direction];
    const peersField = direction === 'ingress' ? 'from' : 'to';
    return Array.isArray(list)
      ? (list as unknown[]).map(
          (rule, i) => ({ path: ['spec', direction, i] as ['spec', Direction, number], rule, peersField }) as const,
        )
      : [];
  });
}

export function isNetworkPolicy(r: ManifestResource): boolean {
  return r.kind === 'NetworkPolicy' && r.apiVersion === 'networking.k8s.io/v1';
}

/**
 * A NetworkPolicy manifest as the API server stores it. `spec.podSelector` is a struct, not a
 * pointer, in networking/v1 types.go: absent it is `{}` and selects every pod of the namespace.
 * Malformed parts (a bad CIDR, a peer with nothing set) match nothing here; validation reports them.
 */
export function normalizePolicy(r: ManifestResource, namespace: string): NetworkPolicy {
  const spec = isObject(r.object.spec) ? r.object.spec : {};
  const ingress = rules(spec.ingress, 'ingress', 'from');
  const egress = rules(spec.egress, 'egress', 'to');
  const written = Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0 ? spec.policyTypes : undefined;
  // SetDefaults_NetworkPolicy (pkg/apis/networking/v1/defaults.go): with no policyTypes, Ingress
  // always applies and Egress when the policy has egress rules.
  const policyTypes = written
    ? { ingress: written.includes('Ingress'), egress: written.includes('Egress') }
    : { ingress: true, egress: egress.length > 0 };
  return {
    key: `${namespace}/${r.name}`,
    namespace,
    name: r.name,
    resource: r,
    podSelector: parseLabelSelector(spec.podSelector) ?? { requirements: [] },
    policyTypes,
    policyTypesWritten: !!written,
    ingress,
    egress,
  };
}

function rules(raw: unknown, direction: Direction, peersField: 'from' | 'to'): PolicyRule[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((entry, index) => {
    const rule = isObject(entry) ? entry : {};
    const peers = Array.isArray(rule[peersField]) && rule[peersField].length ? rule[peersField].map(peer) : undefined;
    const ports = Array.isArray(rule.ports) && rule.ports.length ? rule.ports.map(port) : undefined;
    return { direction, index, ...(peers ? { peers } : {}), ...(ports ? { ports } : {}) };
  });
}

function peer(raw: unknown, index: number): PolicyPeer {
  const p = isObject(raw) ? raw : {};
  if (isObject(p.ipBlock)) {
    const cidr = typeof p.ipBlock.cidr === 'string' ? p.ipBlock.cidr : '';
    const except = Array.isArray(p.ipBlock.except)
      ? p.ipBlock.except.filter((e): e is string => typeof e === 'string')
      : [];
    const base = cidrInterval(cidr);
    const addresses = base
      ? subtractIntervals([base], normalizeIntervals(except.map(cidrInterval).filter((i): i is Interval => !!i)))
      : [];
    return { kind: 'ipBlock', index, cidr, except, addresses };
  }
  const podSelector = parseLabelSelector(p.podSelector);
  const namespaceSelector = parseLabelSelector(p.namespaceSelector);
  return {
    kind: 'pods',
    index,
    ...(podSelector ? { podSelector } : {}),
    ...(namespaceSelector ? { namespaceSelector } : {}),
  };
}

function port(raw: unknown, index: number): PolicyPort {
  const p = isObject(raw) ? raw : {};
  const protocol = p.protocol === 'UDP' || p.protocol === 'SCTP' || p.protocol === 'TCP' ? p.protocol : 'TCP';
  const value =
    Number.isInteger(p.port) || (typeof p.port === 'string' && p.port) ? (p.port as number | string) : undefined;
  return {
    index,
    protocol,
    ...(value !== undefined ? { port: value } : {}),
    ...(Number.isInteger(p.endPort) ? { endPort: p.endPort as number } : {}),
  };
}

/** An IPv4 CIDR as an address interval; undefined when it does not parse (IPv6 included: kroute models IPv4). */
export function cidrInterval(text: string): Interval | undefined {
  const c = parseCidr(text);
  return c ? [c.base, c.base + 2 ** (32 - c.bits) - 1] : undefined;
}
