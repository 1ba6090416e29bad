/**
 * How many connections an RDS instance takes by default, and how many the app may open: the numbers behind the
 * warning the generator prints before writing anything when the app could run out of connections at its peak.
 *
 * Defaults, from the RDS parameter groups' max_connections formulas ("Quotas and constraints for Amazon RDS",
 * docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections, read 2026-12):
 * - PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000)
 * - MySQL: {DBInstanceClassMemory/12582880}
 * DBInstanceClassMemory is the class's memory less what RDS reserves for itself, so the real limit is somewhat below
 * what the class's nominal memory gives: the estimate here is an upper bound, and a warning from it is never false.
 */
import type { DbEngine } from './rds.js';

/** Memory per instance size, GiB: burstable (t3, t4g), general purpose (m5, m6g, m6i, m7g) and memory optimized (r). */
const MEMORY_GIB: Readonly<Record<'burstable' | 'general' | 'memory', Readonly<Record<string, number>>>> = {
  burstable: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 },
  general: { large: 8, xlarge: 16, '2xlarge': 32, '4xlarge': 64, '8xlarge': 128, '12xlarge': 192, '16xlarge': 256 },
  memory: { large: 16, xlarge: 32, '2xlarge': 64, '4xlarge': 128, '8xlarge': 256, '12xlarge': 384, '16xlarge': 512 },
};

/** `db.t4g.micro` -> 1; undefined for a class outside the table. */
export function instanceMemoryGiB(instanceClass: string): number | undefined {
  const match = /^db\.([tmr])[0-9][a-z]*\.([a-z0-9]+)$/.exec(instanceClass);
  if (!match) return undefined;
  const kind = match[1] === 't' ? 'burstable' : match[1] === 'm' ? 'general' : 'memory';
  return MEMORY_GIB[kind][match[2]!];
}

const BYTES_PER_CONNECTION: Readonly<Record<DbEngine, number>> = { postgres: 9_531_392, mysql: 12_582_880 };

/** The default max_connections of a class (nominal memory), or undefined for a class outside the table. */
export function maxConnections(engine: DbEngine, instanceClass: string): number | undefined {
  const gib = instanceMemoryGiB(instanceClass);
  if (gib === undefined) return undefined;
  const byMemory = Math.floor((gib * 1024 ** 3) / BYTES_PER_CONNECTION[engine]);
  return engine === 'postgres' ? Math.min(byMemory, 5000) : byMemory;
}

export interface ConnectionDemand {
  /** Web tasks at most (autoscaling's maximum). */
  readonly webMaxCount: number;
  /** Connections one web task may open: Puma workers x threads, or the pool size. */
  readonly webPool: number;
  readonly workers: readonly { readonly name: string; readonly count: number; readonly pool: number }[];
  /** Rails databases on the instance that each get their own pool (primary plus Solid Cache/Queue/Cable...). */
  readonly databases: number;
}

export interface ConnectionCount {
  readonly web: number;
  readonly workers: number;
  readonly migrate: number;
  readonly total: number;
}

/**
 * The most connections the app may hold at once: every web task at its maximum count, doubled while a deployment
 * runs old and new tasks side by side (MaximumPercent 200), each worker likewise, and the migrate task; each task
 * opening its pool to every database.
 */
export function connectionsNeeded(demand: ConnectionDemand): ConnectionCount {
  const web = demand.webMaxCount * 2 * demand.webPool * demand.databases;
  const workers = demand.workers.reduce((sum, w) => sum + w.count * 2 * w.pool * demand.databases, 0);
  const migrate = demand.webPool * demand.databases;
  return { web, workers, migrate, total: web + workers + migrate };
}
