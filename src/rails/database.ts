/**
 * The production database: adapter from config/database.yml (ERB, `primary:` nesting, a `.sample` when the real
 * file is gitignored) or else the lockfile's database gems; the extra Rails 8 databases (cache, queue, cable...)
 * that each need their own `<NAME>_DATABASE_URL`. PostgreSQL and MySQL are supported; the rest is refused.
 */
import { InputError } from '../errors.js';
import { ERB_VALUE, isRecord, parseErbYaml } from './erb-yaml.js';
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

const SQLITE_STEPS =
  'Fargate runs several short-lived tasks with no shared disk, so an SQLite file would be lost on every deploy and ' +
  'not shared between tasks. To switch to PostgreSQL: 1) add `gem "pg"` to the Gemfile and run `bundle install`; ' +
  '2) set `adapter: postgresql` (and remove `database: storage/production.sqlite3`) under production in ' +
  'config/database.yml; 3) keep db/schema.rb (or run `bin/rails db:system:change --to=postgresql` on Rails 7+); ' +
  '4) re-run the generator';

const DB_FILES = ['config/database.yml', 'config/database.yml.sample', 'config/database.yml.example', 'config/database.sample.yml'];

interface Parsed {
  readonly from: string;
  readonly production?: Record<string, unknown>;
}

function readConfig(repo: Repo): Parsed | undefined {
  for (const file of DB_FILES) {
    const text = repo.read(file);
    if (text === undefined) continue;
    const doc = parseErbYaml(text);
    const production = isRecord(doc) && isRecord(doc.production) ? doc.production : undefined;
    return { from: file, ...(production ? { production } : {}) };
  }
  return undefined;
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
  const adapter = typeof config.adapter === 'string' && !config.adapter.includes(ERB_VALUE) ? config.adapter : undefined;
  if (adapter) return adapter;
  const url = typeof config.url === 'string' ? /^([a-z0-9]+):\/\//.exec(config.url)?.[1] : undefined;
  return url === 'postgres' ? 'postgresql' : url === 'mysql' ? 'mysql2' : url;
}

function refuse(adapter: string, from: string): never {
  if (adapter === 'sqlite3' || adapter === 'sqlite') {
    throw new InputError('database adapter', adapter, `${SUPPORTED}. ${SQLITE_STEPS}`, from);
  }
  throw new InputError('database adapter', adapter, `${SUPPORTED}; RDS here runs PostgreSQL or MySQL only`, from);
}

export function detectDatabase(repo: Repo, gems: ReadonlyMap<string, string>): Fact<DatabaseFacts> {
  const parsed = readConfig(repo);
  const sampleFile = parsed && parsed.from !== 'config/database.yml' ? { sampleFile: parsed.from } : {};
  const layout = parsed?.production ? split(parsed.production) : undefined;
  const extraDatabases: ExtraDatabase[] = (layout?.extras ?? []).map(([name, config]) => ({
    name,
    envVar: `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_DATABASE_URL`,
    ...(typeof config.migrations_paths === 'string' ? { migrationsPaths: config.migrations_paths } : {}),
  }));
  const fromYaml = layout && adapterOf(layout.primary);
  if (fromYaml && parsed) {
    const engine = ADAPTERS[fromYaml];
    if (!engine) refuse(fromYaml, parsed.from);
    for (const [name, config] of layout.extras) {
      const other = adapterOf(config);
      if (other && ADAPTERS[other] !== engine) refuse(other, `${parsed.from} (production.${name})`);
    }
    return { value: { engine, adapter: fromYaml, extraDatabases, ...sampleFile }, from: parsed.from };
  }
  const present = GEM_ADAPTERS.filter(([gem]) => gems.has(gem));
  const servers = present.filter(([, adapter]) => adapter !== 'sqlite3');
  if (servers.length > 1 && !(servers.length === 2 && servers.every(([, a]) => ADAPTERS[a] === 'mysql'))) {
    throw new InputError(
      'database adapter',
      servers.map(([gem]) => gem).join(' and '),
      `one production database; set \`adapter:\` under production in config/database.yml (${SUPPORTED})`,
      'Gemfile.lock',
    );
  }
  const chosen = servers[0] ?? present[0];
  if (!chosen) {
    throw new InputError('database adapter', undefined, `${SUPPORTED}; no database.yml production adapter and none of pg, mysql2, trilogy in Gemfile.lock`, parsed?.from ?? 'Gemfile.lock');
  }
  const engine = ADAPTERS[chosen[1]];
  if (!engine) refuse(chosen[1], 'Gemfile.lock');
  return { value: { engine, adapter: chosen[1], extraDatabases, ...sampleFile }, from: 'Gemfile.lock' };
}
