/**
 * The app's own settings, as Kamal's env.clear/env.secret and Copilot's variables/secrets: plain environment
 * variables (name and value, in the task definitions) and secrets (names only: each value lives in Secrets Manager as
 * `<app>/<environment>/<NAME>`, stored there by `bin/fargate secrets set NAME`, read by ECS when a task starts). One
 * rule for names, one list of names the stacks set themselves, shared by the answers, the app stack and bin/fargate.
 */

export interface AppSettings {
  /** Plain variables: every task gets them as they are. */
  readonly env: Readonly<Record<string, string>>;
  /** Secret names: every task gets each from its own Secrets Manager secret, by ARN. */
  readonly secrets: readonly string[];
}

export const NO_SETTINGS: AppSettings = { env: {}, secrets: [] };

/** A POSIX environment variable name: letters, digits and underscores, not starting with a digit. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
export const ENV_NAME_RULE = 'letters, digits and underscores, not starting with a digit (a POSIX name), at most 255 characters';

/**
 * Names the stacks set themselves (fragments/app, src/stacks/app/container.ts and the plan's environment): the
 * database (DATABASE_URL and every <NAME>_DATABASE_URL; DB_* too, which a data stack generated before
 * DatabaseUrlSecret passes its URL-building wrapper, so a project moving off it never finds them taken), the cache, the master key, Active Storage's bucket and
 * Region, the server's ports and timeouts, the SSL switches and log settings; and what ECS and its agent set in every
 * task (the metadata and credentials endpoints), which a task must not override.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'DATABASE_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USERNAME', 'DB_PASSWORD',
  'REDIS_URL', 'RAILS_MASTER_KEY', 'S3_BUCKET', 'AWS_REGION', 'AWS_DEFAULT_REGION',
  'RAILS_ENV', 'PORT', 'HTTP_PORT', 'TARGET_PORT', 'HTTP_IDLE_TIMEOUT', 'HTTP_READ_TIMEOUT', 'HTTP_WRITE_TIMEOUT',
  'RAILS_FORCE_SSL', 'RAILS_ASSUME_SSL', 'RAILS_LOG_TO_STDOUT', 'RAILS_SERVE_STATIC_FILES',
  'AWS_EXECUTION_ENV', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'ECS_CONTAINER_METADATA_URI', 'ECS_CONTAINER_METADATA_URI_V4', 'ECS_AGENT_URI',
]);

/** Why the stacks keep a name for themselves, or undefined when it is the user's to set. */
export function reservedReason(name: string): string | undefined {
  if (/^[A-Z0-9_]+_DATABASE_URL$/.test(name) || name === 'DATABASE_URL') return 'the data stack gives the database URLs, as a secret';
  if (/^DB_(HOST|PORT|NAME|USERNAME|PASSWORD)$/.test(name)) return 'a data stack generated before its database URL secret gives the database and its credentials under these names';
  if (name === 'REDIS_URL') return 'the data stack gives the cache, with its auth token, as a secret';
  if (name === 'RAILS_MASTER_KEY') return 'bin/fargate secrets stores config/master.key (or the environment\'s key) for it';
  if (/^(ECS_|AWS_CONTAINER_|AWS_EXECUTION_ENV$)/.test(name)) return 'ECS sets it in every task';
  if (RESERVED_NAMES.has(name)) return 'the generated stacks set it from what was detected in the app';
  return undefined;
}

/** A name that looks like it holds a secret never goes into a plain `Environment`. */
export const SECRET_LOOKING = /PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL/i;

/** The Secrets Manager secret that holds a setting's value: `<app>/<environment>/<NAME>`. */
export function secretName(appName: string, environment: string, name: string): string {
  return `${appName}/${environment}/${name}`;
}
