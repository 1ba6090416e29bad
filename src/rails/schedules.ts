/**
 * What the app already schedules, and with what: whenever (`config/schedule.rb`, which writes a crontab: nothing
 * runs it on Fargate), Solid Queue's recurring tasks (`config/recurring.yml`, run by the Solid Queue supervisor),
 * sidekiq-cron (`config/schedule.yml`) and sidekiq-scheduler (`:scheduler:` in `config/sidekiq.yml`), both run by
 * Sidekiq, and clockwork (`clock.rb`, a process of its own). Read-only; src/plan/schedule-advice.ts decides which
 * need a schedule here and which already run inside a worker.
 */
import { splitCommand } from '../plan/workers.js';
import { isRecord, parseYaml, stripErb } from './erb-yaml.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';

export type ScheduleSource = 'whenever' | 'solid_queue' | 'sidekiq-cron' | 'sidekiq-scheduler' | 'clockwork';

export interface ScheduledJob {
  /** The job's name in its file (a task key, or a name made from the command for whenever). */
  readonly name: string;
  /** When it runs, as the file writes it (`every 1.day, at: '4:30 am'`, `every hour at minute 12`, `0 3 * * *`). */
  readonly when: string;
  /** What it runs, as the file writes it (a class, a command, a rake task). */
  readonly runs: string;
  /** For whenever only: the same as an EventBridge expression and a container command, when it translates plainly. */
  readonly expression?: string;
  readonly command?: readonly string[];
}

export interface ScheduleFile {
  readonly source: ScheduleSource;
  readonly file: string;
  readonly jobs: readonly ScheduledJob[];
}

const read = (repo: Repo, file: string): string | undefined => repo.read(file);

/** A Ruby string literal's content: "..." or '...'. */
const RUBY_STRING = /(["'])((?:\\.|(?!\1).)*)\1/;

/** whenever's `every 1.day, at: '4:30 am'` and friends, as EventBridge expressions when they translate plainly. */
export function wheneverExpression(every: string, at: string | undefined): string | undefined {
  const unit = /^:?(minute|hour|day|week|month|year)s?$|^(\d+)\.(minute|hour|day)s?$/.exec(every.trim());
  const cron = /^(["'])([^"']+)\1$/.exec(every.trim())?.[2];
  if (cron) {
    const f = cron.trim().split(/\s+/);
    if (f.length !== 5) return undefined;
    return f[4] === '*' ? `cron(${f[0]} ${f[1]} ${f[2]} ${f[3]} ? *)` : f[2] === '*' && /^[A-Za-z,-]+$/.test(f[4]!) ? `cron(${f[0]} ${f[1]} ? ${f[3]} ${f[4]!.toUpperCase()} *)` : undefined;
  }
  const weekday = /^:(sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/.exec(every.trim())?.[1];
  if (!unit && !weekday) return undefined;
  const name = weekday ?? unit![1] ?? unit![3]!;
  const count = unit?.[2] ? Number(unit[2]) : 1;
  if (!at && ['minute', 'hour', 'day'].includes(name)) return `rate(${count} ${name}${count === 1 ? '' : 's'})`;
  const time = at ? /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(at.trim()) : undefined;
  if (!time || count !== 1) return undefined;
  let hour = Number(time[1]);
  const minute = Number(time[2] ?? 0);
  if (time[3]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
  if (time[3]?.toLowerCase() === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  if (name === 'day') return `cron(${minute} ${hour} * * ? *)`;
  if (weekday) return `cron(${minute} ${hour} ? * ${weekday.slice(0, 3).toUpperCase()} *)`;
  return undefined;
}

/** whenever's job types as container commands: runner, rake, command. */
function wheneverCommand(type: string, argument: string): readonly string[] | undefined {
  if (type === 'runner') return ['bin/rails', 'runner', argument];
  if (type === 'rake') return ['bin/rails', ...argument.split(/\s+/)];
  if (type === 'command') {
    // cron hands the string to sh: its quotes group words the way splitCommand reads them.
    try {
      return splitCommand(argument, 'config/schedule.rb');
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function jobName(text: string): string {
  const name = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '');
  return /^[a-z]/.test(name) ? name : `job-${name}`.slice(0, 32).replace(/-+$/, '');
}

/** config/schedule.rb: each `every ... do` block's runner, rake and command lines. */
export function parseWhenever(text: string): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  const source = stripRubyComments(text);
  const blocks = source.matchAll(/^\s*every\s+(.+?)\s+do\s*(?:\|[^|]*\|)?\s*\n([\s\S]*?)^\s*end\b/gm);
  for (const block of blocks) {
    const head = block[1]!.replace(/^\(|\)$/g, '');
    const [every, ...options] = head.split(/,\s*(?=[a-z_]+:|:[a-z_]+\s*=>)/);
    const at = options.map((o) => /^(?:at:|:at\s*=>)\s*(.+)$/.exec(o.trim())?.[1]).find(Boolean);
    // One time only: `at: ['4:30 am', '6 pm']` runs twice a day, which one expression here does not say.
    const atText = at && !at.trim().startsWith('[') ? RUBY_STRING.exec(at)?.[2] : undefined;
    for (const line of block[2]!.split('\n')) {
      const job = /^\s*(runner|rake|command)\s*\(?\s*(.+?)\)?\s*$/.exec(line);
      const argument = job ? RUBY_STRING.exec(job[2]!)?.[2] : undefined;
      if (!job || argument === undefined) continue;
      const when = `every ${head.trim()}`;
      const expression = atText !== undefined || !at ? wheneverExpression(every!, atText) : undefined;
      const command = wheneverCommand(job[1]!, argument);
      jobs.push({
        name: jobName(job[1] === 'runner' ? argument.replace(/\(.*$/, '') : argument),
        when,
        runs: `${job[1]} ${argument}`,
        ...(expression ? { expression } : {}),
        ...(command ? { command } : {}),
      });
    }
  }
  return jobs;
}

/** The tasks of a YAML schedule file: the production section when there is one, else the top level. */
function yamlTasks(text: string, section?: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseYaml(stripErb(text));
  } catch {
    return {};
  }
  if (!isRecord(doc)) return {};
  if (section && isRecord(doc[section])) doc = doc[section];
  if (isRecord(doc) && isRecord(doc.production)) return doc.production;
  return doc as Record<string, unknown>;
}

function yamlJobs(tasks: Record<string, unknown>, whenKeys: readonly string[]): ScheduledJob[] {
  return Object.entries(tasks).flatMap(([name, task]) => {
    if (!isRecord(task)) return [];
    const when = whenKeys.map((k) => task[k]).find((v) => typeof v === 'string');
    if (typeof when !== 'string') return [];
    const runs = [task.class, task.command].find((v) => typeof v === 'string');
    return [{ name, when, runs: typeof runs === 'string' ? runs : '(no class)' }];
  });
}

/** clockwork's `every(1.day, 'name', at: '03:00') { ... }` lines. */
export function parseClockwork(text: string): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  for (const match of stripRubyComments(text).matchAll(/^\s*every\s*\(?\s*([^,]+),\s*(["'])([^"']+)\2([^)\n{]*)/gm)) {
    const at = /at:\s*(["'])([^"']+)\1/.exec(match[4] ?? '')?.[2];
    jobs.push({ name: match[3]!, when: `every ${match[1]!.trim()}${at ? ` at ${at}` : ''}`, runs: match[3]! });
  }
  return jobs;
}

/** Every schedule file the app has, in a fixed order. */
export function detectSchedules(repo: Repo): ScheduleFile[] {
  const found: ScheduleFile[] = [];
  const whenever = read(repo, 'config/schedule.rb');
  if (whenever !== undefined) found.push({ source: 'whenever', file: 'config/schedule.rb', jobs: parseWhenever(whenever) });
  const recurring = read(repo, 'config/recurring.yml');
  if (recurring !== undefined) found.push({ source: 'solid_queue', file: 'config/recurring.yml', jobs: yamlJobs(yamlTasks(recurring), ['schedule']) });
  const cron = read(repo, 'config/schedule.yml');
  if (cron !== undefined) found.push({ source: 'sidekiq-cron', file: 'config/schedule.yml', jobs: yamlJobs(yamlTasks(cron), ['cron', 'every', 'at']) });
  const sidekiq = read(repo, 'config/sidekiq.yml');
  if (sidekiq !== undefined) {
    let doc: unknown;
    try {
      doc = parseYaml(stripErb(sidekiq));
    } catch {
      doc = undefined;
    }
    const scheduler = isRecord(doc) ? doc[':scheduler:'] ?? doc[':scheduler'] ?? doc.scheduler : undefined;
    const schedule = isRecord(scheduler) ? scheduler[':schedule:'] ?? scheduler[':schedule'] ?? scheduler.schedule : isRecord(doc) ? doc[':schedule:'] ?? doc[':schedule'] : undefined;
    if (isRecord(schedule)) {
      found.push({ source: 'sidekiq-scheduler', file: 'config/sidekiq.yml', jobs: yamlJobs(schedule, ['cron', 'every', 'at', 'in']) });
    }
  }
  for (const file of ['clock.rb', 'config/clock.rb', 'lib/clock.rb']) {
    const clock = read(repo, file);
    if (clock !== undefined && /\bClockwork\b|require\s+["']clockwork["']/.test(clock)) {
      found.push({ source: 'clockwork', file, jobs: parseClockwork(clock) });
      break;
    }
  }
  return found;
}
