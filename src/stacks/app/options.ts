/**
 * What the app stack builder takes: explicit typed options (computed by the plan from the answers and the app
 * facts), and their checks. A bad value throws InputError naming the field, the value and what is allowed.
 */
import { checkFargateSize } from '../../aws/fargate.js';
import { checkScheduleExpression, checkTimeZone } from '../../aws/schedule-expression.js';
import { checkLogRetentionDays } from '../../aws/log-retention.js';
import { InputError } from '../../errors.js';
import type { DatabaseAdapter, DatabaseEngine, DatabaseUrlMode } from '../database-url.js';
import { ADAPTER_ENGINES, EXTRA_DATABASE_NAME, isDatabaseAdapter } from '../database-url.js';
import { checkAzs } from '../subnet-exports.js';
import type { Tag } from '../tags.js';
import { ENV_NAME, ENV_NAME_RULE, reservedReason, SECRET_LOOKING } from './settings.js';
import type { AppSettings } from './settings.js';

export { SECRET_LOOKING } from './settings.js';

export type CpuArch = 'x86_64' | 'arm64';
export type NatMode = 'per-az' | 'single' | 'none';

export interface TaskSize {
  readonly cpu: number;
  readonly memory: number;
}

export interface WebOptions extends TaskSize {
  readonly count: number;
  readonly maxCount: number;
  /**
   * The server command; default `./bin/rails server` (Puma on $PORT). With Thruster (`./bin/thrust ./bin/rails
   * server`) the plan must set HTTP_PORT to the container port and keep Puma's PORT/TARGET_PORT apart from it.
   */
  readonly command?: readonly string[];
}

export interface WorkerOptions extends TaskSize {
  /** Letters, digits and dashes; the logical IDs derive from it (`solid-queue` -> `WorkerSolidQueue...`). */
  readonly name: string;
  readonly command: readonly string[];
  readonly count: number;
}

export interface ScheduleOptions extends TaskSize {
  /** Like a worker's name, and distinct from every worker's: the logical IDs are `Schedule<PascalName>...`. */
  readonly name: string;
  /** `cron(...)` or `rate(...)`, already checked (src/aws/schedule-expression.ts). */
  readonly expression: string;
  readonly timezone: string;
  readonly command: readonly string[];
}

export interface AppStackOptions {
  readonly appName: string;
  readonly environment: string;
  readonly cpuArch: CpuArch;
  readonly containerPort: number;
  readonly healthPath: string;
  readonly nat: NatMode;
  /**
   * The AZ letters the network stack has subnets in (A, B... for its AZ count): the load balancer and the services
   * import each subnet's own export, so adding an AZ changes them in place.
   */
  readonly azs: readonly string[];
  readonly web: WebOptions;
  readonly workers: readonly WorkerOptions[];
  /** One-off tasks EventBridge Scheduler starts; none when absent. */
  readonly schedules?: readonly ScheduleOptions[];
  /** Default `bin/rails db:prepare` (creates and migrates the primary and the Solid databases). */
  readonly migrateCommand?: readonly string[];
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  readonly logRetentionDays: number;
  /** Plain environment from the app facts (RAILS_ENV, RAILS_LOG_TO_STDOUT, PORT...). Never a secret. */
  readonly environmentVars: Readonly<Record<string, string>>;
  /**
   * The user's own settings (`yo rails-fargate --env KEY=VALUE --secret NAME`): plain variables, and secrets each read
   * from `<app>/<environment>/<NAME>` in Secrets Manager, which the execution role may read and nothing more.
   */
  readonly settings?: AppSettings;
  /**
   * `adapter` is the app's Active Record adapter, on `engine`; it is DATABASE_URL's scheme. `urls`: where the URLs come
   * from (src/stacks/database-url.ts), default `secret`; it must match the data stack's.
   */
  readonly database: { readonly engine: DatabaseEngine; readonly adapter: DatabaseAdapter; readonly extraDatabases: readonly string[]; readonly urls?: DatabaseUrlMode };
  readonly redis: boolean;
  /** The data stack's Active Storage bucket: its name and Region reach the tasks, and the task role may use it. */
  readonly bucket?: boolean;
  /** With the bucket: the app's own variables for its name and Region (config/storage.yml), set besides ours. */
  readonly storageEnv?: StorageEnv;
  readonly tags: readonly Tag[];
  /** Seconds, default 60. */
  readonly idleTimeout?: number;
  /** Autoscaling targets: average CPU percent (default 60) and requests per task per minute (default 1000). */
  readonly scaling?: { readonly cpuPercent: number; readonly requestsPerTarget: number };
}

export const DEFAULT_WEB_COMMAND = ['./bin/rails', 'server'] as const;
export const DEFAULT_MIGRATE_COMMAND = ['bin/rails', 'db:prepare'] as const;

/** Names the builder sets itself; the plan must not pass them as plain environment. */
export const RESERVED_ENV = /^(DB_(HOST|PORT|NAME|USERNAME|PASSWORD)|([A-Z0-9_]+_)?DATABASE_URL|REDIS_URL|RAILS_MASTER_KEY|S3_BUCKET)$/;

/** A worker's name: the one rule, shared with the worker generator and `.yo-rc.json` checks (src/plan/workers.ts). */
export const WORKER_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$/;
export const RESERVED_WORKER_NAMES: ReadonlySet<string> = new Set(['web', 'migrate']);

/** `solid-queue` -> `SolidQueue`. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The logical-ID prefix of a worker: `Worker<Pascal>`. */
export function workerId(name: string): string {
  return `Worker${pascalCase(name)}`;
}

/** The logical-ID prefix of a schedule: `Schedule<Pascal>`. */
export function scheduleId(name: string): string {
  return `Schedule${pascalCase(name)}`;
}

function size(field: string, value: TaskSize): void {
  const ok = checkFargateSize(value.cpu, value.memory);
  if (ok !== true) throw new InputError(field, { cpu: value.cpu, memory: value.memory }, ok);
}

function count(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > 1000) {
    throw new InputError(field, value, `a whole number from ${min} to 1000`);
  }
}

function command(field: string, value: readonly string[] | undefined): void {
  if (value !== undefined && (value.length === 0 || value.some((word) => word.length === 0))) {
    throw new InputError(field, value, 'a non-empty list of non-empty words (exec form)');
  }
}

/** Variable names, besides S3_BUCKET and AWS_REGION, that get the bucket's name and its Region. */
export interface StorageEnv {
  readonly bucket: readonly string[];
  readonly region: readonly string[];
}

export function checkAppOptions(options: AppStackOptions): void {
  const { web, workers } = options;
  checkAzs(options.azs);
  size('web cpu/memory', web);
  count('web count', web.count, 1);
  count('web max count', web.maxCount, web.count);
  command('web command', web.command);
  command('migrate command', options.migrateCommand);
  // The Rails image runs as a non-root user, and ECS gives no way to let one bind a port below 1024.
  if (!Number.isInteger(options.containerPort) || options.containerPort < 1024 || options.containerPort > 65535) {
    throw new InputError('container port', options.containerPort, 'a port from 1024 to 65535 (the app runs as a non-root user, which cannot bind lower ports on ECS)');
  }
  if (!/^\/[A-Za-z0-9/_.-]*$/.test(options.healthPath)) {
    throw new InputError('health path', options.healthPath, 'a path starting with / of letters, digits, / _ . -');
  }
  const retention = checkLogRetentionDays(options.logRetentionDays);
  if (retention !== true) throw new InputError('log retention days', options.logRetentionDays, retention);
  // Workers and schedules share the logical-ID space: two names that give one ID would collide in the template.
  const ids = new Map<string, string>();
  const claim = (field: string, name: string, id: string) => {
    const clash = ids.get(id);
    if (clash !== undefined) throw new InputError(field, name, `a name distinct from "${clash}" (both give ${id})`);
    ids.set(id, name);
  };
  for (const worker of workers) {
    if (!WORKER_NAME.test(worker.name) || RESERVED_WORKER_NAMES.has(worker.name)) {
      throw new InputError('worker name', worker.name, 'lowercase letters, digits and dashes, starting with a letter, at most 32, not web or migrate');
    }
    claim('worker name', worker.name, workerId(worker.name));
    size(`worker ${worker.name} cpu/memory`, worker);
    count(`worker ${worker.name} count`, worker.count, 0);
    command(`worker ${worker.name} command`, worker.command);
  }
  const workerNames = new Set(workers.map((w) => w.name));
  for (const schedule of options.schedules ?? []) {
    if (!WORKER_NAME.test(schedule.name) || RESERVED_WORKER_NAMES.has(schedule.name) || workerNames.has(schedule.name)) {
      throw new InputError('schedule name', schedule.name, 'lowercase letters, digits and dashes, starting with a letter, at most 32, not web, migrate or a worker\'s name');
    }
    claim('schedule name', schedule.name, scheduleId(schedule.name));
    size(`schedule ${schedule.name} cpu/memory`, schedule);
    command(`schedule ${schedule.name} command`, schedule.command);
    checkScheduleExpression(schedule.expression, `schedule ${schedule.name}`);
    checkTimeZone(schedule.timezone, `schedule ${schedule.name}`);
  }
  const { engine, adapter } = options.database;
  if (!isDatabaseAdapter(adapter) || ADAPTER_ENGINES[adapter] !== engine) {
    const fit = Object.entries(ADAPTER_ENGINES).filter(([, e]) => e === engine).map(([a]) => a);
    throw new InputError('database adapter', adapter, `an adapter for ${engine}: ${fit.join(', ')}`);
  }
  const extras = options.database.extraDatabases;
  for (const [index, db] of extras.entries()) {
    if (extras.indexOf(db) !== index) throw new InputError('extra database', db, 'each extra database once');
    if (!EXTRA_DATABASE_NAME.test(db)) throw new InputError('extra database', db, `a Rails database name matching ${EXTRA_DATABASE_NAME.source}`);
  }
  for (const name of Object.keys(options.environmentVars)) {
    if (RESERVED_ENV.test(name)) throw new InputError('environment variable', name, 'a name the app stack does not set itself');
    if (SECRET_LOOKING.test(name)) throw new InputError('environment variable', name, 'a name that does not look like a secret (secrets come from Secrets Manager)');
  }
  if (options.settings) checkSettings(options.settings, options.environmentVars);
  checkStorageEnv(options);
}

/** The bucket's own names are the stack's to set: not a reserved name, and not one the user sets too. */
function checkStorageEnv(options: AppStackOptions): void {
  const names = options.storageEnv ? [...options.storageEnv.bucket, ...options.storageEnv.region] : [];
  for (const name of names) {
    const why = `a name config/storage.yml does not read for the bucket: the tasks set ${name} to the data stack's bucket or its Region`;
    if (!ENV_NAME.test(name) || reservedReason(name) !== undefined) throw new InputError('config/storage.yml variable', name, `a variable name the stacks do not set for another purpose`);
    if (name in options.environmentVars || name in (options.settings?.env ?? {})) throw new InputError('--env', name, why);
    if (options.settings?.secrets.includes(name)) throw new InputError('--secret', name, why);
  }
}

/**
 * The user's settings: POSIX names, none the stacks set (the fixed list, and what the plan computed for this app, such
 * as its own SSL switches), each name once, plain values on one line.
 */
export function checkSettings(settings: AppSettings, computed: Readonly<Record<string, string>> = {}): void {
  const names = [...Object.keys(settings.env).map((name) => ['--env', name] as const), ...settings.secrets.map((name) => ['--secret', name] as const)];
  const seen = new Set<string>();
  for (const [flag, name] of names) {
    if (!ENV_NAME.test(name)) throw new InputError(flag, name, ENV_NAME_RULE);
    const reason = reservedReason(name) ?? (Object.hasOwn(computed, name) ? 'the app stack sets it for this app' : undefined);
    if (reason) throw new InputError(flag, name, `a name the generated stacks do not set themselves (${reason})`);
    if (seen.has(name)) throw new InputError(flag, name, 'each name once, either a plain value (--env) or a secret (--secret)');
    seen.add(name);
  }
  for (const [name, value] of Object.entries(settings.env)) {
    if (SECRET_LOOKING.test(name)) throw new InputError('--env', name, `a name that does not look like a secret; declare it with --secret ${name} and store its value with bin/fargate secrets set ${name}`);
    if (/[\r\n\0]/.test(value)) throw new InputError('--env', `${name}=${value}`, 'a value on one line (no newline, carriage return or NUL)');
  }
}
