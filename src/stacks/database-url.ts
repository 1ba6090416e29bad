/**
 * DATABASE_URL with the credentials URL-encoded. ECS can put the RDS secret's `username` and `password` into a
 * container's environment but cannot encode them, and a password holding `@`, `:`, `/`, `?`, `#` or `%` breaks a
 * URL built by plain concatenation (Rails then connects to the wrong host or fails to parse it). So the task gets
 * DB_HOST/DB_PORT/DB_NAME in its environment and DB_USERNAME/DB_PASSWORD as secrets, and its command is wrapped in a
 * small POSIX shell script that builds DATABASE_URL (and the `<NAME>_DATABASE_URL` of each extra Rails database,
 * e.g. the Solid Cache/Queue/Cable ones) before exec'ing the real command. The script encodes byte by byte exactly
 * like `encodeUrlComponent` below (RFC 3986: everything but `A-Z a-z 0-9 - . _ ~`), in plain sh (dash, bash, ash)
 * so it needs nothing the image may lack. `databaseUrl` is the reference the tests hold the script to.
 *
 * The command is embedded in the script (not passed as "$@"), so a Rails `bin/docker-entrypoint` that runs
 * `db:prepare` when its last arguments are `./bin/rails server` does not do so before the URL exists; migrations
 * are the migrate task's job anyway.
 */

export type DatabaseEngine = 'postgres' | 'mysql';

/** The Active Record adapters the app may use, each on the engine it talks to. */
export type DatabaseAdapter = 'postgresql' | 'postgis' | 'mysql2' | 'trilogy';

export const ADAPTER_ENGINES: Readonly<Record<DatabaseAdapter, DatabaseEngine>> = {
  postgresql: 'postgres',
  postgis: 'postgres',
  mysql2: 'mysql',
  trilogy: 'mysql',
};

/**
 * The URL scheme per adapter. Rails takes the adapter from DATABASE_URL's scheme (it overrides `adapter:` in
 * database.yml), mapping only `postgres` -> postgresql (and `mysql` -> mysql2 on 7.2+) and using any other scheme
 * as the adapter's name. So the scheme must name the app's own adapter: `mysql2://` in an app bundling only
 * trilogy fails to load the mysql2 gem at boot.
 */
export const URL_SCHEMES: Readonly<Record<DatabaseAdapter, string>> = {
  postgresql: 'postgres',
  postgis: 'postgis',
  mysql2: 'mysql2',
  trilogy: 'trilogy',
};

/**
 * Query parameters per adapter. Trilogy speaks MySQL 8.4's default authentication (caching_sha2_password) only over
 * TLS, and does not ask for TLS unless told: without these, the first migration fails to log in to RDS MySQL 8.4.
 * RDS presents its certificate authority's certificate; REQUIRED encrypts without pinning that authority. mysql2
 * and PostgreSQL use TLS whenever the server offers it.
 */
export const URL_QUERY: Readonly<Record<DatabaseAdapter, string>> = {
  postgresql: '',
  postgis: '',
  mysql2: '',
  trilogy: '?ssl=true&ssl_mode=REQUIRED',
};

export function isDatabaseAdapter(adapter: string): adapter is DatabaseAdapter {
  return Object.hasOwn(URL_SCHEMES, adapter);
}

/** The scheme for `adapter`; throws for one outside DatabaseAdapter (a library caller's typo). */
export function urlScheme(adapter: DatabaseAdapter): string {
  if (!isDatabaseAdapter(adapter)) throw new Error(`database adapter "${String(adapter)}" must be one of ${Object.keys(URL_SCHEMES).join(', ')}`);
  return URL_SCHEMES[adapter];
}

/** Rails database names (config keys) that get their own URL, e.g. `cache` -> CACHE_DATABASE_URL. */
export const EXTRA_DATABASE_NAME = /^[a-z][a-z0-9_]*$/;

export interface DatabaseUrlParts {
  readonly adapter: DatabaseAdapter;
  readonly user: string;
  readonly password: string;
  readonly host: string;
  readonly port: number | string;
  readonly name: string;
}

/** encodeURIComponent, plus the five characters it leaves alone (`! ' ( ) *`): strict RFC 3986 unreserved only. */
export function encodeUrlComponent(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function databaseUrl(parts: DatabaseUrlParts): string {
  const { adapter, user, password, host, port, name } = parts;
  return `${urlScheme(adapter)}://${encodeUrlComponent(user)}:${encodeUrlComponent(password)}@${host}:${port}/${name}${URL_QUERY[adapter]}`;
}

/** `cache` -> `CACHE_DATABASE_URL`. */
export function extraDatabaseEnvName(database: string): string {
  if (!EXTRA_DATABASE_NAME.test(database)) {
    throw new Error(`extra database name "${database}" must match ${EXTRA_DATABASE_NAME.source}`);
  }
  return `${database.toUpperCase()}_DATABASE_URL`;
}

/** Every URL the app gets: DATABASE_URL, and `<NAME>_DATABASE_URL` pointing at `<name>_<extra>` per extra database. */
export function databaseUrls(parts: DatabaseUrlParts, extraDatabases: readonly string[]): Record<string, string> {
  const urls: Record<string, string> = { DATABASE_URL: databaseUrl(parts) };
  for (const extra of extraDatabases) urls[extraDatabaseEnvName(extra)] = databaseUrl({ ...parts, name: `${parts.name}_${extra}` });
  return urls;
}

/** One word for sh, single-quoted: `it's` -> `'it'\''s'`. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// Byte-wise under LC_ALL=C (set inside the command substitution only, so the app keeps its locale).
const ENCODE = `enc(){ s=$1;o=;while [ -n "$s" ];do r=\${s#?};c=\${s%"$r"};s=$r;case $c in [A-Za-z0-9._~-]) o=$o$c;;*) o=$o$(printf %%%02X "'$c");;esac;done;printf %s "$o";}`;

/** The sh script that exports the database URLs from DB_* variables, then execs `command`. */
export function databaseUrlScript(adapter: DatabaseAdapter, extraDatabases: readonly string[], command: readonly string[]): string {
  if (command.length === 0) throw new Error('databaseUrlScript needs a command to run');
  // No `${name}` braces: CloudFormation linters read them as Fn::Sub variables. `"$b"_cache` ends the name instead.
  const query = URL_QUERY[adapter] ? '"$q"' : '';
  const exports = [`DATABASE_URL="$b"${query}`, ...extraDatabases.map((db) => `${extraDatabaseEnvName(db)}="$b"_${db}${query}`)];
  return [
    ENCODE,
    'u=$(LC_ALL=C;export LC_ALL;enc "$DB_USERNAME")',
    'p=$(LC_ALL=C;export LC_ALL;enc "$DB_PASSWORD")',
    `b="${urlScheme(adapter)}://$u:$p@$DB_HOST:$DB_PORT/$DB_NAME"`,
    ...(URL_QUERY[adapter] ? [`q=${shellQuote(URL_QUERY[adapter])}`] : []),
    `export ${exports.join(' ')}`,
    `exec ${command.map(shellQuote).join(' ')}`,
  ].join('\n');
}

/** The container command: `sh -c <script>`. Also what `bin/fargate console` runs through ECS Exec. */
export function withDatabaseUrl(adapter: DatabaseAdapter, extraDatabases: readonly string[], command: readonly string[]): string[] {
  return ['sh', '-c', databaseUrlScript(adapter, extraDatabases, command)];
}
