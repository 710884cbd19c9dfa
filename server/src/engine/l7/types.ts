import type { ManifestResource } from '../manifest/resource';
import type { Service, ServicePort } from '../model/types';
import type { Trace, TraceOutcome, TraceStep } from '../proxy/types';
import type { Filter } from './objects';
import type { HttpRequest } from './request';

/** Where the entry point sends a request: one of these, picked by weight (an Ingress path has one). */
export interface BackendChoice {
  /** `NS/NAME` of the Service the reference names (also for invalid ones). */
  label: string;
  weight: number;
  service?: Service;
  port?: ServicePort;
  /** Why the reference cannot be used: the request gets a 500 (or the Ingress controller's 503). */
  invalid?: string;
  /** Filters on the backendRef itself, applied after the rule's. */
  filters: Filter[];
  /** The Ingress or HTTPRoute holding the reference, and the reference's field in it. */
  owner: ManifestResource;
  field: (string | number)[];
}

/** What the entry point decided for a request before any backend is picked. */
export interface EntryDecision {
  steps: TraceStep[];
  /** The route and rule that matched. */
  route?: { kind: 'Ingress' | 'HTTPRoute' | 'GRPCRoute'; key: string; rule: number };
  /** The entry answers itself (no match, invalid backend, redirect). */
  answer?: { status: number; message: string; location?: string };
  /** The request as it leaves the rule's filters. */
  request: { host: string; target: string; headers: [string, string][] };
  /** The rule's backends; empty when the entry answers itself. */
  choices: BackendChoice[];
  /** The prefix the matched PathPrefix match covered (URLRewrite / RequestRedirect ReplacePrefixMatch). */
  matchedPrefix?: string;
  /** The listener port (RequestRedirect's default port) and the status an entry gives when every backend is invalid. */
  listenerPort: number;
  invalidStatus: number;
}

export type HttpOutcomeKind = TraceOutcome['kind'] | 'answered';

/** trace.outcome for a URL: the kube-proxy outcome's fields plus what the entry point did. */
export interface HttpOutcome extends Omit<TraceOutcome, 'kind'> {
  /** `answered`: the entry point replied itself (httpStatus); otherwise the connection's fate from the Service on. */
  kind: HttpOutcomeKind;
  /** `NS/NAME` of the Service the matched rule chose. */
  service?: string;
  servicePort?: number;
  /** The Ingress or HTTPRoute (`NS/NAME`) and the index of the rule that matched. */
  route?: { kind: 'Ingress' | 'HTTPRoute' | 'GRPCRoute'; name: string; rule: number };
  /**
   * Set where the entry answers itself: 404 no match, 500 invalid backend, 3xx redirect, and the
   * data plane's answer when the upstream fails (503 no ready endpoint, 502 refused, 504 timeout for
   * ingress-nginx; 503 for Envoy).
   */
  httpStatus?: number;
  redirectLocation?: string;
  /** For a gRPC call the entry answers itself: the status the client sees (UNIMPLEMENTED for 404, UNAVAILABLE for 503, …). */
  grpcStatus?: string;
  /** Path (with query), Host and headers as the backend receives them. */
  requestPath?: string;
  requestHost?: string;
  requestHeaders?: Record<string, string>;
}

export interface HttpTrace extends Omit<Trace, 'outcome'> {
  request: { method: string; url: string; host: string; headers: Record<string, string> };
  entry: string;
  /** Who connects to the backend and how (setting dataPlaneUpstream); `description` is one line for a reader. */
  dataPlane: {
    implementation: string;
    pod: string;
    ip: string;
    node: string;
    upstream: 'endpoints' | 'clusterIP';
    description: string;
  };
  outcome: HttpOutcome;
}

export interface HttpSimulation {
  requests: number;
  seed: number;
  /** The per-Service spread of the weighted backend pick (failures under `status:<code>`). */
  services: { service: string; count: number; share: number; expectedShare: number }[];
}

export type { HttpRequest };
