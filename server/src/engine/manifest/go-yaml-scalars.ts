import type { ScalarTag, Tags } from 'yaml';

/**
 * Plain (unquoted) scalars as `kubectl apply -f` reads them, not as YAML 1.2 does.
 *
 * kubectl decodes each YAML document with k8s.io/apimachinery's YAMLOrJSONDecoder into a
 * `runtime.RawExtension` (cli-runtime `resource/visitor.go`, StreamVisitor); that goes through
 * sigs.k8s.io/yaml `YAMLToJSON`, which unmarshals with its go-yaml v2 fork (`goyaml.v2`, YAML 1.1)
 * into `interface{}` and marshals the result as JSON. RawExtension is a json.Unmarshaler, so no
 * value is coerced to the target's string type on the way: `enabled: yes` reaches the API server
 * as `true`, and a string field then fails to decode ("cannot unmarshal bool into Go struct field
 * … of type string").
 *
 * `resolvePlain` follows goyaml.v2 `resolve.go` `resolve()` with no tag: the first character
 * is a hint; the YAML 1.1 words are looked up exactly (`y`, `yes`, `on`, … are booleans); text
 * starting with a digit or sign drops every `_` and is an integer in Go's syntax (`0x50`, `0o17`,
 * `017` octal, `0b101`), else a float when it looks like one; anything else is a string. Dates
 * stay strings: decode.go keeps a timestamp's text when the target is `interface{}`. Sexagesimal
 * numbers (`1:20`) are strings: go-yaml does not support them.
 */
export type GoScalar =
  | { type: 'null'; value: null }
  | { type: 'bool'; value: boolean }
  | { type: 'int' | 'float'; value: number }
  | { type: 'str'; value: string };

const WORDS = new Map<string, GoScalar>();
const word = (value: null | boolean | number, type: GoScalar['type'], list: string[]) =>
  list.forEach((w) => WORDS.set(w, { type, value } as GoScalar));
word(true, 'bool', ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
word(false, 'bool', ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
word(null, 'null', ['', '~', 'null', 'Null', 'NULL']);
word(NaN, 'float', ['.nan', '.NaN', '.NAN']);
word(Infinity, 'float', ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
word(-Infinity, 'float', ['-.inf', '-.Inf', '-.INF']);

/** `resolveTable`: the first characters that may start something other than a string. */
const HINTED = /^[-+0-9yYnNtTfFoO~.]/;
/** `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's strconv.ParseFloat accepts after a leading `.` (no underscores without a base prefix). */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go integer syntax with base 0 (strconv.ParseInt / ParseUint): sign, then 0x, 0o, 0b, 0 (octal) or decimal. */
function goInteger(text: string, signed: boolean): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m || (!signed && m[1])) return undefined;
  const digits = m[2];
  // BigInt reads 0x, 0o and 0b; Go's leading-zero octal (`017`) is 0o17.
  const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits.toLowerCase());
  const value = m[1] === '-' ? -magnitude : magnitude;
  return (signed ? value >= INT64_MIN && value <= INT64_MAX : value <= UINT64_MAX) ? value : undefined;
}

/** strconv.ParseInt(text, 2, 64), which takes a sign of its own. */
function goBinary(text: string): bigint | undefined {
  const m = /^([-+]?)([01]+)$/.exec(text);
  if (!m) return undefined;
  const value = (m[1] === '-' ? -1n : 1n) * BigInt(`0b${m[2]}`);
  return value >= INT64_MIN && value <= UINT64_MAX ? value : undefined;
}

/** A number that starts with a digit or a sign: goyaml.v2 `resolve`, case 'D', 'S'. */
function resolveNumber(text: string): GoScalar | undefined {
  const plain = text.replaceAll('_', '');
  const int = goInteger(plain, true) ?? goInteger(plain, false);
  if (int !== undefined) return { type: 'int', value: Number(int) };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    // ParseFloat fails (and the scalar stays a string) when the value is out of float64's range.
    if (Number.isFinite(value)) return { type: 'float', value };
  }
  const binary = plain.startsWith('0b')
    ? goBinary(plain.slice(2))
    : plain.startsWith('-0b')
      ? goBinary(`-${plain.slice(3)}`)
      : undefined;
  if (binary !== undefined) return { type: 'int', value: Number(binary) };
  // Too large for 64 bits but valid in Go's syntax: math/big reads it (an unsigned hexadecimal, octal or binary).
  if (/^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/.test(plain))
    return { type: 'int', value: Number(BigInt(plain.toLowerCase())) };
  return undefined;
}

/**
 * Whether a plain scalar may resolve to other than its text: `resolveTable`'s first-character hint,
 * or the empty scalar (null). Most plain scalars (keys, names, images) start otherwise.
 */
export function mayResolve(text: string): boolean {
  return text === '' || HINTED.test(text);
}

export function resolvePlain(text: string): GoScalar {
  const known = WORDS.get(text);
  if (known) return known;
  if (!HINTED.test(text)) return { type: 'str', value: text };
  if (text.startsWith('.')) {
    const value = Number(text);
    return DOT_FLOAT.test(text) && Number.isFinite(value) ? { type: 'float', value } : { type: 'str', value: text };
  }
  if (/^[-+0-9]/.test(text)) return resolveNumber(text) ?? { type: 'str', value: text };
  return { type: 'str', value: text };
}

/**
 * A pattern whose `test` is a predicate: the `yaml` library (compose, stringify) and compose.ts only
 * ever call `test` on a tag's pattern, and go-yaml's rule is code, not a regular expression.
 */
function predicate(accepts: (text: string) => boolean): RegExp {
  const pattern = /(?:)/;
  pattern.test = accepts;
  return pattern;
}

const TYPES = {
  null: 'tag:yaml.org,2002:null',
  bool: 'tag:yaml.org,2002:bool',
  int: 'tag:yaml.org,2002:int',
  float: 'tag:yaml.org,2002:float',
} as const;

/**
 * The `yaml` library's core-schema tags with go-yaml's resolution: core null, bool, int and float
 * (their `identify` and `stringify` kept, so written YAML still round-trips) resolve plain scalars
 * by `resolvePlain`; strings, maps and sequences are unchanged.
 */
export function goYamlTags(core: Tags): Tags {
  const replaced: string[] = Object.values(TYPES);
  // The core schema's tags arrive as tag objects (names only in user-given lists).
  const kept = core.filter((t) => typeof t === 'string' || !replaced.includes(t.tag));
  const byType = (type: keyof typeof TYPES): ScalarTag => {
    // The plain decimal form's tag (core `int`, `float`), not its octal, hex or exponent variants.
    const base = core
      .filter((t): t is ScalarTag => typeof t !== 'string' && t.tag === TYPES[type] && !t.format)
      .at(-1)!;
    return {
      ...base,
      test: predicate((text) => resolvePlain(text).type === type),
      resolve: (text: string) => resolvePlain(text).value,
    };
  };
  return [...kept, byType('null'), byType('bool'), byType('int'), byType('float')];
}
