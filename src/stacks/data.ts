/**
 * The data stack: the RDS database and, for Sidekiq and other Redis users, the Valkey cache, in the network stack's
 * private subnets and reachable only from the app's security group (imported from the network stack, whose name is
 * the NetworkStackName parameter).
 *
 * Stability: the database is always `Database` (AWS::RDS::DBInstance) and the cache always `Cache`, whatever the
 * options; adding or removing the cache adds or removes only the cache's own resources. Of the options, `engine` and
 * `databaseName` replace the database when changed (see fragments/data/database.yml): they must come from facts that
 * are fixed for the life of the app (the Rails database adapter and the app's name), never from an answer a user
 * revisits. Instance class, storage (grow only), Multi-AZ and engine version change it in place.
 *
 * Credentials: the master password lives in `DatabaseSecret` (fragments/data/database-secret.yml), generated once by
 * Secrets Manager and never rotated, because ECS injects secrets only when a task starts; its ARN is exported as
 * DatabaseSecretArn. In `secret` mode (src/stacks/database-url.ts) the password is letters and digits only and
 * `DatabaseUrlSecret` (fragments/data/database-url-secret.yml) holds every database URL, which the app stack's tasks
 * read by key; in `wrapper` mode (a stack generated before) the password rule stays as it was and the tasks read
 * `username` and `password` from DatabaseSecret.
 */
import type { TemplateSpec } from '../assemble.js';
import { InputError } from '../errors.js';
import type { FragmentInstance, FragmentLibrary } from '../fragments/library.js';
import {
  BACKUP_RETENTION_DAYS, ENGINE_MAJOR_VERSIONS, ENGINE_PORT, LOG_EXPORTS, RDS_INSTANCE_CLASSES, STORAGE_GIB,
  checkMaxStorage, defaultMaxStorage, isEngineMajorVersion, isInstanceClass, parameterGroupFamily,
} from '../aws/rds.js';
import type { DbEngine } from '../aws/rds.js';
import {
  CACHE_ENGINE_VERSION, CACHE_NODES, CACHE_NODE_TYPES, cacheParameterGroupFamily, CACHE_SNAPSHOT_RETENTION_DAYS, DEFAULT_CACHE_NODE_TYPE, isCacheNodeType,
} from '../aws/elasticache.js';
import { maxConnections } from '../aws/rds-connections.js';
import { databaseUrlSecretString } from './database-url.js';
import type { DatabaseAdapter, DatabasePasswordRule, DatabaseUrlMode } from './database-url.js';
import { checkAzs, subnetImports } from './subnet-exports.js';
import type { Tag } from './tags.js';

export interface DataOptions {
  readonly engine: DbEngine;
  /** A major version from ENGINE_MAJOR_VERSIONS, e.g. '17' or '8.4'. */
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly storageGiB: number;
  /** Storage autoscaling ceiling (MaxAllocatedStorage), GiB; default defaultMaxStorage(storageGiB). */
  readonly maxStorageGiB?: number;
  readonly multiAz: boolean;
  /** The database RDS creates; fixed for the life of the database. */
  readonly databaseName: string;
  /**
   * The database URLs: `mode` (see src/stacks/database-url.ts) picks DatabaseUrlSecret and the URL-safe password
   * (`secret`) or neither (`wrapper`, a stack generated before); `caBundle`: the image has the RDS certificate bundle,
   * so the URLs verify the server (secret mode only: the wrapper looks when the container starts).
   */
  readonly urls: {
    readonly mode: DatabaseUrlMode;
    /** The password's characters: `punctuation` for a stack generated before DatabaseUrlSecret (see PASSWORD_EXCLUSION). */
    readonly passwordRule: DatabasePasswordRule;
    readonly adapter: DatabaseAdapter;
    readonly extraDatabases: readonly string[];
    readonly caBundle: boolean;
  };
  readonly redis: boolean;
  /** Where the alarm topic mails (an SNS email subscription); none when empty or unset. */
  readonly alarmEmail?: string;
  /** An S3 bucket for Active Storage (fragments/data/storage-bucket.yml). */
  readonly bucket?: boolean;
  readonly redisNodeType?: string;
  readonly redisNodes?: number;
  readonly backupRetentionDays?: number;
  /**
   * The AZ letters the network stack has subnets in (A, B... for its AZ count): the subnet groups import each
   * private subnet's own export. Adding one changes the subnet groups in place.
   */
  readonly azs: readonly string[];
  readonly tags: readonly Tag[];
}

/**
 * The master user's name, in the database's MasterUsername and the secret's username. A constant: changing it would
 * replace the database.
 */
export const MASTER_USERNAME = 'rails';

/**
 * The password's character rule: letters and digits (no URL encoding) for a new stack; the rule a stack generated
 * before DatabaseUrlSecret was deployed with, byte for byte, since changing it would give the secret a new password
 * the database never gets.
 */
const PASSWORD_EXCLUSION: Readonly<Record<DatabasePasswordRule, { exclusionKey: string; exclusion: unknown }>> = {
  alphanumeric: { exclusionKey: 'ExcludePunctuation', exclusion: true },
  punctuation: { exclusionKey: 'ExcludeCharacters', exclusion: '"\'/@\\`' },
};

/** Days S3 keeps an Active Storage file's overwritten or deleted version. */
export const NONCURRENT_VERSION_DAYS = 30;

/** Seconds after which a MySQL query is written to the slow query log. */
const MYSQL_LONG_QUERY_SECONDS = '2';

function check(options: DataOptions): void {
  const { engine, engineVersion, instanceClass, storageGiB } = options;
  checkAzs(options.azs);
  if (!isEngineMajorVersion(engine, engineVersion)) {
    throw new InputError('database engine version', engineVersion, `for ${engine}: ${ENGINE_MAJOR_VERSIONS[engine].join(', ')}`);
  }
  if (!isInstanceClass(instanceClass)) {
    throw new InputError('database instance class', instanceClass, RDS_INSTANCE_CLASSES.join(', '));
  }
  if (!Number.isInteger(storageGiB) || storageGiB < STORAGE_GIB.min || storageGiB > STORAGE_GIB.max) {
    throw new InputError('database storage', storageGiB, `a whole number of GiB from ${STORAGE_GIB.min} to ${STORAGE_GIB.max}`);
  }
  const maxGiB = options.maxStorageGiB ?? defaultMaxStorage(storageGiB);
  const maxVerdict = checkMaxStorage(storageGiB, maxGiB);
  if (maxVerdict !== true) throw new InputError('database maximum storage', maxGiB, maxVerdict);
  if (options.redisNodeType !== undefined && !isCacheNodeType(options.redisNodeType)) {
    throw new InputError('cache node type', options.redisNodeType, CACHE_NODE_TYPES.join(', '));
  }
  const nodes = options.redisNodes ?? CACHE_NODES.default;
  if (!Number.isInteger(nodes) || nodes < CACHE_NODES.min || nodes > CACHE_NODES.max) {
    throw new InputError('cache nodes', nodes, `a whole number from ${CACHE_NODES.min} to ${CACHE_NODES.max}`);
  }
}

/** The database alarms' thresholds: 10% of the storage free (at least 2 GiB); 80% of the default max_connections. */
function alarmParameters(options: DataOptions): Record<string, unknown> {
  const freeStorageGiB = Math.max(2, Math.floor(options.storageGiB / 10));
  const max = maxConnections(options.engine, options.instanceClass) ?? 100;
  return {
    subscriptions: options.alarmEmail ? [{ Protocol: 'email', Endpoint: options.alarmEmail }] : [],
    freeStorageGiB,
    freeStorageBytes: freeStorageGiB * 1024 ** 3,
    connectionsThreshold: Math.max(1, Math.floor(max * 0.8)),
    tags: options.tags,
  };
}

/** MaxAllocatedStorage: the ceiling, or nothing when the storage is already at the gp3 limit (no room to grow). */
function maxStorage(options: DataOptions): number | { Ref: 'AWS::NoValue' } {
  const max = options.maxStorageGiB ?? defaultMaxStorage(options.storageGiB);
  return max > options.storageGiB ? max : { Ref: 'AWS::NoValue' };
}

export function dataTemplate(library: FragmentLibrary, options: DataOptions): TemplateSpec {
  check(options);
  const { engine, engineVersion, tags } = options;
  const privateSubnets = subnetImports('Private', options.azs);
  const needsParameterGroup = engine === 'mysql';
  const fragments: FragmentInstance[] = [
    library.instantiate('data/network-stack', {}),
    ...(needsParameterGroup
      ? [library.instantiate('data/mysql-parameter-group', {
          family: parameterGroupFamily(engine, engineVersion),
          longQuerySeconds: MYSQL_LONG_QUERY_SECONDS,
          tags,
        })]
      : []),
    library.instantiate('data/database-secret', { masterUsername: MASTER_USERNAME, ...PASSWORD_EXCLUSION[options.urls.passwordRule], tags }),
    library.instantiate('data/database', {
      engine,
      engineVersion,
      instanceClass: options.instanceClass,
      storageGiB: String(options.storageGiB),
      maxStorageGiB: maxStorage(options),
      multiAz: options.multiAz,
      databaseName: options.databaseName,
      masterUsername: MASTER_USERNAME,
      port: ENGINE_PORT[engine],
      parameterGroup: { Ref: needsParameterGroup ? 'DatabaseParameterGroup' : 'AWS::NoValue' },
      backupRetentionDays: options.backupRetentionDays ?? BACKUP_RETENTION_DAYS.default,
      logExports: [...LOG_EXPORTS[engine]],
      privateSubnets,
      tags,
    }),
    ...(options.urls.mode === 'secret'
      ? [library.instantiate('data/database-url-secret', {
          urls: databaseUrlSecretString(options.urls.adapter, options.urls.extraDatabases, MASTER_USERNAME, options.databaseName, options.urls.caBundle),
          tags,
        })]
      : []),
  ];
  if (options.redis) {
    const nodes = options.redisNodes ?? CACHE_NODES.default;
    fragments.push(
      library.instantiate('data/cache', {
        engineVersion: CACHE_ENGINE_VERSION,
        family: cacheParameterGroupFamily(CACHE_ENGINE_VERSION),
        nodeType: options.redisNodeType ?? DEFAULT_CACHE_NODE_TYPE,
        nodes,
        failover: nodes > 1,
        snapshotRetentionDays: CACHE_SNAPSHOT_RETENTION_DAYS,
        privateSubnets,
        tags,
      }),
    );
  }
  fragments.push(library.instantiate('data/alarms', alarmParameters(options)));
  if (options.redis) fragments.push(library.instantiate('data/cache-alarms', { tags }));
  if (options.bucket) fragments.push(library.instantiate('data/storage-bucket', { noncurrentDays: NONCURRENT_VERSION_DAYS, tags }));
  const engineName = engine === 'postgres' ? 'PostgreSQL' : 'MySQL';
  return {
    description:
      `Data: RDS ${engineName} ${engineVersion} (${options.instanceClass}, ${options.storageGiB} GiB gp3, ` +
      `${options.multiAz ? 'Multi-AZ' : 'single-AZ'}${options.urls.mode === 'secret' ? ', its URLs in a secret' : ''})${options.redis ? ' and a Valkey cache (TLS only, AUTH token, noeviction)' : ''} ` +
      `in the private subnets${options.bucket ? ', an S3 bucket for Active Storage' : ''}, and the SNS topic every alarm notifies.`,
    fragments,
  };
}
