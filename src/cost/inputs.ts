/**
 * What the cost estimate needs to know, in its own terms (not the generator's answers): the topology the templates
 * create plus the usage assumptions no template can tell (traffic through NAT, log volume, load balancer capacity).
 */
import { InputError } from '../errors.js';
import type { CacheEngine, DbEngine } from './price-types.js';
import type { ScheduledTaskInput } from './schedules.js';

export type NatMode = 'per-az' | 'single' | 'none';
export type CpuArch = 'x86_64' | 'arm64';

export interface ServiceInput {
  /** `web`, or a worker's name. */
  readonly name: string;
  /** Fargate CPU units, 1024 = 1 vCPU. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Tasks running all month. */
  readonly count: number;
}

export interface DbInput {
  readonly engine: DbEngine;
  readonly instanceClass: string;
  readonly storageGiB: number;
  /** Storage autoscaling ceiling, GiB: the estimate prices storageGiB and notes what growing to this would add. */
  readonly maxStorageGiB?: number;
  readonly multiAz: boolean;
}

export interface CacheInput {
  /** The generator deploys Valkey; Redis OSS is priced too. Default `valkey`. */
  readonly engine?: CacheEngine;
  readonly nodeType: string;
  readonly nodes: number;
}

export interface CostInputs {
  readonly region: string;
  readonly azCount: number;
  readonly nat: NatMode;
  /** Interface VPC endpoints, each in every AZ (--vpc-endpoints); default 0. The S3 gateway endpoint is free. */
  readonly interfaceEndpoints?: number;
  readonly cpuArch: CpuArch;
  readonly services: readonly ServiceInput[];
  /** One-off tasks EventBridge Scheduler starts: priced per hour they run, in the notes (their duration is the app's). */
  readonly scheduledTasks?: readonly ScheduledTaskInput[];
  readonly db: DbInput;
  readonly redis?: CacheInput;
  /** Secrets Manager secrets the stacks create. */
  readonly secrets: number;
  /** CloudWatch alarm metrics the stacks create (standard resolution; a metric-math alarm counts each metric it reads); default 0. */
  readonly alarms?: number;
  /** Assumption: GB of logs ingested a month, all log groups together. */
  readonly logsGiBPerMonth: number;
  /** Days the log groups keep logs; default 30. Stored volume = a month's logs x days / 30. */
  readonly logRetentionDays?: number;
  /** Assumption: GB a month through the NAT gateway(s) (image pulls, outbound calls). Ignored with NAT `none`. */
  readonly natGiBPerMonth: number;
  /** Assumption: average load balancer capacity units consumed. */
  readonly albLcu: number;
  readonly domain: boolean;
  /**
   * The data stack's Active Storage bucket, and the days its replaced versions are kept: billed by use, so a note
   * with its price rather than a line in the total.
   */
  readonly storageBucket?: { readonly noncurrentDays: number };
}

/** Usage assumptions for when the caller has none of its own: a small app with light traffic. */
export const DEFAULT_USAGE = {
  natGiBPerMonth: 20,
  logsGiBPerMonth: 5,
  logRetentionDays: 30,
  albLcu: 1,
} as const;

const FARGATE_CPU_UNITS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

function fail(field: string, value: unknown, allowed: string): never {
  throw new InputError(field, value, allowed, 'cost estimate');
}

function wholeNumber(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const allowed = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    fail(field, value, `a whole number ${allowed}`);
  }
}

function amount(field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(field, value, 'a number of 0 or more');
}

/**
 * Refuses inputs no estimate can be made from, naming the field, the value and what is allowed. An instance class
 * or node type that is well formed but missing from the price table is not refused here: it becomes an unpriced line.
 */
export function checkCostInputs(inputs: CostInputs): void {
  if (typeof inputs.region !== 'string' || inputs.region === '') fail('region', inputs.region, 'an AWS Region name');
  wholeNumber('azCount', inputs.azCount, 1, 6);
  if (!['per-az', 'single', 'none'].includes(inputs.nat)) fail('nat', inputs.nat, 'per-az, single or none');
  if (inputs.interfaceEndpoints !== undefined) wholeNumber('interfaceEndpoints', inputs.interfaceEndpoints, 0);
  if (!['x86_64', 'arm64'].includes(inputs.cpuArch)) fail('cpuArch', inputs.cpuArch, 'x86_64 or arm64');
  inputs.services.forEach((service, i) => {
    const at = `services[${i}]`;
    if (typeof service.name !== 'string' || service.name === '') fail(`${at}.name`, service.name, 'a service name');
    if (!(FARGATE_CPU_UNITS as readonly number[]).includes(service.cpu)) {
      fail(`${at}.cpu`, service.cpu, `Fargate CPU units: ${FARGATE_CPU_UNITS.join(', ')}`);
    }
    wholeNumber(`${at}.memoryMiB`, service.memoryMiB, 512, 122880);
    wholeNumber(`${at}.count`, service.count, 0);
  });
  if (!['postgres', 'mysql'].includes(inputs.db.engine)) fail('db.engine', inputs.db.engine, 'postgres or mysql');
  if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(inputs.db.instanceClass)) {
    fail('db.instanceClass', inputs.db.instanceClass, 'a DB instance class such as db.t4g.micro');
  }
  wholeNumber('db.storageGiB', inputs.db.storageGiB, 20, 65536);
  if (inputs.alarms !== undefined) wholeNumber('alarms', inputs.alarms, 0);
  if (inputs.db.maxStorageGiB !== undefined) wholeNumber('db.maxStorageGiB', inputs.db.maxStorageGiB, inputs.db.storageGiB, 65536);
  if (inputs.redis) {
    const engine = inputs.redis.engine ?? 'valkey';
    if (!['valkey', 'redis'].includes(engine)) fail('redis.engine', engine, 'valkey or redis');
    if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(inputs.redis.nodeType)) {
      fail('redis.nodeType', inputs.redis.nodeType, 'an ElastiCache node type such as cache.t4g.micro');
    }
    wholeNumber('redis.nodes', inputs.redis.nodes, 1, 6);
  }
  wholeNumber('secrets', inputs.secrets, 0);
  amount('logsGiBPerMonth', inputs.logsGiBPerMonth);
  if (inputs.logRetentionDays !== undefined) wholeNumber('logRetentionDays', inputs.logRetentionDays, 1);
  amount('natGiBPerMonth', inputs.natGiBPerMonth);
  amount('albLcu', inputs.albLcu);
}
