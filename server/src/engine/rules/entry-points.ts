import { ENTRY_KINDS } from '../l7/references';
import type { Rule } from './types';

type Info = Pick<Rule, 'code' | 'defaultSeverity' | 'description' | 'check'>;

/**
 * A rule about Ingresses, HTTPRoutes and Gateways (engine/l7): it reads the whole model and those
 * manifests, so it runs again when a Service changes or an edited file holds one of them.
 */
export function entryPointRule(info: Info): Rule {
  return { scope: 'cluster', kinds: ENTRY_KINDS, ...info };
}
