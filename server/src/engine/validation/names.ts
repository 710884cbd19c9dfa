// k8s.io/apimachinery/pkg/util/validation (validation.go) and api/validate/content: the name,
// label and port-name checks the API server runs, returning its own messages (empty = valid).

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1123_LABEL_UNDERSCORE = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_UNDERSCORE = `${DNS1123_LABEL_UNDERSCORE}(\\.${DNS1123_LABEL_UNDERSCORE})*`;
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const full = (re: string) => new RegExp(`^${re}$`);
const RE = {
  dns1123Label: full(DNS1123_LABEL),
  dns1035Label: full(DNS1035_LABEL),
  dns1123Subdomain: full(DNS1123_SUBDOMAIN),
  dns1123SubdomainUnderscore: full(DNS1123_SUBDOMAIN_UNDERSCORE),
  qualifiedName: full(QUALIFIED_NAME),
  labelValue: full(LABEL_VALUE),
};

const maxLen = (n: number) => `must be no more than ${n} characters`;

function regexError(msg: string, re: string, ...examples: string[]): string {
  const eg = examples.length ? `e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, ` : '';
  return `${msg} (${eg}regex used for validation is '${re}')`;
}

/** IsDNS1123Label: port names, namespaces. */
export function dns1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!RE.dns1123Label.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        'my-name',
        '123-abc',
      ),
    );
  }
  return errs;
}

/** IsDNS1035Label: Service names (ValidateServiceName). */
export function dns1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!RE.dns1035Label.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', " +
          'start with an alphabetic character, and end with an alphanumeric character',
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** IsDNS1123Subdomain: externalName, label-key prefixes, most object names. */
export function dns1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!RE.dns1123Subdomain.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
          'and must start and end with an alphanumeric character',
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

/** IsDNS1123SubdomainWithUnderscore: a pod's DNS search domains (RelaxedDNSSearchValidation, GA since 1.34). */
export function dns1123SubdomainWithUnderscore(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!RE.dns1123SubdomainUnderscore.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_UNDERSCORE,
        'example.com',
      ),
    );
  }
  return errs;
}

const WILDCARD_DNS1123_SUBDOMAIN = `\\*\\.${DNS1123_SUBDOMAIN}`;

/** IsWildcardDNS1123Subdomain (RFC 1034 section 4.3.3): `*.` then a subdomain; Ingress hosts and TLS hosts with a `*`. */
export function wildcardDns1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!full(WILDCARD_DNS1123_SUBDOMAIN).test(v)) {
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, " +
          "which must consist of lower case alphanumeric characters, '-' or '.' and end with an " +
          'alphanumeric character',
        WILDCARD_DNS1123_SUBDOMAIN,
        '*.example.com',
      ),
    );
  }
  return errs;
}

// httpPathFmt: the characters RFC 3986 allows in an HTTP path (unreserved, percent-encoded,
// sub-delims and ':').
const HTTP_PATH = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/**
 * IsDomainPrefixedPath (`acme.io/foo`): a DNS-1123 subdomain, `/`, then HTTP path characters. Each
 * error comes with the part it is about, the value upstream's field.Invalid quotes; an empty value is
 * the caller's Required.
 */
export function domainPrefixedPath(v: string): { value: string; detail: string }[] {
  const slash = v.indexOf('/');
  const host = v.slice(0, slash);
  const path = v.slice(slash + 1);
  if (slash < 0 || !host || !path)
    return [{ value: v, detail: 'must be a domain-prefixed path (such as "acme.io/foo")' }];
  const errs = dns1123Subdomain(host).map((detail) => ({ value: host, detail }));
  if (!full(HTTP_PATH).test(path)) errs.push({ value: path, detail: regexError('Invalid path', HTTP_PATH) });
  return errs;
}

/** IsValidPathSegmentName (apimachinery api/validation/path): names that become one URL path segment. */
export function pathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  return ['/', '%'].filter((c) => v.includes(c)).map((c) => `may not contain '${c}'`);
}

/** IsValidPortName (IANA_SVC_NAME): named targetPorts and container port names. */
export function portName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]*$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (v.length > 0 && (v.startsWith('-') || v.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  return errs;
}

/** IsValidPortNum. */
export function portNumber(v: number): string[] {
  return v >= 1 && v <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** IsQualifiedName: label keys (`[prefix/]name`). */
export function labelKey(v: string): string[] {
  const parts = v.split('/');
  let name = parts[0];
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1]!;
    if (!prefix) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123Subdomain(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return [
      regexError(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        'MyName',
        'my.name',
        '123-abc',
      ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (!name) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (name && !RE.qualifiedName.test(name)) {
    errs.push(
      regexError(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        'MyName',
        'my.name',
        '123-abc',
      ),
    );
  }
  return errs;
}

/** IsQualifiedName for fields that are not label keys (appProtocol, loadBalancerClass, annotation keys): the same rule. */
export const qualifiedName = labelKey;

/** IsValidLabelValue. */
export function labelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!RE.labelValue.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
          'and must start and end with an alphanumeric character',
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** IsValidCIDR (IPv4 or IPv6 syntax). */
export function cidr(v: string): string[] {
  const m = /^(.+)\/(\d{1,3})$/.exec(v);
  const ok = !!m && ((isIPv4Text(m[1]) && Number(m[2]) <= 32) || (isIPv6Text(m[1]) && Number(m[2]) <= 128));
  return ok ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

/**
 * A valid CIDR (see `cidr`) as its family and address range, the address masked to the prefix as
 * net.ParseCIDR returns it; undefined when it is not valid.
 */
export function cidrRange(v: string): { family: 4 | 6; lo: bigint; hi: bigint; bits: number } | undefined {
  if (cidr(v).length) return undefined;
  const slash = v.lastIndexOf('/');
  const bits = Number(v.slice(slash + 1));
  const text = v.slice(0, slash);
  const family = isIPv4Text(text) ? 4 : 6;
  const width = family === 4 ? 32 : 128;
  const address = family === 4 ? ipv4Value(text) : ipv6Value(text);
  const size = 1n << BigInt(width - bits);
  const lo = address - (address % size);
  return { family, lo, hi: lo + size - 1n, bits };
}

function ipv4Value(v: string): bigint {
  return v.split('.').reduce((n, p) => (n << 8n) + BigInt(Number(p)), 0n);
}

/** A valid IPv6 text (isIPv6Text) as a number, an embedded IPv4 tail counting as two groups. */
function ipv6Value(v: string): bigint {
  const groups = (part: string) =>
    (part ? part.split(':') : []).flatMap((g) =>
      g.includes('.') ? [Number(ipv4Value(g) >> 16n).toString(16), Number(ipv4Value(g) & 0xffffn).toString(16)] : [g],
    );
  const [head, tail] = v.split('::') as [string, string | undefined];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** IsValidIP. */
export function ip(v: string): string[] {
  return isIPv4Text(v) || isIPv6Text(v) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

function isIPv4Text(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6Text(v: string): boolean {
  if (!v.includes(':') || !/^[0-9a-fA-F:.]+$/.test(v)) return false;
  const halves = v.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h ? h.split(':') : []));
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g) || isIPv4Text(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}
