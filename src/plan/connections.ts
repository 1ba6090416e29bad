/**
 * Whether the database can take every connection the app may open at its peak (see aws/rds-connections.ts), and
 * if not, the warning with its fixes. Pure: the plan in, a sentence or nothing out.
 */
import { RDS_INSTANCE_CLASSES } from '../aws/rds.js';
import type { DbEngine } from '../aws/rds.js';
import { connectionsNeeded, maxConnections } from '../aws/rds-connections.js';
import type { ConnectionCount } from '../aws/rds-connections.js';

/**
 * Connections one task opens to each database: Rails' generated database.yml sizes the pool by RAILS_MAX_THREADS,
 * 5 when unset (`pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>`), and Sidekiq's default concurrency is 5 too.
 */
export const DEFAULT_POOL = 5;

export interface ConnectionCheckInput {
  readonly engine: DbEngine;
  readonly instanceClass: string;
  readonly webMaxCount: number;
  readonly workers: readonly { readonly name: string; readonly count: number }[];
  /** Extra Rails databases on the same instance (Solid Cache, Queue, Cable...). */
  readonly extraDatabases: readonly string[];
  readonly pool?: number;
}

export interface ConnectionCheck {
  readonly needed: ConnectionCount;
  readonly max: number | undefined;
  readonly warning?: string;
}

const ENGINE_NAMES: Readonly<Record<DbEngine, string>> = { postgres: 'PostgreSQL', mysql: 'MySQL' };

/** The smallest class of the same family whose default max_connections covers `needed`. */
function biggerClass(engine: DbEngine, instanceClass: string, needed: number): string | undefined {
  const family = instanceClass.split('.')[1];
  return RDS_INSTANCE_CLASSES.filter((c) => c.split('.')[1] === family).find((c) => (maxConnections(engine, c) ?? 0) >= needed);
}

export function checkConnections(input: ConnectionCheckInput): ConnectionCheck {
  const pool = input.pool ?? DEFAULT_POOL;
  const databases = 1 + input.extraDatabases.length;
  const needed = connectionsNeeded({
    webMaxCount: input.webMaxCount,
    webPool: pool,
    workers: input.workers.map((w) => ({ name: w.name, count: w.count, pool })),
    databases,
  });
  const max = maxConnections(input.engine, input.instanceClass);
  if (max === undefined || needed.total <= max) return { needed, max };
  const bigger = biggerClass(input.engine, input.instanceClass, needed.total);
  const perTask = `${pool} per task${databases > 1 ? ` x ${databases} databases` : ''}`;
  const fixes = [
    ...(bigger ? [`--db-instance-class ${bigger} (about ${maxConnections(input.engine, bigger)!})`] : []),
    `a lower --web-max-count (each web task adds ${2 * pool * databases} during a deployment)`,
    'fewer worker tasks',
    `RAILS_MAX_THREADS below ${pool}`,
  ];
  const warning =
    `the app may open up to ${needed.total} database connections at its peak (web ${needed.web}: ` +
    `${input.webMaxCount} tasks x 2 during a deployment x ${perTask}; workers ${needed.workers}; migrate ${needed.migrate}), ` +
    `but a ${input.instanceClass} ${ENGINE_NAMES[input.engine]} database accepts about ${max} by default. ` +
    `Choose ${fixes.join(', or ')}.`;
  return { needed, max, warning };
}
