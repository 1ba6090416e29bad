/**
 * On-demand list prices (USD, Linux, before tax, no free tier) for what the generated stacks run, per Region.
 *
 * Every value was taken on 2026-11-26 and points at the AWS pricing page it belongs to. AWS renders those pages'
 * tables from region selectors, so the values were checked against stored copies of published figures that quote
 * them: transcriptions of the AWS pages' own examples, AWS Price List rows and Cost Explorer usage lines quoted in
 * public repositories, and pricing guides. `confirmed: true` means such a copy showed the value; `confirmed: false`
 * means none could be found and the best-known published value is used (the comment says why it is believed).
 *
 * us-east-1 is complete and is the fallback: a Region not listed here is estimated with us-east-1 prices, and a price
 * missing from a listed Region falls back to the us-east-1 price for that line; the estimate says so in both cases.
 * ap-southeast-2 and the other Regions are not listed: no copy of their prices could be found.
 */
import type { FullRegionPrices, Price, PriceTable, RegionPrices } from './price-types.js';

const TAKEN = '2026-11-26';

const PAGE = {
  vpc: 'https://aws.amazon.com/vpc/pricing/',
  privateLink: 'https://aws.amazon.com/privatelink/pricing/',
  elb: 'https://aws.amazon.com/elasticloadbalancing/pricing/',
  fargate: 'https://aws.amazon.com/fargate/pricing/',
  rdsPostgres: 'https://aws.amazon.com/rds/postgresql/pricing/',
  rdsMysql: 'https://aws.amazon.com/rds/mysql/pricing/',
  elasticache: 'https://aws.amazon.com/elasticache/pricing/',
  secrets: 'https://aws.amazon.com/secrets-manager/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  s3: 'https://aws.amazon.com/s3/pricing/',
} as const;

function price(usd: number, unit: string, source: string, confirmed: boolean): Price {
  return { usd, unit, taken: TAKEN, source, confirmed };
}

const instanceHour = (usd: number, source: string, confirmed: boolean): Price =>
  price(usd, 'instance-hour', source, confirmed);
const nodeHour = (usd: number, confirmed: boolean): Price => price(usd, 'node-hour', PAGE.elasticache, confirmed);

/** The same public IPv4 rate in every commercial Region (VPC pricing page, "Public IPv4 address" tab). */
const PUBLIC_IPV4 = price(0.005, 'public IPv4 address-hour', PAGE.vpc, true);

export const US_EAST_1: FullRegionPrices = {
  // The VPC page's own NAT example ($0.045 per hour and $0.045 per GB), quoted by several stored copies.
  natGatewayHour: price(0.045, 'NAT gateway-hour', PAGE.vpc, true),
  natGatewayGb: price(0.045, 'GB processed', PAGE.vpc, true),
  publicIpv4Hour: PUBLIC_IPV4,
  // Not confirmed: the best-known published rate on the PrivateLink page, $0.01 per VPC endpoint per AZ-hour.
  interfaceEndpointHour: price(0.01, 'endpoint AZ-hour', PAGE.privateLink, false),
  // The ELB page's ALB example: $0.0225 per ALB-hour, $0.008 per LCU-hour.
  albHour: price(0.0225, 'ALB-hour', PAGE.elb, true),
  albLcuHour: price(0.008, 'LCU-hour', PAGE.elb, true),
  fargateX86VcpuHour: price(0.04048, 'vCPU-hour', PAGE.fargate, true),
  fargateX86GbHour: price(0.004445, 'GB-hour', PAGE.fargate, true),
  fargateArmVcpuHour: price(0.03238, 'vCPU-hour', PAGE.fargate, true),
  fargateArmGbHour: price(0.00356, 'GB-hour', PAGE.fargate, true),
  rdsInstanceHour: {
    postgres: {
      'db.t4g.micro': instanceHour(0.016, PAGE.rdsPostgres, true),
      'db.t4g.small': instanceHour(0.032, PAGE.rdsPostgres, true),
      'db.t4g.medium': instanceHour(0.065, PAGE.rdsPostgres, true),
      // Not confirmed: the t4g family doubles per size and this is the published large rate.
      'db.t4g.large': instanceHour(0.129, PAGE.rdsPostgres, false),
      // Not confirmed for PostgreSQL (stored copies quote the MySQL t3 rates, below); PostgreSQL t3 is published
      // one step above MySQL.
      'db.t3.micro': instanceHour(0.018, PAGE.rdsPostgres, false),
      'db.t3.small': instanceHour(0.036, PAGE.rdsPostgres, false),
      'db.t3.medium': instanceHour(0.072, PAGE.rdsPostgres, false),
      // Not confirmed: best-known published Graviton3 rates (about 6% above m6g/r6g).
      'db.m7g.large': instanceHour(0.168, PAGE.rdsPostgres, false),
      'db.r7g.large': instanceHour(0.239, PAGE.rdsPostgres, false),
    },
    mysql: {
      // Not confirmed separately: MySQL and PostgreSQL share the t4g rates.
      'db.t4g.micro': instanceHour(0.016, PAGE.rdsMysql, false),
      'db.t4g.small': instanceHour(0.032, PAGE.rdsMysql, false),
      'db.t4g.medium': instanceHour(0.065, PAGE.rdsMysql, false),
      'db.t4g.large': instanceHour(0.129, PAGE.rdsMysql, false),
      'db.t3.micro': instanceHour(0.017, PAGE.rdsMysql, true),
      'db.t3.small': instanceHour(0.034, PAGE.rdsMysql, true),
      'db.t3.medium': instanceHour(0.068, PAGE.rdsMysql, true),
    },
  },
  rdsGp3GbMonth: price(0.115, 'GB-month', PAGE.rdsPostgres, true),
  cacheNodeHour: {
    // Not confirmed: best-known Redis OSS node rates (one stored fixture says 0.034 for t4g.small, which is the t3
    // rate; the t4g family doubles per size from 0.016).
    redis: {
      'cache.t4g.micro': nodeHour(0.016, false),
      'cache.t4g.small': nodeHour(0.032, false),
      'cache.t4g.medium': nodeHour(0.065, false),
      'cache.t3.micro': nodeHour(0.017, false),
      'cache.t3.small': nodeHour(0.034, false),
      'cache.t3.medium': nodeHour(0.068, false),
    },
    // Not confirmed: node-based Valkey is priced 20% below Redis OSS (AWS, October 2024); these are the published
    // Valkey rates that follow from it.
    valkey: {
      'cache.t4g.micro': nodeHour(0.0128, false),
      'cache.t4g.small': nodeHour(0.0256, false),
      'cache.t4g.medium': nodeHour(0.052, false),
      'cache.t3.micro': nodeHour(0.0136, false),
      'cache.t3.small': nodeHour(0.0272, false),
      'cache.t3.medium': nodeHour(0.0544, false),
    },
  },
  secretMonth: price(0.4, 'secret-month', PAGE.secrets, true),
  logsIngestGb: price(0.5, 'GB ingested', PAGE.cloudwatch, true),
  logsStorageGbMonth: price(0.03, 'GB-month stored', PAGE.cloudwatch, true),
  // Not confirmed: the pricing page's "Alarm" tab lists $0.10 per standard-resolution alarm metric a month (a metric
  // math alarm pays for each metric in its expression), read
  // 2026-11-26; no stored copy quoting it was found. The first 10 alarms are free tier, which the estimate ignores.
  alarmMonth: price(0.1, 'alarm metric-month', PAGE.cloudwatch, false),
  // Not confirmed: S3 Standard's published rate for the first 50 TB a month in us-east-1, read 2026-11-26; no stored
  // copy quoting the page was found. Used in a note only (the bucket is billed by use).
  s3StandardGbMonth: price(0.023, 'GB-month', PAGE.s3, false),
};

/** Not confirmed: us-west-2 publishes the same rates as us-east-1 for every service here. */
const US_WEST_2: RegionPrices = Object.fromEntries(
  Object.entries(US_EAST_1).map(([key, value]) => [key, key === 'publicIpv4Hour' ? value : unconfirmed(value)]),
) as RegionPrices;

function unconfirmed<T>(value: T): T {
  if (isPrice(value)) return { ...value, confirmed: false } as T;
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, unconfirmed(v)])) as T;
}

function isPrice(value: unknown): value is Price {
  return typeof value === 'object' && value !== null && 'usd' in value;
}

const EU_WEST_1: RegionPrices = {
  // Not confirmed: best-known Ireland NAT rate (guides give $0.048-0.052 for the European Regions).
  natGatewayHour: price(0.048, 'NAT gateway-hour', PAGE.vpc, false),
  natGatewayGb: price(0.048, 'GB processed', PAGE.vpc, false),
  publicIpv4Hour: PUBLIC_IPV4,
  // From an eu-west-1 Cost Explorer line: $15.00 for 595 ALB-hours.
  albHour: price(0.0252, 'ALB-hour', PAGE.elb, true),
  albLcuHour: price(0.008, 'LCU-hour', PAGE.elb, false),
  // Ireland's Fargate rates equal us-east-1's (EU-Fargate-* Price List rows quoted in a stored review).
  fargateX86VcpuHour: price(0.04048, 'vCPU-hour', PAGE.fargate, true),
  fargateX86GbHour: price(0.004445, 'GB-hour', PAGE.fargate, true),
  fargateArmVcpuHour: price(0.03238, 'vCPU-hour', PAGE.fargate, true),
  fargateArmGbHour: price(0.00356, 'GB-hour', PAGE.fargate, true),
  rdsInstanceHour: {
    // From an eu-west-1 Cost Explorer line: $10.09 for 593 db.t4g.micro hours.
    postgres: { 'db.t4g.micro': instanceHour(0.017, PAGE.rdsPostgres, true) },
  },
  // From the same Cost Explorer export: $2.54 for 20 GB-months of gp3.
  rdsGp3GbMonth: price(0.127, 'GB-month', PAGE.rdsPostgres, true),
  secretMonth: price(0.4, 'secret-month', PAGE.secrets, false),
  // Not confirmed: best-known Ireland CloudWatch Logs rates.
  logsIngestGb: price(0.57, 'GB ingested', PAGE.cloudwatch, false),
  logsStorageGbMonth: price(0.03, 'GB-month stored', PAGE.cloudwatch, false),
};

const EU_CENTRAL_1: RegionPrices = {
  // A Price List fixture for EUC1-NatGateway-Hours gives 0.052; the per-GB rate is the best-known equal value.
  natGatewayHour: price(0.052, 'NAT gateway-hour', PAGE.vpc, true),
  natGatewayGb: price(0.052, 'GB processed', PAGE.vpc, false),
  publicIpv4Hour: PUBLIC_IPV4,
  // From a Frankfurt Cost Explorer export: $19.44 EUC1-LoadBalancerUsage over a 720-hour month.
  albHour: price(0.027, 'ALB-hour', PAGE.elb, true),
  albLcuHour: price(0.008, 'LCU-hour', PAGE.elb, false),
  // EUC1-Fargate-vCPU-Hours:perCPU and EUC1-Fargate-GB-Hours rows quoted in a stored rate card.
  fargateX86VcpuHour: price(0.04656, 'vCPU-hour', PAGE.fargate, true),
  fargateX86GbHour: price(0.00511, 'GB-hour', PAGE.fargate, true),
  // Not confirmed: best-known Frankfurt Graviton rates (20% below x86, as in every Region).
  fargateArmVcpuHour: price(0.03725, 'vCPU-hour', PAGE.fargate, false),
  fargateArmGbHour: price(0.00409, 'GB-hour', PAGE.fargate, false),
  rdsInstanceHour: {
    // Derived from the Frankfurt export: $13.68 EUC1-InstanceUsage:db.t4g.micro over 720 hours.
    postgres: { 'db.t4g.micro': instanceHour(0.019, PAGE.rdsPostgres, false) },
    // A cost-and-usage table quotes pricing_public_on_demand_rate 0.037 for MySQL db.t4g.small in eu-central-1.
    mysql: { 'db.t4g.small': instanceHour(0.037, PAGE.rdsMysql, true) },
  },
  // Derived from the Frankfurt export: $2.74 EUC1-RDS:GP3-Storage for 20 GB.
  rdsGp3GbMonth: price(0.137, 'GB-month', PAGE.rdsPostgres, false),
  secretMonth: price(0.4, 'secret-month', PAGE.secrets, false),
  // Not confirmed: best-known Frankfurt CloudWatch Logs rates.
  logsIngestGb: price(0.63, 'GB ingested', PAGE.cloudwatch, false),
  logsStorageGbMonth: price(0.0324, 'GB-month stored', PAGE.cloudwatch, false),
};

export const PRICES: PriceTable = {
  fallbackRegion: 'us-east-1',
  fallback: US_EAST_1,
  regions: {
    'us-east-1': US_EAST_1,
    'us-west-2': US_WEST_2,
    'eu-west-1': EU_WEST_1,
    'eu-central-1': EU_CENTRAL_1,
  },
};
