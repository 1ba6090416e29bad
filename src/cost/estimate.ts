/**
 * The monthly cost estimate: a pure function from the topology and usage assumptions to priced lines, a total, the
 * Region whose prices were used and every assumption the numbers rest on.
 *
 * An instance class or node type the price table does not have becomes an unpriced line (monthlyUsd null, named in
 * the notes, `complete: false`) rather than an error: the table is a snapshot smaller than AWS's catalogue, whether a
 * class is valid is the answers' job (they refuse unknown classes with an InputError), and an estimate that is
 * printed at the end of a run or beside a prompt must not abort the run. Inputs no estimate can be made from
 * (negative counts, CPU units Fargate does not have, ...) do throw an InputError naming the field.
 */
import { scheduleNotes } from './schedules.js';
import { DEFAULT_USAGE, checkCostInputs, type CostInputs, type NatMode } from './inputs.js';
import {
  HOURS_PER_MONTH,
  alarmsLine,
  albLines,
  cacheLines,
  fargateLines,
  logsLines,
  natGatewayCount,
  natLines,
  endpointLines,
  publicIpv4Line,
  rdsLines,
  secretsLine,
  type CostLine,
} from './lines.js';
import { formatQuantity, formatRate, formatUsd, sumCents } from './money.js';
import type { PriceTable } from './price-types.js';
import { PRICES } from './prices.js';
import { PriceResolver } from './resolve.js';

export interface CostEstimate {
  /** The Region asked for. */
  readonly requestedRegion: string;
  /** The Region whose prices were used: the requested one, or the fallback (us-east-1) when the table lacks it. */
  readonly region: string;
  readonly lines: readonly CostLine[];
  /** Sum of the priced lines' rounded amounts, USD a month. */
  readonly totalUsd: number;
  /** False when some line is unpriced (its amount is not in the total). */
  readonly complete: boolean;
  /** Region fallback, borrowed prices, unpriced lines. */
  readonly notes: readonly string[];
  readonly assumptions: readonly string[];
}

export function estimateCost(inputs: CostInputs, prices: PriceTable = PRICES): CostEstimate {
  checkCostInputs(inputs);
  const resolver = new PriceResolver(prices, inputs.region);
  const retentionDays = inputs.logRetentionDays ?? DEFAULT_USAGE.logRetentionDays;
  const lines = [
    ...natLines(inputs, resolver),
    ...endpointLines(inputs, resolver),
    publicIpv4Line(inputs, resolver),
    ...albLines(inputs, resolver),
    ...fargateLines(inputs, resolver),
    ...rdsLines(inputs, resolver),
    ...cacheLines(inputs, resolver),
    ...secretsLine(inputs, resolver),
    ...alarmsLine(inputs, resolver),
    ...logsLines(inputs, resolver, retentionDays),
  ];
  const scheduled = scheduleNotes(inputs.scheduledTasks ?? [], inputs.cpuArch, resolver);
  const priced = lines.flatMap((l) => (l.monthlyUsd === null ? [] : [l.monthlyUsd]));
  return {
    requestedRegion: inputs.region,
    region: resolver.region,
    lines,
    totalUsd: sumCents(priced),
    complete: priced.length === lines.length,
    notes: [...new Set(resolver.notes), ...scheduled],
    assumptions: assumptions(inputs, retentionDays, prices, resolver),
  };
}

/** What storage autoscaling may add: the month's storage at its ceiling, beyond what the storage line counts. */
function storageGrowth(inputs: CostInputs, resolver: PriceResolver): string[] {
  const { storageGiB, maxStorageGiB, multiAz } = inputs.db;
  if (maxStorageGiB === undefined || maxStorageGiB <= storageGiB) return [];
  const copies = multiAz ? 2 : 1;
  const gp3 = resolver.get('rdsGp3GbMonth', 'RDS gp3 storage');
  const extra = (maxStorageGiB - storageGiB) * copies * gp3.usd;
  return [
    `RDS storage autoscaling may grow the database from ${formatQuantity(storageGiB)} GB to ${formatQuantity(maxStorageGiB)} GB ` +
      `as data fills it; the estimate counts ${formatQuantity(storageGiB)} GB. At the ceiling, storage would add ` +
      `${formatUsd(extra)} a month (${formatRate(gp3.usd)} per GB-month${multiAz ? ', two copies' : ''}).`,
  ];
}

function assumptions(inputs: CostInputs, retentionDays: number, prices: PriceTable, resolver: PriceResolver): string[] {
  const taken = [...new Set(Object.values(prices.fallback).flatMap(datesOf))].sort().join(', ');
  return [
    `${HOURS_PER_MONTH} hours a month (24 x 365 / 12), every resource running all month.`,
    'On-demand list prices in USD before tax: no free tier, Savings Plans or reserved capacity.',
    `Prices taken ${taken} from the AWS pricing pages each line's prices name.`,
    'GB is a binary gigabyte (1 GB = 1,024 MB): Fargate memory converts at 1,024 MiB = 1 GB; ' +
      'CPU at 1,024 units = 1 vCPU.',
    ...(natGatewayCount(inputs) > 0
      ? [`NAT data processing: ${inputs.natGiBPerMonth} GB a month through the NAT gateway(s), in total.`]
      : ['NAT none: no NAT gateways; every running task has its own public IPv4 address.']),
    `Public IPv4 addresses: NAT gateway Elastic IPs and the ALB's one address per AZ` +
      `${inputs.nat === 'none' ? ' and each task' : ''}.`,
    `Load balancer: ${inputs.albLcu} LCU on average.`,
    `CloudWatch Logs: ${inputs.logsGiBPerMonth} GB ingested a month, kept ${retentionDays} days, ` +
      'stored volume counted uncompressed (an upper bound).',
    'Multi-AZ RDS runs a standby: instance hours and gp3 storage count twice.',
    ...storageGrowth(inputs, resolver),
    ...(inputs.storageBucket
      ? [
          `Active Storage bucket: billed by use, not in the total: ${formatRate(resolver.get('s3StandardGbMonth', 'S3 Standard storage').usd)} per ` +
            `GB-month stored in S3 Standard (a replaced or deleted file's old version counts for ${inputs.storageBucket.noncurrentDays} ` +
            'days more), plus requests.',
        ]
      : []),
    inputs.domain
      ? 'Domain: the Route 53 hosted zone already exists (its $0.50 a month is not counted), DNS query charges ' +
        'are ignored (alias queries to the ALB are free) and the ACM certificate is free.'
      : "No domain: the app is served on the ALB's DNS name; no Route 53 or ACM charges.",
    'Not included: data transfer out to the internet and between AZs, ECR image storage, RDS backup storage ' +
      'beyond the free amount equal to the database size, KMS keys, CloudWatch metrics, the alarms\' free tier, ' +
      'Secrets Manager API calls, extra tasks during deployments.',
    'Rounding: each line is rounded to the cent (half up); the total is the sum of the rounded lines.',
  ];
}

function datesOf(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if ('taken' in value && typeof value.taken === 'string') return [value.taken];
  return Object.values(value).flatMap(datesOf);
}

/** The `count` most expensive priced lines, most expensive first (ties keep the estimate's order). */
export function topLines(estimate: CostEstimate, count = 3): CostLine[] {
  return estimate.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.monthlyUsd !== null)
    .sort((a, b) => (b.line.monthlyUsd ?? 0) - (a.line.monthlyUsd ?? 0) || a.index - b.index)
    .slice(0, count)
    .map(({ line }) => line);
}

/** The total for each NAT mode, everything else equal: what the NAT prompt shows. */
export function compareNatModes(
  inputs: CostInputs,
  prices: PriceTable = PRICES,
): { readonly nat: NatMode; readonly totalUsd: number }[] {
  return (['per-az', 'single', 'none'] as const).map((nat) => ({
    nat,
    totalUsd: estimateCost({ ...inputs, nat }, prices).totalUsd,
  }));
}
