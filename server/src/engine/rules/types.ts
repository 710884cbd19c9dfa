import type { ParsedFile } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import type { Cluster } from '../model/cluster';
import type { EmptySelectorExplanation } from '../model/explain';
import type { Service, Workload } from '../model/types';
import type { Diagnostic, Severity } from '../types';

export type RuleSeverity = Severity | 'off';

export interface RuleContext {
  cluster: Cluster;
  files: ReadonlyMap<string, ParsedFile>;
  /**
   * Set while the engine checks one Service for a 'service' rule: everything the check read
   * besides the Service itself, so its findings are recomputed when one of those changes.
   */
  reads?: Reads;
}

/** What a 'workload' or 'service' check read besides its object (rules/incremental.ts keeps findings until one changes). */
export interface Reads {
  /** A workload, looked up by key in cluster.workloadsByKey: its manifest, kind, name or pods. */
  workload(w: Workload): void;
  /** The Service of a key in cluster.servicesByKey (or none), as modelled and as written. */
  service(key: string, s: Service | undefined): void;
  /** A Service's dead-selector explanation (model/explain.ts): findings are recomputed once an edit changes it. */
  explanation(s: Service, why: EmptySelectorExplanation): void;
  /** A value built from the whole model (an index): findings are recomputed once `lookup` gives another (compared once per model). */
  model<T>(lookup: (cluster: Cluster) => T, value: T): void;
}

/** A diagnostic as a rule reports it; the engine applies the configured severity and suppressions. */
export type Finding = Omit<Diagnostic, 'severity'> & { severity?: Severity };

export type Report = (f: Finding) => void;

interface RuleInfo {
  /** Stable code, documented in docs/rules/<code>.md. */
  code: string;
  defaultSeverity: Severity;
  /** One line for `kroute check --list-rules` and settings descriptions. */
  description: string;
  /** Every finding over the whole model, in the order a full pass reports them. */
  check(ctx: RuleContext, report: Report): void;
  /**
   * Set on rules that find an object inert (it affects no traffic), not wrong: on a file several
   * apps render (a component, a base of overlays), such a finding is shown only when it holds in
   * every one of them. A policy that protects pods in one composition was not written in vain
   * because another composition replaced those pods (apps/merge.ts).
   */
  inertUnlessEveryApp?: true;
}

/**
 * What a rule's findings depend on, which lets the engine keep them across edits
 * (rules/incremental.ts). Every finding sits in the file of the object it is about.
 *
 * - `resource`: one manifest of cluster.resources and the cluster config.
 * - `workload`: one workload's fields that come from its manifest (kind, name, selector, template
 *   labels: not its pods), the config, and what the check reports through `ctx.reads`.
 * - `service-spec`: one Service's fields that come from its manifest (type, ports as written,
 *   headless, external IPs: not its endpoints or allocated values) and the config.
 * - `service`: one model Service (selected pods, EndpointSlices, allocation), the config, and
 *   what the check reports through `ctx.reads`.
 * - `cluster`: the Services of the whole model, but only their identity (key, manifest), type,
 *   ports and node ports, written and allocated cluster IPs and health-check node port: not their
 *   endpoints, not workloads or pods. The rule runs again when one of those changes on some
 *   Service, or a file one of its findings points into changes.
 *
 * A `cluster` rule that also reads manifests of other kinds (Ingresses, HTTPRoutes, …) lists them
 * in `kinds`: it runs again when an edited file holds (or held) one of them.
 *
 * A scoped rule may add `across`: cross-object findings reported after the per-object ones and
 * re-run like a `cluster` rule.
 */
export type Rule = RuleInfo &
  (
    | { scope: 'cluster'; kinds?: readonly string[] }
    | ScopedRule<'resource', ManifestResource>
    | ScopedRule<'workload', Workload>
    | ScopedRule<'service-spec' | 'service', ManifestedService>
  );

/** A Service written in a manifest (not the cluster's own default/kubernetes). */
export type ManifestedService = Service & { resource: ManifestResource };

export interface ScopedRule<S extends string, T> {
  scope: S;
  checkOne(target: T, ctx: RuleContext, report: Report): void;
  across?(ctx: RuleContext, report: Report): void;
}

export type RuleScope = Rule['scope'];
