/**
 * What the sub-generators (worker, schedule, ci, environment) share: Yeoman's config storage as our Store, the
 * options as flags, Yeoman's own options hidden (they ask, install and cache nothing here), and the answers
 * `yo rails-fargate` stored, which each of them needs first. The helpers are underscored: Yeoman queues a generator's
 * other methods as tasks.
 */
import Generator from 'yeoman-generator';
import type { Store } from './store.js';
import { QUESTIONS } from '../../src/answers/questions.js';
import type { QuestionDef } from '../../src/answers/questions.js';
import { InputError } from '../../src/errors.js';

export abstract class SubGenerator extends Generator {
  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    const own = this._options as Record<string, { hide?: boolean }>;
    for (const name of ['skip-cache', 'skip-install', 'force-install', 'ask-answered']) own[name] = { ...own[name], hide: true };
  }

  get store(): Store {
    return this.config as unknown as Store;
  }

  get flags(): Record<string, unknown> {
    return this.options as Record<string, unknown>;
  }

  /** What `.yo-rc.json` holds, once `yo rails-fargate` stored its answers; else an error naming what to run first. */
  _storedAnswers(command: string): Record<string, unknown> {
    const stored = this.store.getAll();
    if (!(QUESTIONS as readonly QuestionDef[]).some((question) => stored[question.name] !== undefined)) {
      throw new InputError('.yo-rc.json', undefined, `the answers \`yo rails-fargate\` stores: run \`yo rails-fargate\` first, then \`yo ${command}\``, this.destinationPath('.yo-rc.json'));
    }
    return stored;
  }
}
