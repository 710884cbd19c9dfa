// `kroute: Trace Request Route…`: from the palette (quick picks), the Service code lens
// ({ service, port }) or the editor context menu (the Service under the cursor).
// `kroute: Trace an HTTP Request…`: a URL through an Ingress or Gateway, from the palette (a route's
// sample request, or a URL typed in) or the "Trace a request" lens ({ uri, url, via, … }).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TraceRouteArgs } from '../../../server/src/engine/features/codeLens';
import type { TraceRequestArgs } from '../../../server/src/engine/features/route-lens';
import {
  TraceTargetsRequest,
  URL_SOURCE,
  type TraceParams,
  type TraceTargets,
  type TraceTargetsParams,
} from '../../../server/src/lsp/protocol';
import { PICKER_OPTIONS } from '../pickers';
import { cursorParams, runningClient, serviceAtCursor, showNotRunning } from '../running';
import { TRACE_VIEW_TYPE, TracePanels } from './panel';

const DEFAULT_REQUESTS = 1000;

export function registerTrace(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  log: vscode.LogOutputChannel,
): void {
  const running = () => runningClient(client());
  const panels = new TracePanels(context.extensionUri, running, log, context.workspaceState);
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => panels.refresh(), 300);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}');
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, panels),
    vscode.commands.registerCommand('kroute.traceRoute', async (args?: unknown) => {
      const c = await running();
      if (!c) {
        showNotRunning();
        return;
      }
      const lens = lensArgs(args);
      // From a lens the Service is known: one request brings its sources (and its ports when the
      // lens names none).
      const targets = await c.sendRequest<TraceTargets>(
        TraceTargetsRequest,
        (lens
          ? { include: lens.port === undefined ? ['services', 'sources'] : ['sources'], service: lens.service }
          : { include: ['services'], ...cursorParams() }) satisfies TraceTargetsParams,
      );
      const destination = await pickDestination(targets, lens);
      if (!destination) return;
      const source = await pickSource(
        destination,
        lens
          ? targets
          : c.sendRequest<TraceTargets>(TraceTargetsRequest, {
              include: ['sources'],
              ...(destination.service ? { service: destination.service } : {}),
            } satisfies TraceTargetsParams),
      );
      if (!source) return;
      panels.open({ destination: destination.address, source, mutations: [], requests: DEFAULT_REQUESTS, seed: 1 });
    }),
    vscode.commands.registerCommand('kroute.traceRequest', async (args?: unknown) => {
      const c = await running();
      if (!c) {
        showNotRunning();
        return;
      }
      const request =
        requestArgs(args) ??
        (await pickRequest(
          await c.sendRequest<TraceTargets>(TraceTargetsRequest, {
            include: ['requests'],
          } satisfies TraceTargetsParams),
        ));
      if (!request) return;
      panels.open({
        destination: request.url,
        source: URL_SOURCE,
        mutations: [],
        requests: DEFAULT_REQUESTS,
        seed: 1,
        ...httpFields(request),
      });
    }),
    // Manifests edited in the editor or changed on disk: open panels ask again. (Not on the
    // server's kroute/status: the language client keeps one handler per notification, the
    // status item's.) The client sends pending edits before the next request, so the answer
    // reflects them.
    vscode.workspace.onDidChangeTextDocument(
      (e) => isManifest(e.document.uri) && e.contentChanges.length && refreshSoon(),
    ),
    watcher,
    watcher.onDidChange(refreshSoon),
    watcher.onDidCreate(refreshSoon),
    watcher.onDidDelete(refreshSoon),
    { dispose: () => clearTimeout(pending) },
  );
}

const isManifest = (uri: vscode.Uri) => /\.(ya?ml|json)$/i.test(uri.path);

interface Destination {
  address: string;
  /** The Service (`ns/name`): the sources offered are those of its apps, its likely client first. */
  service?: string;
}

/** `{ service: "ns/name", port }` from the code lens; anything else is not lens arguments. */
function lensArgs(args: unknown): TraceRouteArgs | undefined {
  if (typeof args !== 'object' || args === null || typeof (args as { service?: unknown }).service !== 'string')
    return undefined;
  const { service, port } = args as { service: string; port?: unknown };
  return /^[^/]+\/[^/]+$/.test(service) ? { service, ...(typeof port === 'number' ? { port } : {}) } : undefined;
}

function address(key: string, port: number | undefined): Destination {
  const [namespace, name] = key.split('/') as [string, string];
  return { address: `${name}.${namespace}${port !== undefined ? `:${port}` : ''}`, service: key };
}

async function pickDestination(
  targets: TraceTargets,
  lens: TraceRouteArgs | undefined,
): Promise<Destination | undefined> {
  if (lens)
    return address(lens.service, lens.port ?? targets.services.find((s) => s.key === lens.service)?.ports[0]?.port);
  const here = serviceAtCursor(targets);
  if (here?.ports.length === 1) return address(here.key, here.ports[0].port);
  type Item = vscode.QuickPickItem & { destination?: Destination };
  const services = here ? [here, ...targets.services.filter((s) => s !== here)] : targets.services;
  const items: Item[] = services.flatMap((s) =>
    s.ports.map((p) => ({
      label: `${s.key}:${p.port}`,
      description: [p.name, s.type, s.clusterIP, p.nodePort ? `NodePort ${p.nodePort}` : '']
        .filter(Boolean)
        .join(' · '),
      destination: address(s.key, p.port),
    })),
  );
  items.push({ label: '$(edit) Enter a DNS name or IP:port…', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'kroute: trace a request to…',
    ...PICKER_OPTIONS,
    placeHolder: 'A Service port (type to filter)',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.destination) return picked.destination;
  const typed = await vscode.window.showInputBox({
    title: 'kroute: destination',
    ...PICKER_OPTIONS,
    prompt: 'web, web.shop:80, web.shop.svc.cluster.local:http or 10.96.0.12:80',
    validateInput: (v) =>
      /^[^\s:]+(:[^\s:]+)?$/.test(v.trim()) ? undefined : 'A DNS name with an optional :port, or IP:port',
  });
  return typed ? { address: typed.trim() } : undefined;
}

/** The sources of a trace to `destination`: the quick pick shows itself busy until `targets` (its sources part) arrive. */
async function pickSource(
  destination: Destination,
  targets: TraceTargets | Thenable<TraceTargets>,
): Promise<string | undefined> {
  // Default: the Service's likely client, which the server chose in its app (a client of another
  // app does not meet the Service in one cluster).
  const items = Promise.resolve(targets).then(({ sources, defaultSource }) => {
    const preferred = sources.find((s) => s.source === defaultSource);
    const ordered = preferred ? [preferred, ...sources.filter((s) => s !== preferred)] : sources;
    return ordered.map((s) => ({ label: s.label, description: s.detail, source: s.source }));
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `kroute: trace a request to ${destination.address} from…`,
    ...PICKER_OPTIONS,
    placeHolder: 'A pod, a workload (any of its pods), a node, or an external client at a node',
    matchOnDescription: true,
  });
  return picked?.source;
}

type HttpRequestArgs = Omit<TraceRequestArgs, 'uri'>;

/** The lens's `{ uri, url, via, method?, headers? }`; anything else is not lens arguments. */
function requestArgs(args: unknown): HttpRequestArgs | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as Record<string, unknown>;
  if (typeof a.url !== 'string' || !/^https?:\/\//i.test(a.url)) return undefined;
  const headers =
    Array.isArray(a.headers) && a.headers.every((x) => typeof x === 'string') ? { headers: a.headers } : {};
  return {
    url: a.url,
    via: typeof a.via === 'string' ? a.via : '',
    ...(typeof a.method === 'string' ? { method: a.method } : {}),
    ...headers,
  };
}

function httpFields(r: HttpRequestArgs): Pick<TraceParams, 'via' | 'method' | 'headers'> {
  return {
    ...(r.via ? { via: r.via } : {}),
    ...(r.method ? { method: r.method } : {}),
    ...(r.headers?.length ? { headers: r.headers } : {}),
  };
}

/**
 * From the palette: the request each Ingress path / HTTPRoute rule serves (what its lens traces),
 * or a URL typed in, routed by the one entry point that serves it.
 */
async function pickRequest(targets: TraceTargets): Promise<HttpRequestArgs | undefined> {
  type Item = vscode.QuickPickItem & { request?: HttpRequestArgs };
  const items: Item[] = targets.requests.map((r) => ({
    label: r.label,
    description: r.detail,
    request: {
      url: r.url,
      via: r.via,
      ...(r.method ? { method: r.method } : {}),
      ...(r.headers ? { headers: r.headers } : {}),
    },
  }));
  items.push({ label: '$(edit) Enter a URL…', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'kroute: trace an HTTP request through an Ingress or Gateway',
    ...PICKER_OPTIONS,
    matchOnDescription: true,
    placeHolder:
      items.length > 1
        ? 'A route of the workspace (type to filter)'
        : 'No Ingress or HTTPRoute in the workspace yet: enter a URL',
  });
  if (!picked) return undefined;
  if (picked.request) return picked.request;
  const typed = await vscode.window.showInputBox({
    title: 'kroute: request URL',
    ...PICKER_OPTIONS,
    prompt: 'Host and path, e.g. http://shop.example.com/api/cart (the entry point that serves the host is used)',
    value: 'http://',
    valueSelection: [7, 7],
    validateInput: (v) =>
      /^(https?|grpcs?):\/\/[^\s/]+(\/\S*)?$/i.test(v.trim())
        ? undefined
        : 'A URL: http://, https:// (or grpc://, grpcs:// for a gRPC call), a host, then an optional path',
  });
  return typed ? { url: typed.trim(), via: '' } : undefined;
}
