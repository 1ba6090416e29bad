/**
 * `yo rails-fargate:environment NAME [answer flags] [--remove]`: adds another environment (its own network, data and
 * app stacks, with cheaper defaults), changes one (the same flags as `yo rails-fargate`), or removes one. It composes
 * the app generator with `--environment NAME --yes`, which resolves and stores the environment's answers and writes
 * every file; `--remove` drops the answers and deletes the environment's templates (never one the user edited).
 */
import { existsSync, readFileSync } from 'node:fs';
import { APP_GENERATOR } from '../app/store.js';
import { SubGenerator } from '../app/sub-generator.js';
import { QUESTIONS } from '../../src/answers/questions.js';
import type { QuestionDef } from '../../src/answers/questions.js';
import { checkEnvironmentName, ENVIRONMENTS_KEY, storedEnvironmentAnswers, withEnvironmentAnswers } from '../../src/answers/environments.js';
import { InputError } from '../../src/errors.js';
import { contentHash } from '../../src/files/ownership.js';
import { environmentTemplatesDir } from '../../src/plan/environments.js';
import { ADD_ENVIRONMENT, COMPOSED_BY, FILES_KEY } from '../app/index.js';

/** The app generator's answer flags, but --environment: here the environment is the NAME argument. */
const ANSWER_FLAGS = (QUESTIONS as readonly QuestionDef[]).filter((q) => q.name !== 'environment');

export default class EnvironmentGenerator extends SubGenerator {
  /** The files --remove deletes: the environment's templates as we wrote them. */
  private removing: string[] = [];

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    this.desc([
      'Adds an environment (e.g. staging): its own network, data and app stacks, cheaper defaults.',
      'Any answer flag of yo rails-fargate changes it; --remove removes it. Run `yo rails-fargate` first.',
    ].join('\n'));
    this.argument('name', { type: String, required: true, description: 'The environment, e.g. staging: a-z, 0-9, dashes' });
    for (const question of ANSWER_FLAGS) {
      this.option(question.flag, { type: question.schema.type === 'boolean' ? Boolean : String, description: question.help ?? question.message });
    }
    this.option('remove', { type: Boolean, description: 'Remove its answers and templates (after destroying its stacks)' });
    this.option('yes', { type: Boolean, alias: 'y', description: 'Ask nothing (--remove: the stacks are already deleted)' });
  }

  async initializing(): Promise<void> {
    const stored = this._storedAnswers('rails-fargate:environment');
    const first = String(stored.environment);
    const name = checkEnvironmentName(this.flags.name, first);
    const others = storedEnvironmentAnswers(stored[ENVIRONMENTS_KEY], first);
    if (this.flags.remove) {
      if (!Object.hasOwn(others, name)) {
        throw new InputError('name', name, Object.keys(others).length > 0 ? `an environment to remove: ${Object.keys(others).join(', ')}` : `an environment to remove; this repo has only ${first}`);
      }
      if (!(await this._stacksGone(name))) return;
      this._planRemoval(name, first);
      const environments = withEnvironmentAnswers(stored[ENVIRONMENTS_KEY], name, undefined);
      if (environments) this.store.set(ENVIRONMENTS_KEY, environments);
      else this.store.delete(ENVIRONMENTS_KEY);
      await this.composeWith(APP_GENERATOR, { yes: true, [COMPOSED_BY]: 'rails-fargate:environment' } as never);
      return;
    }
    // Only the answer flags given on the command line travel: the app generator takes the rest from .yo-rc.json.
    const given = Object.fromEntries(ANSWER_FLAGS.map((q) => [q.flag, this.flags[q.flag]]).filter(([, value]) => value !== undefined));
    await this.composeWith(APP_GENERATOR, { ...given, environment: name, yes: true, [ADD_ENVIRONMENT]: true, [COMPOSED_BY]: 'rails-fargate:environment' } as never);
  }

  /** Whether the environment's stacks are gone: asked, or taken as said under --yes, after saying why it matters. */
  private async _stacksGone(name: string): Promise<boolean> {
    this.log(`Removing ${name}'s files does not delete its stacks: run bin/fargate --env ${name} destroy --yes-destroy-data first (it`);
    this.log('snapshots the database, then deletes the app, data and network stacks). Without the files, bin/fargate can no longer operate them.');
    if (this.flags.yes) return true;
    const { gone } = await this.prompt<{ gone: boolean }>([
      { type: 'confirm', name: 'gone', message: `Are ${name}'s stacks deleted (bin/fargate --env ${name} destroy)?`, default: false },
    ] as never);
    if (!gone) this.log(`Nothing removed. Run bin/fargate --env ${name} destroy --yes-destroy-data, then this again.`);
    return gone;
  }

  /** The environment's templates as we wrote them; one the user edited stays, and is named. */
  private _planRemoval(name: string, first: string): void {
    const dir = `${environmentTemplatesDir(name, first)}/`;
    const recorded = (this.store.get(FILES_KEY) ?? {}) as Record<string, string>;
    for (const [file, hash] of Object.entries(recorded)) {
      if (!file.startsWith(dir)) continue;
      const path = this.destinationPath(file);
      // From the disk, as the app generator reads it: what the user has now.
      if (!existsSync(path)) continue;
      const disk = readFileSync(path, 'utf8');
      if (contentHash(disk) === hash) this.removing.push(path);
      else this.log(`Kept ${file}: you edited it. Delete it yourself once you no longer need it.`);
    }
  }

  writing(): void {
    for (const path of this.removing) {
      this.fs.delete(path);
      // Ours, unedited, and the user said the stacks are gone: deleted without Yeoman asking again.
      (this.fs.store.get(path) as { conflicter?: string }).conflicter = 'force';
    }
  }
}
