// A CronJob's schedule as github.com/robfig/cron/v3 ParseStandard reads it (five fields or a
// descriptor, an optional TZ=/CRON_TZ= prefix), and its time zone as Go's time.LoadLocation and
// validateTimeZone (pkg/apis/batch/validation) accept it. Each returns the error text, or undefined.

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = Object.fromEntries(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]),
);
const DAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));
/** Minute, hour, day of month, month, day of week. */
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
/** time.ParseDuration's syntax: a sequence of decimal numbers with units, or a bare 0. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** mustParseInt: a non-negative decimal (strconv.Atoi), with robfig's messages. */
function mustParseInt(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number(expr);
  return n < 0 ? `negative number (${n}) not allowed: ${expr}` : n;
}

function intOrName(expr: string, b: Bounds): number | string {
  return b.names?.[expr.toLowerCase()] ?? mustParseInt(expr);
}

/** getRange: `*`, `?`, `N`, `N-M`, each optionally `/step`. */
function rangeError(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start = b.min;
  let end = b.max;
  if (lowAndHigh[0] !== '*' && lowAndHigh[0] !== '?') {
    const s = intOrName(lowAndHigh[0], b);
    if (typeof s === 'string') return s;
    start = end = s;
    if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1], b);
      if (typeof e === 'string') return e;
      end = e;
    } else if (lowAndHigh.length > 2) return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]);
    if (typeof s === 'string') return s;
    step = s;
    if (lowAndHigh.length === 1) end = b.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** cron.ParseStandard's error for a schedule, or undefined when it parses. */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule;
  if (!spec) return 'empty spec string';
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const location = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    const zoneError = loadLocationError(location);
    if (zoneError) return `provided bad location ${location}: ${zoneError}`;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const d = spec.slice('@every '.length);
      return GO_DURATION.test(d)
        ? undefined
        : `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(d)}`;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const [i, field] of fields.entries()) {
    for (const expr of field.split(',')) {
      const e = rangeError(expr, FIELDS[i]);
      if (e) return e;
    }
  }
  return undefined;
}

/**
 * time.LoadLocation's error ("unknown time zone X") for a name, from the IANA database the
 * runtime carries. Go reads zoneinfo file names, so a name differing only in case is unknown.
 */
export function loadLocationError(name: string): string | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return `unknown time zone ${name}`;
    return undefined;
  } catch {
    return `unknown time zone ${name}`;
  }
}

/** A name component validateTimeZone accepts before asking LoadLocation (IANA naming rules, digits and '+' tolerated). */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateTimeZone's details for a written spec.timeZone, in its order (empty when valid). */
export function timeZoneErrors(tz: string): string[] {
  if (!tz) return ['timeZone must be nil or non-empty string'];
  if (tz.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !TIME_ZONE_PART.test(p)))
    return [`unknown time zone ${tz}`];
  const errs: string[] = [];
  if (tz.toLowerCase() === 'local')
    errs.push('timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
  const zone = loadLocationError(tz);
  if (zone) errs.push(zone);
  return errs;
}
