import type { Ingress } from './objects';

/** ingress-nginx's annotation prefix (its --annotations-prefix default). */
export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/**
 * A boolean ingress-nginx annotation of the Ingress, as its parser reads it (Go's strconv.ParseBool);
 * undefined when absent or not a boolean (the controller then keeps its default).
 */
export function nginxFlag(ingress: Ingress, name: string): boolean | undefined {
  const key = `${NGINX_PREFIX}${name}`;
  const v = Object.hasOwn(ingress.annotations, key) ? ingress.annotations[key] : undefined;
  if (v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}
