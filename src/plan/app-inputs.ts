/**
 * What the stacks need to know about the Rails app, distilled from the detected facts: the port, the health path,
 * the commands, the plain environment, the database engine and its extra (Solid) databases, and whether Redis is
 * needed. A library caller without a Rails repo at hand can write these by hand.
 */
import type { DbEngine } from '../aws/rds.js';
import { InputError } from '../errors.js';
import type { AppFacts } from '../rails/detect.js';
import type { AppSettings } from '../stacks/app/settings.js';
import { PUMA_KEEP_ALIVE } from '../rails/edits.js';
import { procfileCommand, processName } from '../rails/procfile.js';
import { storageEnvNames } from '../rails/storage.js';
import type { StorageUse } from '../rails/storage.js';
import type { StorageEnv } from '../stacks/app/options.js';

/** The load balancer's idle timeout (app stack default), seconds. */
export const ALB_IDLE_TIMEOUT = 60;
import { ADAPTER_ENGINES, isDatabaseAdapter } from '../stacks/database-url.js';
import type { DatabaseAdapter, DatabasePasswordRule, DatabaseUrlMode } from '../stacks/database-url.js';

export interface AppInputs {
  readonly containerPort: number;
  readonly healthPath: string;
  readonly webCommand: readonly string[];
  /** Plain environment for every task (never a secret). */
  readonly environmentVars: Readonly<Record<string, string>>;
  readonly dbEngine: DbEngine;
  /** The app's Active Record adapter; DATABASE_URL's scheme names it (Rails takes the adapter from the scheme). */
  readonly dbAdapter: DatabaseAdapter;
  /** `cache`, `queue`, `cable`...: each gets `<NAME>_DATABASE_URL`. */
  readonly extraDatabases: readonly string[];
  readonly redis: boolean;
  /** The app stores Active Storage files in production (production.rb names a service): the data stack gets a bucket. */
  readonly activeStorage?: boolean;
  /** The variables besides S3_BUCKET and AWS_REGION that the app's S3 entry reads its bucket and Region from. */
  readonly storageEnv?: StorageEnv;
  /** production.rb turns on force_ssl: without a domain the task must be able to turn it off (see SSL_ENV). */
  readonly forceSsl: boolean;
  /** The app's own SSL variables: what the task sets with a domain (`on`) and without one (`off`). */
  readonly sslSwitches?: { readonly on: Readonly<Record<string, string>>; readonly off: Readonly<Record<string, string>> };
  /** The job backend the app uses and its command, when it has one. */
  readonly jobs?: { readonly kind: string; readonly command: readonly string[] };
  /** The Procfile's background processes (not web, not release), commands verbatim: the proposed workers. */
  readonly processes?: readonly { readonly name: string; readonly command: readonly string[] }[];
  /** The Procfile's `release:` command, run by the `migrate` task. */
  readonly migrateCommand?: readonly string[];
  /**
   * The user's own settings for this environment (.yo-rc.json `environments.<env>`, set with --env, --secret and
   * --unset): not detected, but given to every task like the rest of this environment.
   */
  readonly settings?: AppSettings;
  /**
   * Where the tasks' database URLs come from (src/stacks/database-url.ts): not detected but decided from .yo-rc.json by
   * the generator (`wrapper` for a data stack generated before DatabaseUrlSecret existed); default `secret`.
   */
  readonly databaseUrls?: DatabaseUrlMode;
  /** The master password's characters, fixed for the life of the data stack (decided like databaseUrls); default `alphanumeric`. */
  readonly databasePassword?: DatabasePasswordRule;
  /**
   * The image has the RDS certificate bundle (our Dockerfile, or the app's own that adds it): the URLs verify the
   * database's certificate. Default true.
   */
  readonly rdsCaBundle?: boolean;
  /** The app keeps a bin/docker-entrypoint that runs migrations (see src/docker/entrypoint.ts serverCommand). */
  readonly entrypointMigrates?: boolean;
  /** The gems the production image installs (Gemfile.lock minus development/test): a worker's backend must be one. */
  readonly productionGems?: readonly string[];
}

/** The detected adapter as the URL names it: database.yml may spell PostgreSQL's `postgres`. */
function dbAdapter(facts: AppFacts, engine: DbEngine): DatabaseAdapter {
  const detected = facts.database.value.adapter;
  const adapter = detected === 'postgres' ? 'postgresql' : detected;
  if (!isDatabaseAdapter(adapter) || ADAPTER_ENGINES[adapter] !== engine) {
    throw new InputError('database adapter', detected, `one of ${Object.keys(ADAPTER_ENGINES).join(', ')} for ${engine}`, facts.database.from);
  }
  return adapter;
}

/** The app's own names for the bucket and its Region, when its S3 entry reads any besides ours. */
function storageEnvInput(storage: StorageUse | undefined): { storageEnv?: StorageEnv } {
  const names = storage ? storageEnvNames(storage) : { bucket: [], region: [] };
  return names.bucket.length + names.region.length > 0 ? { storageEnv: names } : {};
}

export function appInputs(facts: AppFacts): AppInputs {
  const server = facts.server.value;
  const backend = facts.jobs.value.backend;
  const dbEngine: DbEngine = facts.database.value.engine === 'postgresql' ? 'postgres' : 'mysql';
  return {
    containerPort: server.port,
    healthPath: facts.health.value.path,
    webCommand: server.command,
    environmentVars: {
      RAILS_ENV: 'production',
      ...facts.production.value.env,
      ...(facts.database.value.env ?? {}),
      ...server.env,
      // Thruster faces the load balancer: keep idle connections longer than its 60 s (or requests fail with 502s), and
      // give a slow request or response the same 60 s the load balancer gives it (Thruster's default is 30 s).
      ...(server.kind === 'thruster'
        ? { HTTP_IDLE_TIMEOUT: String(PUMA_KEEP_ALIVE), HTTP_READ_TIMEOUT: String(ALB_IDLE_TIMEOUT), HTTP_WRITE_TIMEOUT: String(ALB_IDLE_TIMEOUT) }
        : {}),
    },
    forceSsl: facts.production.value.forceSsl,
    ...(facts.production.value.sslSwitches ? { sslSwitches: facts.production.value.sslSwitches } : {}),
    dbEngine,
    dbAdapter: dbAdapter(facts, dbEngine),
    extraDatabases: facts.database.value.extraDatabases.map((d) => d.name),
    redis: facts.redis.value.needed,
    ...(facts.storage?.value.service ? { activeStorage: true } : {}),
    ...storageEnvInput(facts.storage?.value),
    ...(backend ? { jobs: { kind: backend.kind, command: backend.command } } : {}),
    ...(facts.jobs.value.procfileWorkers.length > 0
      ? { processes: facts.jobs.value.procfileWorkers.map((entry) => ({ name: processName(entry.name), command: procfileCommand(entry.command) })) }
      : {}),
    // Only a kept Dockerfile can lack the bundle: ours adds it.
    ...(facts.docker.value.dockerfile?.hasRdsCaBundle === false ? { rdsCaBundle: false } : {}),
    ...(facts.docker.value.entrypointMigrates ? { entrypointMigrates: true } : {}),
    ...(facts.productionGems ? { productionGems: facts.productionGems.value } : {}),
    ...(facts.jobs.value.release ? { migrateCommand: procfileCommand(facts.jobs.value.release) } : {}),
  };
}
