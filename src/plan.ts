/**
 * answers (+ what the Rails app needs, + its workers) -> plan: which stacks exist, their names and files, and the
 * fragments each is assembled from. Pure; the generator writes what `renderFiles` returns.
 */
import type { Answers } from './answers/questions.js';
import { assemble, renderTemplate, TEMPLATE_BODY_LIMIT, TEMPLATE_URL_LIMITS } from './assemble.js';
import { InputError } from './errors.js';
import type { Template, TemplateSpec } from './assemble.js';
import { fragmentLibrary } from './fragments/library.js';
import type { FragmentLibrary } from './fragments/library.js';
import { AZ_LETTERS, planCidr } from './network/cidr-plan.js';
import type { CidrPlan } from './network/cidr-plan.js';
import type { AppInputs } from './plan/app-inputs.js';
import { serverCommand } from './docker/entrypoint.js';
import { SSL_ENV } from './rails/edits.js';
import { scheduleList } from './plan/schedules.js';
import type { Schedules } from './plan/schedules.js';
import { workerList, workersNeedRedis } from './plan/workers.js';
import type { Workers } from './plan/workers.js';
import { appTemplate } from './stacks/app.js';
import { ciTemplate } from './stacks/ci.js';
import type { CiAnswers } from './stacks/ci.js';
import type { ExistingWorkflow } from './ci/existing-workflow.js';
import type { AppStackOptions } from './stacks/app.js';
import { dataTemplate } from './stacks/data.js';
import type { DataOptions } from './stacks/data.js';
import { natLayout, networkTemplate } from './stacks/network.js';
import { DEFAULT_IMAGES_TO_KEEP, registryTemplate } from './stacks/registry.js';
import { commonTags } from './stacks/tags.js';

export const INFRA_DIR = 'infra';
export const TEMPLATES_DIR = `${INFRA_DIR}/cloudformation`;
/** Deploy order: the registry must exist before the first push, the network before data and app, data before app. */
export const STACK_KEYS = ['network', 'registry', 'data', 'app'] as const;
/** The ci stack is not deployed with the others: an administrator deploys it once (bin/fargate ci-setup). */
export type StackKey = (typeof STACK_KEYS)[number] | 'ci';

/** What `yo rails-fargate:ci` adds: its answers, and what the repo already has to test with. */
export interface CiInput {
  readonly answers: CiAnswers;
  /** The app's CI workflow the deploy depends on, when it has one that can gate a deploy. */
  readonly existing?: ExistingWorkflow;
  /** Else the command the deploy workflow's test job runs. */
  readonly testCommand: string;
}

export interface StackPlan {
  readonly key: StackKey;
  /** The CloudFormation stack name: <app>-<environment>-<key>. */
  readonly stackName: string;
  /** Path of the template in the user's repo. */
  readonly file: string;
  readonly spec: TemplateSpec;
}

export interface Plan {
  readonly answers: Answers;
  readonly cidr: CidrPlan;
  readonly natAzs: readonly string[];
  /** The app side, when the plan was made with app inputs. */
  readonly app?: { readonly inputs: AppInputs; readonly data: DataOptions; readonly options: AppStackOptions };
  readonly stacks: readonly StackPlan[];
  /** The GitHub Actions deploy, when `yo rails-fargate:ci` set it up. */
  readonly ci?: CiInput;
}

export function stackName(answers: Pick<Answers, 'appName' | 'environment'>, key: string): string {
  return `${answers.appName}-${answers.environment}-${key}`;
}

/** The name of the database RDS creates, fixed by the stack's identity (app and environment). */
export function databaseName(answers: Pick<Answers, 'appName' | 'environment'>): string {
  return `${answers.appName}_${answers.environment}`.replace(/-/g, '_').slice(0, 63);
}

/** The AZ slots in use (A, B... for the AZ count): the network stack exports a subnet of each tier in each. */
export function azLetters(answers: Pick<Answers, 'azCount'>): string[] {
  return AZ_LETTERS.slice(0, answers.azCount);
}

export function dataOptions(answers: Answers, inputs: AppInputs, workers: Workers = {}): DataOptions {
  return {
    engine: inputs.dbEngine,
    engineVersion: answers.dbEngineVersion,
    instanceClass: answers.dbInstanceClass,
    storageGiB: answers.dbStorage,
    maxStorageGiB: answers.dbMaxStorage,
    multiAz: answers.dbMultiAz,
    databaseName: databaseName(answers),
    urls: { mode: inputs.databaseUrls ?? 'secret', passwordRule: inputs.databasePassword ?? 'alphanumeric', adapter: inputs.dbAdapter, extraDatabases: inputs.extraDatabases, caBundle: inputs.rdsCaBundle ?? true },
    redis: needsRedis(answers, inputs, workers),
    redisNodes: cacheNodes(answers),
    bucket: inputs.activeStorage === true,
    ...(answers.alarmEmail ? { alarmEmail: answers.alarmEmail } : {}),
    azs: azLetters(answers),
    tags: commonTags(answers.appName, answers.environment),
  };
}

/**
 * Cache nodes: with a Multi-AZ database, a replica in another AZ with automatic failover too, so the jobs queued in
 * Redis survive the same AZ outage the database does. NumCacheClusters changes in place.
 */
export function cacheNodes(answers: Pick<Answers, 'dbMultiAz'>): number {
  return answers.dbMultiAz ? 2 : 1;
}

/** Redis when the app uses it (cache store, Action Cable) or its job backend, or a worker's, needs it. */
export function needsRedis(answers: Pick<Answers, 'worker'>, inputs: AppInputs, workers: Workers = {}): boolean {
  return inputs.redis || answers.worker === 'sidekiq' || answers.worker === 'resque' || workersNeedRedis(workers);
}

export function appOptions(answers: Answers, inputs: AppInputs, workers: Workers, schedules: Schedules = {}): AppStackOptions {
  const scheduled = scheduleList(schedules);
  return {
    appName: answers.appName,
    environment: answers.environment,
    cpuArch: answers.cpuArch,
    containerPort: inputs.containerPort,
    healthPath: inputs.healthPath,
    nat: answers.nat,
    azs: azLetters(answers),
    web: { cpu: answers.webCpu, memory: answers.webMemory, count: answers.webCount, maxCount: answers.webMaxCount, command: webCommand(inputs) },
    ...(inputs.migrateCommand ? { migrateCommand: inputs.migrateCommand } : {}),
    workers: workerList(workers),
    ...(scheduled.length ? { schedules: scheduled } : {}),
    ...(answers.domain ? { domain: { name: answers.domain, hostedZoneId: answers.hostedZoneId } } : {}),
    logRetentionDays: answers.logRetentionDays,
    environmentVars: { ...inputs.environmentVars, ...sslEnvironment(answers, inputs) },
    ...(inputs.settings ? { settings: inputs.settings } : {}),
    database: { engine: inputs.dbEngine, adapter: inputs.dbAdapter, extraDatabases: inputs.extraDatabases, urls: inputs.databaseUrls ?? 'secret' },
    redis: needsRedis(answers, inputs, workers),
    bucket: inputs.activeStorage === true,
    ...(inputs.activeStorage && inputs.storageEnv ? { storageEnv: inputs.storageEnv } : {}),
    tags: commonTags(answers.appName, answers.environment),
  };
}

/**
 * The web task's command: the app's own, except that a kept entrypoint which migrates before `./bin/rails server`
 * must not see that form (src/docker/entrypoint.ts serverCommand). The `wrapper` mode never needed that: its command
 * is `sh -c <script>`, which the entrypoint's test does not match.
 */
export function webCommand(inputs: Pick<AppInputs, 'webCommand' | 'databaseUrls' | 'entrypointMigrates'>): readonly string[] {
  return (inputs.databaseUrls ?? 'secret') === 'secret' ? serverCommand(inputs.webCommand, inputs.entrypointMigrates === true) : inputs.webCommand;
}

/** With force_ssl, the switches of the env-driven production.rb (SSL_ENV): on with a domain, off without. */
export function sslEnvironment(answers: Pick<Answers, 'domain'>, inputs: Pick<AppInputs, 'forceSsl' | 'sslSwitches'>): Record<string, string> {
  // The app's own switches (FORCE_SSL, DISABLE_SSL...): on with a domain, off on plain HTTP.
  if (inputs.sslSwitches) return { ...(answers.domain !== '' ? inputs.sslSwitches.on : inputs.sslSwitches.off) };
  if (!inputs.forceSsl) return {};
  const on = String(answers.domain !== '');
  return { [SSL_ENV.force]: on, [SSL_ENV.assume]: on };
}

export function plan(answers: Answers, inputs?: AppInputs, workers: Workers = {}, schedules: Schedules = {}, library: FragmentLibrary = fragmentLibrary(), ci?: CiInput): Plan {
  const cidr = planCidr(answers.vpcCidr, answers.azCount);
  const tags = commonTags(answers.appName, answers.environment);
  const { natAzs } = natLayout(answers.nat, azLetters(answers));
  const stack = (key: StackKey, spec: TemplateSpec): StackPlan => ({
    key,
    stackName: stackName(answers, key),
    file: `${TEMPLATES_DIR}/${key}.yml`,
    spec,
  });
  const access = inputs ? { containerPort: inputs.containerPort, https: answers.domain !== '' } : undefined;
  const stacks = [stack('network', networkTemplate(library, answers, cidr, tags, access))];
  if (!inputs) return { answers, cidr, natAzs, stacks };
  const data = dataOptions(answers, inputs, workers);
  const options = appOptions(answers, inputs, workers, schedules);
  stacks.push(
    stack('registry', registryTemplate(library, { imagesToKeep: DEFAULT_IMAGES_TO_KEEP, tags })),
    stack('data', dataTemplate(library, data)),
    stack('app', appTemplate(library, options)),
  );
  if (ci) {
    stacks.push(stack('ci', ciTemplate(library, {
      ...ci.answers,
      appName: answers.appName,
      environment: answers.environment,
      stackNames: STACK_KEYS.map((key) => stackName(answers, key)),
      appStack: stackName(answers, 'app'),
      appSpecs: stacks.map((s) => s.spec),
      tags,
    })));
  }
  return { answers, cidr, natAzs, app: { inputs, data, options }, stacks, ...(ci ? { ci } : {}) };
}

export interface RenderedStack {
  readonly stack: StackPlan;
  readonly template: Template;
  readonly text: string;
}

export function renderStacks(thePlan: Plan): RenderedStack[] {
  return thePlan.stacks.map((stack) => {
    const template = assemble(stack.spec);
    const text = renderTemplate(template, [
      `${stack.stackName}: generated by generator-rails-fargate from .yo-rc.json.`,
      'Change the answers and run `yo rails-fargate --yes` rather than editing this file; see infra/README.md.',
    ]);
    return { stack, template, text };
  });
}

/**
 * Every template must fit CloudFormation's limits. bin/fargate uploads the templates to the registry stack's artifacts
 * bucket and deploys them by URL, so the limits are those of a template in S3 (1,000,000 bytes, 500 resources, 200
 * outputs); the registry stack itself creates that bucket, so it goes inline and must fit 51,200 bytes. Only workers
 * make a template grow, so each refusal is about them and names the way out.
 */
export function checkTemplateSizes(rendered: readonly RenderedStack[], workerCount: number): void {
  const wayOut =
    'remove a worker (yo rails-fargate:worker NAME --remove) or a schedule (yo rails-fargate:schedule NAME --remove), or run several queues in one worker (e.g. --command "bundle exec sidekiq -q default -q mailers")';
  for (const { stack, template, text } of rendered) {
    const bytes = Buffer.byteLength(text);
    const inline = stack.key === 'registry';
    const byteLimit = inline ? TEMPLATE_BODY_LIMIT : TEMPLATE_URL_LIMITS.bytes;
    const how = inline ? 'CloudFormation accepts inline (the registry stack creates the bucket the others are uploaded to)' : 'CloudFormation accepts from S3';
    const over = (what: string) => new InputError('workers', workerCount, `as many as fit: ${stack.file} would ${what}; ${wayOut}`);
    if (bytes > byteLimit) throw over(`be ${bytes} bytes, over the ${byteLimit} bytes ${how}`);
    const resources = Object.keys(template.Resources ?? {}).length;
    if (resources > TEMPLATE_URL_LIMITS.resources) throw over(`have ${resources} resources, over the ${TEMPLATE_URL_LIMITS.resources} resources CloudFormation allows in a stack`);
    const outputs = Object.keys(template.Outputs ?? {}).length;
    if (outputs > TEMPLATE_URL_LIMITS.outputs) throw over(`have ${outputs} outputs, over the ${TEMPLATE_URL_LIMITS.outputs} outputs CloudFormation allows in a stack`);
  }
}
