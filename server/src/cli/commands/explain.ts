import { stringify } from 'yaml';
import { namespacesWithService, serviceReports, type PortReport, type ServiceReport } from '../../engine/model/report';
import { choiceFlag, flag, UsageError, type ParsedArgs } from '../args';
import { loadWorkspace, selectedApp, type CliIO } from '../context';
import type { Command } from '../main';

/** How the text report names where a Service's EndpointSlices come from. */
const SLICE_ORIGINS: Record<ServiceReport['endpointsFrom'], string> = {
  controller: 'EndpointSlice controller',
  manifest: 'from the manifests',
  none: 'none',
};

const FORMATS = ['text', 'json', 'yaml'] as const;
type Format = (typeof FORMATS)[number];

export const explainCommand: Command = {
  name: 'explain',
  summary: 'each Service: ClusterIP, ports, EndpointSlices, DNS names and the pods behind it',
  usage: `Usage: kroute explain [paths… | -] [--service NS/NAME] [--format text|json|yaml] [cluster flags]

For every Service in the manifests (sorted by namespace/name): its type, ClusterIP, ports
(port → targetPort → nodePort), the EndpointSlices the EndpointSlice controller would write,
the DNS records cluster DNS serves, and the pods behind it.

  --service NS/NAME   only this Service (NAME alone means the default namespace)
  --format FORMAT     text (like kubectl describe, default), json, or yaml (EndpointSlices as
                      kubectl get endpointslices -o yaml shows them)

Run kroute help for the cluster flags (--nodes, --service-cidr, …).`,
  flags: { service: 'string', format: 'string' },
  run: runExplain,
};

export async function runExplain(args: ParsedArgs, io: CliIO): Promise<number> {
  const format = choiceFlag<Format>(args, 'format', FORMATS, 'text');
  let wanted = flag(args, 'service');
  const parts = wanted?.split('/') ?? [];
  if (wanted !== undefined && (parts.length > 2 || parts.some((p) => !p)))
    throw new UsageError(`--service must be NAMESPACE/NAME or NAME, not "${wanted}"`);
  const { ws, display } = await loadWorkspace(args, io);
  // Say why objects the user can see in a file are missing from the output.
  for (const [uri, file] of ws.files()) {
    const templated = file.skipped.filter((s) => s.reason === 'template').length;
    if (templated)
      io.stderr(
        `kroute explain: note: ${display(uri)}: ` +
          `${templated === 1 ? 'a document' : `${templated} documents`} with Go template markers skipped ` +
          `(render it first: helm template … | kroute explain -)\n`,
      );
    for (const s of file.skipped) {
      if (s.reason === 'chart-template')
        io.stderr(
          `kroute explain: note: ${display(uri)}: a Helm chart template, skipped (render it first: helm template … | kroute explain -)\n`,
        );
      else if (s.reason !== 'template') io.stderr(`kroute explain: note: ${display(uri)}: ${s.message}\n`);
    }
  }
  if (wanted !== undefined && parts.length === 1) wanted = `${ws.clusterConfig.defaultNamespace}/${wanted}`;
  // Each app is its own cluster: its Services are explained among its own objects.
  const chosen = selectedApp(args, ws);
  const apps = chosen ? [chosen] : ws.apps();
  const reports = apps
    .flatMap((app) =>
      serviceReports(ws.clusterOf(app), wanted ? { service: wanted } : {}).map((r) =>
        apps.length > 1 ? { app: app.name, ...r } : r,
      ),
    )
    .sort((a, b) =>
      a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  if (wanted && !reports.length) {
    const name = wanted.split('/')[1];
    const namespacesNamed = [...new Set(apps.flatMap((app) => namespacesWithService(ws.clusterOf(app), name)))].sort();
    io.stderr(`kroute explain: no Service ${wanted} in the manifests${elsewhere(namespacesNamed, name)}\n`);
    return 1;
  }
  switch (format) {
    case 'json':
      io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
      break;
    case 'yaml':
      io.stdout(reports.map(yamlDocument).join(''));
      break;
    case 'text':
      if (!reports.length) io.stderr('kroute explain: no Services found in the manifests\n');
      else io.stdout(reports.map(describe).join('\n'));
      break;
  }
  return 0;
}

/** Where a Service of that name is instead, as the --service value to use. */
function elsewhere(namespaces: string[], name: string): string {
  if (!namespaces.length) return '';
  if (namespaces.length === 1)
    return `; there is one in namespace ${namespaces[0]} (--service ${namespaces[0]}/${name})`;
  return `; there are Services named ${name} in namespaces ${namespaces.join(', ')} (--service NAMESPACE/${name})`;
}

/** One YAML document per Service; EndpointSlices in kubectl's layout (sorted keys, unindented sequences). */
function yamlDocument(report: ServiceReport): string {
  const doc = { ...report, endpointSlices: report.endpointSlices.map(sortKeysDeep) };
  return `---\n${stringify(doc, { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** kubectl prints objects through JSON, so every mapping comes out with its keys sorted. */
function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeysDeep(o[k])]),
    );
  }
  return v;
}

const MAX_LISTED = 3;

/** kubectl's endpoint lists: the first three, then "+ N more...". */
function shortList(items: string[], none = '<none>'): string {
  if (!items.length) return none;
  const head = items.slice(0, MAX_LISTED).join(',');
  return items.length > MAX_LISTED ? `${head} + ${items.length - MAX_LISTED} more...` : head;
}

function labelsText(labels: Record<string, string> | undefined): string[] {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`) : ['<none>'];
}

function portRows(p: PortReport, type: ServiceReport['type']): [string, string][] {
  const name = p.name || '<unset>';
  const rows: [string, string][] = [
    ['Port:', `${name}  ${p.port}/${p.protocol}`],
    ['TargetPort:', `${p.targetPort}/${p.protocol}`],
  ];
  if (p.nodePort !== undefined && (type === 'NodePort' || type === 'LoadBalancer'))
    rows.push(['NodePort:', `${name}  ${p.nodePort}/${p.protocol}`]);
  rows.push(['Endpoints:', shortList(p.readyEndpoints)]);
  if (p.notReadyEndpoints.length) rows.push(['Not ready:', shortList(p.notReadyEndpoints)]);
  return rows;
}

/** Text for one Service, laid out like `kubectl describe service`, then kroute's own sections. */
export function describe(r: ServiceReport): string {
  const rows: [string, string][] = [];
  const multi = (label: string, values: string[]) => values.forEach((v, i) => rows.push([i ? '' : label, v]));
  rows.push(['Name:', r.name], ['Namespace:', r.namespace]);
  if (r.app !== undefined) rows.push(['App:', r.app]);
  multi('Labels:', labelsText(r.labels));
  multi(
    'Annotations:',
    Object.keys(r.annotations).length
      ? Object.entries(r.annotations)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => `${k}: ${v}`)
      : ['<none>'],
  );
  rows.push(['Selector:', r.selector ? labelsText(r.selector).join(',') : '<none>']);
  rows.push(['Type:', r.type]);
  if (r.type === 'ExternalName') {
    rows.push(['IP Families:', '<none>'], ['IP:', ''], ['IPs:', '<none>'], ['External Name:', r.externalName ?? '']);
  } else {
    rows.push(
      ['IP Family Policy:', 'SingleStack'],
      ['IP Families:', 'IPv4'],
      ['IP:', r.clusterIP],
      ['IPs:', r.clusterIP],
    );
  }
  if (r.externalIPs.length) rows.push(['External IPs:', r.externalIPs.join(',')]);
  const ingress = [...r.loadBalancerIPs.map((ip) => `${ip} (VIP)`), ...r.loadBalancerHostnames];
  if (ingress.length) rows.push(['LoadBalancer Ingress:', ingress.join(', ')]);
  for (const p of r.ports) rows.push(...portRows(p, r.type));
  rows.push([
    'Session Affinity:',
    r.sessionAffinity === 'ClientIP' ? `ClientIP (timeoutSeconds: ${r.affinityTimeoutSeconds})` : 'None',
  ]);
  if (r.externalTrafficPolicy) rows.push(['External Traffic Policy:', r.externalTrafficPolicy]);
  if (r.type !== 'ExternalName') rows.push(['Internal Traffic Policy:', r.internalTrafficPolicy]);
  if (r.healthCheckNodePort !== undefined) rows.push(['HealthCheck NodePort:', String(r.healthCheckNodePort)]);
  if (r.loadBalancerSourceRanges.length)
    rows.push(['LoadBalancer Source Ranges:', r.loadBalancerSourceRanges.join(',')]);
  if (r.publishNotReadyAddresses) rows.push(['Publish Not Ready:', 'true']);

  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const out = rows.map(([l, v]) => `${l.padEnd(width)}${v}`.trimEnd());

  if (r.type !== 'ExternalName') {
    out.push(`EndpointSlices (${SLICE_ORIGINS[r.endpointsFrom]}):`);
    const sliceRows = r.endpointSlices.map((s) => sliceRow(s));
    out.push(...(sliceRows.length ? table(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS'], sliceRows) : ['  <none>']));
  }

  out.push('DNS:');
  if (!r.dns.records.length) out.push(`  ${r.dns.name}.  NXDOMAIN (no ready endpoints)`);
  else
    out.push(
      ...table(
        ['NAME', 'TYPE', 'DATA'],
        r.dns.records.map((d) => [
          `${d.name}.`,
          d.type,
          d.type === 'A'
            ? d.address
            : d.type === 'CNAME'
              ? `${d.target}.`
              : `${d.priority} ${d.weight} ${d.port} ${d.target}.`,
        ]),
        false,
      ),
    );

  if (r.type !== 'ExternalName' && r.selector) {
    out.push('Pods:');
    const portsOf = (targetPorts: Record<string, number | null>) =>
      Object.entries(targetPorts)
        .map(([k, v]) => `${k}→${v ?? '<unresolved>'}`)
        .join(' ') || '-';
    out.push(
      ...(r.pods.length
        ? table(
            ['NAME', 'READY', 'STATUS', 'IP', 'NODE', 'TARGET PORTS'],
            r.pods.map((p) => [
              p.name,
              p.ready ? 'true' : 'false',
              p.terminating ? 'Terminating' : p.phase,
              p.ip || '<none>',
              p.nodeName || '<none>',
              portsOf(p.targetPorts),
            ]),
          )
        : ['  <none>']),
    );
  }
  // The replicas behind the Pods table, where an HPA (not the manifest) decides them.
  for (const a of r.autoscaled) {
    out.push(
      `Autoscaled: ${a.workload} by HorizontalPodAutoscaler ${a.autoscaler}: ${a.replicas} replicas ` +
        `(minReplicas ${a.minReplicas}, maxReplicas ${a.maxReplicas}; the manifest writes ` +
        `${a.writtenReplicas}; steady state without metrics)`,
    );
  }
  if (r.notes.length) {
    out.push('Notes:');
    for (const n of r.notes) out.push(`  - ${n}`);
  }
  return `${out.join('\n')}\n`;
}

/** `kubectl get endpointslices` columns: port numbers, and the first three addresses. */
function sliceRow(slice: Record<string, unknown>): string[] {
  const meta = slice.metadata as { name: string };
  const ports = (slice.ports as { port: number }[] | null) ?? [];
  const endpoints = (slice.endpoints as { addresses: string[] }[] | null) ?? [];
  return [
    meta.name,
    String(slice.addressType),
    ports.length ? ports.map((p) => p.port).join(',') : '<unset>',
    shortList(endpoints.flatMap((e) => e.addresses)),
  ];
}

function table(header: string[], rows: string[][], withHeader = true): string[] {
  const all = withHeader ? [header, ...rows] : rows;
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 2))).join('')}`.trimEnd());
}
