/**
 * ElastiCache node types the generator accepts for the Valkey replication group (Sidekiq's Redis). Source: "Supported
 * node types" (docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html), read 2026-11-26:
 * current-generation burstable (t3, t4g), general-purpose (m6g, m7g) and memory-optimized (r6g, r7g) types, offered
 * for Valkey in every commercial Region this generator supports. The tests validate them for us-east-1 and eu-west-1.
 */
const FAMILIES: readonly { readonly family: string; readonly sizes: readonly string[] }[] = [
  { family: 't4g', sizes: ['micro', 'small', 'medium'] },
  { family: 't3', sizes: ['micro', 'small', 'medium'] },
  { family: 'm7g', sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  { family: 'm6g', sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  { family: 'r7g', sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
  { family: 'r6g', sizes: ['large', 'xlarge', '2xlarge', '4xlarge'] },
];

export const CACHE_NODE_TYPES: readonly string[] = FAMILIES.flatMap(({ family, sizes }) =>
  sizes.map((size) => `cache.${family}.${size}`),
);

export const DEFAULT_CACHE_NODE_TYPE = 'cache.t4g.micro';

/** Nodes in the replication group: 1 primary, up to 5 replicas. Failover needs at least 2. */
export const CACHE_NODES = { min: 1, max: 6, default: 1 } as const;

/** Daily snapshots kept, in days. */
export const CACHE_SNAPSHOT_RETENTION_DAYS = 7;

export const REDIS_PORT = 6379;

/**
 * The Valkey version the cache runs, pinned so its parameter group's family matches. The newest ElastiCache offers
 * (read 2026-12 from cfn-lint's list, taken from the AWS API: 7.2, 8.0, 8.1, 8.2, 9.0): a cache created by an earlier
 * version of this generator, which left the version to ElastiCache's default, is upgraded to it in place, never
 * downgraded.
 */
export const CACHE_ENGINE_VERSION = '9.0';

/** The ElastiCache parameter group family of a Valkey version: `9.0` -> `valkey9`. */
export function cacheParameterGroupFamily(version: string): string {
  return `valkey${version.split('.')[0]!}`;
}

export function isCacheNodeType(value: string): boolean {
  return CACHE_NODE_TYPES.includes(value);
}
