import type { ParsedFile } from '../manifest/parse';
import { placeholderAt } from '../manifest/placeholders';
import type { Cluster } from '../model/cluster';
import type { Diagnostic } from '../types';
import { apiVersionRemoved } from './api-version-removed';
import { containerPortInvalid } from './container-ports';
import {
  localPolicyDrops,
  noEndpoints,
  noReadyEndpoints,
  selectorSpansWorkloads,
  targetPortNotDeclared,
  targetPortUnresolved,
} from './endpoints';
import { fieldType } from './field-type';
import { gatewayApiInvalid } from './gateway-api-invalid';
import { hpaInvalid } from './hpa-spec';
import { endpointSliceInvalid } from './endpointslice-spec';
import { endpointsInvalid } from './endpoints-spec';
import { jobInvalid } from './job-spec';
import { labelInvalid, selectorInvalid } from './labels';
import { loadBalancerFieldInvalid } from './load-balancer-fields';
import { metadataInvalid } from './metadata';
import { podSpecInvalid } from './pod-spec';
import { networkPolicyBlocksDns } from './networkpolicy-blocks-dns';
import { networkPolicyInvalid } from './networkpolicy-invalid';
import { networkPolicyNamedPortUndeclared } from './networkpolicy-named-port-undeclared';
import { networkPolicyPeerMatchesNothing } from './networkpolicy-peer-matches-nothing';
import { networkPolicySelectsNothing } from './networkpolicy-selects-nothing';
import { networkPolicyServiceUnreachable } from './networkpolicy-service-unreachable';
import { nodeInvalid } from './node-spec';
import { nodePortConflict, nodePortNotAllowed, nodePortOutOfRange } from './nodeports';
import { ingressClassMissing } from './ingress-class-missing';
import { ingressInvalid } from './ingress-invalid';
import { ingressClassInvalid } from './ingressclass-invalid';
import { routeBackendMissing } from './route-backend-missing';
import { routeBackendPort } from './route-backend-port';
import { routeBackendUnavailable } from './route-backend-unavailable';
import { routeNotAccepted } from './route-not-accepted';
import { routePathShadowed } from './route-path-shadowed';
import { routeRegexInvalid } from './route-regex-invalid';
import { routeRefNotPermitted } from './route-ref-not-permitted';
import { selectorMatchesNothing } from './selector-matches-nothing';
import {
  clusterIPInvalid,
  externalNameInvalid,
  serviceNameInvalid,
  serviceTypeInvalid,
  sessionAffinityInvalid,
  sourceRangesInvalid,
  trafficPolicyInvalid,
} from './service-spec';
import { externalIPInvalid, ipFamilyInvalid } from './service-ips';
import { portInvalid, portNameDuplicate, portNameInvalid, portNameRequired, targetPortInvalid } from './service-ports';
import { statefulSetServiceMissing } from './statefulset';
import { unknownField } from './unknown-field';
import type { Finding, Rule, RuleSeverity } from './types';
import { workloadSelectorMismatch } from './workload-selector';
import { workloadSpecInvalid } from './workload-spec';

/** Every rule, errors first (what the API server rejects), then warnings, then information, then hints. */
export const rules: readonly Rule[] = [
  apiVersionRemoved,
  fieldType,
  unknownField,
  nodePortOutOfRange,
  nodePortConflict,
  nodePortNotAllowed,
  portInvalid,
  portNameRequired,
  portNameInvalid,
  portNameDuplicate,
  targetPortInvalid,
  containerPortInvalid,
  podSpecInvalid,
  serviceTypeInvalid,
  serviceNameInvalid,
  labelInvalid,
  metadataInvalid,
  selectorInvalid,
  workloadSelectorMismatch,
  workloadSpecInvalid,
  externalNameInvalid,
  sessionAffinityInvalid,
  trafficPolicyInvalid,
  sourceRangesInvalid,
  clusterIPInvalid,
  ipFamilyInvalid,
  externalIPInvalid,
  loadBalancerFieldInvalid,
  networkPolicyInvalid,
  hpaInvalid,
  endpointSliceInvalid,
  endpointsInvalid,
  nodeInvalid,
  jobInvalid,
  selectorMatchesNothing,
  targetPortUnresolved,
  noReadyEndpoints,
  statefulSetServiceMissing,
  selectorSpansWorkloads,
  noEndpoints,
  localPolicyDrops,
  routeBackendMissing,
  routeBackendPort,
  routeBackendUnavailable,
  routeRefNotPermitted,
  routeNotAccepted,
  routePathShadowed,
  routeRegexInvalid,
  ingressClassMissing,
  ingressInvalid,
  gatewayApiInvalid,
  ingressClassInvalid,
  networkPolicySelectsNothing,
  networkPolicyNamedPortUndeclared,
  networkPolicyBlocksDns,
  networkPolicyPeerMatchesNothing,
  networkPolicyServiceUnreachable,
  targetPortNotDeclared,
];

export const ruleCodes: ReadonlySet<string> = new Set(rules.map((r) => r.code));

/** Codes whose findings on a file several apps share stand only where every app reports them (Rule.inertUnlessEveryApp). */
export const inertUnlessEveryApp: ReadonlySet<string> = new Set(
  rules.filter((r) => r.inertUnlessEveryApp).map((r) => r.code),
);

/** Where each rule's documentation lives (docs/rules/<code>.md). */
export function ruleDocUrl(code: string): string {
  return `https://github.com/kroute/kroute/blob/main/docs/rules/${code}.md`;
}

export type RuleSeverities = Readonly<Partial<Record<string, RuleSeverity>>>;

const SUPPRESS = /#\s*kroute-disable-next-line\b(.*)$/;

/**
 * Runs every rule over the model. Severity comes from the configuration (`off` drops the rule);
 * a `# kroute-disable-next-line [code…]` comment on the line above silences that line.
 */
export function runRules(
  cluster: Cluster,
  files: ReadonlyMap<string, ParsedFile>,
  severities: RuleSeverities = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const emit = emitter(rule, severities, out);
    if (emit) rule.check({ cluster, files }, (f) => emit(f, files.get(f.uri)));
  }
  return out;
}

/**
 * How one rule's findings become diagnostics under the configuration: undefined when the rule is
 * off; otherwise a function that applies its severity (a configured one overrides a finding's own)
 * and drops suppressed findings and findings about a value written with a placeholder (`${PORT}`
 * is not the port that will be applied: every rule judges only values as the API server gets
 * them). Shared by the full pass and the incremental cache.
 */
export function emitter(
  rule: Rule,
  severities: RuleSeverities,
  out: Diagnostic[],
): ((f: Finding, file: ParsedFile | undefined) => void) | undefined {
  const severity = severities[rule.code] ?? rule.defaultSeverity;
  if (severity === 'off') return undefined;
  return (f, file) => {
    const d: Diagnostic = { ...f, severity: severities[rule.code] ? severity : (f.severity ?? severity) };
    if (!suppressed(file, d) && !(file && placeholderAt(file.lines, d.range))) out.push(d);
  };
}

function suppressed(file: ParsedFile | undefined, d: Diagnostic): boolean {
  if (!file || d.range.start.line === 0) return false;
  const m = SUPPRESS.exec(file.lines.lineText(d.range.start.line - 1));
  if (!m) return false;
  const codes = m[1].split(/[\s,]+/).filter(Boolean);
  return codes.length === 0 || codes.includes(d.code);
}
