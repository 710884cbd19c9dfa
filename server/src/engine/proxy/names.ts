import { sha256Base32 } from '../model/hash';
import type { Service, ServicePort } from '../model/types';

/** `servicePortName.String()`: `ns/name`, plus `:portName` when the port is named (`ns1/svc1:p80`). */
export function servicePortName(service: Pick<Service, 'namespace' | 'name'>, port: Pick<ServicePort, 'name'>): string {
  return `${service.namespace}/${service.name}${port.name ? `:${port.name}` : ''}`;
}

/** proxier.go portProtoHash: base32(sha256(spn + lower(protocol)))[:16], shared by SVC/SVL/EXT/FW chains. */
export function portProtoHash(spn: string, protocol: string): string {
  const input = spn + protocol.toLowerCase();
  let h = hashes.get(input);
  if (h === undefined) {
    // Every node's rules name every Service port's chains: hash each name once.
    if (hashes.size > 200_000) hashes.clear();
    hashes.set(input, (h = sha256Base32(input).slice(0, 16)));
  }
  return h;
}

const hashes = new Map<string, string>();

export interface ServiceChains {
  svc: string;
  svl: string;
  ext: string;
  fw: string;
}

export function serviceChains(spn: string, protocol: string): ServiceChains {
  const h = portProtoHash(spn, protocol);
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` };
}

/** proxier.go servicePortEndpointChainName: the hash also covers the endpoint's `ip:port`. */
export function endpointChain(spn: string, protocol: string, address: string): string {
  return `KUBE-SEP-${sha256Base32(spn + protocol.toLowerCase() + address).slice(0, 16)}`;
}
