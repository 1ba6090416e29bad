/**
 * `yo rails-fargate`: prompts and file writing only. Everything it decides comes from the pure core in src/:
 * detect (Rails facts) -> resolveAnswers (options, .yo-rc.json, defaults, prompts) -> plan -> renderFiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import Generator from 'yeoman-generator';
import { QUESTIONS } from '../../src/answers/questions.js';
import type { Answers, DefaultContext, QuestionDef } from '../../src/answers/questions.js';
import { promptCheck, resolveAnswers } from '../../src/answers/resolve.js';
import { checkChanges } from '../../src/answers/changes.js';
import { envFlagsFromArgv, optionList, resolveSettings, SETTINGS_KEY } from '../../src/answers/settings.js';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { checkAws, formatCheckAws } from '../../src/aws/check-aws.js';
import { natChoices } from '../../src/answers/nat-choices.js';
import { InputError } from '../../src/errors.js';
import { detectedLines } from '../../src/docs/detected.js';
import { writeSummary } from '../../src/docs/summary.js';
import { contentHash, decideWrite } from '../../src/files/ownership.js';
import type { WriteDecision } from '../../src/files/ownership.js';
import { plan } from '../../src/plan.js';
import type { Plan } from '../../src/plan.js';
import { appInputs } from '../../src/plan/app-inputs.js';
import { checkWorkerGems, checkWorkers, seedWorkers } from '../../src/plan/workers.js';
import type { Workers } from '../../src/plan/workers.js';
import { detect } from '../../src/rails/detect.js';
import type { AppFacts } from '../../src/rails/detect.js';
import { renderFiles } from '../../src/render.js';
import type { RenderedFiles } from '../../src/render.js';

/** Keys of `.yo-rc.json` that are not answers. */
export const FILES_KEY = 'generatedFiles';
export const WORKERS_KEY = 'workers';
/** The database engine the data stack was first generated for: changing it would replace the database. */
export const ENGINE_KEY = 'dbEngine';

/** The slice of Yeoman's config storage we use, keyed by plain strings. */
interface Store {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  getAll(): Record<string, unknown>;
}

export default class AppGenerator extends Generator {
  facts!: AppFacts;
  context!: DefaultContext;
  answers!: Answers;
  /** Whether the Procfile's processes become workers (first run only): asked, or yes under --yes. */
  adoptProcesses = true;
  workers!: Workers;
  thePlan!: Plan;
  output!: RenderedFiles;
  readonly decisions = new Map<string, WriteDecision>();

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    for (const question of QUESTIONS as readonly QuestionDef[]) {
      const type = question.schema.type === 'boolean' ? Boolean : String;
      this.option(question.flag, { type, description: `${question.message}: ${question.allowed}` });
    }
    this.option('yes', { type: Boolean, alias: 'y', description: 'Ask nothing: use options, then answers stored in .yo-rc.json, then defaults' });
    this.option('ask-all', { type: Boolean, description: 'Also ask the advanced questions (sizes, versions, retention), not only the main ones' });
    this.option('procfile-workers', {
      type: Boolean,
      description: 'First run: run the Procfile\'s processes (not web, not release) as worker services, commands verbatim (default: yes; ask without --yes)',
    });
    // Repeatable: Yeoman hands over one string or a list (and its own environment object under `env`, ignored).
    this.option('env', { type: optionList, description: 'Plain environment variable for every task, KEY=VALUE (repeatable; stored per environment in .yo-rc.json)' });
    this.option('secret', { type: optionList, description: 'Secret for every task, by NAME (repeatable); its value: bin/fargate secrets set NAME' });
    this.option('unset', { type: optionList, description: 'Remove an environment variable or secret set with --env or --secret, by NAME (repeatable)' });
    this.option('check-aws', {
      type: Boolean,
      description: 'Read-only: look for stacks with the same names in the account and validate each template with CloudFormation',
    });
  }

  get flags(): Record<string, unknown> {
    return this.options as Record<string, unknown>;
  }

  get store(): Store {
    return this.config as unknown as Store;
  }

  initializing(): void {
    this.facts = detect(this.destinationRoot());
    const inputs = appInputs(this.facts);
    const stored = this.store.get(ENGINE_KEY);
    if (stored !== undefined && stored !== inputs.dbEngine) {
      throw new InputError(
        'database engine',
        inputs.dbEngine,
        `${String(stored)}, the engine the data stack was generated for: changing it would replace the database and lose its data. Move the data first, then remove "dbEngine" from .yo-rc.json`,
        this.facts.database.from,
      );
    }
    this.context = {
      appName: this.facts.appName.value,
      dbEngine: inputs.dbEngine,
      ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}),
      env: process.env,
    };
  }

  async prompting(): Promise<void> {
    const { [FILES_KEY]: _files, [WORKERS_KEY]: _workers, [ENGINE_KEY]: _engine, ...stored } = this.store.getAll();
    const context = this.context;
    this.answers = await resolveAnswers(
      { options: this.flags, stored, yes: Boolean(this.flags.yes), askAll: Boolean(this.flags['ask-all']), context },
      async (question, fallback, earlier) => {
        const enumValues = (question.schema as { enum?: readonly (string | number)[] }).enum;
        const common = { name: question.name, message: question.message, default: fallback, validate: promptCheck(question, earlier, context) };
        const choices = question.name === 'nat' ? natChoices(earlier, context) : enumValues?.map((value) => ({ name: String(value), value }));
        const prompt = question.schema.type === 'boolean' ? { ...common, type: 'confirm' } : choices ? { ...common, type: 'select', choices } : { ...common, type: 'input' };
        const reply = await this.prompt<Record<string, unknown>>([prompt] as never);
        return reply[question.name];
      },
    );
    const processes = appInputs(this.facts).processes ?? [];
    const given = this.flags['procfile-workers'];
    if (typeof given === 'boolean') this.adoptProcesses = given;
    else if (_workers === undefined && processes.length > 0 && !this.flags.yes) {
      const listed = processes.map((p) => `${p.name}: ${p.command.join(' ')}`).join('; ');
      const reply = await this.prompt<{ procfileWorkers: boolean }>([
        { type: 'confirm', name: 'procfileWorkers', message: `Run the Procfile's processes as worker services (${listed})?`, default: true },
      ] as never);
      this.adoptProcesses = reply.procfileWorkers;
    }
  }

  configuring(): void {
    const previous = this.store.getAll();
    checkChanges(previous, this.answers);
    const flags = this.flags;
    const settings = resolveSettings(
      previous[SETTINGS_KEY],
      {
        // Under yo, Yeoman's environment takes the option name `env`: the values come from the command line then.
        env: optionList(flags.env).length > 0 ? optionList(flags.env) : envFlagsFromArgv(process.argv),
        secret: optionList(flags.secret),
        unset: optionList(flags.unset),
      },
      this.answers.environment,
    );
    const inputs = { ...appInputs(this.facts), settings: settings.settings };
    const storedWorkers = previous[WORKERS_KEY];
    this.workers = storedWorkers === undefined
      ? seedWorkers(this.answers.worker, inputs.jobs, this.adoptProcesses ? inputs.processes : [])
      : checkWorkers(storedWorkers);
    // A backend the app cannot run (no gem) is refused here, before anything is written.
    checkWorkerGems(this.answers.worker, this.workers, inputs.productionGems ? new Set(inputs.productionGems) : undefined);
    this.thePlan = plan(this.answers, inputs, this.workers);
    const read = (file: string) => (existsSync(this.destinationPath(file)) ? readFileSync(this.destinationPath(file), 'utf8') : undefined);
    this.output = renderFiles(this.thePlan, this.facts, read);
    // Answers first, in question order, then what the generator keeps: the file stays readable and stable.
    for (const question of QUESTIONS as readonly QuestionDef[]) {
      this.store.set(question.name, this.answers[question.name as keyof Answers]);
    }
    if (settings.stored) this.store.set(SETTINGS_KEY, settings.stored);
    else this.store.delete(SETTINGS_KEY);
    this.store.set(WORKERS_KEY, this.workers);
    this.store.set(ENGINE_KEY, inputs.dbEngine);
  }

  writing(): void {
    const recorded = (this.store.get(FILES_KEY) ?? {}) as Record<string, string>;
    const hashes: Record<string, string> = {};
    const yes = Boolean(this.flags.yes);
    for (const file of this.output.files) {
      const target = this.destinationPath(file.path);
      const disk = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
      const decision = decideWrite(disk, file.kind === 'generated' ? recorded[file.path] : undefined, file.content);
      this.decisions.set(file.path, decision);
      if (decision === 'identical') {
        // Nothing to write (and no file mode for Yeoman's conflicter to compare).
        if (file.kind === 'generated') hashes[file.path] = contentHash(file.content);
        continue;
      }
      if (decision === 'edited' && yes) {
        // Under --yes nobody can answer the conflict prompt: keep the user's file and say so at the end.
        if (recorded[file.path]) hashes[file.path] = recorded[file.path]!;
        continue;
      }
      // mem-fs-editor takes the file mode as a partial stat.
      this.fs.write(target, file.content, file.mode ? { stat: { mode: file.mode } as Stats } : {});
      if (decision === 'regenerate') {
        // Unchanged since we wrote it: ours to replace without asking.
        (this.fs.store.get(target) as { conflicter?: string }).conflicter = 'force';
      }
      if (file.kind === 'generated') hashes[file.path] = contentHash(file.content);
    }
    this.store.set(FILES_KEY, Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b))));
  }

  async end(): Promise<void> {
    for (const line of writeSummary({
      plan: this.thePlan,
      rendered: this.output.rendered,
      files: this.output.files,
      decisions: this.decisions,
      yes: Boolean(this.flags.yes),
      // Lockfile platforms, what detection noticed, defaults chosen for the image, and what an existing Dockerfile or
      // entrypoint gets wrong: the notes already carry the detection warnings.
      warnings: this.output.notes,
      detected: detectedLines(this.facts, this.thePlan),
    })) {
      this.log(line);
    }
    if (this.flags['check-aws']) {
      // Advisory: it never stops the run; without credentials it says so.
      const client = new CloudFormationClient({ region: this.answers.region });
      const stacks = this.output.rendered.map(({ stack, text }) => ({ stackName: stack.stackName, file: stack.file, body: text }));
      for (const line of formatCheckAws(await checkAws(client, stacks))) this.log(line);
      client.destroy();
    }
  }
}
