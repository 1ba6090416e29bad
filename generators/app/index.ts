/**
 * `yo rails-fargate`: prompts and file writing only. Everything it decides comes from the pure core in src/:
 * detect (Rails facts) -> resolveAnswers (options, .yo-rc.json, defaults, prompts) -> plan -> renderFiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import Generator from 'yeoman-generator';
import type { Store } from './store.js';
import { QUESTIONS } from '../../src/answers/questions.js';
import type { Answers, DefaultContext, QuestionDef } from '../../src/answers/questions.js';
import { promptCheck, resolveAnswers, storedAnswerNames } from '../../src/answers/resolve.js';
import { changedAnswers, checkChanges } from '../../src/answers/changes.js';
import { envFlagsFromArgv, optionList, readStoredSettings, resolveSettings, SETTINGS_KEY } from '../../src/answers/settings.js';
import { resolveEnvironmentAnswers, storedEnvironmentAnswers, withEnvironmentAnswers } from '../../src/answers/environments.js';
import { otherEnvironmentPlan } from '../../src/plan/environments.js';
import { natChoices } from '../../src/answers/nat-choices.js';
import { DATABASE_PASSWORD_KEY, DATABASE_URLS_KEY, databaseChoices } from '../../src/answers/database-urls.js';
import { endpointCostWords } from '../../src/cost/endpoints.js';
import { InputError } from '../../src/errors.js';
import { DOCKER_FILES, withoutOurDockerFiles } from '../../src/docker/index.js';
import { defaultCpuArch } from '../../src/docker/platform.js';
import { detectedLines } from '../../src/docs/detected.js';
import { writeSummary } from '../../src/docs/summary.js';
import { contentHash, decideWrite, uneditedFiles } from '../../src/files/ownership.js';
import type { WriteDecision } from '../../src/files/ownership.js';
import { conflictReason } from '../../src/files/why.js';
import { structuredPatch } from 'diff';
import { plan } from '../../src/plan.js';
import type { CiInput, Plan } from '../../src/plan.js';
import { CI_KEY, checkCiAnswers, ciInput } from '../../src/ci/ci-input.js';
import { appInputs } from '../../src/plan/app-inputs.js';
import { checkSchedules } from '../../src/plan/schedules.js';
import type { Schedules } from '../../src/plan/schedules.js';
import { checkWorkerGems, checkWorkers, seedWorkers } from '../../src/plan/workers.js';
import type { Workers } from '../../src/plan/workers.js';
import { detect } from '../../src/rails/detect.js';
import type { AppFacts } from '../../src/rails/detect.js';
import { renderFiles } from '../../src/render.js';
import type { OutputFile, RenderedFiles } from '../../src/render.js';

/** Keys of `.yo-rc.json` that are not answers. */
export const FILES_KEY = 'generatedFiles';
export const WORKERS_KEY = 'workers';
export const SCHEDULES_KEY = 'schedules';
/** The database engine the data stack was first generated for: changing it would replace the database. */
export const ENGINE_KEY = 'dbEngine';
/** "Keep mine": file -> hash of the version of ours the user declined; not offered again until ours changes. */
export const DECLINED_KEY = 'declinedFiles';
/** Set by a sub-generator that composes this one: its own run, whose messages name its own command. */
export const COMPOSED_BY = 'composed-by';
/** Set by `yo rails-fargate:environment NAME`: --environment NAME may name an environment that does not exist yet. */
export const ADD_ENVIRONMENT = 'add-environment';

const DESCRIPTION = [
  'Makes this Rails app deploy to AWS ECS Fargate: CloudFormation stacks (network, registry, data,',
  'app), a Dockerfile and bin/fargate to deploy. Asks a few questions; each answer is also an option.',
].join('\n');


export default class AppGenerator extends Generator {
  facts!: AppFacts;
  context!: DefaultContext;
  answers!: Answers;
  /** Whether the Procfile's processes become workers (first run only): asked, or yes under --yes. */
  adoptProcesses = true;
  workers!: Workers;
  schedules!: Schedules;
  thePlan!: Plan;
  output!: RenderedFiles;
  readonly decisions = new Map<string, WriteDecision>();
  /** The answers this run changes (`--az-count 2 -> 3`), to say why a file would change. */
  changed: string[] = [];
  /** What the summary says about the deploy workflow (a CI workflow that cannot gate it). */
  readonly ciNotes: string[] = [];
  /** The other environments' answers (yo rails-fargate:environment), in stored order. */
  others: [string, Answers][] = [];
  /** `--environment NAME` naming another environment: the flags change its answers, not the first environment's. */
  target: string | undefined;

  constructor(args: string[], options: Record<string, unknown>) {
    // Only the lifecycle methods are tasks: the helpers below are called, never queued.
    super(args, options as never, { tasksMatchingPriority: true } as never);
    this.desc(DESCRIPTION);
    for (const question of QUESTIONS as readonly QuestionDef[]) {
      const type = question.schema.type === 'boolean' ? Boolean : String;
      this.option(question.flag, { type, description: question.help ?? question.message });
    }
    this.option('yes', { type: Boolean, alias: 'y', description: 'Ask nothing: options, then answers in .yo-rc.json, then defaults' });
    this.option('ask-all', { type: Boolean, description: 'Also ask the advanced questions (sizes, versions, retention)' });
    this.option('procfile-workers', { type: Boolean, description: 'First run: the Procfile\'s processes become workers (default: yes)' });
    // Repeatable: Yeoman hands over one string or a list (and its own environment object under `env`, ignored).
    this.option('env', { type: optionList, description: 'Environment variable for every task, KEY=VALUE (repeatable)' });
    this.option('secret', { type: optionList, description: 'Secret for every task, by NAME (repeatable; value: secrets set)' });
    this.option('unset', { type: optionList, description: 'Remove a variable or secret set with --env or --secret (repeatable)' });
    this.option('check-aws', { type: Boolean, description: 'Read-only: look up stacks of the same names, validate templates' });
    this.option(COMPOSED_BY, { type: String, hide: true, description: 'The sub-generator that composed this run' });
    this.option(ADD_ENVIRONMENT, { type: Boolean, hide: true, description: 'Allow --environment to name a new environment' });
    // Yeoman's own options: --ask-answered is ours to implement; we install nothing and keep no prompt cache.
    const own = this._options as Record<string, { description?: string; hide?: boolean; default?: unknown }>;
    own['ask-answered'] = { ...own['ask-answered'], description: 'Ask every question again, the stored answer as its default' };
    delete own['ask-answered']!.default;
    for (const name of ['skip-cache', 'skip-install', 'force-install']) own[name] = { ...own[name], hide: true };
  }

  /** `yo rails-fargate [options]`: Yeoman would name the app generator by its folder (`rails-fargate:app`). */
  override usage(): string {
    return `yo rails-fargate [options]\n\n${this.description}`;
  }

  /** The sub-generator this run serves, if any: it asks nothing, and its messages name its own command. */
  get composedBy(): string | undefined {
    const by = this.flags[COMPOSED_BY];
    return typeof by === 'string' ? by : undefined;
  }

  get flags(): Record<string, unknown> {
    return this.options as Record<string, unknown>;
  }

  get store(): Store {
    return this.config as unknown as Store;
  }

  initializing(): void {
    const detected = detect(this.destinationRoot());
    // Our own Docker files, as we wrote them, are not the app's: they regenerate like every other file of ours.
    const recorded = (this.store.get(FILES_KEY) ?? {}) as Record<string, string>;
    const ours = uneditedFiles(DOCKER_FILES, (file) => this.readDisk(file), recorded);
    this.facts = { ...detected, docker: withoutOurDockerFiles(detected.docker, ours) };
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
      cpuArch: defaultCpuArch(this.facts.platforms.value, process.arch),
      env: process.env,
    };
  }

  readDisk(file: string): string | undefined {
    const path = this.destinationPath(file);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  }

  async prompting(): Promise<void> {
    const { [FILES_KEY]: _files, [WORKERS_KEY]: _workers, [SCHEDULES_KEY]: _schedules, [ENGINE_KEY]: _engine, [DECLINED_KEY]: _declined, [CI_KEY]: _ci, [SETTINGS_KEY]: _settings, [DATABASE_URLS_KEY]: _urls, [DATABASE_PASSWORD_KEY]: _password, ...stored } = this.store.getAll();
    const context = this.context;
    const askAnswered = Boolean(this.flags['ask-answered']);
    if (!this.composedBy) {
      // What the defaults and the files rest on, before the first question: a misread fact is caught here.
      for (const line of detectedLines(this.facts, process.arch)) this.log(line);
      const reused = storedAnswerNames({ options: this.flags, stored });
      if (reused.length > 0 && !askAnswered) {
        this.log(`Using ${reused.length} answers stored in .yo-rc.json. Change one with its option (e.g. --az-count 3), or pass --ask-answered to be asked them all again.`);
      }
    }
    const storedOthers = storedEnvironmentAnswers(_settings, String(stored.environment ?? ''));
    const named = this.flags.environment;
    if (stored.environment !== undefined && typeof named === 'string' && named !== stored.environment) {
      if (!Object.hasOwn(storedOthers, named) && !this.flags[ADD_ENVIRONMENT]) {
        const known = [String(stored.environment), ...Object.keys(storedOthers)].join(', ');
        throw new InputError('environment', named, `an environment of this repo (${known}); add one with yo rails-fargate:environment ${named}. Renaming one would create new stacks beside the old ones`);
      }
      this.target = named;
    }
    // With --environment naming another environment, the flags are its answers: the first environment's are stored.
    const mainFlags = this.target ? {} : this.flags;
    this.answers = await resolveAnswers(
      { options: mainFlags, stored, yes: Boolean(this.flags.yes) || this.target !== undefined, askAll: Boolean(this.flags['ask-all']), askAnswered, context },
      async (question, fallback, earlier) => {
        const enumValues = (question.schema as { enum?: readonly (string | number)[] }).enum;
        // The endpoints' hourly cost for the Region and AZ count chosen above, beside the question.
        const message = question.name === 'vpcEndpoints' ? `${question.message}. ${endpointCostWords(String(earlier.region), Number(earlier.azCount))}` : question.message;
        const common = { name: question.name, message, default: fallback, validate: promptCheck(question, earlier, context) };
        const choices = question.name === 'nat' ? natChoices(earlier, context) : enumValues?.map((value) => ({ name: String(value), value }));
        const prompt = question.schema.type === 'boolean' ? { ...common, type: 'confirm' } : choices ? { ...common, type: 'select', choices } : { ...common, type: 'input' };
        const reply = await this.prompt<Record<string, unknown>>([prompt] as never);
        return reply[question.name];
      },
    );
    const usedCidrs = [this.answers.vpcCidr, ...Object.values(storedOthers).map((a) => String(a.vpcCidr))];
    const names = this.target && !Object.hasOwn(storedOthers, this.target) ? [...Object.keys(storedOthers), this.target] : Object.keys(storedOthers);
    for (const name of names) {
      const own = name === this.target;
      const answers = await resolveEnvironmentAnswers({ main: this.answers, name, stored: storedOthers[name], options: own ? this.flags : {}, context, usedCidrs });
      if (own) {
        checkChanges(storedOthers[name] ?? {}, answers);
        this.changed = changedAnswers(storedOthers[name] ?? {}, answers);
      }
      this.others.push([name, answers]);
    }
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
    if (!this.target) this.changed = changedAnswers(previous, this.answers);
    const flags = this.flags;
    const settings = resolveSettings(
      previous[SETTINGS_KEY],
      {
        // Under yo, Yeoman's environment takes the option name `env`: the values come from the command line then.
        env: optionList(flags.env).length > 0 ? optionList(flags.env) : envFlagsFromArgv(process.argv),
        secret: optionList(flags.secret),
        unset: optionList(flags.unset),
      },
      this.target ?? this.answers.environment,
    );
    const allSettings = readStoredSettings(settings.stored);
    // Decided before ENGINE_KEY is stored below: a stored engine without these keys is a data stack made before them.
    // One choice for every environment of the project (an environment added later to an older project keeps its way).
    const database = databaseChoices(previous, ENGINE_KEY);
    const inputsFor = (environment: string) => ({ ...appInputs(this.facts), settings: allSettings[environment] ?? { env: {}, secrets: [] }, ...database });
    const inputs = inputsFor(this.answers.environment);
    const storedWorkers = previous[WORKERS_KEY];
    this.workers = storedWorkers === undefined
      ? seedWorkers(this.answers.worker, inputs.jobs, this.adoptProcesses ? inputs.processes : [])
      : checkWorkers(storedWorkers);
    // A backend the app cannot run (no gem) is refused here, before anything is written.
    checkWorkerGems(this.answers.worker, this.workers, inputs.productionGems ? new Set(inputs.productionGems) : undefined);
    // Schedules exist only once `yo rails-fargate:schedule` added one: an app without them keeps no key.
    const storedSchedules = previous[SCHEDULES_KEY];
    this.schedules = storedSchedules === undefined ? {} : checkSchedules(storedSchedules, this.workers);
    // The GitHub Actions deploy, once `yo rails-fargate:ci` stored its answers.
    let ci: CiInput | undefined;
    if (previous[CI_KEY] !== undefined) {
      const { input, look } = ciInput(this.destinationRoot(), checkCiAnswers(previous[CI_KEY], this.destinationPath('.yo-rc.json')));
      ci = input;
      if (look.note) this.ciNotes.push(look.note);
    }
    this.thePlan = plan(this.answers, inputs, this.workers, this.schedules, undefined, ci);
    const others = this.others.map(([name, answers]) => otherEnvironmentPlan(plan(answers, inputsFor(name), this.workers, this.schedules), this.answers.environment));
    this.output = renderFiles(this.thePlan, this.facts, (file) => this.readDisk(file), others);
    // Answers first, in question order, then what the generator keeps: the file stays readable and stable.
    for (const question of QUESTIONS as readonly QuestionDef[]) {
      this.store.set(question.name, this.answers[question.name as keyof Answers]);
    }
    let environments: Record<string, unknown> | undefined = settings.stored;
    for (const [name, answers] of this.others) environments = withEnvironmentAnswers(environments, name, answers);
    if (environments) this.store.set(SETTINGS_KEY, environments);
    else this.store.delete(SETTINGS_KEY);
    this.store.set(WORKERS_KEY, this.workers);
    if (Object.keys(this.schedules).length > 0) this.store.set(SCHEDULES_KEY, this.schedules);
    else this.store.delete(SCHEDULES_KEY);
    this.store.set(ENGINE_KEY, inputs.dbEngine);
    this.store.set(DATABASE_URLS_KEY, database.databaseUrls);
    this.store.set(DATABASE_PASSWORD_KEY, database.databasePassword);
  }

  /** Under --yes nobody can answer; --force takes ours; otherwise ask, saying first why the file would change. */
  async resolveConflict(file: OutputFile, disk: string, recordedHash: string | undefined): Promise<'write' | 'skip'> {
    if (this.flags.yes) return 'skip';
    // Yeoman's --force (the environment's conflicter option): overwrite without asking, as Yeoman itself would.
    if ((this.env as unknown as { conflicterOptions?: { force?: boolean } }).conflicterOptions?.force) return 'write';
    this.log(conflictReason(file, recordedHash, this.changed));
    for (;;) {
      const { action } = await this.prompt<{ action: 'write' | 'skip' | 'diff' }>([
        {
          type: 'select',
          name: 'action',
          message: `${file.path}: take our version?`,
          choices: [
            { name: 'keep mine (not offered again until ours changes)', value: 'skip' },
            { name: 'take ours (overwrite)', value: 'write' },
            { name: 'show the differences', value: 'diff' },
          ],
        },
      ] as never);
      if (action !== 'diff') return action;
      const patch = structuredPatch(file.path, file.path, disk, file.content, 'yours', 'ours');
      for (const hunk of patch.hunks) {
        this.log(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
        for (const line of hunk.lines) this.log(line);
      }
    }
  }

  async writing(): Promise<void> {
    const recorded = (this.store.get(FILES_KEY) ?? {}) as Record<string, string>;
    const declined = { ...((this.store.get(DECLINED_KEY) ?? {}) as Record<string, string>) };
    const hashes: Record<string, string> = {};
    const askAnswered = Boolean(this.flags['ask-answered']);
    for (const file of this.output.files) {
      const target = this.destinationPath(file.path);
      const disk = this.readDisk(file.path);
      const ownHash = file.kind === 'generated' ? recorded[file.path] : undefined;
      let decision = decideWrite(disk, ownHash, file.content, declined[file.path]);
      // --ask-answered asks again about the changes declined before ("keep mine" is an answer too).
      if (decision === 'kept' && askAnswered) decision = 'edited';
      if (decision === 'identical') {
        // Nothing to write (and no file mode for Yeoman's conflicter to compare).
        if (file.kind === 'generated') hashes[file.path] = contentHash(file.content);
        delete declined[file.path];
      } else if (decision === 'kept' || (decision === 'edited' && (await this.resolveConflict(file, disk!, ownHash)) === 'skip')) {
        // Theirs stays. Still recorded as ours-before-the-edit; a declined offer is remembered, one skipped under --yes is not.
        if (ownHash) hashes[file.path] = ownHash;
        if (decision === 'edited' && !this.flags.yes) {
          declined[file.path] = contentHash(file.content);
          decision = 'declined';
        }
      } else {
        // mem-fs-editor takes the file mode as a partial stat.
        this.fs.write(target, file.content, file.mode ? { stat: { mode: file.mode } as Stats } : {});
        // Ours unchanged since we wrote it, or the user said yes: written without Yeoman asking (again).
        if (decision !== 'create') (this.fs.store.get(target) as { conflicter?: string }).conflicter = 'force';
        if (file.kind === 'generated') hashes[file.path] = contentHash(file.content);
        delete declined[file.path];
      }
      this.decisions.set(file.path, decision);
    }
    this.store.set(FILES_KEY, Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b))));
    const paths = new Set(this.output.files.map((f) => f.path));
    const remembered = Object.entries(declined).filter(([path]) => paths.has(path)).sort(([a], [b]) => a.localeCompare(b));
    if (remembered.length > 0) this.store.set(DECLINED_KEY, Object.fromEntries(remembered));
    else if (this.store.get(DECLINED_KEY) !== undefined) (this.config as unknown as { delete(key: string): void }).delete(DECLINED_KEY);
  }

  async end(): Promise<void> {
    // With --environment NAME (another environment), the summary is that environment's: its subnets, stacks and cost.
    const shown = this.output.environments.find((e) => e.plan.answers.environment === this.target) ?? { plan: this.thePlan, rendered: this.output.rendered };
    for (const line of writeSummary({
      plan: shown.plan,
      rendered: shown.rendered,
      otherEnvironment: shown.plan !== this.thePlan,
      files: this.output.files,
      decisions: this.decisions,
      yes: Boolean(this.flags.yes),
      // Lockfile platforms, what detection noticed, defaults chosen for the image, and what an existing Dockerfile or
      // entrypoint gets wrong: the notes already carry the detection warnings.
      warnings: [...this.output.notes, ...this.ciNotes],
      ...(this.composedBy ? { review: 'Run yo rails-fargate' } : {}),
    })) {
      this.log(line);
    }
    if (this.flags['check-aws']) {
      // Advisory: it never stops the run; without credentials it says so. The SDK loads only here, not on every run.
      const [{ CloudFormationClient }, { checkAws, formatCheckAws }] = await Promise.all([
        import('@aws-sdk/client-cloudformation'),
        import('../../src/aws/check-aws.js'),
      ]);
      const client = new CloudFormationClient({ region: this.answers.region });
      const stacks = this.output.rendered.map(({ stack, text }) => ({ stackName: stack.stackName, file: stack.file, body: text }));
      let report = await checkAws(client, stacks);
      client.destroy();
      const { domain, hostedZoneId } = this.answers;
      if (domain !== '' && report.checked) {
        // Loaded only here: a run without --check-aws never loads the Route 53 SDK.
        const [{ Route53Client }, { checkHostedZone }] = await Promise.all([import('@aws-sdk/client-route-53'), import('../../src/aws/hosted-zone.js')]);
        const route53 = new Route53Client({ region: 'us-east-1' });
        report = { ...report, findings: [...report.findings, ...(await checkHostedZone(route53, domain, hostedZoneId))] };
        route53.destroy();
      }
      for (const line of formatCheckAws(report)) this.log(line);
    }
  }
}
