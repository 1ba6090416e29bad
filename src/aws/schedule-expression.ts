/**
 * EventBridge Scheduler's expressions: `cron(minutes hours day-of-month month day-of-week year)` (six fields, AWS's
 * own syntax, not Unix cron's five) and `rate(N unit)`, and its time zones (IANA names). A bad value throws
 * InputError naming the field, the value and what is allowed.
 *
 * Hand-written: the npm libraries for AWS cron (aws-cron-parser, aws-cron-expression-validator) throw one generic
 * message for any mistake and do not check rate(); croner and cron-parser read the Unix or Quartz syntax, whose
 * day-of-week numbering (0 or 1 = Sunday, 7...) and fields differ from AWS's. The rules follow the EventBridge
 * Scheduler user guide ("Schedule types": cron and rate expressions).
 */
import { InputError } from '../errors.js';

export const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
/** Day-of-week 1 is Sunday in AWS cron. */
export const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly wildcards: string;
}

export const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, wildcards: ', - * /' },
  { name: 'hours', min: 0, max: 23, wildcards: ', - * /' },
  { name: 'day-of-month', min: 1, max: 31, wildcards: ', - * ? / L W' },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, wildcards: ', - * /' },
  { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, wildcards: ', - * ? L #' },
  { name: 'year', min: 1970, max: 2199, wildcards: ', - * /' },
];

const EXAMPLES = 'e.g. cron(0 3 * * ? *) for 03:00 every day, cron(0/15 * * * ? *) every 15 minutes, cron(0 9 ? * MON-FRI *) at 09:00 on weekdays';

function allowedFor(field: CronField): string {
  const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
  return `${field.min}-${field.max}${names}, with the wildcards ${field.wildcards}`;
}

/** One value of a field: a number in range, or (month, day-of-week) a name. */
function value(field: CronField, text: string, source: string, whole: string): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  const number = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(number) || number < field.min || number > field.max) {
    throw new InputError(`cron ${field.name}`, whole, allowedFor(field), source);
  }
  return number;
}

function checkPart(field: CronField, part: string, source: string, whole: string): void {
  const fail = (why: string) => {
    throw new InputError(`cron ${field.name}`, whole, `${allowedFor(field)}${why}`, source);
  };
  if (part === '*') return;
  if (field.name === 'day-of-month') {
    if (part === 'L') return;
    const weekday = /^(\d+)W$/.exec(part);
    if (weekday) return void value(field, weekday[1]!, source, whole);
  }
  if (field.name === 'day-of-week') {
    if (part === 'L') return;
    const last = /^([A-Za-z]+|\d+)L$/.exec(part);
    if (last) return void value(field, last[1]!, source, whole);
    const nth = /^([A-Za-z]+|\d+)#(\d+)$/.exec(part);
    if (nth) {
      value(field, nth[1]!, source, whole);
      if (!/^[1-5]$/.test(nth[2]!)) fail(` (the # in ${part} takes 1 to 5: the nth such day of the month)`);
      return;
    }
  }
  const step = /^([^/]+)\/(\d+)$/.exec(part);
  const base = step ? step[1]! : part;
  if (step && !field.wildcards.includes('/')) fail(` (no / here)`);
  if (step && (Number(step[2]) < 1 || Number(step[2]) > field.max)) fail(` (the step in ${part} must be 1 to ${field.max})`);
  if (base === '*' && step) return;
  const range = /^([^-]+)-([^-]+)$/.exec(base);
  if (range) {
    const [from, to] = [value(field, range[1]!, source, whole), value(field, range[2]!, source, whole)];
    if (from > to) fail(` (the range ${base} runs backwards)`);
    return;
  }
  value(field, base, source, whole);
}

/** How five Unix cron fields read in AWS's six: a ? in one day field, a year, and Sunday as 1. */
function unixHint([minutes, hours, dayOfMonth, month, dayOfWeek]: string[]): string {
  if (dayOfWeek === '*') return `in EventBridge, cron(${minutes} ${hours} ${dayOfMonth} ${month} ? *)`;
  return `in EventBridge, cron(${minutes} ${hours} ? ${month} ${dayOfWeek} *) when ${dayOfWeek} is written with day names (SUN-SAT) or AWS's numbers (1 = Sunday, 7 = Saturday)`;
}

/**
 * Check a cron expression, with or without its `cron(...)`, and return it as `cron(...)` with single spaces.
 * Five fields (Unix cron) get a hint of the six-field form.
 */
export function checkCron(text: string, source = '--cron'): string {
  const inner = /^\s*cron\((.*)\)\s*$/i.exec(text)?.[1] ?? text;
  const fields = inner.trim().split(/\s+/).filter(Boolean);
  const layout = 'six fields: minutes hours day-of-month month day-of-week year';
  if (fields.length !== 6) {
    const hint = fields.length === 5 ? `; that looks like Unix cron's five fields: ${unixHint(fields)}` : '';
    throw new InputError('cron', text, `${layout} (${EXAMPLES})${hint}`, source);
  }
  fields.forEach((part, i) => {
    const field = CRON_FIELDS[i]!;
    if (part === '?') {
      if (!field.wildcards.includes('?')) throw new InputError(`cron ${field.name}`, part, `${allowedFor(field)} (? only in day-of-month or day-of-week)`, source);
      return;
    }
    for (const piece of part.split(',')) checkPart(field, piece, source, part);
  });
  const [dayOfMonth, , dayOfWeek] = [fields[2]!, fields[3]!, fields[4]!];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new InputError(
      'cron day-of-month/day-of-week',
      `${dayOfMonth} ${dayOfWeek}`,
      'a ? in exactly one of the two: EventBridge cannot take both a day of the month and a day of the week (e.g. "* ?" for every day, "? MON" for Mondays)',
      source,
    );
  }
  return `cron(${fields.join(' ')})`;
}

/** The rate units EventBridge Scheduler takes: singular for 1, plural otherwise. */
const RATE_UNITS = ['minute', 'hour', 'day'] as const;

/** Check a rate expression, with or without its `rate(...)`, and return it as `rate(N unit)`. */
export function checkRate(text: string, source = '--rate'): string {
  const inner = (/^\s*rate\((.*)\)\s*$/i.exec(text)?.[1] ?? text).trim();
  const match = /^(\d+)\s+([a-z]+)$/i.exec(inner);
  const allowed = 'a whole number of minutes, hours or days, e.g. rate(5 minutes), rate(1 hour), rate(7 days) (1 takes the singular)';
  if (!match) throw new InputError('rate', text, allowed, source);
  const count = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const singular = unit.replace(/s$/, '') as (typeof RATE_UNITS)[number];
  if (count < 1 || !RATE_UNITS.includes(singular)) throw new InputError('rate', text, allowed, source);
  const want = count === 1 ? singular : `${singular}s`;
  if (unit !== want) throw new InputError('rate unit', text, `${want} with ${count} (EventBridge refuses "${count} ${unit}")`, source);
  return `rate(${count} ${want})`;
}

/** Check either kind (what .yo-rc.json stores): `cron(...)` or `rate(...)`. */
export function checkScheduleExpression(text: unknown, source: string): string {
  if (typeof text === 'string' && /^\s*cron\(/i.test(text)) return checkCron(text, source);
  if (typeof text === 'string' && /^\s*rate\(/i.test(text)) return checkRate(text, source);
  throw new InputError('schedule expression', text, `cron(six fields) or rate(N unit), ${EXAMPLES}`, source);
}

/** IANA names as Intl knows them, plus UTC (which Intl lists only through its aliases). */
export function timeZones(): ReadonlySet<string> {
  return new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
}

/**
 * Intl lists ICU's canonical names, some of them the older spellings (Asia/Calcutta, Europe/Kiev); the current IANA
 * names (Asia/Kolkata, Europe/Kyiv) are its aliases, which Intl.DateTimeFormat takes. Both are accepted, spelled
 * with their capitals as IANA writes them.
 */
function isAlias(zone: string): boolean {
  if (!/^[A-Z][A-Za-z_-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function checkTimeZone(zone: unknown, source = '--timezone'): string {
  if (typeof zone === 'string' && (timeZones().has(zone) || isAlias(zone))) return zone;
  const near = typeof zone === 'string' && zone.length >= 3
    ? [...timeZones()].filter((z) => z.toLowerCase().includes(zone.toLowerCase().replace(/\s+/g, '_'))).slice(0, 5)
    : [];
  throw new InputError(
    'timezone',
    zone,
    `an IANA time zone name such as UTC, Europe/Paris or America/New_York (${timeZones().size} known to Node's Intl)${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
    source,
  );
}
