/**
 * One function per billed resource group, each turning the inputs into estimate lines: what is billed, how much of
 * it, at what unit price, and what it comes to in a 730-hour month (rounded to the cent, see money.ts).
 */
import type { CostInputs } from './inputs.js';
import { formatQuantity as q, formatRate, roundCents } from './money.js';
import type { CacheEngine, DbEngine } from './price-types.js';
import type { PriceResolver, UsedPrice } from './resolve.js';

/** Hours in the month every line is priced for: 24 x 365 / 12, the figure AWS's own calculator uses. */
export const HOURS_PER_MONTH = 730;

export interface CostLine {
  readonly item: string;
  /** How much is billed, with the arithmetic, e.g. `2 NAT gateways x 730 h = 1,460 NAT gateway-hours`. */
  readonly quantity: string;
  /** The unit price(s) with their units, e.g. `$0.045 per NAT gateway-hour`. */
  readonly unitPrice: string;
  /** Monthly USD rounded to the cent; null when the price table has no price for it (unpriced, not in the total). */
  readonly monthlyUsd: number | null;
  readonly prices: readonly UsedPrice[];
}

interface Part {
  readonly amount: number;
  readonly price: UsedPrice;
}

function line(item: string, quantity: string, parts: readonly Part[]): CostLine {
  const usd = parts.reduce((sum, part) => sum + part.amount * part.price.usd, 0);
  return {
    item,
    quantity,
    unitPrice: parts.map(({ price }) => `${formatRate(price.usd)} per ${price.unit}`).join(' + '),
    monthlyUsd: roundCents(usd),
    prices: parts.map((part) => part.price),
  };
}

function unpriced(item: string, quantity: string): CostLine {
  return { item, quantity, unitPrice: 'not in the price table', monthlyUsd: null, prices: [] };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${q(n)} ${n === 1 ? one : many}`;

export function natGatewayCount(inputs: Pick<CostInputs, 'nat' | 'azCount'>): number {
  return inputs.nat === 'per-az' ? inputs.azCount : inputs.nat === 'single' ? 1 : 0;
}

export function natLines(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  const gateways = natGatewayCount(inputs);
  if (gateways === 0) return [];
  const hours = gateways * HOURS_PER_MONTH;
  return [
    line(`NAT gateways (${inputs.nat})`, `${plural(gateways, 'NAT gateway')} x 730 h = ${q(hours)} NAT gateway-hours`, [
      { amount: hours, price: prices.get('natGatewayHour', 'NAT gateway hours') },
    ]),
    line('NAT gateway data processing', `${q(inputs.natGiBPerMonth)} GB a month through NAT (assumption)`, [
      { amount: inputs.natGiBPerMonth, price: prices.get('natGatewayGb', 'NAT gateway data processing') },
    ]),
  ];
}

/** Interface VPC endpoints: each one is billed in every AZ it sits in, by the hour. */
export function endpointLines(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  const endpoints = inputs.interfaceEndpoints ?? 0;
  if (endpoints === 0) return [];
  const hours = endpoints * inputs.azCount * HOURS_PER_MONTH;
  return [
    line(
      'Interface VPC endpoints',
      `${plural(endpoints, 'endpoint')} x ${plural(inputs.azCount, 'AZ')} x 730 h = ${q(hours)} endpoint AZ-hours`,
      [{ amount: hours, price: prices.get('interfaceEndpointHour', 'interface VPC endpoints') }],
    ),
  ];
}

export function publicIpv4Line(inputs: CostInputs, prices: PriceResolver): CostLine {
  const gateways = natGatewayCount(inputs);
  const tasks = inputs.nat === 'none' ? inputs.services.reduce((sum, s) => sum + s.count, 0) : 0;
  const addresses = gateways + inputs.azCount + tasks;
  const parts = [
    ...(gateways > 0 ? [plural(gateways, 'NAT gateway Elastic IP')] : []),
    `${plural(inputs.azCount, 'ALB address', 'ALB addresses')} (one per AZ)`,
    ...(tasks > 0 ? [`${plural(tasks, 'task address', 'task addresses')} (NAT none: tasks get public IPs)`] : []),
  ];
  const hours = addresses * HOURS_PER_MONTH;
  return line(
    'Public IPv4 addresses',
    `${parts.join(' + ')} = ${plural(addresses, 'address', 'addresses')} x 730 h = ${q(hours)} address-hours`,
    [{ amount: hours, price: prices.get('publicIpv4Hour', 'public IPv4 addresses') }],
  );
}

export function albLines(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  const lcuHours = inputs.albLcu * HOURS_PER_MONTH;
  return [
    line('Application Load Balancer (hours)', '1 load balancer x 730 h = 730 ALB-hours', [
      { amount: HOURS_PER_MONTH, price: prices.get('albHour', 'ALB hours') },
    ]),
    line(
      'Application Load Balancer (capacity units)',
      `${q(inputs.albLcu)} LCU on average (assumption) x 730 h = ${q(lcuHours)} LCU-hours`,
      [{ amount: lcuHours, price: prices.get('albLcuHour', 'ALB capacity units') }],
    ),
  ];
}

export function fargateLines(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  const arm = inputs.cpuArch === 'arm64';
  const vcpuPrice = prices.get(arm ? 'fargateArmVcpuHour' : 'fargateX86VcpuHour', `Fargate ${inputs.cpuArch} vCPU`);
  const gbPrice = prices.get(arm ? 'fargateArmGbHour' : 'fargateX86GbHour', `Fargate ${inputs.cpuArch} memory`);
  return inputs.services
    .filter((service) => service.count > 0)
    .map((service) => {
      const vcpu = service.cpu / 1024;
      const gb = service.memoryMiB / 1024;
      const vcpuHours = service.count * vcpu * HOURS_PER_MONTH;
      const gbHours = service.count * gb * HOURS_PER_MONTH;
      return line(
        `Fargate: ${service.name} (${inputs.cpuArch})`,
        `${plural(service.count, 'task')} x ${q(vcpu)} vCPU x 730 h = ${q(vcpuHours)} vCPU-hours; ` +
          `${q(service.count)} x ${q(gb)} GB x 730 h = ${q(gbHours)} GB-hours`,
        [
          { amount: vcpuHours, price: vcpuPrice },
          { amount: gbHours, price: gbPrice },
        ],
      );
    });
}

const ENGINE_NAME: Readonly<Record<DbEngine | CacheEngine, string>> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  valkey: 'Valkey',
  redis: 'Redis OSS',
};

export function rdsLines(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  const { engine, instanceClass, storageGiB, multiAz } = inputs.db;
  const copies = multiAz ? 2 : 1;
  const deployment = multiAz ? 'Multi-AZ' : 'Single-AZ';
  const label = `${instanceClass} (${ENGINE_NAME[engine]})`;
  const hours = copies * HOURS_PER_MONTH;
  const item = `RDS ${ENGINE_NAME[engine]} ${instanceClass} (${deployment})`;
  const quantity = multiAz
    ? `2 instances (primary + standby) x 730 h = ${q(hours)} instance-hours`
    : '1 instance x 730 h = 730 instance-hours';
  const instancePrice = prices.find(`rdsInstanceHour.${engine}.${instanceClass}`, label, (table) =>
    table.rdsInstanceHour?.[engine]?.[instanceClass],
  );
  if (!instancePrice) {
    prices.notes.push(
      `db.instanceClass ${label} is not in the price table: ` +
        'the RDS instance line is unpriced and left out of the total.',
    );
  }
  return [
    instancePrice ? line(item, quantity, [{ amount: hours, price: instancePrice }]) : unpriced(item, quantity),
    line(
      `RDS gp3 storage (${deployment})`,
      `${q(storageGiB)} GB x ${copies} ${multiAz ? 'copies (primary + standby)' : 'copy'} = ` +
        `${q(storageGiB * copies)} GB-months`,
      [{ amount: storageGiB * copies, price: prices.get('rdsGp3GbMonth', 'RDS gp3 storage') }],
    ),
  ];
}

export function cacheLines(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  if (!inputs.redis) return [];
  const { nodeType, nodes } = inputs.redis;
  const engine = inputs.redis.engine ?? 'valkey';
  const label = `${nodeType} (${ENGINE_NAME[engine]})`;
  const hours = nodes * HOURS_PER_MONTH;
  const item = `ElastiCache ${ENGINE_NAME[engine]} ${nodeType}`;
  const quantity = `${plural(nodes, 'node')} x 730 h = ${q(hours)} node-hours`;
  const nodePrice = prices.find(`cacheNodeHour.${engine}.${nodeType}`, label, (table) =>
    table.cacheNodeHour?.[engine]?.[nodeType],
  );
  if (!nodePrice) {
    prices.notes.push(
      `redis.nodeType ${label} is not in the price table: the ElastiCache line is unpriced and left out of the total.`,
    );
    return [unpriced(item, quantity)];
  }
  return [line(item, quantity, [{ amount: hours, price: nodePrice }])];
}

export function secretsLine(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  if (inputs.secrets === 0) return [];
  return [
    line('Secrets Manager secrets', `${plural(inputs.secrets, 'secret')} x 1 month`, [
      { amount: inputs.secrets, price: prices.get('secretMonth', 'Secrets Manager secrets') },
    ]),
  ];
}

export function alarmsLine(inputs: CostInputs, prices: PriceResolver): CostLine[] {
  const alarms = inputs.alarms ?? 0;
  if (alarms === 0) return [];
  return [
    line('CloudWatch alarms', `${plural(alarms, 'alarm metric')} x 1 month`, [{ amount: alarms, price: prices.get('alarmMonth', 'CloudWatch alarms') }]),
  ];
}

export function logsLines(inputs: CostInputs, prices: PriceResolver, retentionDays: number): CostLine[] {
  const stored = (inputs.logsGiBPerMonth * retentionDays) / 30;
  return [
    line('CloudWatch Logs ingestion', `${q(inputs.logsGiBPerMonth)} GB a month (assumption)`, [
      { amount: inputs.logsGiBPerMonth, price: prices.get('logsIngestGb', 'CloudWatch Logs ingestion') },
    ]),
    line(
      'CloudWatch Logs storage',
      `${q(inputs.logsGiBPerMonth)} GB a month kept ${retentionDays} days = ${q(stored)} GB-months stored`,
      [{ amount: stored, price: prices.get('logsStorageGbMonth', 'CloudWatch Logs storage') }],
    ),
  ];
}
