import { locationOf } from '../manifest/locate';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import { entryPoints } from '../l7/objects';
import { ingressPathRequest, routeRuleRequest, type SampleRequest } from '../l7/sample-request';
import type { Range } from '../types';

/** The client asks the server for `kroute trace --to URL` (engine/l7) and shows its text. */
export const TRACE_REQUEST_COMMAND = 'kroute.traceRequest';

/** What `kroute trace --to URL --via ENTRY [--method M] [--header H]…` takes, and the manifest whose app to model. */
export interface TraceRequestArgs {
  uri: string;
  url: string;
  via: string;
  method?: string;
  headers?: string[];
}

export interface RouteLens {
  range: Range;
  title: string;
  command: typeof TRACE_REQUEST_COMMAND;
  arguments: [TraceRequestArgs];
}

/** "Trace a request" above each path of an Ingress and each rule of an HTTPRoute, with a request that rule serves. */
export function routeLenses(cluster: Cluster, resource: ManifestResource): RouteLens[] {
  const entry = entryPoints(cluster);
  const lens = (path: (string | number)[], sample: SampleRequest | undefined): RouteLens[] => {
    if (!sample) return [];
    const { reaches, ...request } = sample;
    const start = locationOf(resource, path).range.start;
    const title = `Trace a request: ${request.method ?? 'GET'} ${request.url}${reaches ? '' : ' (not served by this rule)'}`;
    return [
      {
        range: { start, end: start },
        title,
        command: TRACE_REQUEST_COMMAND,
        arguments: [{ uri: resource.uri, ...request }],
      },
    ];
  };
  if (resource.kind === 'Ingress') {
    const ingress = entry.ingresses.find((i) => i.resource === resource);
    if (!ingress) return [];
    return ingress.rules.flatMap((r) =>
      r.paths.flatMap((p) =>
        lens(['spec', 'rules', r.index, 'http', 'paths', p.pathIndex], ingressPathRequest(cluster, entry, ingress, p)),
      ),
    );
  }
  if (resource.kind === 'HTTPRoute') {
    const route = entry.routes.find((r) => r.resource === resource);
    if (!route) return [];
    return route.rules.flatMap((rule) =>
      lens(['spec', 'rules', rule.index], routeRuleRequest(cluster, entry, route, rule)),
    );
  }
  return [];
}
