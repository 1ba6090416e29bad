/**
 * `yo rails-fargate:schedule NAME --cron "..." | --rate "..." --command "..." [--timezone ZONE] [--cpu N] [--memory N]
 * [--remove]`: adds, updates or removes one scheduled task in `.yo-rc.json`, then regenerates every file exactly as
 * `yo rails-fargate --yes` would, by composing the app generator. Without NAME it lists what the app already
 * schedules (whenever, Solid Queue, sidekiq-cron, clockwork) and where each runs, and writes nothing. The change
 * itself is the pure applyScheduleChange.
 */
import { APP_GENERATOR } from '../app/store.js';
import { SubGenerator } from '../app/sub-generator.js';
import { FARGATE_CPUS } from '../../src/aws/fargate.js';
import { checkCron, checkRate, checkTimeZone } from '../../src/aws/schedule-expression.js';
import { InputError } from '../../src/errors.js';
import { adviceLines, scheduleAdvice } from '../../src/plan/schedule-advice.js';
import { applyScheduleChange, checkSchedules } from '../../src/plan/schedules.js';
import type { ScheduleChange, Schedules } from '../../src/plan/schedules.js';
import { checkWorkers, splitCommand, wholeNumber } from '../../src/plan/workers.js';
import type { Workers } from '../../src/plan/workers.js';
import { diskRepo } from '../../src/rails/repo.js';
import { detectSchedules } from '../../src/rails/schedules.js';
import { SCHEDULES_KEY, WORKERS_KEY } from '../app/index.js';



export default class ScheduleGenerator extends SubGenerator {
  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    this.argument('name', { type: String, required: false, description: 'The schedule: lowercase letters, digits and dashes (e.g. nightly-report); without it, list what the app already schedules' });
    this.option('cron', { type: String, description: 'When it runs, in EventBridge\'s six-field cron: "minutes hours day-of-month month day-of-week year", e.g. "0 3 * * ? *" (03:00 daily), "0 9 ? * MON-FRI *"' });
    this.option('rate', { type: String, description: 'Or every N minutes, hours or days: "15 minutes", "1 hour", "7 days"' });
    this.option('command', { type: String, description: 'The command, split into exec-form words ("..." and \'...\' keep spaces), e.g. "bin/rails reports:daily"' });
    this.option('timezone', { type: String, description: 'The IANA time zone cron times are read in, e.g. Europe/Paris (new schedule: UTC)' });
    this.option('cpu', { type: String, description: `CPU units, one of ${FARGATE_CPUS.join(', ')} (new schedule: 512)` });
    this.option('memory', { type: String, description: 'Memory in MiB, one Fargate allows with the CPU (new schedule: 1024)' });
    this.option('remove', { type: Boolean, description: 'Remove the schedule' });
  }

  /** Update the stored schedules before composing: the app generator reads them after this step. */
  async initializing(): Promise<void> {
    const stored = this._storedAnswers('rails-fargate:schedule');
    const workers: Workers = stored[WORKERS_KEY] === undefined ? {} : checkWorkers(stored[WORKERS_KEY]);
    const current: Schedules = stored[SCHEDULES_KEY] === undefined ? {} : checkSchedules(stored[SCHEDULES_KEY], workers);
    const options = this.options as Record<string, unknown>;
    if (options.name === undefined) {
      for (const line of this._listing(workers, current)) this.log(line);
      return;
    }
    const next = applyScheduleChange(current, this._change(), workers);
    this.store.set(SCHEDULES_KEY, next);
    await this.composeWith(APP_GENERATOR, { yes: true } as never);
  }

  /** Underscored: Yeoman runs every other method as a task. */
  private _listing(workers: Workers, schedules: Schedules): string[] {
    const names = Object.keys(schedules).sort();
    return [
      names.length ? 'Schedules here:' : 'No schedule here yet: yo rails-fargate:schedule NAME --cron "0 3 * * ? *" --command "bin/rails reports:daily"',
      ...names.map((name) => `  ${name}: ${schedules[name]!.expression} (${schedules[name]!.timezone}) -> ${schedules[name]!.command.join(' ')}`),
      'What the app already schedules:',
      ...adviceLines(scheduleAdvice(detectSchedules(diskRepo(this.destinationRoot())), workers, schedules)).map((line) => `  ${line}`),
    ];
  }

  private _change(): ScheduleChange {
    const options = this.options as Record<string, unknown>;
    if (options.cron !== undefined && options.rate !== undefined) {
      throw new InputError('cron/rate', { cron: options.cron, rate: options.rate }, 'one of --cron and --rate, not both', '--cron and --rate');
    }
    const expression = options.cron !== undefined ? checkCron(String(options.cron)) : options.rate !== undefined ? checkRate(String(options.rate)) : undefined;
    const command = options.command;
    const words = command === undefined ? undefined : Array.isArray(command) ? command.map(String) : splitCommand(String(command));
    const timezone = options.timezone === undefined ? undefined : checkTimeZone(String(options.timezone));
    const cpu = wholeNumber('cpu', options.cpu, `a whole number of CPU units: ${FARGATE_CPUS.join(', ')}`);
    const memory = wholeNumber('memory', options.memory, 'a whole number of MiB that Fargate allows with the CPU');
    return {
      name: String(options.name),
      ...(options.remove ? { remove: true } : {}),
      ...(expression ? { expression } : {}),
      ...(timezone ? { timezone } : {}),
      ...(words ? { command: words } : {}),
      ...(cpu !== undefined ? { cpu } : {}),
      ...(memory !== undefined ? { memory } : {}),
    };
  }
}
