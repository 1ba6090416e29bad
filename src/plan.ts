/**
 * answers (+ what the Rails app needs, + its workers) -> plan: which stacks exist, their names and files, and the
 * fragments each is assembled from. Pure; the generator writes what `renderFiles` returns.
 */
import type { Answers } from './answers/questions.js';
import { assemble, renderTemplate, TEMPLATE_BODY_LIMIT } from './assemble.js';
import { InputError } from './errors.js';
import type { Template, TemplateSpec } from './assemble.js';
import { fragmentLibrary } from './fragments/library.js';
import type { FragmentLibrary } from './fragments/library.js';
import { AZ_LETTERS, planCidr } from './network/cidr-plan.js';
import type { CidrPlan } from './network/cidr-plan.js';
import type { AppInputs } from './plan/app-inputs.js';
import { SSL_ENV } from './rails/edits.js';
import { workerList, workersNeedRedis } from './plan/workers.js';
import type { Workers } from './plan/workers.js';
import { appTemplate } from './stacks/app.js';
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
export type StackKey = (typeof STACK_KEYS)[number];

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

export function appOptions(answers: Answers, inputs: AppInputs, workers: Workers): AppStackOptions {
  return {
    appName: answers.appName,
    environment: answers.environment,
    cpuArch: answers.cpuArch,
    containerPort: inputs.containerPort,
    healthPath: inputs.healthPath,
    nat: answers.nat,
    azs: azLetters(answers),
    web: { cpu: answers.webCpu, memory: answers.webMemory, count: answers.webCount, maxCount: answers.webMaxCount, command: inputs.webCommand },
    ...(inputs.migrateCommand ? { migrateCommand: inputs.migrateCommand } : {}),
    workers: workerList(workers),
    ...(answers.domain ? { domain: { name: answers.domain, hostedZoneId: answers.hostedZoneId } } : {}),
    logRetentionDays: answers.logRetentionDays,
    environmentVars: { ...inputs.environmentVars, ...sslEnvironment(answers, inputs) },
    ...(inputs.settings ? { settings: inputs.settings } : {}),
    database: { engine: inputs.dbEngine, adapter: inputs.dbAdapter, extraDatabases: inputs.extraDatabases },
    redis: needsRedis(answers, inputs, workers),
    bucket: inputs.activeStorage === true,
    tags: commonTags(answers.appName, answers.environment),
  };
}

/** With force_ssl, the switches of the env-driven production.rb (SSL_ENV): on with a domain, off without. */
export function sslEnvironment(answers: Pick<Answers, 'domain'>, inputs: Pick<AppInputs, 'forceSsl' | 'sslSwitches'>): Record<string, string> {
  // The app's own switches (FORCE_SSL, DISABLE_SSL...): on with a domain, off on plain HTTP.
  if (inputs.sslSwitches) return { ...(answers.domain !== '' ? inputs.sslSwitches.on : inputs.sslSwitches.off) };
  if (!inputs.forceSsl) return {};
  const on = String(answers.domain !== '');
  return { [SSL_ENV.force]: on, [SSL_ENV.assume]: on };
}

export function plan(answers: Answers, inputs?: AppInputs, workers: Workers = {}, library: FragmentLibrary = fragmentLibrary()): Plan {
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
  const options = appOptions(answers, inputs, workers);
  stacks.push(
    stack('registry', registryTemplate(library, { imagesToKeep: DEFAULT_IMAGES_TO_KEEP, tags })),
    stack('data', dataTemplate(library, data)),
    stack('app', appTemplate(library, options)),
  );
  return { answers, cidr, natAzs, app: { inputs, data, options }, stacks };
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
 * Every template must fit CloudFormation's inline limit, so `aws cloudformation deploy --template-file` and
 * bin/fargate work without an S3 bucket. The app template grows by about 5 KB a worker: past six or so it does not.
 */
export function checkTemplateSizes(rendered: readonly RenderedStack[], workerCount: number): void {
  for (const { stack, text } of rendered) {
    const bytes = Buffer.byteLength(text);
    if (bytes <= TEMPLATE_BODY_LIMIT) continue;
    throw new InputError(
      'workers',
      workerCount,
      `as many as fit: ${stack.file} would be ${bytes} bytes, over the ${TEMPLATE_BODY_LIMIT} bytes CloudFormation accepts inline; ` +
        'remove a worker (yo rails-fargate:worker NAME --remove) or run several queues in one worker (e.g. --command "bundle exec sidekiq -q default -q mailers")',
    );
  }
}
