/**
 * What the app already schedules (src/rails/schedules.ts), set against its workers and schedules: which jobs already
 * run inside a worker (Solid Queue's recurring tasks in the Solid Queue supervisor, sidekiq-cron and
 * sidekiq-scheduler in Sidekiq, clockwork in its own process) and which need a schedule here (whenever: it writes a
 * crontab, and no cron daemon runs in a Fargate task), with the command that adds it.
 */
import { backendOfCommand } from '../rails/jobs.js';
import type { ScheduleFile, ScheduledJob } from '../rails/schedules.js';
import type { Schedules } from './schedules.js';
import type { Workers } from './workers.js';

export interface ScheduleAdvice {
  readonly file: string;
  readonly source: ScheduleFile['source'];
  readonly jobs: readonly ScheduledJob[];
  /** The worker that already runs these jobs, if any. */
  readonly runsIn?: string;
  /** One sentence: where the jobs run, or what they need. */
  readonly verdict: string;
  /** Commands to run, one a line (a schedule per whenever job, or the worker the file needs). */
  readonly commands: readonly string[];
}

const quote = (text: string): string => `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
/** Words back into one --command string that splitCommand reads into the same words. */
const joinWords = (words: readonly string[]): string => words.map((w) => (/\s/.test(w) ? (w.includes("'") ? `"${w}"` : `'${w}'`) : w)).join(' ');

function workerRunning(workers: Workers, test: (command: readonly string[]) => boolean): string | undefined {
  return Object.keys(workers).sort().find((name) => test(workers[name]!.command));
}

function inWorker(file: ScheduleFile, runner: string, worker: string | undefined, add: string): ScheduleAdvice {
  const base = { file: file.file, source: file.source, jobs: file.jobs };
  return worker
    ? { ...base, runsIn: worker, verdict: `${file.jobs.length} job(s) already run inside the ${worker} worker (${runner}); no schedule needed here`, commands: [] }
    : { ...base, verdict: `${file.jobs.length} job(s) need ${runner}, and no worker runs it: add the worker (or make each a schedule here)`, commands: [add] };
}

export function scheduleAdvice(files: readonly ScheduleFile[], workers: Workers, schedules: Schedules): ScheduleAdvice[] {
  return files.map((file): ScheduleAdvice => {
    switch (file.source) {
      case 'solid_queue':
        return inWorker(file, 'the Solid Queue supervisor runs recurring tasks', workerRunning(workers, (c) => backendOfCommand(c) === 'solid_queue'), 'yo rails-fargate:worker jobs');
      case 'sidekiq-cron':
      case 'sidekiq-scheduler':
        return inWorker(file, `Sidekiq runs ${file.source}`, workerRunning(workers, (c) => backendOfCommand(c) === 'sidekiq'), 'yo rails-fargate:worker sidekiq');
      case 'clockwork':
        return inWorker(file, 'clockwork is a process of its own', workerRunning(workers, (c) => c.some((w) => /(^|\/)clockwork$/.test(w))), `yo rails-fargate:worker clock --command "bundle exec clockwork ${file.file}"`);
      case 'whenever': {
        const scheduled = new Set(Object.values(schedules).map((s) => s.command.join(' ')));
        const todo = file.jobs.filter((job) => !job.command || !scheduled.has(job.command.join(' ')));
        const commands = todo.map((job) =>
          job.expression && job.command
            ? `yo rails-fargate:schedule ${job.name} ${job.expression.startsWith('rate(') ? '--rate' : '--cron'} ${quote(job.expression.replace(/^\w+\((.*)\)$/, '$1'))} --command ${quote(joinWords(job.command))}`
            : `yo rails-fargate:schedule ${job.name} --cron "..." --command "..."   # ${job.when}: ${job.runs}`,
        );
        const done = file.jobs.length - todo.length;
        return {
          file: file.file,
          source: file.source,
          jobs: file.jobs,
          verdict: todo.length === 0
            ? `${file.jobs.length} job(s), each already a schedule here`
            : `${todo.length} job(s) need a schedule here${done ? ` (${done} already are)` : ''}: whenever writes a crontab, and no cron runs in a Fargate task. Its times are the server's clock: pass --timezone with the zone they meant`,
          commands,
        };
      }
    }
  });
}

/** The advice as lines for the terminal. */
export function adviceLines(advice: readonly ScheduleAdvice[]): string[] {
  if (advice.length === 0) return ['No schedule file found (config/schedule.rb, config/recurring.yml, config/schedule.yml, :scheduler: in config/sidekiq.yml, clock.rb).'];
  return advice.flatMap((a) => [
    `${a.file} (${a.source}): ${a.verdict}.`,
    ...a.jobs.map((job) => `  - ${job.name}: ${job.when} -> ${job.runs}`),
    ...a.commands.map((command) => `  ${command}`),
  ]);
}
