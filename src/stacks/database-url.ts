/**
 * The database URLs the app gets: DATABASE_URL and, for each extra Rails database (the Solid Cache/Queue/Cable ones),
 * `<NAME>_DATABASE_URL`. Two ways, chosen per project (`DatabaseUrlMode`, decided from .yo-rc.json):
 *
 * - `secret` (every data stack generated since DatabaseUrlSecret exists): the data stack builds every URL once, at
 *   deploy time, into one Secrets Manager secret (JSON, one key per URL; `databaseUrlSecretString`), and each task gets
 *   each URL as an ECS secret by JSON key. The master password is letters and digits only, so it goes into the URL with
 *   no encoding, and every container's command is the app's own.
 * - `wrapper` (a data stack generated before: its password has punctuation, and changing its GenerateSecretString
 *   would leave the database with the old one, so it stays): ECS cannot URL-encode, so the task gets
 *   DB_HOST/DB_PORT/DB_NAME and DB_USERNAME/DB_PASSWORD, and its command is wrapped in a small POSIX shell script that
 *   builds the URLs (`withDatabaseUrl`) before exec'ing the real command. The script encodes byte by byte exactly like
 *   `encodeUrlComponent` below (RFC 3986: everything but `A-Z a-z 0-9 - . _ ~`); `databaseUrl` is the reference the
 *   tests hold it to. infra/README.md says how such a project moves to `secret`.
 */

/** Where the URLs come from; see the top of this file. */
export type DatabaseUrlMode = 'secret' | 'wrapper';

/**
 * The characters of the master password, fixed for the life of the data stack (its GenerateSecretString must never
 * change): `alphanumeric` for a stack generated since DatabaseUrlSecret exists; `punctuation` for one generated
 * before, which keeps its rule even after it moves to `secret` mode with a URL-safe password set by hand.
 */
export type DatabasePasswordRule = 'alphanumeric' | 'punctuation';

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
 * Where the image keeps the RDS certificate authorities' bundle (the Dockerfile downloads it from
 * truststore.pki.rds.amazonaws.com at build time), so every client verifies the database's certificate and host name.
 */
export const RDS_CA_PATH = '/rails/config/rds-ca.pem';

/**
 * Query parameters per adapter: TLS, with the server's certificate verified against the RDS bundle and its name
 * against the host, so a host in between cannot pose as the database. Rails passes each one to the adapter's client:
 * - PostgreSQL (pg, libpq): sslmode=verify-full, sslrootcert the bundle.
 * - mysql2: ssl_mode=verify_identity (Mysql2::Client reads the mode case-insensitively), sslca the bundle.
 * - trilogy: ssl=true, ssl_mode=VERIFY_IDENTITY (the Rails adapter maps it to Trilogy::SSL_VERIFY_IDENTITY), ssl_ca the
 *   bundle. Trilogy also needs TLS for MySQL 8.4's default authentication (caching_sha2_password).
 * The MySQL parameter group sets require_secure_transport, so no client can fall back to plain text either.
 * An image built from the app's own Dockerfile (kept, not replaced) may lack the bundle: the URLs then use
 * URL_QUERY_UNVERIFIED, still TLS, so the app keeps connecting; the Dockerfile findings say how to add it. In `secret`
 * mode that is decided when the templates are generated (no shell runs in the container to look); the wrapper script
 * looks for the file when the container starts.
 */
export const URL_QUERY: Readonly<Record<DatabaseAdapter, string>> = {
  postgresql: `?sslmode=verify-full&sslrootcert=${RDS_CA_PATH}`,
  postgis: `?sslmode=verify-full&sslrootcert=${RDS_CA_PATH}`,
  mysql2: `?ssl_mode=verify_identity&sslca=${RDS_CA_PATH}`,
  trilogy: `?ssl=true&ssl_mode=VERIFY_IDENTITY&ssl_ca=${RDS_CA_PATH}`,
};

/** TLS without verifying the server, for an image without the RDS bundle (see URL_QUERY). */
export const URL_QUERY_UNVERIFIED: Readonly<Record<DatabaseAdapter, string>> = {
  postgresql: '?sslmode=require',
  postgis: '?sslmode=require',
  mysql2: '?ssl_mode=required',
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

/** The URL; `caBundle` false: the image lacks RDS_CA_PATH, so TLS without verification (what the script falls back to). */
export function databaseUrl(parts: DatabaseUrlParts, caBundle = true): string {
  const { adapter, user, password, host, port, name } = parts;
  const query = urlQuery(adapter, caBundle);
  return `${urlScheme(adapter)}://${encodeUrlComponent(user)}:${encodeUrlComponent(password)}@${host}:${port}/${name}${query}`;
}

/** The URL's query: TLS verified against the RDS bundle, or (`caBundle` false: the image lacks it) TLS unverified. */
function urlQuery(adapter: DatabaseAdapter, caBundle: boolean): string {
  return (caBundle ? URL_QUERY : URL_QUERY_UNVERIFIED)[adapter];
}

/**
 * DATABASE_URL and each `<NAME>_DATABASE_URL`, each made by `url(suffix)` with the suffix of its database's name: ''
 * for the primary database, `_<extra>` for an extra one (`<name>_cache`).
 */
function urlsByName(extraDatabases: readonly string[], url: (suffix: string) => string): Record<string, string> {
  const urls: Record<string, string> = { DATABASE_URL: url('') };
  for (const extra of extraDatabases) urls[extraDatabaseEnvName(extra)] = url(`_${extra}`);
  return urls;
}

/** `cache` -> `CACHE_DATABASE_URL`. */
export function extraDatabaseEnvName(database: string): string {
  if (!EXTRA_DATABASE_NAME.test(database)) {
    throw new Error(`extra database name "${database}" must match ${EXTRA_DATABASE_NAME.source}`);
  }
  return `${database.toUpperCase()}_DATABASE_URL`;
}

/** Every URL the app gets: DATABASE_URL, and `<NAME>_DATABASE_URL` pointing at `<name>_<extra>` per extra database. */
export function databaseUrls(parts: DatabaseUrlParts, extraDatabases: readonly string[], caBundle = true): Record<string, string> {
  return urlsByName(extraDatabases, (suffix) => databaseUrl({ ...parts, name: `${parts.name}${suffix}` }, caBundle));
}

/** One word for sh, single-quoted: `it's` -> `'it'\''s'`. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// Byte-wise under LC_ALL=C (set inside the command substitution only, so the app keeps its locale).
const ENCODE = `enc(){ s=$1;o=;while [ -n "$s" ];do r=\${s#?};c=\${s%"$r"};s=$r;case $c in [A-Za-z0-9._~-]) o=$o$c;;*) o=$o$(printf %%%02X "'$c");;esac;done;printf %s "$o";}`;

/**
 * DatabaseUrlSecret's SecretString, for Fn::Sub in the data stack: JSON with one key per URL. The password comes in
 * by a dynamic reference to DatabaseSecret (resolved by CloudFormation when the template changes), the host and port
 * from the database's endpoint. Nothing is encoded: the user name is fixed and alphanumeric, the password letters and
 * digits only (ExcludePunctuation), the database names `[a-z0-9_]`. `caBundle` false: the image lacks RDS_CA_PATH.
 */
export function databaseUrlSecretString(adapter: DatabaseAdapter, extraDatabases: readonly string[], user: string, databaseName: string, caBundle: boolean): string {
  if (!/^[A-Za-z0-9_]+$/.test(user) || !/^[A-Za-z0-9_]+$/.test(databaseName)) {
    throw new Error(`user "${user}" and database name "${databaseName}" must be letters, digits and underscores (they go into the URL unencoded)`);
  }
  const query = urlQuery(adapter, caBundle);
  const base = `${urlScheme(adapter)}://${user}:{{resolve:secretsmanager:\${DatabaseSecret}:SecretString:password}}@\${Database.Endpoint.Address}:\${Database.Endpoint.Port}/${databaseName}`;
  return JSON.stringify(urlsByName(extraDatabases, (suffix) => `${base}${suffix}${query}`));
}

/** The sh script that exports the database URLs from DB_* variables, then execs `command`. */
export function databaseUrlScript(adapter: DatabaseAdapter, extraDatabases: readonly string[], command: readonly string[]): string {
  if (command.length === 0) throw new Error('databaseUrlScript needs a command to run');
  // No `${name}` braces: CloudFormation linters read them as Fn::Sub variables. `"$b"_cache` ends the name instead.
  const query = '"$q"';
  const exports = [`DATABASE_URL="$b"${query}`, ...extraDatabases.map((db) => `${extraDatabaseEnvName(db)}="$b"_${db}${query}`)];
  return [
    ENCODE,
    'u=$(LC_ALL=C;export LC_ALL;enc "$DB_USERNAME")',
    'p=$(LC_ALL=C;export LC_ALL;enc "$DB_PASSWORD")',
    `b="${urlScheme(adapter)}://$u:$p@$DB_HOST:$DB_PORT/$DB_NAME"`,
    `q=${shellQuote(URL_QUERY[adapter])}`,
    `[ -r ${RDS_CA_PATH} ] || q=${shellQuote(URL_QUERY_UNVERIFIED[adapter])}`,
    `export ${exports.join(' ')}`,
    `exec ${command.map(shellQuote).join(' ')}`,
  ].join('\n');
}

/** `wrapper` mode's container command: `sh -c <script>`. Also what its `bin/fargate console` runs through ECS Exec. */
export function withDatabaseUrl(adapter: DatabaseAdapter, extraDatabases: readonly string[], command: readonly string[]): string[] {
  return ['sh', '-c', databaseUrlScript(adapter, extraDatabases, command)];
}
