// resource.Quantity as the API server decodes it (k8s.io/apimachinery/pkg/api/resource): a JSON
// number or a string such as `300m`, `1.5Gi`, `2e3`.

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** A written quantity's sign (Quantity.Sign()): -1, 0 or 1; undefined when it is not a quantity. */
export function quantitySign(v: unknown): -1 | 0 | 1 | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.sign(v) as -1 | 0 | 1) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v.trim());
  if (!m) return undefined;
  if (!/[1-9]/.test(m[2])) return 0;
  return m[1] === '-' ? -1 : 1;
}
