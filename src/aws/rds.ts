/**
 * What RDS offers for the engines this generator deploys: the DB instance classes we allow and the engine major
 * versions in RDS standard support.
 *
 * Sources, read 2026-11-26:
 * - Engine versions: "Release calendars for Amazon RDS for PostgreSQL"
 *   (docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html): 13 left standard
 *   support on 2026-02-28, 14 leaves it on 2027-02-28; 18 is generally available. "MySQL on Amazon RDS versions"
 *   (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html): 8.0 left standard support on
 *   2026-07-31 (paid Extended Support only), 8.4 is supported until 2029-07-31.
 * - Instance classes: "DB instance classes" and "Supported DB engines for DB instance classes"
 *   (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html): current-generation burstable
 *   (t3, t4g), general-purpose (m5, m6g, m6i, m7g) and memory-optimized (r5, r6g, r6i, r7g) classes, offered for
 *   PostgreSQL and MySQL in every commercial Region this generator supports. The tests validate every class against
 *   the validator's per-Region RDS data for us-east-1 and eu-west-1.
 *
 * Only the major version goes in the template (`EngineVersion: '17'`): RDS picks the newest minor version at
 * creation and AutoMinorVersionUpgrade keeps it current, so the template never drifts from the running database.
 */
export type DbEngine = 'postgres' | 'mysql';

export const ENGINE_MAJOR_VERSIONS: Readonly<Record<DbEngine, readonly string[]>> = {
  postgres: ['14', '15', '16', '17', '18'],
  mysql: ['8.4'],
};

/** The version a new app gets: the newest major that has had a few minor releases on RDS. */
export const DEFAULT_ENGINE_VERSION: Readonly<Record<DbEngine, string>> = {
  postgres: '17',
  mysql: '8.4',
};

/** The port each engine listens on; the database security group admits exactly this port from the app. */
export const ENGINE_PORT: Readonly<Record<DbEngine, number>> = {
  postgres: 5432,
  mysql: 3306,
};

const SIZES = {
  burstable: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  standard: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
} as const;

const FAMILIES: readonly { readonly family: string; readonly sizes: readonly string[] }[] = [
  { family: 't4g', sizes: SIZES.burstable },
  { family: 't3', sizes: SIZES.burstable },
  { family: 'm7g', sizes: SIZES.standard },
  { family: 'm6g', sizes: SIZES.standard },
  { family: 'm6i', sizes: SIZES.standard },
  { family: 'm5', sizes: SIZES.standard },
  { family: 'r7g', sizes: SIZES.standard },
  { family: 'r6g', sizes: SIZES.standard },
  { family: 'r6i', sizes: SIZES.standard },
  { family: 'r5', sizes: SIZES.standard },
];

/** Every DB instance class the generator accepts, e.g. `db.t4g.micro`. */
export const RDS_INSTANCE_CLASSES: readonly string[] = FAMILIES.flatMap(({ family, sizes }) =>
  sizes.map((size) => `db.${family}.${size}`),
);

export const DEFAULT_INSTANCE_CLASS = 'db.t4g.micro';

/** gp3 storage limits for RDS PostgreSQL and MySQL, in GiB. */
export const STORAGE_GIB = { min: 20, max: 65_536, default: 20 } as const;

/**
 * The ceiling of RDS storage autoscaling (MaxAllocatedStorage) when none is given: five times the storage, at least
 * 100 GiB, never above the gp3 limit. RDS grows the storage by itself (when under 10% is free for 5 minutes) up to
 * this ceiling, so a growing database never stops on a full disk.
 */
export function defaultMaxStorage(storageGiB: number): number {
  return Math.min(STORAGE_GIB.max, Math.max(100, storageGiB * 5));
}

/**
 * MaxAllocatedStorage must lie above AllocatedStorage (RDS refuses an equal or lower ceiling). At the gp3 limit there
 * is no room left to grow, so the only value is the limit itself, meaning autoscaling off.
 */
export function checkMaxStorage(storageGiB: number, maxGiB: number): true | string {
  if (storageGiB >= STORAGE_GIB.max) {
    return maxGiB === STORAGE_GIB.max || `--db-storage ${storageGiB} is already the gp3 limit: leave it at ${STORAGE_GIB.max}`;
  }
  if (!Number.isInteger(maxGiB) || maxGiB > STORAGE_GIB.max) return `it must be at most ${STORAGE_GIB.max} GiB (the gp3 limit)`;
  return maxGiB > storageGiB || `it must be above --db-storage ${storageGiB} GiB, which RDS starts the database with`;
}

/** Automated backups kept, in days; RDS allows up to 35. */
export const BACKUP_RETENTION_DAYS = { min: 7, max: 35, default: 7 } as const;

export function isInstanceClass(value: string): boolean {
  return RDS_INSTANCE_CLASSES.includes(value);
}

export function isEngineMajorVersion(engine: DbEngine, version: string): boolean {
  return ENGINE_MAJOR_VERSIONS[engine].includes(version);
}

/** The DB parameter group family of an engine major version (`mysql8.4`, `postgres17`). */
export function parameterGroupFamily(engine: DbEngine, version: string): string {
  return `${engine}${version}`;
}

/** Log types RDS exports to CloudWatch Logs for each engine. */
export const LOG_EXPORTS: Readonly<Record<DbEngine, readonly string[]>> = {
  postgres: ['postgresql', 'upgrade'],
  mysql: ['error', 'slowquery'],
};
