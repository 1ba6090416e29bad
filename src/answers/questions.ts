/**
 * Every question the generator asks, declared once. The CLI options, the prompts, the `Answers` type, the JSON
 * Schema that validates `.yo-rc.json` and the error messages are all derived from this table: adding a question is
 * adding a row. Rows are asked in order, so a row's `check` may read the answers above it.
 */
import { FARGATE_CPUS, checkFargateSize } from '../aws/fargate.js';
import { LOG_RETENTION_DAYS } from '../aws/log-retention.js';
import { DEFAULT_ENGINE_VERSION, ENGINE_MAJOR_VERSIONS, RDS_INSTANCE_CLASSES, checkMaxStorage, defaultMaxStorage } from '../aws/rds.js';
import type { DbEngine } from '../aws/rds.js';
import { REGION_NAMES, findRegion } from '../aws/regions.js';
import { checkVpcCidr } from '../network/cidr-plan.js';

/** What defaults and checks may look at besides earlier answers: facts read from the Rails repo, the environment. */
export interface DefaultContext {
  readonly appName?: string;
  /** The database engine the app uses (from config/database.yml or the lockfile). */
  readonly dbEngine?: DbEngine;
  /** The job backend the app uses, if any. */
  readonly jobBackend?: string;
  /** The CPU architecture the lockfile and this machine suit (src/docker/platform.ts defaultCpuArch); else x86_64. */
  readonly cpuArch?: 'x86_64' | 'arm64';
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const WORKER_BACKENDS = ['sidekiq', 'solid_queue', 'good_job', 'delayed_job', 'resque', 'none'] as const;
const DOMAIN = '(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}';

type Schema =
  | { readonly type: 'string'; readonly pattern?: string; readonly enum?: readonly string[] }
  | { readonly type: 'integer'; readonly minimum?: number; readonly maximum?: number; readonly enum?: readonly number[] }
  | { readonly type: 'boolean' };

export interface QuestionDef {
  /** Key in `.yo-rc.json` and in `Answers`. */
  readonly name: string;
  /** The CLI option, without the leading dashes. */
  readonly flag: string;
  readonly schema: Schema;
  /** Prompt text, also the option's help line. */
  readonly message: string;
  /** What is allowed, in words, for error messages. */
  readonly allowed: string;
  /**
   * The option's `--help` line when `message: allowed` is too long for one (it must stay under 66 characters: the
   * help lines stay under 100); long lists are summarised here, and the README's options table names them all.
   */
  readonly help?: string;
  readonly default: (ctx: DefaultContext, earlier: Readonly<Record<string, unknown>>) => unknown;
  /** A rule the schema cannot say; returns true or the reason the value is refused. */
  readonly check?: (value: never, earlier: Readonly<Record<string, unknown>>, ctx: DefaultContext) => true | string;
  /**
   * Asked only with --ask-all; otherwise the default (or the flag, or .yo-rc.json) answers it. Keeps the interview to
   * the handful of questions that matter on a first run.
   */
  readonly advanced?: boolean;
  /** Puts a forgivable spelling right before the schema sees it (a domain's case, scheme, trailing slash or dot). */
  readonly normalize?: (raw: string) => string;
  /** Said after `allowed` when a value is refused, from the answers above it (the Region's own AZ count). */
  readonly hint?: (earlier: Readonly<Record<string, unknown>>) => string | undefined;
  /** An empty answer at the prompt withdraws this earlier answer (no hosted zone: no domain) instead of failing. */
  readonly emptyWithdraws?: string;
  /** When false, the question does not apply (e.g. the hosted zone without a domain): it takes its default, unasked. */
  readonly applies?: (earlier: Readonly<Record<string, unknown>>) => boolean;
}

const azHint = (region: string, count: number) => `${region} offers ${count} Availability Zones to new accounts; choose 2 to ${count}`;

/** `HTTPS://Shop.Example.com./` -> `shop.example.com`: case, a scheme, a path or trailing slash, a trailing dot. */
export function normalizeDomain(raw: string): string {
  return raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '').replace(/\.$/, '');
}

export const QUESTIONS = [
  {
    name: 'appName',
    flag: 'app-name',
    schema: { type: 'string', pattern: '^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$' },
    message: 'Application name (prefix of every stack and resource)',
    help: 'Application name, the prefix of every stack: a-z, 0-9 and dashes',
    allowed: 'lowercase letters, digits and dashes, starting with a letter, not ending with a dash, 1 to 32 characters',
    default: (ctx) => ctx.appName,
  },
  {
    name: 'environment',
    flag: 'environment',
    schema: { type: 'string', pattern: '^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$' },
    message: 'Environment name (a separate set of stacks per environment)',
    help: 'Environment (a-z, 0-9, dashes); on re-runs, the one flags change',
    allowed: 'lowercase letters, digits and dashes, starting with a letter, 1 to 16 characters',
    default: () => 'production',
  },
  {
    name: 'region',
    flag: 'region',
    schema: { type: 'string', enum: REGION_NAMES },
    message: 'AWS Region',
    help: 'AWS Region, e.g. us-east-1 or eu-west-1 (README lists them all)',
    allowed: `an AWS Region of the commercial partition: ${REGION_NAMES.join(', ')}`,
    default: (ctx) => {
      const fromEnv = ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
      return fromEnv && findRegion(fromEnv) ? fromEnv : 'us-east-1';
    },
  },
  {
    name: 'vpcCidr',
    flag: 'vpc-cidr',
    schema: { type: 'string' },
    message: 'VPC IPv4 CIDR block',
    help: 'VPC IPv4 CIDR block, a private /16 to /21, e.g. 10.0.0.0/16',
    allowed: 'a private (RFC 1918) IPv4 network from /16 to /21 with no host bits set, e.g. 10.0.0.0/16',
    default: () => '10.0.0.0/16',
    check: (value: string) => checkVpcCidr(value),
    advanced: true,
  },
  {
    name: 'azCount',
    flag: 'az-count',
    schema: { type: 'integer', minimum: 2, maximum: 6 },
    message: 'Number of Availability Zones',
    help: 'Availability Zones: 2 to 6, and no more than the Region has',
    allowed: 'a whole number from 2 to 6, and no more than the Region has',
    default: () => 2,
    check: (value: number, earlier) => {
      const region = findRegion(String(earlier.region));
      if (region && value > region.azCount) return azHint(region.name, region.azCount);
      return true;
    },
    hint: (earlier) => {
      const region = findRegion(String(earlier.region));
      return region ? azHint(region.name, region.azCount) : undefined;
    },
  },
  {
    name: 'nat',
    flag: 'nat',
    schema: { type: 'string', enum: ['per-az', 'single', 'none'] },
    message: 'NAT for the private subnets',
    help: 'NAT for the private subnets: per-az, single or none',
    allowed: 'per-az (one NAT gateway per AZ, survives an AZ outage), single (one NAT gateway, cheaper), none (tasks in public subnets with public IPs, cheapest)',
    default: () => 'per-az',
  },
  {
    name: 'vpcEndpoints',
    flag: 'vpc-endpoints',
    schema: { type: 'boolean' },
    message: 'Interface VPC endpoints (ECR API, ECR Docker, Logs, Secrets Manager, SSM messages) in every private subnet, so tasks need fewer NAT bytes',
    help: 'Interface VPC endpoints for ECR, Logs, Secrets Manager, SSM',
    allowed: 'true or false (each endpoint costs per AZ-hour; the S3 gateway endpoint is always there and free)',
    default: () => false,
    advanced: true,
  },
  {
    name: 'cpuArch',
    flag: 'cpu-arch',
    schema: { type: 'string', enum: ['x86_64', 'arm64'] },
    message: 'CPU architecture of the tasks (the image is built for it)',
    help: 'CPU architecture of the tasks: x86_64, or arm64 (Graviton)',
    allowed: 'x86_64, or arm64 (Graviton: about 20% cheaper per vCPU-hour; every gem must build for aarch64-linux)',
    // arm64 when Gemfile.lock is locked for aarch64-linux (or this machine is arm64 and gems build from source).
    default: (ctx) => ctx.cpuArch ?? 'x86_64',
    advanced: true,
  },
  {
    name: 'webCpu',
    flag: 'web-cpu',
    schema: { type: 'integer', enum: FARGATE_CPUS },
    message: 'CPU units of a web task (1024 = 1 vCPU)',
    help: 'CPU units of a web task, 256 to 16384 (1024 = 1 vCPU)',
    allowed: `one of the Fargate CPU sizes: ${FARGATE_CPUS.join(', ')}`,
    default: () => 512,
    advanced: true,
  },
  {
    name: 'webMemory',
    flag: 'web-memory',
    schema: { type: 'integer', minimum: 512, maximum: 122880 },
    message: 'Memory of a web task, MiB',
    help: 'Memory of a web task, MiB, one Fargate pairs with --web-cpu',
    allowed: 'a memory size Fargate pairs with the CPU size (512 CPU units: 1024 to 4096 MiB)',
    default: (_ctx, earlier) => ({ 256: 512, 512: 1024, 1024: 2048, 2048: 4096, 4096: 8192, 8192: 16384, 16384: 32768 })[Number(earlier.webCpu)] ?? 1024,
    check: (value: number, earlier) => checkFargateSize(Number(earlier.webCpu), value),
    advanced: true,
  },
  {
    name: 'webCount',
    flag: 'web-count',
    schema: { type: 'integer', minimum: 1, maximum: 100 },
    message: 'Web tasks running normally (autoscaling never goes below)',
    help: 'Web tasks running normally, 1 to 100 (the autoscaling minimum)',
    allowed: 'a whole number from 1 to 100 (2 or more keeps the app up while a task is replaced or an AZ fails)',
    default: () => 2,
    advanced: true,
  },
  {
    name: 'webMaxCount',
    flag: 'web-max-count',
    schema: { type: 'integer', minimum: 1, maximum: 500 },
    message: 'Most web tasks autoscaling may run',
    help: 'Most web tasks autoscaling may run: --web-count to 500',
    allowed: 'a whole number from the web count to 500',
    default: (_ctx, earlier) => Number(earlier.webCount) * 3,
    check: (value: number, earlier) => value >= Number(earlier.webCount) || `it is below --web-count ${String(earlier.webCount)}`,
    advanced: true,
  },
  {
    name: 'worker',
    flag: 'worker',
    schema: { type: 'string', enum: WORKER_BACKENDS },
    message: 'Background job worker service',
    help: 'Jobs: sidekiq, solid_queue, good_job, delayed_job, resque, none',
    allowed: `${WORKER_BACKENDS.join(', ')} (workers can be added, resized and removed later with yo rails-fargate:worker)`,
    default: (ctx) => ctx.jobBackend ?? 'none',
  },
  {
    name: 'dbInstanceClass',
    flag: 'db-instance-class',
    schema: { type: 'string', enum: RDS_INSTANCE_CLASSES },
    message: 'Database instance class',
    help: 'Database instance class, e.g. db.t4g.micro (README lists all)',
    allowed: `an RDS class: ${RDS_INSTANCE_CLASSES.join(', ')}`,
    default: () => 'db.t4g.micro',
  },
  {
    name: 'dbStorage',
    flag: 'db-storage',
    schema: { type: 'integer', minimum: 20, maximum: 65536 },
    message: 'Database storage, GiB (gp3; can grow later, never shrink)',
    help: 'Database storage, GiB: 20 to 65536 (grows later, never shrinks)',
    allowed: 'a whole number of GiB from 20 to 65536',
    default: () => 20,
    advanced: true,
  },
  {
    name: 'dbMaxStorage',
    flag: 'db-max-storage',
    schema: { type: 'integer', minimum: 21, maximum: 65536 },
    message: 'Most database storage, GiB, that RDS storage autoscaling may grow it to',
    help: 'Most GiB RDS storage autoscaling may grow the database to',
    allowed: 'a whole number of GiB above --db-storage, up to 65536',
    default: (_ctx, earlier) => defaultMaxStorage(Number(earlier.dbStorage)),
    check: (value: number, earlier) => checkMaxStorage(Number(earlier.dbStorage), value),
    advanced: true,
  },
  {
    name: 'dbMultiAz',
    flag: 'db-multi-az',
    schema: { type: 'boolean' },
    message: 'Keep a standby database in a second AZ (Multi-AZ, doubles the database cost)',
    help: 'Keep a standby database in a second AZ (doubles its cost)',
    allowed: 'true or false',
    default: () => false,
  },
  {
    name: 'dbEngineVersion',
    flag: 'db-engine-version',
    schema: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
    message: 'Database engine major version',
    help: 'Database engine major version, e.g. 17 (PostgreSQL), 8.4 (MySQL)',
    allowed: `a major version in RDS standard support: PostgreSQL ${ENGINE_MAJOR_VERSIONS.postgres.join(', ')}; MySQL ${ENGINE_MAJOR_VERSIONS.mysql.join(', ')}`,
    default: (ctx) => DEFAULT_ENGINE_VERSION[ctx.dbEngine ?? 'postgres'],
    check: (value: string, _earlier, ctx) => {
      const engine = ctx.dbEngine ?? 'postgres';
      return ENGINE_MAJOR_VERSIONS[engine].includes(value) || `${engine} on RDS supports ${ENGINE_MAJOR_VERSIONS[engine].join(', ')}`;
    },
    advanced: true,
  },
  {
    name: 'domain',
    flag: 'domain',
    schema: { type: 'string', pattern: `^(${DOMAIN})?$` },
    message: 'Domain to serve the app on, with HTTPS (empty: the load balancer name, HTTP only)',
    normalize: normalizeDomain,
    help: 'Domain to serve the app on with HTTPS (empty: HTTP only)',
    allowed: 'empty, or a lowercase DNS name such as app.example.com whose zone is in Route 53',
    default: () => '',
  },
  {
    name: 'hostedZoneId',
    flag: 'hosted-zone-id',
    schema: { type: 'string', pattern: '^(Z[A-Z0-9]{1,32})?$' },
    message: 'Route 53 hosted zone ID of the domain (e.g. Z0123456789ABCDEFGHIJ; empty: no domain after all)',
    emptyWithdraws: 'domain',
    help: 'Route 53 hosted zone ID of --domain, e.g. Z0123456789ABC',
    allowed: 'a Route 53 hosted zone ID (Z followed by capital letters and digits), given together with --domain',
    default: () => '',
    applies: (earlier) => earlier.domain !== '',
    check: (value: string, earlier) =>
      (value === '') === (earlier.domain === '') || (value === '' ? `--domain ${String(earlier.domain)} needs its hosted zone` : 'there is no --domain to put in it'),
  },
  {
    name: 'alarmEmail',
    flag: 'alarm-email',
    schema: { type: 'string', pattern: '^([^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,})?$' },
    message: 'Email address the alarms notify (empty: none; subscribe to the alarm topic later)',
    help: 'Email address the alarms notify (empty: nobody)',
    allowed: 'empty, or an email address such as ops@example.com (AWS mails it a link to confirm)',
    default: () => '',
    advanced: true,
  },
  {
    name: 'logRetentionDays',
    flag: 'log-retention-days',
    schema: { type: 'integer', enum: LOG_RETENTION_DAYS },
    message: 'Days CloudWatch Logs keeps the app logs',
    help: 'Days CloudWatch keeps the app logs, e.g. 30 (README lists all)',
    allowed: `one of the values CloudWatch accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
    default: () => 30,
    advanced: true,
  },
] as const satisfies readonly QuestionDef[];

type ValueOf<S> = S extends { type: 'string'; enum: readonly (infer E)[] }
  ? E
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : string;

/** The validated answers, typed from the table above. */
export type Answers = { -readonly [Q in (typeof QUESTIONS)[number] as Q['name']]: ValueOf<Q['schema']> };

export type AnswerName = keyof Answers;
