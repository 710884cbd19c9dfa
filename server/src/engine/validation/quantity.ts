// resource.Quantity as the API server decodes it (k8s.io/apimachinery/pkg/api/resource): a JSON
// number or a string such as `300m`, `1.5Gi`, `2e3`.

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A written quantity's sign (Quantity.Sign()): -1, 0 or 1; undefined when it is not a quantity. */
export function quantitySign(v: unknown): -1 | 0 | 1 | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.sign(v) as -1 | 0 | 1) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v.trim());
  if (!m) return undefined;
  if (!/[1-9]/.test(m[2])) return 0;
  return m[1] === '-' ? -1 : 1;
}

/**
 * A written quantity's value as a number (what Quantity.Cmp compares; a double is exact enough to
 * order the quantities manifests write); undefined when it is not a quantity.
 */
export function quantityValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v.trim());
  if (!m) return undefined;
  // An unmatched optional group is undefined at run time, whatever its static type says.
  const suffix = m[3] as string | undefined;
  const scale = !suffix ? 1 : /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return (m[1] === '-' ? -1 : 1) * Number(m[2]) * scale;
}

/**
 * Whether a written quantity is a whole number (Quantity.MilliValue() % 1000 == 0, as
 * ValidateResourceQuantityValue asks of integer resources); undefined when it is not a quantity.
 */
export function isWholeQuantity(v: unknown): boolean | undefined {
  const value = quantityValue(v);
  if (value === undefined) return undefined;
  // Milli-units, rounded up as MilliValue does; whole when they are a multiple of 1000.
  const milli = Math.ceil(Math.round(value * 1e3 * 1e6) / 1e6);
  return milli % 1000 === 0;
}
