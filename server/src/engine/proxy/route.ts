import type { Cluster } from '../model/cluster';
import { candidateNames, serviceFqdn, serviceRecords } from '../model/dns';
import { isIPv4 } from '../model/ip';
import { findPort } from '../model/podspec';
import { namespacesWithService } from '../model/report';
import type { Pod, Protocol, Service, ServicePort } from '../model/types';
import type { Location } from '../types';
import { addressIndex, podsAt } from './addresses';
import { ProxyError } from './generate';
import type { EntryHook } from './walk';
import { podLabels, serviceField, servicePortField } from './locations';
import type { DnsResolution, TraceClient, TraceOutcome, TraceSource, TraceStep } from './types';

/**
 * The part of a route before kube-proxy: who connects (source), what the name resolves to (DNS),
 * and which address and port the first packet carries.
 */

/** A client as the walker needs it. */
export interface Client extends TraceClient {
  hook: EntryHook;
  /** The client's address is the node's own (host processes). */
  srcLocal: boolean;
}

export interface Destination {
  host: string;
  port?: number | string;
  /** Chooses among Service ports of the same number or name (TCP and UDP 53); absent: the first. */
  protocol?: Protocol;
}

/** What the first packet carries, or how the connection ends before it is sent. */
export interface Plan {
  steps: TraceStep[];
  outcome?: TraceOutcome;
  packet?: { dst: string; dport: number; protocol: string };
  /** The Service port the destination belongs to, when it is one. */
  service?: Service;
  port?: ServicePort;
}

const SOURCE_FORMS = 'pod:NS/NAME, workload:NS/KIND/NAME, node:NAME or external:IP@NODE';

export function parseSource(text: string): TraceSource {
  const m = /^(pod|workload|node|external):(.+)$/.exec(text.trim());
  const bad = () => new ProxyError(`source "${text}" must be ${SOURCE_FORMS}`);
  if (!m) throw bad();
  const parts = m[2].split('/');
  switch (m[1]) {
    case 'pod':
      if (parts.length !== 2 || parts.some((p) => !p)) throw bad();
      return { kind: 'pod', namespace: parts[0], name: parts[1] };
    case 'workload':
      if (parts.length !== 3 || parts.some((p) => !p)) throw bad();
      return { kind: 'workload', namespace: parts[0], workloadKind: parts[1], name: parts[2] };
    case 'node':
      return { kind: 'node', name: m[2] };
    default: {
      const [ip, node] = m[2].split('@');
      if (!ip || !node || !isIPv4(ip)) throw bad();
      return { kind: 'external', ip, node };
    }
  }
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const NAME = new RegExp(`^${LABEL}(\\.${LABEL})*\\.?$`);

/** `web`, `web.shop`, `web.shop.svc.cluster.local`, each with an optional `:port`/`:portname`; or `IP:port`. */
export function parseDestination(text: string): Destination {
  const m = /^([^:]+)(?::([^:]+))?$/.exec(text.trim());
  const host = m?.[1]?.toLowerCase() ?? '';
  const port = m?.[2];
  const bad = (why: string) => new ProxyError(`destination "${text}": ${why}`);
  if (!m || (!isIPv4(host) && !NAME.test(host)))
    throw bad('expected a Service name (web, web.shop, web.shop.svc.cluster.local) or IP:port, with an optional :port');
  if (isIPv4(host) && port === undefined) throw bad('an IP destination needs a port (IP:port)');
  if (port === undefined) return { host };
  if (/^\d+$/.test(port)) {
    const n = Number(port);
    if (n < 1 || n > 65535) throw bad('port must be from 1 to 65535');
    return { host, port: n };
  }
  if (isIPv4(host) || !new RegExp(`^${LABEL}$`).test(port)) throw bad(`"${port}" is not a port number or port name`);
  return { host, port };
}

export function resolveClients(cluster: Cluster, source: TraceSource): Client[] {
  const nodeOf = (name: string) => {
    const node = cluster.config.nodes.find((n) => n.name === name);
    if (!node)
      throw new ProxyError(
        `no node "${name}" in the simulated cluster (nodes: ${cluster.config.nodes.map((n) => n.name).join(', ')})`,
      );
    return node;
  };
  const fromPod = (p: Pod): Client => ({
    description: `pod ${p.namespace}/${p.name}`,
    ip: p.ip,
    node: p.nodeName,
    namespace: p.namespace,
    location: podLabels(p),
    hook: 'PREROUTING',
    srcLocal: false,
  });
  switch (source.kind) {
    case 'pod': {
      const pod = cluster.podsByKey.get(`${source.namespace}/${source.name}`);
      if (!pod) throw new ProxyError(`no pod ${source.namespace}/${source.name} in the simulated cluster`);
      if (!pod.ip || !pod.nodeName)
        throw new ProxyError(`pod ${source.namespace}/${source.name} is not running (no node or IP)`);
      return [fromPod(pod)];
    }
    case 'workload': {
      const w = [...cluster.workloadsByKey.values()].find(
        (x) =>
          x.namespace === source.namespace &&
          x.name === source.name &&
          x.kind.toLowerCase() === source.workloadKind.toLowerCase(),
      );
      if (!w)
        throw new ProxyError(`no workload ${source.namespace}/${source.workloadKind}/${source.name} in the manifests`);
      const pods = w.pods.filter((p) => p.ip && p.nodeName);
      if (!pods.length) throw new ProxyError(`${w.kind} ${w.namespace}/${w.name} has no running pod to connect from`);
      return pods.map(fromPod);
    }
    case 'node': {
      const node = nodeOf(source.name);
      return [
        { description: `node ${node.name} (${node.ip})`, ip: node.ip, node: node.name, hook: 'OUTPUT', srcLocal: true },
      ];
    }
    case 'external': {
      const node = nodeOf(source.node);
      return [
        {
          description: `external client ${source.ip} arriving at ${node.name}`,
          ip: source.ip,
          node: node.name,
          hook: 'PREROUTING',
          srcLocal: false,
        },
      ];
    }
    case 'unmodelled-pod': {
      const node = nodeOf(source.node);
      return [
        {
          description: `pod ${source.namespace}/${source.name}`,
          ip: source.ip,
          node: node.name,
          namespace: source.namespace,
          unmodelledPod: { name: source.name, labels: source.labels },
          hook: 'PREROUTING',
          srcLocal: false,
        },
      ];
    }
  }
}

/** Where a Service named like the query's first label is, in namespaces the search path did not try. */
function elsewhere(cluster: Cluster, host: string, tried: readonly string[]): string {
  const name = host.split('.')[0];
  const namespaces = namespacesWithService(cluster, name).filter(
    (namespace) => !tried.includes(serviceFqdn({ namespace, name }, cluster.config)),
  );
  if (!namespaces.length) return '';
  return (
    `; a Service ${name} exists in namespace${namespaces.length === 1 ? '' : 's'} ` +
    `${namespaces.join(', ')} (${namespaces.map((ns) => `${name}.${ns}`).join(', ')})`
  );
}

/** DNS (or, for clients outside the pod network, a lookup by name), then the first packet's address. */
export function plan(cluster: Cluster, client: Client, dest: Destination): Plan {
  const steps: TraceStep[] = [];
  if (isIPv4(dest.host)) return addressed(cluster, client, dest.host, dest.port as number, steps, {}, dest.protocol);
  const found = resolve(cluster, client, dest.host);
  steps.push({
    kind: 'dns',
    title: dnsTitle(found.dns),
    dns: found.dns,
    ...(found.detail ? { detail: found.detail } : {}),
    ...(found.location ? { location: found.location } : {}),
  });
  if (!found.service) {
    const outside = found.dns.answer.type === 'NXDOMAIN' && !found.clusterName;
    return {
      steps,
      outcome: outside
        ? {
            kind: 'outside',
            message: `${dest.host} is not a cluster name; the pod's resolver asks upstream DNS, which kroute does not model`,
          }
        : {
            kind: 'nxdomain',
            message:
              `NXDOMAIN: ${dest.host} does not resolve (getaddrinfo fails: "Name or service not ` +
              `known")${elsewhere(cluster, dest.host, found.dns.tried)}`,
          },
    };
  }
  const service = found.service;
  if (service.type === 'ExternalName') {
    return {
      steps,
      service,
      outcome: {
        kind: 'external-name',
        message:
          `${found.dns.name} is a CNAME to ${service.externalName ?? '(none)'}: the client resolves and ` +
          `connects to that name; no kube-proxy rule is involved`,
      },
    };
  }
  const port = pickPort(service, dest.port, dest.protocol);
  if (!port) return { steps, service, outcome: portNotServed(service, dest.port, dest.protocol) };
  let address: string | undefined;
  let dport = port.port;
  if (service.headless) {
    address = found.addresses[0];
  } else if (client.namespace !== undefined || client.hook === 'OUTPUT') {
    address = service.clusterIP;
  } else {
    // From outside: the load balancer's address, else an external IP, else the arrival node's NodePort.
    address = service.loadBalancerIPs[0] ?? service.externalIPs[0];
    if (!address && port.nodePort) {
      address = cluster.config.nodes.find((n) => n.name === client.node)!.ip;
      dport = port.nodePort;
    }
    if (!address) {
      return {
        steps,
        service,
        port,
        outcome: {
          kind: 'not-served',
          message:
            `${service.key} (type ${service.type}) has no address reachable from outside the cluster: ` +
            `no load balancer IP, external IP or NodePort`,
        },
      };
    }
  }
  if (!address)
    return {
      steps,
      service,
      port,
      outcome: {
        kind: 'nxdomain',
        message: `NXDOMAIN: headless Service ${service.key} has no ready endpoints, so ${found.dns.name} has no A records`,
      },
    };
  if (service.headless) {
    const pod = podsAt(cluster, address).at(0);
    const targetPort = pod ? findPort(pod.ports, port.targetPort, port.protocol) : undefined;
    if (targetPort !== undefined) dport = targetPort;
  }
  return addressed(cluster, client, address, dport, steps, { service, port });
}

function pickPort(service: Service, wanted: number | string | undefined, protocol?: Protocol): ServicePort | undefined {
  const ports = protocol ? service.ports.filter((p) => p.protocol === protocol) : service.ports;
  if (wanted === undefined) {
    if (ports.length === 1) return ports[0];
    if (!ports.length) return undefined;
    throw new ProxyError(
      `${service.key} has ports ${ports.map((p) => p.name || p.port).join(', ')}: say which (${service.name}:${ports[0].name || ports[0].port})`,
    );
  }
  return typeof wanted === 'number' ? ports.find((p) => p.port === wanted) : ports.find((p) => p.name === wanted);
}

/** When a protocol was asked for (`--protocol`), ports are listed with theirs: a port of that name or number may exist under another one. */
function portNotServed(service: Service, wanted: number | string | undefined, protocol?: Protocol): TraceOutcome {
  const ports =
    service.ports
      .map((p) =>
        p.name
          ? `${p.name} (${p.port}${protocol ? `/${p.protocol}` : ''})`
          : `${p.port}${protocol ? `/${p.protocol}` : ''}`,
      )
      .join(', ') || 'none';
  const which = protocol ? `${protocol} ` : '';
  return {
    kind: 'not-served',
    message:
      wanted === undefined
        ? `${service.key} declares no ${which}ports: there is nothing to connect to`
        : typeof wanted === 'number'
          ? `${service.key} does not serve ${which}port ${wanted} (its ports: ${ports}); no rule matches, ` +
            `the packet is routed away and the connection times out`
          : `${service.key} has no ${which}port named "${wanted}" (its ports: ${ports})`,
  };
}

interface Resolved {
  dns: DnsResolution;
  service?: Service;
  addresses: string[];
  detail?: string;
  location?: Location;
  /** The query looks like a cluster name (NXDOMAIN rather than an upstream lookup). */
  clusterName: boolean;
}

function resolve(cluster: Cluster, client: Client, query: string): Resolved {
  const zone = cluster.config.clusterDomain;
  const host = query.replace(/\.$/, '');
  const clusterName = (host.match(/\./g) ?? []).length < 2 || host.endsWith(`.${zone}`);
  if (client.namespace === undefined) {
    // Nodes and outside clients do not use cluster DNS; kroute maps the name to the Service.
    const labels = host.replace(new RegExp(`\\.svc\\.${zone.replace(/\./g, '\\.')}$`), '').split('.');
    const key =
      labels.length === 1
        ? `${cluster.config.defaultNamespace}/${labels[0]}`
        : labels.length === 2
          ? `${labels[1]}/${labels[0]}`
          : '';
    const service = cluster.servicesByKey.get(key);
    const addresses = service ? addressesOf(service, cluster) : [];
    const [namespace, name] = key.split('/');
    const fqdn = key ? serviceFqdn({ namespace: namespace, name: name }, cluster.config) : query;
    const dns: DnsResolution = {
      query,
      tried: [fqdn],
      answer: service ? { type: 'lookup', addresses } : { type: 'NXDOMAIN' },
      ...(service ? { name: fqdn } : {}),
    };
    return {
      dns,
      addresses,
      clusterName,
      detail: `${client.description} does not use cluster DNS; kroute looked up the Service ${key || query} by name`,
      ...(service ? { service, location: serviceField(service, ['metadata', 'name']) } : {}),
    };
  }
  const tried: string[] = [];
  for (const name of candidateNames(query, client.namespace, cluster.config)) {
    tried.push(name);
    const service = serviceForName(cluster, name);
    if (!service) continue;
    const records = serviceRecords(service, cluster.config).filter((r) => r.name === name);
    const cname = records.find((r) => r.type === 'CNAME');
    const location = serviceField(
      service,
      service.type === 'ExternalName' ? ['spec', 'externalName'] : ['metadata', 'name'],
    );
    if (cname)
      return {
        dns: { query, tried, name, answer: { type: 'CNAME', target: cname.target } },
        service,
        addresses: [],
        clusterName,
        ...(location ? { location } : {}),
      };
    const addresses = records.flatMap((r) => (r.type === 'A' ? [r.address] : []));
    if (addresses.length)
      return {
        dns: { query, tried, name, answer: { type: 'A', addresses } },
        service,
        addresses,
        clusterName,
        ...(location ? { location } : {}),
      };
  }
  return { dns: { query, tried, answer: { type: 'NXDOMAIN' } }, addresses: [], clusterName };
}

function addressesOf(service: Service, cluster: Cluster): string[] {
  if (!service.headless) return service.clusterIP ? [service.clusterIP] : [];
  return serviceRecords(service, cluster.config).flatMap((r) =>
    r.type === 'A' && r.name === serviceFqdn(service, cluster.config) ? [r.address] : [],
  );
}

/** `<svc>.<ns>.svc.<zone>` or `<hostname>.<svc>.<ns>.svc.<zone>` → the Service. */
function serviceForName(cluster: Cluster, name: string): Service | undefined {
  const suffix = `.svc.${cluster.config.clusterDomain}`;
  if (!name.endsWith(suffix)) return undefined;
  const labels = name.slice(0, -suffix.length).split('.');
  if (labels.length < 2 || labels.length > 3) return undefined;
  return cluster.servicesByKey.get(`${labels[labels.length - 1]}/${labels[labels.length - 2]}`);
}

function dnsTitle(dns: DnsResolution): string {
  switch (dns.answer.type) {
    case 'A':
      return `DNS: ${dns.name} A ${dns.answer.addresses.join(', ')}`;
    case 'CNAME':
      return `DNS: ${dns.name} CNAME ${dns.answer.target}`;
    case 'lookup':
      return `Service ${dns.name}: ${dns.answer.addresses.join(', ') || 'no address'}`;
    case 'NXDOMAIN':
      return `DNS: ${dns.query} NXDOMAIN (tried ${dns.tried.join(', ')})`;
  }
}

/** What an address is in this cluster, as a 'destination' step. */
function addressed(
  cluster: Cluster,
  client: Client,
  ip: string,
  dport: number,
  steps: TraceStep[],
  known: { service?: Service; port?: ServicePort } = {},
  wanted?: Protocol,
): Plan {
  const nodeIP = cluster.config.nodes.find((n) => n.name === client.node)!.ip;
  const nodeAddress = ip === nodeIP || ip.startsWith('127.');
  let service = known.service;
  let port = known.port;
  let kind = 'an address outside the cluster';
  let location: Location | undefined;
  // The first Service (in cluster order) holding the address, preferring one with the port.
  const index = addressIndex(cluster);
  const find = (services: readonly Service[] | undefined, pred: (p: ServicePort) => boolean) => {
    for (const s of services ?? [])
      for (const p of s.ports) if ((!wanted || p.protocol === wanted) && pred(p)) return { s, p };
    return undefined;
  };
  const byIP = (holders: Map<string, Service[]>) =>
    find(holders.get(ip), (p) => p.port === dport) ?? find(holders.get(ip), () => true);
  const hit = nodeAddress
    ? find(index.nodePorts.get(dport), (p) => p.nodePort === dport)
    : (byIP(index.clusterIPs) ?? byIP(index.loadBalancerIPs) ?? byIP(index.externalIPs));
  const pod = podsAt(cluster, ip).at(0);
  if (hit) {
    service ??= hit.s;
    if (!port && (nodeAddress ? hit.p.nodePort === dport : hit.p.port === dport)) port = hit.p;
  }
  if (nodeAddress) {
    kind = `node ${client.node}'s address: a NodePort${port ? ` of ${service!.key}` : ''}`;
    if (service && port) location = servicePortField(service, port, 'nodePort');
  } else if (service && !service.headless && service.clusterIP === ip) {
    kind = `the ClusterIP of ${service.key}`;
    location = port ? servicePortField(service, port) : serviceField(service, ['spec', 'ports']);
  } else if (service?.loadBalancerIPs.includes(ip)) {
    kind = `a load balancer IP of ${service.key}`;
    location = serviceField(
      service,
      service.loadBalancerIPsFromStatus ? ['status', 'loadBalancer', 'ingress'] : ['spec', 'type'],
    );
  } else if (service?.externalIPs.includes(ip)) {
    kind = `an external IP of ${service.key}`;
    location = serviceField(service, ['spec', 'externalIPs']);
  } else if (pod) {
    kind = `pod ${pod.namespace}/${pod.name}'s IP${service?.headless ? ` (headless Service ${service.key})` : ''}`;
    location = podLabels(pod);
  }
  const protocol = (port?.protocol ?? wanted ?? 'TCP').toLowerCase();
  steps.push({
    kind: 'destination',
    title: `${ip}:${dport}/${protocol} is ${kind}`,
    ...(location ? { location } : {}),
  });
  return { steps, packet: { dst: ip, dport, protocol }, ...(service ? { service } : {}), ...(port ? { port } : {}) };
}
