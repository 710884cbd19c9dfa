import { namespaceOf, type Cluster } from '../model/cluster';
import { workloadRef } from '../model/explain';
import type { Service, Workload } from '../model/types';
import type { Position, Range } from '../types';
import type { Workspace } from '../workspace';
import { byWorkload, groupName, inOrder, resourceAt, servicesUsingNodePort, templateLabelsIn } from './context';
import { TYPE_DESCRIPTIONS } from './hover';
import { list } from './markdown';

export interface CompletionData {
  label: string;
  /** `key` items complete a map key (and insert `key: `); the others a value. */
  kind: 'key' | 'value' | 'enum';
  detail?: string;
  documentation?: string;
  newText: string;
  /** What the item replaces: the word typed so far. */
  range: Range;
}

/** Where the cursor is in the YAML, read from the text by indentation (the document may not parse mid-edit). */
export interface YamlContext {
  /** Keys from the document root down to the map holding the cursor; `-` for a sequence item. */
  parents: string[];
  /** The key of the cursor's line when the cursor is in its value; undefined in key position. */
  key?: string;
  /** What is typed before the cursor in the current key or value. */
  prefix: string;
}

const LINE = /^(\s*)(-\s+)?([^:#]*?)(:(?:\s+(.*))?)?$/;

export function yamlContext(lines: readonly string[], position: Position): YamlContext | undefined {
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const m = LINE.exec(before);
  if (!m) return undefined;
  const [, indent = '', dash = '', key = ''] = m;
  // Groups that did not take part in the match are undefined.
  const colon = m.at(4);
  const value = m.at(5);
  const parents: string[] = [];
  let limit = indent.length + dash.length;
  if (dash) {
    parents.push('-');
    limit = indent.length;
  }
  for (let i = position.line - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i];
    if (line.startsWith('---')) break;
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const p = LINE.exec(line.replace(/\s+#.*$/, ''));
    if (!p) continue;
    const at = p[1].length;
    const content = at + (p.at(2)?.length ?? 0);
    if (p[3] && p[4] && content < limit) {
      parents.push(p[3].trim().replace(/^["']|["']$/g, ''));
      limit = content;
    }
    if (p[2] && at < limit) {
      parents.push('-');
      limit = at;
    }
  }
  parents.reverse();
  return colon !== undefined ? { parents, key: key.trim(), prefix: value ?? '' } : { parents, prefix: key.trim() };
}

const ENUMS: Partial<Record<string, [string, string][]>> = {
  type: Object.entries(TYPE_DESCRIPTIONS),
  sessionAffinity: [
    ['None', 'Each connection picks an endpoint afresh.'],
    ['ClientIP', 'Connections from one client IP stick to one endpoint (10800 s by default).'],
  ],
  externalTrafficPolicy: [
    ['Cluster', 'Any node forwards to any endpoint (client IP masqueraded).'],
    ['Local', 'Only endpoints on the receiving node; the client IP is kept.'],
  ],
  internalTrafficPolicy: [
    ['Cluster', 'In-cluster traffic goes to any endpoint.'],
    ['Local', "In-cluster traffic only goes to endpoints on the client's node."],
  ],
  protocol: [
    ['TCP', ''],
    ['UDP', ''],
    ['SCTP', ''],
  ],
};

export interface CompletionResult {
  items: CompletionData[];
  /** More items match than were sent. */
  incomplete: boolean;
}

const NODE_PORT_SUGGESTIONS = 5;
const MAX_LABEL_ITEMS = 100;
const DETAIL_WORKLOADS = 2;

/** Completion items at a position of a manifest, from what the model knows about that namespace. */
export function completions(ws: Workspace, uri: string, position: Position): CompletionResult {
  const none = { items: [], incomplete: false };
  const file = ws.file(uri);
  if (!file) return none;
  const lines = file.text.split('\n');
  const ctx = yamlContext(lines, position);
  if (!ctx) return none;
  const cluster = ws.clusterFor(uri);
  const doc = documentOf(lines, position.line);
  const parsed = resourceAt(file, position);
  const kind = parsed?.kind ?? doc.kind;
  const namespace = parsed ? namespaceOf(parsed, cluster.config) : (doc.namespace ?? cluster.config.defaultNamespace);
  const range: Range = {
    start: { line: position.line, character: position.character - ctx.prefix.length },
    end: position,
  };
  const path = ctx.parents.join('.');
  const item = (
    label: string,
    kindOf: CompletionData['kind'],
    extra: Partial<CompletionData> = {},
  ): CompletionData => ({ label, kind: kindOf, newText: kindOf === 'key' ? `${label}: ` : label, range, ...extra });

  if (ctx.key === undefined) {
    if (kind === 'Service' && path === 'spec.selector') {
      return labelItems(templateLabelsIn(cluster, namespace), ctx.prefix, (key, values) =>
        item(key, 'key', { detail: usedBy([...values.values()].flat()) }),
      );
    }
    return none;
  }
  if (kind === 'Service' && path === 'spec.selector') {
    const values = templateLabelsIn(cluster, namespace).get(ctx.key);
    return labelItems(values ?? new Map<string, Workload[]>(), ctx.prefix, (value, workloads) =>
      item(value, 'value', { detail: usedBy(workloads) }),
    );
  }
  const enumValues = ENUMS[ctx.key];
  if (enumValues && (ctx.key === 'protocol' ? ctx.parents.at(-2) === 'ports' : kind === 'Service' && path === 'spec')) {
    return complete(enumValues.map(([value, doc]) => item(value, 'enum', doc ? { documentation: doc } : {})));
  }
  if (kind === 'Service' && path === 'spec.ports.-') {
    const name = parsed?.kind === 'Service' ? parsed.name : doc.name;
    const service = name !== undefined ? cluster.servicesByKey.get(`${namespace}/${name}`) : undefined;
    if (ctx.key === 'targetPort' && service)
      return complete(targetPortNames(cluster, service).map(({ name: n, detail }) => item(n, 'value', { detail })));
    if (ctx.key === 'nodePort')
      return complete(
        freeNodePorts(cluster).map((p) =>
          item(String(p), 'value', { detail: `free in ${cluster.config.settings.nodePortRange}` }),
        ),
      );
  }
  return none;
}

function complete(items: CompletionData[]): CompletionResult {
  return { items, incomplete: false };
}

/**
 * Label keys or values matching what is typed (its characters in order, as the editor filters),
 * at most MAX_LABEL_ITEMS: a namespace of thousands of workloads would otherwise send them all
 * on every keystroke. A capped list is incomplete, so the editor asks again as the user types.
 */
function labelItems<V>(
  entries: Map<string, V>,
  prefix: string,
  make: (label: string, value: V) => CompletionData,
): CompletionResult {
  const p = prefix.toLowerCase();
  const items: CompletionData[] = [];
  for (const [label, value] of entries) {
    if (!inOrder(p, label.toLowerCase())) continue;
    if (items.length === MAX_LABEL_ITEMS) return { items, incomplete: true };
    items.push(make(label, value));
  }
  return { items, incomplete: false };
}

function usedBy(workloads: readonly Workload[]): string {
  return `used by ${list([...new Set(workloads)].map(workloadRef), DETAIL_WORKLOADS)}`;
}

/** Named container ports of the pods a Service selects: what a named targetPort can resolve to. */
function targetPortNames(cluster: Cluster, service: Service): { name: string; detail: string }[] {
  const found = new Map<string, string[]>();
  for (const g of byWorkload(cluster, service.selectedPods)) {
    for (const p of g.pods[0].ports) {
      if (!p.name) continue;
      const where = `${p.containerPort}/${p.protocol} in ${groupName(g)}`;
      found.set(p.name, [...(found.get(p.name) ?? []), where]);
    }
  }
  return [...found].map(([name, where]) => ({ name, detail: list(where, DETAIL_WORKLOADS) }));
}

/** The lowest node ports in range that no Service uses. */
function freeNodePorts(cluster: Cluster): number[] {
  const { min, max } = cluster.config.nodePortRange;
  const out: number[] = [];
  for (let p = min; p <= max && out.length < NODE_PORT_SUGGESTIONS; p++)
    if (!servicesUsingNodePort(cluster, p).length) out.push(p);
  return out;
}

/** kind, name and namespace of the YAML document around a line, read from its text. */
function documentOf(lines: readonly string[], line: number): { kind?: string; name?: string; namespace?: string } {
  let start = line;
  while (start > 0 && !lines[start].startsWith('---')) start--;
  let end = line;
  while (end < lines.length - 1 && !lines[end + 1].startsWith('---')) end++;
  const out: { kind?: string; name?: string; namespace?: string } = {};
  let inMetadata = false;
  for (const l of lines.slice(start, end + 1)) {
    const top = /^(\w+):\s*["']?([^"'#\s]*)/.exec(l);
    if (top) {
      inMetadata = top[1] === 'metadata';
      if (top[1] === 'kind' && top[2]) out.kind = top[2];
      continue;
    }
    const meta = inMetadata && /^ {2}(name|namespace):\s*["']?([^"'#\s]+)/.exec(l);
    if (meta) out[meta[1] as 'name' | 'namespace'] = meta[2];
  }
  return out;
}
