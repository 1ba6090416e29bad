/**
 * `yo rails-fargate:worker NAME [--command "..."] [--cpu N] [--memory N] [--count N] [--remove]`: adds, updates or
 * removes one worker in `.yo-rc.json`, then regenerates every file exactly as `yo rails-fargate --yes` would, by
 * composing the app generator. The change itself is the pure applyWorkerChange; this file only reads the options
 * and the stored workers, and writes the result back.
 */
import { APP_GENERATOR } from '../app/store.js';
import { SubGenerator } from '../app/sub-generator.js';
import { FARGATE_CPUS } from '../../src/aws/fargate.js';
import { appInputs } from '../../src/plan/app-inputs.js';
import { applyWorkerChange, checkWorkerGems, checkWorkers, seedWorkers, splitCommand, wholeNumber } from '../../src/plan/workers.js';
import type { WorkerChange, Workers } from '../../src/plan/workers.js';
import { detect } from '../../src/rails/detect.js';
import { COMPOSED_BY, WORKERS_KEY } from '../app/index.js';



export default class WorkerGenerator extends SubGenerator {
  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    this.desc([
      'Adds, resizes or removes one worker service (tasks running a command, e.g. Sidekiq), then',
      'regenerates the files as `yo rails-fargate --yes` would. Run `yo rails-fargate` first.',
    ].join('\n'));
    this.argument('name', { type: String, required: true, description: 'The worker: a-z, 0-9 and dashes (e.g. sidekiq, jobs)' });
    this.option('command', { type: String, description: 'Its command, e.g. "bundle exec sidekiq" (known backends have one)' });
    this.option('cpu', { type: String, description: `CPU units, ${FARGATE_CPUS[0]} to ${FARGATE_CPUS.at(-1)} (new worker: 512)` });
    this.option('memory', { type: String, description: 'Memory in MiB, one Fargate allows with the CPU (new worker: 1024)' });
    this.option('count', { type: String, description: 'Tasks to run, 0 to 100 (new worker: 1)' });
    this.option('remove', { type: Boolean, description: 'Remove the worker' });
  }

  /** Update the stored workers before composing: the app generator reads them after this step. */
  async initializing(): Promise<void> {
    const stored = this._storedAnswers('rails-fargate:worker');
    const current: Workers = stored[WORKERS_KEY] === undefined
      // Answers without workers (removed by hand): start from what the app generator would seed.
      ? seedWorkers(String(stored.worker), appInputs(detect(this.destinationRoot())).jobs, appInputs(detect(this.destinationRoot())).processes)
      : checkWorkers(stored[WORKERS_KEY]);
    const next = applyWorkerChange(current, this.change());
    // A backend the app has no gem for would crash on boot: refused before anything is stored.
    const gems = appInputs(detect(this.destinationRoot())).productionGems;
    checkWorkerGems(String(stored.worker), next, gems ? new Set(gems) : undefined);
    this.store.set(WORKERS_KEY, next);
    await this.composeWith(APP_GENERATOR, { yes: true, [COMPOSED_BY]: 'rails-fargate:worker' } as never);
  }

  private change(): WorkerChange {
    const options = this.options as Record<string, unknown>;
    const command = options.command;
    const words = command === undefined ? undefined : Array.isArray(command) ? command.map(String) : splitCommand(String(command));
    const cpu = wholeNumber('cpu', options.cpu, `a whole number of CPU units: ${FARGATE_CPUS.join(', ')}`);
    const memory = wholeNumber('memory', options.memory, 'a whole number of MiB that Fargate allows with the CPU');
    const count = wholeNumber('count', options.count, 'a whole number from 0 to 100');
    return {
      name: String(options.name),
      ...(options.remove ? { remove: true } : {}),
      ...(words ? { command: words } : {}),
      ...(cpu !== undefined ? { cpu } : {}),
      ...(memory !== undefined ? { memory } : {}),
      ...(count !== undefined ? { count } : {}),
    };
  }
}
