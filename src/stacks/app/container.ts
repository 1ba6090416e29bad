/**
 * What every container of the app stack shares: the plain environment (the plan's variables), the secrets
 * (RAILS_MASTER_KEY, the database URLs and REDIS_URL, by ARN, never values), and the command: the app's own. A
 * project in `wrapper` mode (src/stacks/database-url.ts: a data stack generated before DatabaseUrlSecret) gets, as
 * before, where the database is (DB_HOST...) and its credentials, and the command wrapper that builds the URLs.
 */
import { extraDatabaseEnvName, withDatabaseUrl } from '../database-url.js';
import type { DatabaseUrlMode } from '../database-url.js';
import type { AppStackOptions } from './options.js';
import { secretName } from './settings.js';

export interface EnvEntry {
  readonly Name: string;
  readonly Value: unknown;
}

export interface SecretEntry {
  readonly Name: string;
  readonly ValueFrom: unknown;
}

function dataImport(output: string): unknown {
  return { 'Fn::ImportValue': { 'Fn::Sub': `\${DataStackName}-${output}` } };
}

/** Sorted by name, so the rendered template does not depend on the order the plan built the record in. */
export function containerEnvironment(options: Pick<AppStackOptions, 'environmentVars' | 'bucket' | 'storageEnv' | 'settings' | 'database'>): EnvEntry[] {
  const entries: EnvEntry[] = [
    ...Object.entries(options.environmentVars).map(([Name, Value]) => ({ Name, Value })),
    // The user's plain settings (checkSettings keeps them apart from every name above and below).
    ...Object.entries(options.settings?.env ?? {}).map(([Name, Value]) => ({ Name, Value })),
    // The wrapper builds the URLs from these; in `secret` mode the URLs come whole, from DatabaseUrlSecret.
    ...(urlMode(options) === 'wrapper'
      ? [{ Name: 'DB_HOST', Value: dataImport('DatabaseEndpoint') }, { Name: 'DB_PORT', Value: dataImport('DatabasePort') }, { Name: 'DB_NAME', Value: dataImport('DatabaseName') }]
      : []),
    // Active Storage's amazon service: the bucket and its Region (config/storage.yml reads them with ENV.fetch).
    ...(options.bucket ? [{ Name: 'S3_BUCKET', Value: dataImport('StorageBucketName') }, { Name: 'AWS_REGION', Value: { Ref: 'AWS::Region' } }] : []),
    // ...and under the names the app's own S3 entry reads (an app already on :amazon keeps its storage.yml).
    ...(options.bucket ? (options.storageEnv?.bucket ?? []).map((Name) => ({ Name, Value: dataImport('StorageBucketName') })) : []),
    ...(options.bucket ? (options.storageEnv?.region ?? []).map((Name) => ({ Name, Value: { Ref: 'AWS::Region' } })) : []),
  ];
  return entries.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

function urlMode(options: Pick<AppStackOptions, 'database'>): DatabaseUrlMode {
  return options.database.urls ?? 'secret';
}

/** A key of the data stack's JSON secret `output`: ECS extracts it with `<arn>:<key>::`. */
function secretKey(output: 'DatabaseSecretArn' | 'DatabaseUrlSecretArn', key: string): unknown {
  return { 'Fn::Sub': [`\${SecretArn}:${key}::`, { SecretArn: dataImport(output) }] };
}

/**
 * The database secret the execution role must read: DatabaseUrlSecret in `secret` mode (the tasks never see the
 * master password apart from inside the URLs), DatabaseSecret in `wrapper` mode.
 */
export function databaseSecretArn(options: Pick<AppStackOptions, 'database'>): unknown {
  return dataImport(urlMode(options) === 'secret' ? 'DatabaseUrlSecretArn' : 'DatabaseSecretArn');
}

/** Each database URL by its key in DatabaseUrlSecret; or, in `wrapper` mode, the credentials it builds them from. */
function databaseSecrets(options: Pick<AppStackOptions, 'database'>): SecretEntry[] {
  if (urlMode(options) === 'wrapper') {
    return [
      { Name: 'DB_PASSWORD', ValueFrom: secretKey('DatabaseSecretArn', 'password') },
      { Name: 'DB_USERNAME', ValueFrom: secretKey('DatabaseSecretArn', 'username') },
    ];
  }
  const names = ['DATABASE_URL', ...options.database.extraDatabases.map(extraDatabaseEnvName)];
  return names.map((Name) => ({ Name, ValueFrom: secretKey('DatabaseUrlSecretArn', Name) }));
}

/**
 * With a cache, REDIS_URL is a secret too: the data stack's RedisUrlSecret holds the whole
 * `rediss://:TOKEN@host:port/0` (TLS, hence rediss://), so the AUTH token is never a plain variable.
 */
export function redisUrlSecretArn(): unknown {
  return dataImport('RedisUrlSecretArn');
}

/** The task role's policy on the Active Storage bucket: objects read, written and deleted, the bucket listed; nothing else. */
export function storagePolicy(): unknown {
  const arn = dataImport('StorageBucketArn');
  return {
    PolicyName: 'active-storage',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: arn },
        { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: { 'Fn::Sub': ['${Arn}/*', { Arn: arn }] } },
      ],
    },
  };
}

/**
 * A user secret's ARN as ECS and IAM take it. bin/fargate creates the secret (`secrets set`), so its ARN ends in a
 * random suffix no template knows: ECS takes the ARN without it (GetSecretValue accepts that partial ARN, unambiguous
 * since a POSIX name holds no dash), and the execution role's policy matches the suffix with exactly six `?`.
 */
export function userSecretArn(options: Pick<AppStackOptions, 'appName' | 'environment'>, name: string, suffix = ''): unknown {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${secretName(options.appName, options.environment, name)}${suffix}` };
}

/** What the execution role may read of the user's secrets: exactly each declared one. */
export function userSecretResources(options: Pick<AppStackOptions, 'appName' | 'environment' | 'settings'>): unknown[] {
  return [...(options.settings?.secrets ?? [])].sort().map((name) => userSecretArn(options, name, '-??????'));
}

export function containerSecrets(options: Pick<AppStackOptions, 'appName' | 'environment' | 'redis' | 'settings' | 'database'>): SecretEntry[] {
  const entries: SecretEntry[] = [
    ...databaseSecrets(options),
    { Name: 'RAILS_MASTER_KEY', ValueFrom: { Ref: 'MasterKeySecret' } },
    ...(options.redis ? [{ Name: 'REDIS_URL', ValueFrom: redisUrlSecretArn() }] : []),
  ];
  const own = [...(options.settings?.secrets ?? [])].sort().map((Name) => ({ Name, ValueFrom: userSecretArn(options, Name) }));
  return [...entries, ...own];
}

/** The app's own command; in `wrapper` mode, `sh -c <script>` building the URLs first. */
export function containerCommand(options: Pick<AppStackOptions, 'database'>, command: readonly string[]): readonly string[] {
  return urlMode(options) === 'wrapper' ? withDatabaseUrl(options.database.adapter, options.database.extraDatabases, command) : command;
}
