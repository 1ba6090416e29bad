/**
 * bin/fargate = the static bash body in `templates/bin/fargate` with a small generated block at its marker: the app,
 * its environments, Region, image platform, stacks in deploy order with their template files, the workers, the schedules, the
 * stateful logical IDs that `preview` and `deploy` guard (and the data ones whose every change they guard), and the command `console` runs through ECS Exec. Pure apart
 * from reading the static body once. APP_STACK_CONTRACT lists what the script reads from and sets on the app stack,
 * NETWORK_STACK_CONTRACT what it reads from the network stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGION_NAMES } from '../aws/regions.js';
import { InputError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { environmentTemplatesDir } from '../plan/environments.js';
import { ENV_NAME, ENV_NAME_RULE } from '../stacks/app/settings.js';
import { shellQuote, withDatabaseUrl } from '../stacks/database-url.js';
import type { DatabaseAdapter, DatabaseUrlMode } from '../stacks/database-url.js';

export const FARGATE_SCRIPT_TEMPLATE = join(PACKAGE_ROOT, 'templates', 'bin', 'fargate');
/** The line of the static body that the generated block replaces. */
export const CONFIG_MARKER = '#@@FARGATE_CONFIG@@';
/** The stack keys the script's deploy flow needs, whatever order the config lists them in. */
export const REQUIRED_STACK_KEYS = ['registry', 'network', 'data', 'app'] as const;

export type CpuArchitecture = 'X86_64' | 'ARM64';

/**
 * What the static body reads from the app stack and sets on it; test/fargate-script.test.ts holds the body to exactly
 * these names and test/stack-contract.test.ts holds the app template to them.
 */
export const APP_STACK_CONTRACT = {
  /** Outputs read with `need ... app` or looked up by name (the master key secret). */
  outputs: [
    'AssignPublicIp', 'ClusterName', 'MasterKeySecretArn', 'MigrateLogGroupName', 'MigrateTaskDefinitionArn',
    'Url', 'WebLogGroupName', 'WebServiceName',
  ],
  /** Per worker: no output; the resources `<logicalId><suffix>` read with list-stack-resources (need_resource). */
  workerResourceSuffixes: ['LogGroup', 'Service'],
  /** Per schedule: `<logicalId><suffix>`. */
  scheduleOutputSuffixes: ['LogGroupName', 'ScheduleName', 'TaskDefinitionArn'],
  /** Parameters read back from the deployed stack. */
  parametersRead: ['ImageTag', 'MigrateImageTag'],
  /** Parameters the script gives a value (the rest keep their previous value on update, their default on create). */
  parametersSet: ['DataStackName', 'ImageTag', 'MigrateImageTag', 'NetworkStackName', 'RegistryStackName', 'ServicesEnabled'],
  /** The values of the ServicesEnabled switch the script sets: off on the first create, on after migrations. */
  servicesEnabledValues: ['false', 'true'],
} as const;

/**
 * What the static body reads from the network stack: the migrate task runs where the services run, in the private
 * subnets (or the public ones when the app stack's AssignPublicIp output is ENABLED, NAT mode none) with the app
 * security group. The app stack imports these and does not re-export them.
 */
export const NETWORK_STACK_CONTRACT = {
  outputs: ['AppSecurityGroupId', 'PrivateSubnetIds', 'PublicSubnetIds'],
} as const;

export interface ScriptStack {
  /** network, registry, data or app: the stack is `<app>-<env>-<key>`. */
  readonly key: string;
  /** The template's path in the user's repo, relative to its root. */
  readonly file: string;
  /** What the template exports: the names after `<stack name>-` (src/stacks/stack-links.ts). */
  readonly exports?: readonly string[];
  /** What it imports from the other stacks, as `<stack key>:<export name>`: deploy orders the stacks by these. */
  readonly imports?: readonly string[];
}

export interface ScriptWorker {
  /** The name the user types: `bin/fargate logs <name>`. */
  readonly name: string;
  /** Prefix of the worker's app stack resources: `<logicalId>Service`, `<logicalId>LogGroup`. */
  readonly logicalId: string;
}

export interface FargateScriptConfig {
  readonly appName: string;
  /** The environments this repo deploys; the first is the default of `--env` and owns the registry. */
  readonly environments: readonly string[];
  /**
   * Where each environment's templates are (src/plan/environments.ts; by default, that layout): the first one's are
   * the stack files; another's network, data and app templates have the same names in its own folder.
   */
  readonly environmentDirs?: readonly string[];
  readonly region: string;
  /** The task's CPU architecture (ECS RuntimePlatform), which decides the image platform. */
  readonly cpuArchitecture: CpuArchitecture;
  /** In deploy order. */
  readonly stacks: readonly ScriptStack[];
  readonly workers: readonly ScriptWorker[];
  /**
   * Scheduled tasks (`bin/fargate schedules`, `bin/fargate run NAME`): the name, and the prefix of their outputs
   * (<Id>ScheduleName, <Id>TaskDefinitionArn, <Id>LogGroupName). None when absent.
   */
  readonly schedules?: readonly ScriptWorker[];
  /** Database, cache, registry, log groups: replacing or removing one loses data. */
  readonly statefulLogicalIds: readonly string[];
  /**
   * The database, the cache and the Active Storage bucket: `deploy` lists every in-place change to one with its
   * property names and asks (under --yes, refuses unless --yes-modify-data).
   */
  readonly dataLogicalIds: readonly string[];
  /**
   * What `bin/fargate console` runs in a web task through ECS Exec, which runs it with `sh -c` and the task's plain
   * environment and secrets: plain `bin/rails console`, since DATABASE_URL is a secret; in `wrapper` mode ECS Exec
   * does not get what the container command builds, so the console is wrapped like the containers (see
   * `railsConsoleCommand`).
   */
  readonly consoleCommand: string;
  /**
   * The app's own secrets (names): `bin/fargate secrets set NAME` stores each as `<app>/<env>/<NAME>` in Secrets
   * Manager, and a deploy refuses to start while one has no value. None when absent.
   */
  readonly secrets?: readonly string[];
}

/** The console command for the config: `bin/rails console`, behind the DATABASE_URL wrapper in `wrapper` mode, shell-quoted. */
export function railsConsoleCommand(adapter: DatabaseAdapter, extraDatabases: readonly string[], mode: DatabaseUrlMode = 'secret'): string {
  const console = ['bin/rails', 'console'];
  return (mode === 'wrapper' ? withDatabaseUrl(adapter, extraDatabases, console) : console).map(shellQuote).join(' ');
}

const NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;
const FILE = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;

/** The `docker buildx --platform` value for an ECS CPU architecture. */
export function dockerPlatform(arch: CpuArchitecture): string {
  return arch === 'ARM64' ? 'linux/arm64' : 'linux/amd64';
}

function check(field: string, value: string, pattern: RegExp, allowed: string): string {
  if (!pattern.test(value)) throw new InputError(field, value, allowed);
  return value;
}

/**
 * Every value but the console command is checked against a pattern with no quote, `$` or space, so single quotes are
 * exact in bash; the console command is any text and goes through bashAnsiQuote.
 */
function validate(config: FargateScriptConfig): void {
  const nameRule = 'lowercase letters, digits and dashes, starting with a letter, not ending with a dash';
  check('appName', config.appName, NAME, nameRule);
  if (config.environments.length === 0) throw new InputError('environments', [], 'at least one environment');
  for (const env of config.environments) check('environment', env, NAME, nameRule);
  if (new Set(config.environments).size !== config.environments.length) throw new InputError('environments', config.environments, 'each environment once');
  const dirs = environmentDirs(config);
  for (const dir of dirs) check('environment folder', dir, FILE, 'a relative path of letters, digits, dots, dashes, underscores and slashes');
  if (dirs.length !== config.environments.length) throw new InputError('environmentDirs', config.environmentDirs, 'one folder per environment');
  if (!REGION_NAMES.includes(config.region)) throw new InputError('region', config.region, REGION_NAMES.join(', '));
  if (config.cpuArchitecture !== 'X86_64' && config.cpuArchitecture !== 'ARM64') {
    throw new InputError('cpuArchitecture', config.cpuArchitecture, 'X86_64 or ARM64');
  }
  const keys = config.stacks.map((s) => s.key);
  for (const key of REQUIRED_STACK_KEYS) {
    if (keys.filter((k) => k === key).length !== 1) {
      throw new InputError('stacks', keys, `each of ${REQUIRED_STACK_KEYS.join(', ')} exactly once`);
    }
  }
  for (const stack of config.stacks) {
    check('stack key', stack.key, NAME, nameRule);
    check('template file', stack.file, FILE, 'a relative path of letters, digits, dots, dashes, underscores and slashes');
    for (const name of stack.exports ?? []) check('export name', name, LOGICAL_ID, 'letters and digits');
    for (const link of stack.imports ?? []) {
      const [from, name = ''] = link.split(':');
      if (!keys.includes(from ?? '') || from === stack.key || !LOGICAL_ID.test(name)) {
        throw new InputError('import', link, `<stack key>:<export name>, the key one of ${keys.filter((k) => k !== stack.key).join(', ')}`);
      }
    }
  }
  for (const worker of config.workers) {
    check('worker name', worker.name, NAME, nameRule);
    if (['web', 'migrate'].includes(worker.name)) throw new InputError('worker name', worker.name, 'a name other than web and migrate');
    check('worker logical ID', worker.logicalId, LOGICAL_ID, 'letters and digits (a CloudFormation logical ID)');
  }
  for (const schedule of config.schedules ?? []) {
    check('schedule name', schedule.name, NAME, nameRule);
    if (['web', 'migrate'].includes(schedule.name) || config.workers.some((w) => w.name === schedule.name)) {
      throw new InputError('schedule name', schedule.name, 'a name other than web, migrate and the workers\' names');
    }
    check('schedule logical ID', schedule.logicalId, LOGICAL_ID, 'letters and digits (a CloudFormation logical ID)');
  }
  for (const id of config.statefulLogicalIds) check('stateful logical ID', id, LOGICAL_ID, 'letters and digits');
  for (const id of config.dataLogicalIds) check('data logical ID', id, LOGICAL_ID, 'letters and digits');
  for (const name of config.secrets ?? []) check('secret name', name, ENV_NAME, ENV_NAME_RULE);
  if (config.consoleCommand.trim() === '' || config.consoleCommand.includes('\0')) {
    throw new InputError('consoleCommand', config.consoleCommand, 'a non-empty command for sh -c, without NUL');
  }
}

function environmentDirs(config: FargateScriptConfig): readonly string[] {
  return config.environmentDirs ?? config.environments.map((env) => environmentTemplatesDir(env, config.environments[0]!));
}

const array = (values: readonly string[]): string => `(${values.map((v) => `'${v}'`).join(' ')})`;

/**
 * Any text as one bash word on one line: ANSI-C quoting ($'...', bash 3.2 too), with backslash and single quote
 * escaped and every control character (newline, tab...) as \xHH, so bash reads back exactly `text`.
 */
export function bashAnsiQuote(text: string): string {
  const body = text.replace(/[\\'\x00-\x1f\x7f]/g, (c) =>
    c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `$'${body}'`;
}

/** The generated block, one assignment a line. */
export function renderConfigBlock(config: FargateScriptConfig): string {
  validate(config);
  const defaultEnv = config.environments[0]!;
  return [
    '# ---- generated from .yo-rc.json ----------------------------------------------------------------------------',
    `APP_NAME='${config.appName}'`,
    '# The first environment is the default of --env, and its registry holds every environment\'s images.',
    `ENVIRONMENTS=${array(config.environments)}`,
    '# Each environment\'s templates: the first one\'s are STACK_FILES; another\'s network, data and app ones are in its folder.',
    `ENVIRONMENT_DIRS=${array(environmentDirs(config))}`,
    `REGION='${config.region}'`,
    `# The task CPU architecture is ${config.cpuArchitecture}: the image is built for this platform.`,
    `PLATFORM='${dockerPlatform(config.cpuArchitecture)}'`,
    `# Stacks in deploy order, named <app>-<env>-<key> (${config.stacks.map((s) => `${config.appName}-${defaultEnv}-${s.key}`).join(', ')}).`,
    `STACK_KEYS=${array(config.stacks.map((s) => s.key))}`,
    `STACK_FILES=${array(config.stacks.map((s) => s.file))}`,
    '# What each template exports (names after <stack name>-) and imports (KEY:NAME): deploy orders the stacks by them.',
    `STACK_EXPORTS=${array(config.stacks.map((s) => (s.exports ?? []).join(' ')))}`,
    `STACK_IMPORTS=${array(config.stacks.map((s) => (s.imports ?? []).join(' ')))}`,
    '# Workers: the name for `bin/fargate logs NAME`, and the prefix of their resources (<Id>Service, <Id>LogGroup).',
    `WORKERS=${array(config.workers.map((w) => w.name))}`,
    `WORKER_IDS=${array(config.workers.map((w) => w.logicalId))}`,
    '# Schedules: the name for `bin/fargate run NAME`, and the prefix of their outputs (<Id>ScheduleName, <Id>TaskDefinitionArn).',
    `SCHEDULES=${array((config.schedules ?? []).map((s) => s.name))}`,
    `SCHEDULE_IDS=${array((config.schedules ?? []).map((s) => s.logicalId))}`,
    '# Logical IDs whose replacement or removal loses data: preview warns, deploy asks (and refuses under --yes).',
    `STATEFUL_IDS=${array(config.statefulLogicalIds)}`,
    '# The database, cache and bucket: deploy lists every in-place change to one and asks (--yes needs --yes-modify-data).',
    `DATA_IDS=${array(config.dataLogicalIds)}`,
    '# The app\'s own secrets: each is <app>/<env>/<NAME> in Secrets Manager (bin/fargate secrets set NAME stores it).',
    `SECRETS=${array(config.secrets ?? [])}`,
    config.consoleCommand === 'bin/rails console'
      ? '# What `bin/fargate console` runs through ECS Exec (with sh -c): the task\'s secrets include DATABASE_URL.'
      : '# What `bin/fargate console` runs through ECS Exec (with sh -c): bin/rails console with the database URLs built.',
    `CONSOLE_COMMAND=${bashAnsiQuote(config.consoleCommand)}`,
  ].join('\n');
}

let body: string | undefined;

/** The static body, read once from the package. */
export function fargateScriptBody(): string {
  body ??= readFileSync(FARGATE_SCRIPT_TEMPLATE, 'utf8');
  return body;
}

/** The complete bin/fargate for one app: the static body with the generated block at its marker. */
export function renderFargateScript(config: FargateScriptConfig, staticBody: string = fargateScriptBody()): string {
  const lines = staticBody.split('\n');
  const at = lines.indexOf(CONFIG_MARKER);
  if (at < 0 || lines.indexOf(CONFIG_MARKER, at + 1) >= 0) {
    throw new Error(`the bin/fargate body must hold the line ${CONFIG_MARKER} exactly once`);
  }
  lines.splice(at, 1, renderConfigBlock(config));
  return lines.join('\n');
}
