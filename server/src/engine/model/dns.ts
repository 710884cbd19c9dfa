import type { ClusterConfig } from './config';
import type { Service } from './types';

export type DnsRecord =
  | { type: 'A'; name: string; address: string }
  | { type: 'CNAME'; name: string; target: string }
  | { type: 'SRV'; name: string; port: number; target: string; priority: number; weight: number };

export function serviceFqdn(service: Pick<Service, 'name' | 'namespace'>, config: ClusterConfig): string {
  return `${service.name}.${service.namespace}.svc.${config.clusterDomain}`;
}

/**
 * The records cluster DNS serves for a Service (kubernetes/dns docs/specification.md):
 * ClusterIP → one A record; headless → one A per ready endpoint address plus
 * `<hostname>.<svc>…` per endpoint hostname; SRV only for named ports; ExternalName → CNAME.
 * publishNotReadyAddresses is already folded into the slices' `ready` condition.
 */
export function serviceRecords(service: Service, config: ClusterConfig): DnsRecord[] {
  const fqdn = serviceFqdn(service, config);
  if (service.type === 'ExternalName') {
    return service.externalName ? [{ type: 'CNAME', name: fqdn, target: service.externalName }] : [];
  }
  const records: DnsRecord[] = [];
  const named = service.ports.filter((p) => p.name);
  if (!service.headless) {
    if (service.clusterIP) records.push({ type: 'A', name: fqdn, address: service.clusterIP });
    for (const p of named) {
      records.push({
        type: 'SRV',
        name: `_${p.name}._${p.protocol.toLowerCase()}.${fqdn}`,
        port: p.port,
        target: fqdn,
        priority: 0,
        weight: 100,
      });
    }
    return records;
  }
  const seen = new Set<string>();
  const targets: { host: string; ports: Map<string, number> }[] = [];
  for (const slice of service.endpointSlices) {
    for (const ep of slice.endpoints) {
      if (!ep.conditions.ready) continue;
      for (const address of ep.addresses) {
        if (seen.has(address)) continue;
        seen.add(address);
        records.push({ type: 'A', name: fqdn, address });
        // CoreDNS names endpoints without a hostname by their dashed IP.
        const host = `${ep.hostname ?? address.replace(/\./g, '-')}.${fqdn}`;
        if (ep.hostname) records.push({ type: 'A', name: host, address });
        targets.push({ host, ports: new Map(slice.ports.map((p) => [`${p.name}/${p.protocol}`, p.port])) });
      }
    }
  }
  for (const p of named) {
    for (const t of targets) {
      const port = t.ports.get(`${p.name}/${p.protocol}`);
      if (port !== undefined) {
        records.push({
          type: 'SRV',
          name: `_${p.name}._${p.protocol.toLowerCase()}.${fqdn}`,
          port,
          target: t.host,
          priority: 0,
          weight: 100,
        });
      }
    }
  }
  return records;
}

/** A pod's resolv.conf search list: `<ns>.svc.<zone> svc.<zone> <zone>`, with ndots:5. */
export function searchList(namespace: string, config: ClusterConfig): string[] {
  const zone = config.clusterDomain;
  return [`${namespace}.svc.${zone}`, `svc.${zone}`, zone];
}

/**
 * The names a resolver tries for a query from a pod, in order: with fewer than ndots (5) dots
 * the search domains come first, then the name as written.
 */
export function candidateNames(query: string, namespace: string | undefined, config: ClusterConfig): string[] {
  const name = query.replace(/\.$/, '');
  if (query.endsWith('.') || !namespace) return [name];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = searchList(namespace, config).map((d) => `${name}.${d}`);
  return dots >= 5 ? [name, ...searched] : [...searched, name];
}

/**
 * The environment variables the kubelet gives a pod started after the Service exists, for every
 * Service with a ClusterIP in the pod's namespace (`<NAME>_SERVICE_HOST`, `_SERVICE_PORT`, Docker links).
 */
export function serviceEnvironment(service: Service): Record<string, string> {
  if (service.headless || !service.clusterIP || service.type === 'ExternalName' || !service.ports.length) return {};
  const prefix = service.name.toUpperCase().replace(/-/g, '_');
  const first = service.ports[0];
  const env: Record<string, string> = {
    [`${prefix}_SERVICE_HOST`]: service.clusterIP,
    [`${prefix}_SERVICE_PORT`]: String(first.port),
    [`${prefix}_PORT`]: `${first.protocol.toLowerCase()}://${service.clusterIP}:${first.port}`,
  };
  for (const p of service.ports) {
    if (p.name) env[`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    const base = `${prefix}_PORT_${p.port}_${p.protocol}`;
    env[base] = `${p.protocol.toLowerCase()}://${service.clusterIP}:${p.port}`;
    env[`${base}_PROTO`] = p.protocol.toLowerCase();
    env[`${base}_PORT`] = String(p.port);
    env[`${base}_ADDR`] = service.clusterIP;
  }
  return env;
}
