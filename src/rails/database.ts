/**
 * The production database: adapter from config/database.yml (ERB, `primary:` nesting, a `.sample` when the real
 * file is gitignored) or else the lockfile's database gems; the extra Rails 8 databases (cache, queue, cable...)
 * that each need their own `<NAME>_DATABASE_URL`. PostgreSQL and MySQL are supported; the rest is refused.
 */
import { InputError } from '../errors.js';
import { ERB_VALUE, isRecord, parseYaml, renderErb, SET_VALUE } from './erb-yaml.js';
import type { EnvRef, ErbEnv } from './erb-yaml.js';
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';

export type DatabaseEngine = 'postgresql' | 'mysql';

export interface ExtraDatabase {
  /** The database.yml key: `cache`, `queue`, `cable`... */
  readonly name: string;
  /** `CACHE_DATABASE_URL`: Rails merges `DATABASE_URL` into `primary` only. */
  readonly envVar: string;
  readonly migrationsPaths?: string;
}

export interface DatabaseFacts {
  readonly engine: DatabaseEngine;
  /** The Active Record adapter: postgresql, postgis, mysql2, trilogy. */
  readonly adapter: string;
  /** The production databases besides the primary one (Rails 8 multi-database). */
  readonly extraDatabases: readonly ExtraDatabase[];
  /** Only `config/database.yml.sample` (or `.example`) exists: the image copies it to config/database.yml. */
  readonly sampleFile?: string;
  /** Variables every task sets so database.yml selects this database (`DATABASE_ADAPTER=postgresql`). */
  readonly env?: Readonly<Record<string, string>>;
  /** How the adapter was read, for the summary: `config/database.yml:18 adapter: postgresql`. */
  readonly evidence?: string;
  /** What the user should change: a database that reads a URL variable the task does not set. */
  readonly warnings?: readonly string[];
}

const ADAPTERS: Record<string, DatabaseEngine> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  postgis: 'postgresql',
  mysql2: 'mysql',
  trilogy: 'mysql',
};

/** Gem -> adapter, in order of preference when the lockfile has several (sqlite3 is usually dev-only). */
const GEM_ADAPTERS: Array<[string, string]> = [
  ['pg', 'postgresql'],
  ['mysql2', 'mysql2'],
  ['trilogy', 'trilogy'],
  ['sqlite3', 'sqlite3'],
];

const SUPPORTED = 'postgresql (gem pg) or mysql2/trilogy (MySQL), set as the production adapter in config/database.yml';

/** The steps to leave SQLite, from the app's own file: its line, its database path, and only the gems it lacks. */
function sqliteSteps(file: string, line: Located | undefined, database: string | undefined, gems: ReadonlyMap<string, string>): string {
  const steps = [
    ...(gems.has('pg') ? [] : ['add `gem "pg"` to the Gemfile and run `bundle install`']),
    `set \`adapter: postgresql\` under production in ${file}${line ? ` (line ${line.line}: \`${line.text}\`)` : ''}` +
      (database && database !== ERB_VALUE ? ` and remove \`database: ${database}\`` : ''),
    'keep db/schema.rb (or run `bin/rails db:system:change --to=postgresql` on Rails 7+)',
    're-run the generator',
  ];
  return (
    'Fargate runs several short-lived tasks with no shared disk, so an SQLite file would be lost on every deploy and ' +
    `not shared between tasks. To switch to PostgreSQL: ${steps.map((step, i) => `${i + 1}) ${step}`).join('; ')}`
  );
}

const DB_FILES = ['config/database.yml', 'config/database.yml.sample', 'config/database.yml.example', 'config/database.sample.yml'];

/** A line of the file: its number (1-based) and trimmed text. */
interface Located {
  readonly line: number;
  readonly text: string;
}

interface Parsed {
  readonly from: string;
  readonly source: string;
  readonly rendered: string;
  readonly refs: readonly EnvRef[];
  readonly production?: Record<string, unknown>;
}

/** What every task sets before Rails reads database.yml: RAILS_ENV, DATABASE_URL and each `<NAME>_DATABASE_URL`. */
function taskEnv(source: string, extra: ErbEnv = {}): ErbEnv {
  const urls = [...source.matchAll(/ENV(?:\[\s*|\.fetch\(\s*|\.key\?\(\s*)["']([A-Z0-9_]*DATABASE_URL)["']/g)].map((m) => m[1]!);
  // Each URL stands in as `__set__:NAME`, so we can tell which variable each database reads.
  return { RAILS_ENV: 'production', ...Object.fromEntries(['DATABASE_URL', ...urls].map((name) => [name, `${SET_VALUE}:${name}`])), ...extra };
}

function render(from: string, source: string, env: ErbEnv): Parsed {
  const { text, refs } = renderErb(source, env);
  const doc = parseYaml(text);
  const production = isRecord(doc) && isRecord(doc.production) ? doc.production : undefined;
  return { from, source, rendered: text, refs, ...(production ? { production } : {}) };
}

function readConfig(repo: Repo): Parsed | undefined {
  for (const file of DB_FILES) {
    const text = repo.read(file);
    if (text === undefined) continue;
    return render(file, text, taskEnv(text));
  }
  return undefined;
}

const indent = (line: string): number => /^\s*/.exec(line)![0].length;

/**
 * The `adapter:` line Rails reads for production: inside the production block, else in the block it merges
 * (`<<: *default`), followed anchor by anchor.
 */
function adapterLine(parsed: Parsed): Located | undefined {
  const lines = parsed.rendered.split('\n');
  const source = parsed.source.split('\n');
  const seen = new Set<number>();
  const search = (start: number): number | undefined => {
    if (start < 0 || seen.has(start)) return undefined;
    seen.add(start);
    const block: number[] = [];
    for (let i = start + 1; i < lines.length; i += 1) {
      if (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('#')) continue;
      if (indent(lines[i]!) <= indent(lines[start]!)) break;
      block.push(i);
    }
    const direct = block.find((i) => /^\s*adapter\s*:/.test(lines[i]!));
    if (direct !== undefined) return direct;
    for (const i of block) {
      const alias = /^\s*<<\s*:\s*\*([\w-]+)/.exec(lines[i]!)?.[1];
      const anchor = alias ? lines.findIndex((line) => new RegExp(`&${alias}\\b`).test(line)) : -1;
      const found = search(anchor);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const found = search(lines.findIndex((line) => /^production\s*:/.test(line)));
  return found === undefined ? undefined : { line: found + 1, text: source[found]!.trim() };
}

/** A production entry is either one database (`adapter:`, `url:`, `database:`) or a map of named databases. */
function split(production: Record<string, unknown>): { primary: Record<string, unknown>; extras: Array<[string, Record<string, unknown>]> } {
  const single = ['adapter', 'url', 'database', 'host'].some((key) => key in production && !isRecord(production[key]));
  if (single) return { primary: production, extras: [] };
  const named = Object.entries(production).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]));
  const primaryEntry = named.find(([name]) => name === 'primary') ?? named[0];
  return {
    primary: primaryEntry?.[1] ?? {},
    extras: named.filter((entry) => entry !== primaryEntry && entry[1].replica !== true),
  };
}

function adapterOf(config: Record<string, unknown>): string | undefined {
  const adapter = typeof config.adapter === 'string' && config.adapter !== '' && !config.adapter.includes(ERB_VALUE) ? config.adapter : undefined;
  if (adapter) return adapter;
  const url = typeof config.url === 'string' ? /^([a-z0-9]+):\/\//.exec(config.url)?.[1] : undefined;
  return url === 'postgres' ? 'postgresql' : url === 'mysql' ? 'mysql2' : url;
}

function refuse(adapter: string, from: string, steps?: string): never {
  if (adapter === 'sqlite3' || adapter === 'sqlite') {
    throw new InputError('database adapter', adapter, `${SUPPORTED}. ${steps ?? ''}`.trim(), from);
  }
  throw new InputError('database adapter', adapter, `${SUPPORTED}; RDS here runs PostgreSQL or MySQL only`, from);
}

/** The supported adapter the lockfile's gems allow, in order of preference. */
function gemAdapter(gems: ReadonlyMap<string, string>): string | undefined {
  return GEM_ADAPTERS.find(([gem, adapter]) => adapter !== 'sqlite3' && gems.has(gem))?.[1];
}

/** `config/database.yml:18 (adapter: sqlite3)`: where a refusal's evidence is. */
function at(file: string, line: Located | undefined): string {
  return line ? `${file}:${line.line}: \`${line.text}\`` : file;
}

export function detectDatabase(repo: Repo, gems: ReadonlyMap<string, string>): Fact<DatabaseFacts> {
  let parsed = readConfig(repo);
  const env: Record<string, string> = {};
  // An adapter chosen by a variable (`adapter: <%= ENV.fetch("DATABASE_ADAPTER", "sqlite3") %>`): choose a
  // supported one the lockfile has, set the variable in every task, and read the file again with it set.
  let line = parsed && adapterLine(parsed);
  const variable = parsed && line ? parsed.refs.find((ref) => ref.line === line!.line && !/DATABASE_URL$/.test(ref.name)) : undefined;
  if (parsed && variable) {
    const fallback = variable.fallback && ADAPTERS[variable.fallback] ? variable.fallback : undefined;
    const chosen = fallback ?? gemAdapter(gems);
    if (!chosen) {
      throw new InputError(
        'database adapter',
        variable.fallback,
        `${SUPPORTED}; ${variable.name} chooses the adapter but Gemfile.lock locks none of pg, mysql2, trilogy`,
        at(parsed.from, line),
      );
    }
    env[variable.name] = chosen;
    parsed = render(parsed.from, parsed.source, taskEnv(parsed.source, env));
    line = adapterLine(parsed);
  }
  const sampleFile = parsed && parsed.from !== 'config/database.yml' ? { sampleFile: parsed.from } : {};
  const layout = parsed?.production ? split(parsed.production) : undefined;
  const extraDatabases: ExtraDatabase[] = (layout?.extras ?? []).map(([name, config]) => ({
    name,
    envVar: `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_DATABASE_URL`,
    ...(typeof config.migrations_paths === 'string' ? { migrationsPaths: config.migrations_paths } : {}),
  }));
  // Rails merges DATABASE_URL into the primary only; the task sets `<NAME>_DATABASE_URL` for every other database.
  const warnings = (layout?.extras ?? []).flatMap(([name, config]) => {
    const reads = typeof config.url === 'string' && config.url.startsWith(`${SET_VALUE}:`) ? config.url.slice(SET_VALUE.length + 1) : undefined;
    const sets = extraDatabases.find((db) => db.name === name)!.envVar;
    return reads && reads !== sets
      ? [`${parsed!.from}: production.${name} reads ${reads}, but every task sets ${sets}: write url: <%= ENV["${sets}"] %> there.`]
      : [];
  });
  const extras = { extraDatabases, ...sampleFile, ...(Object.keys(env).length ? { env } : {}), ...(warnings.length ? { warnings } : {}) };
  const fromYaml = layout && adapterOf(layout.primary);
  if (fromYaml && parsed) {
    const engine = ADAPTERS[fromYaml];
    const database = typeof layout.primary.database === 'string' ? layout.primary.database : undefined;
    if (!engine) refuse(fromYaml, at(parsed.from, line), sqliteSteps(parsed.from, line, database, gems));
    for (const [name, config] of layout.extras) {
      const other = adapterOf(config);
      if (other && ADAPTERS[other] !== engine) refuse(other, `${parsed.from} (production.${name})`, sqliteSteps(parsed.from, undefined, undefined, gems));
    }
    const how = variable ? `${at(parsed.from, line)}, with ${variable.name}=${fromYaml} set in every task` : line ? at(parsed.from, line) : parsed.from;
    return { value: { engine, adapter: fromYaml, ...extras, evidence: how }, from: parsed.from };
  }
  const present = GEM_ADAPTERS.filter(([gem]) => gems.has(gem));
  const servers = present.filter(([, adapter]) => adapter !== 'sqlite3');
  if (servers.length > 1 && !(servers.length === 2 && servers.every(([, a]) => ADAPTERS[a] === 'mysql'))) {
    throw new InputError(
      'database adapter',
      servers.map(([gem]) => gem).join(' and '),
      `one production database; set \`adapter:\` under production in ${parsed?.from ?? 'config/database.yml'} (${SUPPORTED})`,
      'Gemfile.lock',
    );
  }
  const chosen = servers[0] ?? present[0];
  if (!chosen) {
    throw new InputError('database adapter', undefined, `${SUPPORTED}; no database.yml production adapter and none of pg, mysql2, trilogy in Gemfile.lock`, parsed?.from ?? 'Gemfile.lock');
  }
  const engine = ADAPTERS[chosen[1]];
  if (!engine) refuse(chosen[1], 'Gemfile.lock', sqliteSteps(parsed?.from ?? 'config/database.yml', undefined, undefined, gems));
  const why = parsed?.production ? `${parsed.from} production names no adapter (DATABASE_URL sets it)` : parsed ? `${parsed.from} has no production section (DATABASE_URL configures it)` : 'no config/database.yml';
  return { value: { engine, adapter: chosen[1], ...extras, evidence: `Gemfile.lock gem ${chosen[0]}; ${why}` }, from: 'Gemfile.lock' };
}
