import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { describeHttpTrace } from '../../cli/commands/trace-http';
import { traceHttp } from '../../engine/l7/trace';
import { ProxyError } from '../../engine/proxy/generate';
import type { Workspace } from '../../engine/workspace';
import type { Feature } from '../context';
import { TraceHttpRequest, type TraceHttpParams, type TraceHttpResult } from '../protocol';

/**
 * The "Trace a request" lens: the request the lens carries, traced through its Ingress or Gateway
 * in the lens document's app, answered with the text `kroute trace --to URL` prints (one formatter
 * for both, so the editor shows exactly what the CLI would).
 */
export const traceHttpFeature: Feature = {
  capabilities: {},
  register(ctx) {
    // A URL, header or entry that does not parse is the caller's to show: answered with an error.
    ctx.connection.onRequest(TraceHttpRequest, async (params: unknown) => {
      await ctx.indexed();
      try {
        return answerTraceHttp(ctx.workspace, params);
      } catch (e) {
        ctx.log(`kroute/traceHttp: ${(e as Error).message}`);
        return e instanceof ProxyError || e instanceof TypeError
          ? new ResponseError(ErrorCodes.InvalidParams, e.message)
          : new ResponseError(ErrorCodes.InternalError, `kroute/traceHttp failed: ${(e as Error).message}`);
      }
    });
  },
};

/** Throws TypeError for malformed params, ProxyError for a request or entry point that does not parse or names nothing. */
export function answerTraceHttp(ws: Workspace, params: unknown): TraceHttpResult {
  const p = validate(params);
  const trace = traceHttp(ws.clusterFor(p.uri), {
    url: p.url,
    via: p.via,
    ...(p.method ? { method: p.method } : {}),
    ...(p.headers ? { headers: p.headers } : {}),
  });
  return { text: describeHttpTrace(trace, (uri) => uri), trace };
}

function validate(params: unknown): TraceHttpParams {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const text = (k: string) => (typeof p[k] === 'string' && p[k] ? p[k] : undefined);
  const uri = text('uri');
  const url = text('url');
  const via = text('via');
  if (!uri || !url || !via)
    throw new TypeError('invalid kroute/traceHttp params: uri, url and via must be non-empty strings');
  const method = text('method');
  const headers = p.headers;
  if (headers !== undefined && !(Array.isArray(headers) && headers.every((h) => typeof h === 'string')))
    throw new TypeError('invalid kroute/traceHttp params: headers must be strings');
  return { uri, url, via, ...(method ? { method } : {}), ...(headers ? { headers: headers } : {}) };
}
