/**
 * Schedules: one-off tasks EventBridge Scheduler starts on a cron or rate expression, stored in `.yo-rc.json` under
 * `schedules` (name -> expression, time zone, command, size) and managed with `yo rails-fargate:schedule`. Each runs
 * the app image with the same environment and secrets as web and the workers, in a task definition of its own.
 */
import { checkFargateSize, FARGATE_SIZES } from '../aws/fargate.js';
import { checkScheduleExpression, checkTimeZone } from '../aws/schedule-expression.js';
import { InputError } from '../errors.js';
import { RESERVED_WORKER_NAMES, WORKER_NAME } from '../stacks/app/options.js';
import type { Workers } from './workers.js';

export interface ScheduleSpec {
  /** `cron(...)` (six fields) or `rate(N unit)`. */
  readonly expression: string;
  /** An IANA name; cron expressions are read in it (rate ones run every N units whatever the zone). */
  readonly timezone: string;
  readonly command: readonly string[];
  readonly cpu: number;
  readonly memory: number;
}

export type Schedules = Readonly<Record<string, ScheduleSpec>>;

export const DEFAULT_SCHEDULE = { timezone: 'UTC', cpu: 512, memory: 1024 } as const;

const NAME_RULE = 'lowercase letters, digits and dashes, starting with a letter, up to 32 characters, not web or migrate';

export function checkScheduleName(name: string, workers: Workers, source = 'the schedule name'): void {
  if (!WORKER_NAME.test(name) || RESERVED_WORKER_NAMES.has(name)) throw new InputError('schedule name', name, NAME_RULE, source);
  // A worker of the same name would share its task family and its log policy name on the execution role.
  if (workers[name]) throw new InputError('schedule name', name, `a name no worker has (the worker "${name}" runs ${workers[name]!.command.join(' ')})`, source);
}

/** Validate schedules read from `.yo-rc.json` (hand-edited, perhaps); throws InputError naming the schedule and field. */
export function checkSchedules(value: unknown, workers: Workers, source = '.yo-rc.json "schedules"'): Schedules {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('schedules', value, 'an object of schedule name -> { expression, timezone, command, cpu, memory }', source);
  }
  const ids = new Map<string, string>();
  for (const [name, spec] of Object.entries(value as Record<string, unknown>)) {
    checkScheduleName(name, workers, source);
    const id = name.replace(/-/g, '');
    if (ids.has(id)) throw new InputError('schedule name', name, `names that differ from "${ids.get(id)}" by more than dashes`, source);
    ids.set(id, name);
    const s = spec as Partial<ScheduleSpec> | null;
    if (!s || typeof s !== 'object') throw new InputError(`schedules.${name}`, spec, '{ expression, timezone, command, cpu, memory }', source);
    checkScheduleExpression(s.expression, `${source} schedules.${name}.expression`);
    checkTimeZone(s.timezone, `${source} schedules.${name}.timezone`);
    if (!Array.isArray(s.command) || s.command.length === 0 || s.command.some((w) => typeof w !== 'string' || w === '')) {
      throw new InputError(`schedules.${name}.command`, s.command, 'a non-empty list of words, e.g. ["bin/rails", "reports:daily"]', source);
    }
    const size = checkFargateSize(Number(s.cpu), Number(s.memory));
    if (size !== true) throw new InputError(`schedules.${name}.cpu/memory`, { cpu: s.cpu, memory: s.memory }, size, source);
  }
  return value as Schedules;
}

/** What `yo rails-fargate:schedule NAME` asks for: the fields given (the rest stay), or the schedule's removal. */
export interface ScheduleChange {
  readonly name: string;
  readonly remove?: boolean;
  /** Already checked and normalised (`cron(...)`, `rate(...)`). */
  readonly expression?: string;
  readonly timezone?: string;
  readonly command?: readonly string[];
  readonly cpu?: number;
  readonly memory?: number;
}

/**
 * The schedules after a change: add (needs an expression and a command), update only the fields given, or remove.
 * Names come out sorted and every spec in one key order, so `.yo-rc.json` and the template depend only on the
 * schedules, not on the order of the changes.
 */
export function applyScheduleChange(schedules: Schedules, change: ScheduleChange, workers: Workers): Schedules {
  const { name } = change;
  const given = (['expression', 'timezone', 'command', 'cpu', 'memory'] as const).filter((field) => change[field] !== undefined);
  const existing = schedules[name];
  const next: Record<string, ScheduleSpec> = { ...schedules };
  if (change.remove) {
    if (given.length > 0) {
      const flags = given.map((f) => (f === 'expression' ? '--cron/--rate' : `--${f}`));
      throw new InputError('remove', name, `--remove alone: it takes no ${flags.join(', ')}`, '--remove');
    }
    if (!existing) throw new InputError('schedule name', name, existingNames(schedules, 'the name of a schedule to remove'), '--remove');
    delete next[name];
    return sortedSchedules(next);
  }
  checkScheduleName(name, workers, 'the NAME argument');
  if (!existing) {
    const id = name.replace(/-/g, '');
    const clash = Object.keys(schedules).find((other) => other.replace(/-/g, '') === id);
    if (clash) throw new InputError('schedule name', name, `a name that differs from the schedule "${clash}" by more than dashes (both would give the same logical IDs)`, 'the NAME argument');
  }
  const expression = change.expression ?? existing?.expression;
  if (!expression) {
    throw new InputError('cron', undefined, `when the new schedule "${name}" runs: --cron "0 3 * * ? *" (six fields, AWS's syntax) or --rate "1 hour"`, '--cron or --rate');
  }
  const command = change.command ?? existing?.command;
  if (!command) {
    throw new InputError('command', undefined, `what the new schedule "${name}" runs, e.g. --command "bin/rails reports:daily"`, '--command');
  }
  const timezone = checkTimeZone(change.timezone ?? existing?.timezone ?? DEFAULT_SCHEDULE.timezone, change.timezone !== undefined ? '--timezone' : `.yo-rc.json "schedules.${name}.timezone"`);
  const cpu = change.cpu ?? existing?.cpu ?? DEFAULT_SCHEDULE.cpu;
  const memory = change.memory ?? existing?.memory ?? DEFAULT_SCHEDULE.memory;
  const from = (field: 'cpu' | 'memory') => (change[field] !== undefined ? `--${field}` : existing ? `.yo-rc.json "schedules.${name}.${field}"` : `the default ${field}`);
  if (!FARGATE_SIZES.has(cpu)) throw new InputError('cpu', cpu, checkFargateSize(cpu, memory) as string, from('cpu'));
  const size = checkFargateSize(cpu, memory);
  if (size !== true) throw new InputError('memory', memory, `${size} (pass --cpu and --memory together to change both)`, from('memory'));
  next[name] = { expression, timezone, command: [...command], cpu, memory };
  return sortedSchedules(checkSchedules(next, workers, 'the change'));
}

function existingNames(schedules: Schedules, what: string): string {
  const names = Object.keys(schedules).sort();
  return `${what}; the schedules are: ${names.length ? names.join(', ') : 'none'}`;
}

/** The schedules as a list sorted by name. */
export function scheduleList(schedules: Schedules): (ScheduleSpec & { readonly name: string })[] {
  return Object.keys(schedules).sort().map((name) => ({ name, ...schedules[name]! }));
}

/** Names sorted, each spec's keys in one order: what `.yo-rc.json` stores. */
export function sortedSchedules(schedules: Schedules): Schedules {
  return Object.fromEntries(
    Object.keys(schedules)
      .sort()
      .map((name) => {
        const { expression, timezone, command, cpu, memory } = schedules[name]!;
        return [name, { expression, timezone, command: [...command], cpu, memory }];
      }),
  );
}
