import { ProxyError } from '../../engine/proxy/generate';
import { simulateHttp, traceHttp, type HttpTraceOptions } from '../../engine/l7/trace';
import type { HttpSimulation, HttpTrace } from '../../engine/l7/types';
import { parseHttpRequest } from '../../engine/l7/request';
import type { Workspace } from '../../engine/workspace';
import { clusterForRequest } from '../../engine/apps/choose';
import type { App } from '../../engine/apps/types';
import { flag, flags, UsageError, type ParsedArgs } from '../args';
import type { CliIO } from '../context';
import { describeTrace } from './trace';

/** `kroute trace --to http://…`: a request through an Ingress or Gateway (engine/l7), then kube-proxy to the pod. */

export interface HttpTraceFlags extends HttpTraceOptions {
  requests?: number;
  format: 'text' | 'json';
}

/** Checks the URL, method and headers before any input is read: a bad one is a usage error. */
export function httpTraceOptions(
  args: ParsedArgs,
  common: { seed: number; requests?: number; format: 'text' | 'json' },
): HttpTraceFlags {
  const url = flag(args, 'to')!;
  const method = flag(args, 'method');
  const headers = flags(args, 'header');
  const via = flag(args, 'via');
  if (flag(args, 'from') !== undefined)
    throw new UsageError(
      '--from does not apply to a URL: the request comes from outside, through the Ingress or Gateway (--via)',
    );
  try {
    parseHttpRequest(url, method, headers);
  } catch (e) {
    if (e instanceof ProxyError) throw new UsageError(e.message);
    throw e;
  }
  return { url, headers, ...common, ...(method ? { method } : {}), ...(via ? { via } : {}) };
}

export function runHttpTrace(
  o: HttpTraceFlags,
  ws: Workspace,
  io: CliIO,
  display: (uri: string) => string,
  app?: App,
): number {
  const cluster = app ? ws.clusterOf(app) : clusterForRequest(ws, o);
  let t: HttpTrace;
  let sim: HttpSimulation | undefined;
  try {
    t = traceHttp(cluster, o);
    if (o.requests) sim = simulateHttp(cluster, { ...o, requests: o.requests });
  } catch (e) {
    if (e instanceof ProxyError) throw new UsageError(e.message);
    throw e;
  }
  if (o.format === 'json')
    io.stdout(`${JSON.stringify(sim ? { trace: t, simulation: sim } : { trace: t }, null, 2)}\n`);
  else io.stdout(`${describeHttpTrace(t, display)}${sim ? `\n${describeSpread(sim)}` : ''}`);
  return 0;
}

/** The trace as `kroute trace --to URL` prints it (also the language server's answer to the "Trace a request" lens). */
export function describeHttpTrace(t: HttpTrace, display: (uri: string) => string): string {
  return `${describeTrace(t, display)}${describeOutcome(t)}`;
}

function describeOutcome(t: HttpTrace): string {
  const o = t.outcome;
  const lines = [
    o.route &&
      `  route: ${o.route.kind} ${o.route.name}${o.route.rule >= 0 ? ` rule ${o.route.rule}` : ' (defaultBackend)'}`,
    o.service && `  service: ${o.service}${o.servicePort ? ` port ${o.servicePort}` : ''}`,
    o.httpStatus &&
      `  HTTP status: ${o.httpStatus}${o.redirectLocation ? ` → ${o.redirectLocation}` : ''}` +
        (o.grpcStatus ? ` (gRPC status ${o.grpcStatus})` : ''),
    o.service && `  data plane: ${t.dataPlane.description}`,
    o.requestPath && `  the backend receives: ${t.request.method} ${o.requestPath} (Host: ${o.requestHost})`,
    ...Object.entries(o.requestHeaders ?? {}).map(([n, v]) => `    ${n}: ${v}`),
  ].filter(Boolean);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function describeSpread(s: HttpSimulation): string {
  const rows = s.services.map(
    (x) =>
      `  ${x.service.padEnd(48)} ${String(x.count).padStart(7)}  ` +
      `${(x.share * 100).toFixed(1).padStart(5)}%  (expected ` +
      `${(x.expectedShare * 100).toFixed(1)}%)${'httpStatus' in x ? `  invalid: ${String(x.httpStatus)}` : ''}`,
  );
  return (
    `Distribution of ${s.requests} requests over the backends (seed ` +
    `${s.seed}):\n${rows.join('\n') || '  (the entry answers every request itself)'}\n`
  );
}
