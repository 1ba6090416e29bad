/**
 * The shape of the price table the cost estimate reads. One `Price` is one published on-demand rate: its value in
 * USD, the unit it is charged per, the day it was taken, the AWS pricing page it belongs to, and whether it was
 * confirmed against a stored copy of a published figure or is the best-known published value (see prices.ts).
 */
export interface Price {
  readonly usd: number;
  /** What one `usd` buys, e.g. `NAT gateway-hour`, `GB-month`. */
  readonly unit: string;
  /** ISO date the value was taken. */
  readonly taken: string;
  /** The AWS pricing page the value belongs to. */
  readonly source: string;
  /** False when no stored copy of a published figure could confirm it: the best-known published value is used. */
  readonly confirmed: boolean;
}

export type DbEngine = 'postgres' | 'mysql';
export type CacheEngine = 'valkey' | 'redis';

/** Every price the estimate needs, for one Region. The fallback Region (us-east-1) must have all of them. */
export interface FullRegionPrices {
  readonly natGatewayHour: Price;
  readonly natGatewayGb: Price;
  /** One interface VPC endpoint in one AZ, per hour (gateway endpoints are free). */
  readonly interfaceEndpointHour: Price;
  readonly publicIpv4Hour: Price;
  readonly albHour: Price;
  readonly albLcuHour: Price;
  readonly fargateX86VcpuHour: Price;
  readonly fargateX86GbHour: Price;
  readonly fargateArmVcpuHour: Price;
  readonly fargateArmGbHour: Price;
  /** Single-AZ instance-hour per DB instance class; Multi-AZ runs two instances. */
  readonly rdsInstanceHour: { readonly [E in DbEngine]: Readonly<Record<string, Price>> };
  /** gp3 storage per GB-month, Single-AZ; Multi-AZ stores two copies. */
  readonly rdsGp3GbMonth: Price;
  readonly cacheNodeHour: { readonly [E in CacheEngine]: Readonly<Record<string, Price>> };
  readonly secretMonth: Price;
  readonly logsIngestGb: Price;
  readonly logsStorageGbMonth: Price;
  /** A standard-resolution CloudWatch alarm (one metric) per month. */
  readonly alarmMonth: Price;
  /** S3 Standard storage per GB-month (the first 50 TB). */
  readonly s3StandardGbMonth: Price;
}

export type ScalarKey = Exclude<keyof FullRegionPrices, 'rdsInstanceHour' | 'cacheNodeHour'>;

/** Another Region's prices: whatever could be sourced. A missing price falls back to the fallback Region's. */
export type RegionPrices = { readonly [K in ScalarKey]?: Price } & {
  readonly rdsInstanceHour?: { readonly [E in DbEngine]?: Readonly<Record<string, Price>> };
  readonly cacheNodeHour?: { readonly [E in CacheEngine]?: Readonly<Record<string, Price>> };
};

export interface PriceTable {
  /** The Region whose prices are used when a Region, or one price in it, is not in the table. */
  readonly fallbackRegion: string;
  readonly fallback: FullRegionPrices;
  readonly regions: Readonly<Record<string, RegionPrices>>;
}
