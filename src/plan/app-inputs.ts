/**
 * What the stacks need to know about the Rails app, distilled from the detected facts: the port, the health path,
 * the commands, the plain environment, the database engine and its extra (Solid) databases, and whether Redis is
 * needed. A library caller without a Rails repo at hand can write these by hand.
 */
import type { DbEngine } from '../aws/rds.js';
import type { AppFacts } from '../rails/detect.js';
import { PUMA_KEEP_ALIVE } from '../rails/edits.js';

export interface AppInputs {
  readonly containerPort: number;
  readonly healthPath: string;
  readonly webCommand: readonly string[];
  /** Plain environment for every task (never a secret). */
  readonly environmentVars: Readonly<Record<string, string>>;
  readonly dbEngine: DbEngine;
  /** `cache`, `queue`, `cable`...: each gets `<NAME>_DATABASE_URL`. */
  readonly extraDatabases: readonly string[];
  readonly redis: boolean;
  /** production.rb turns on force_ssl: without a domain the task must be able to turn it off (see SSL_ENV). */
  readonly forceSsl: boolean;
  /** The job backend the app uses and its command, when it has one. */
  readonly jobs?: { readonly kind: string; readonly command: readonly string[] };
}

export function appInputs(facts: AppFacts): AppInputs {
  const server = facts.server.value;
  const backend = facts.jobs.value.backend;
  return {
    containerPort: server.port,
    healthPath: facts.health.value.path,
    webCommand: server.command,
    environmentVars: {
      RAILS_ENV: 'production',
      ...facts.production.value.env,
      ...server.env,
      // Thruster faces the load balancer: keep idle connections longer than its 60 s, or requests fail with 502s.
      ...(server.kind === 'thruster' ? { HTTP_IDLE_TIMEOUT: String(PUMA_KEEP_ALIVE) } : {}),
    },
    forceSsl: facts.production.value.forceSsl,
    dbEngine: facts.database.value.engine === 'postgresql' ? 'postgres' : 'mysql',
    extraDatabases: facts.database.value.extraDatabases.map((d) => d.name),
    redis: facts.redis.value.needed,
    ...(backend ? { jobs: { kind: backend.kind, command: backend.command } } : {}),
  };
}
