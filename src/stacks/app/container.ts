/**
 * What every container of the app stack shares: the plain environment (the plan's variables plus where the
 * database and Redis are, imported from the data stack), the secrets (RAILS_MASTER_KEY and the database
 * credentials, by ARN, never values), and the command wrapper that builds the database URLs.
 */
import { withDatabaseUrl } from '../database-url.js';
import type { AppStackOptions } from './options.js';

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
export function containerEnvironment(options: Pick<AppStackOptions, 'environmentVars' | 'redis'>): EnvEntry[] {
  const entries: EnvEntry[] = [
    ...Object.entries(options.environmentVars).map(([Name, Value]) => ({ Name, Value })),
    { Name: 'DB_HOST', Value: dataImport('DatabaseEndpoint') },
    { Name: 'DB_PORT', Value: dataImport('DatabasePort') },
    { Name: 'DB_NAME', Value: dataImport('DatabaseName') },
  ];
  if (options.redis) {
    // The data stack's cache encrypts in transit, hence rediss://.
    entries.push({
      Name: 'REDIS_URL',
      Value: { 'Fn::Sub': ['rediss://${Host}:${Port}', { Host: dataImport('RedisEndpoint'), Port: dataImport('RedisPort') }] },
    });
  }
  return entries.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** The data stack's database secret holds JSON with `username` and `password`; ECS extracts a key with `<arn>:<key>::`. */
function databaseSecretKey(key: 'username' | 'password'): unknown {
  return { 'Fn::Sub': [`\${SecretArn}:${key}::`, { SecretArn: dataImport('DatabaseSecretArn') }] };
}

export function containerSecrets(): SecretEntry[] {
  return [
    { Name: 'DB_PASSWORD', ValueFrom: databaseSecretKey('password') },
    { Name: 'DB_USERNAME', ValueFrom: databaseSecretKey('username') },
    { Name: 'RAILS_MASTER_KEY', ValueFrom: { Ref: 'MasterKeySecret' } },
  ];
}

export function containerCommand(options: Pick<AppStackOptions, 'database'>, command: readonly string[]): string[] {
  return withDatabaseUrl(options.database.adapter, options.database.extraDatabases, command);
}
