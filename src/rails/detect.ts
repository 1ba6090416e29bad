/**
 * What the generator knows about the Rails app, read from its files alone. Pure apart from reading files: no
 * Yeoman, no prompts. Each fact says which file it came from so messages can point at it. The detectors live in
 * the sibling files (one idea each); this file reads the shared inputs once and puts the facts together.
 */
import { InputError } from '../errors.js';
import { detectDatabase } from './database.js';
import type { DatabaseFacts } from './database.js';
import { detectExistingDocker } from './dockerfile-existing.js';
import type { ExistingDockerFiles } from './dockerfile-existing.js';
import type { Fact } from './fact.js';
import { parseLockfile } from './gemfile-lock.js';
import { devOnlyGems, productionGems } from './gemfile.js';
import { detectHealthRoute } from './health.js';
import type { HealthRoute } from './health.js';
import { detectJobs } from './jobs.js';
import type { JobFacts } from './jobs.js';
import { detectNode } from './node.js';
import type { NodeFacts } from './node.js';
import { detectProductionConfig } from './production-config.js';
import type { ProductionConfig } from './production-config.js';
import { detectRedis } from './redis.js';
import type { RedisUse } from './redis.js';
import { diskRepo, stripRubyComments } from './repo.js';
import type { Repo } from './repo.js';
import { detectRubyVersion } from './ruby-version.js';
import type { RubyVersion } from './ruby-version.js';
import { detectServer } from './server.js';
import { detectStorage } from './storage.js';
import type { StorageUse } from './storage.js';
import type { ServerFacts } from './server.js';

export type { Fact } from './fact.js';

export interface AppFacts {
  /** The application module, e.g. `Bookshelf` from `module Bookshelf` in config/application.rb. */
  readonly appModule: Fact<string>;
  /** A default app name for stacks and resources, from the module: `BookShelf` -> `book-shelf`. */
  readonly appName: Fact<string>;
  /** `rails (x.y.z)` in Gemfile.lock, else `railties`. */
  readonly railsVersion: Fact<string>;
  readonly ruby: Fact<RubyVersion>;
  /** `BUNDLED WITH`, when the lockfile records it. */
  readonly bundlerVersion?: Fact<string>;
  /** Gemfile.lock PLATFORMS; see `platformWarnings` for the chosen CPU architecture. */
  readonly platforms: Fact<readonly string[]>;
  readonly database: Fact<DatabaseFacts>;
  readonly jobs: Fact<JobFacts>;
  readonly redis: Fact<RedisUse>;
  readonly node: Fact<NodeFacts>;
  /** Gems installed from git: the build stage needs `git`. */
  readonly gitGems: Fact<readonly string[]>;
  readonly bootsnap: Fact<boolean>;
  /** `config.api_only = true`: no asset precompile. */
  readonly apiOnly: Fact<boolean>;
  /** Whether `assets:precompile` has work to do (an asset pipeline or JS/CSS bundler, and not API-only). */
  readonly precompileAssets: Fact<boolean>;
  /** ruby-vips (image_processing): the runtime image needs libvips. */
  readonly libvips: Fact<boolean>;
  /**
   * The app uses ImageMagick: mini_magick or rmagick in the Gemfile itself (not only through image_processing),
   * or `variant_processor = :mini_magick`. The runtime image needs imagemagick.
   */
  readonly imagemagick?: Fact<boolean>;
  readonly health: Fact<HealthRoute>;
  readonly production: Fact<ProductionConfig>;
  readonly server: Fact<ServerFacts>;
  readonly docker: Fact<ExistingDockerFiles>;
  /** The gems the production image installs: Gemfile.lock minus what only development/test declare. */
  readonly productionGems?: Fact<readonly string[]>;
  /** Active Storage in production: the service and its kind. */
  readonly storage?: Fact<StorageUse>;
  /** Things the user should know that do not stop generation. */
  readonly warnings: readonly string[];
}

const NOT_RAILS = 'the root of a Rails application (config/application.rb, and rails or railties in Gemfile.lock)';

/** `BookShelf` -> `book-shelf`, `HRApp2` -> `hr-app2`, cut to fit the app-name rule. */
export function appNameFromModule(module: string): string {
  const dashed = module
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '');
  return dashed.slice(0, 32).replace(/-+$/, '') || 'app';
}

export function lockedVersion(lockfile: string, gem: string): string | undefined {
  const escaped = gem.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
  return new RegExp(`^ {4}${escaped} \\(([^)]+)\\)$`, 'm').exec(lockfile)?.[1];
}

const ASSET_GEMS = ['propshaft', 'sprockets-rails', 'sprockets', 'jsbundling-rails', 'cssbundling-rails', 'shakapacker', 'webpacker', 'vite_ruby', 'vite_rails', 'tailwindcss-rails', 'dartsass-rails'];

function imageMagick(gemfile: string, configs: readonly string[]): Fact<boolean> {
  const declared = /^\s*gem\s+["'](mini_magick|rmagick)["']/m.exec(stripRubyComments(gemfile));
  if (declared && !devOnlyGems(gemfile).has(declared[1]!)) return { value: true, from: 'Gemfile' };
  const processor = configs.some((text) => /variant_processor\s*=\s*:mini_magick/.test(stripRubyComments(text)));
  return { value: processor, from: processor ? 'config/application.rb' : 'Gemfile' };
}

/** Detect from a directory on disk. */
export function detect(dir: string): AppFacts {
  return detectRepo(diskRepo(dir));
}

/** Detect from any file source (disk, memory). */
export function detectRepo(repo: Repo): AppFacts {
  const application = repo.read('config/application.rb');
  if (application === undefined) {
    throw new InputError('directory', repo.dir, `${NOT_RAILS}; config/application.rb is missing`);
  }
  const lockText = repo.read('Gemfile.lock');
  const gemfile = repo.read('Gemfile') ?? '';
  if (lockText === undefined) {
    const rails = /^\s*gem\s+["'](rails|railties)["']/m.test(gemfile);
    throw new InputError(
      'directory',
      repo.dir,
      rails ? `${NOT_RAILS}; Gemfile.lock is missing: run \`bundle lock\` and commit it (the image installs exactly what it locks)` : `${NOT_RAILS}; neither Gemfile.lock nor Gemfile names rails or railties`,
    );
  }
  const lock = parseLockfile(lockText);
  const version = lock.gems.get('rails') ?? lock.gems.get('railties');
  if (!version) throw new InputError('directory', repo.dir, `${NOT_RAILS}; Gemfile.lock locks neither rails nor railties`);
  const module = /^\s*module\s+([A-Z][A-Za-z0-9_]*)\s*$/m.exec(application)?.[1];
  if (!module) throw new InputError('config/application.rb', repo.dir, 'a file that declares `module YourApp`');

  const gems = lock.gems;
  const database = detectDatabase(repo, gems);
  const jobs = detectJobs(repo, gems);
  const server = detectServer(repo, gems, gemfile);
  const health = detectHealthRoute(repo, version);
  const apiOnly = /^\s*config\.api_only\s*=\s*true\b/m.test(stripRubyComments(application));
  const warnings: string[] = [];
  if (lock.bundledWith && /^1\./.test(lock.bundledWith)) {
    warnings.push(`Gemfile.lock was written by Bundler ${lock.bundledWith}: run \`bundle update --bundler\` so the image's Bundler 2 installs it as locked.`);
  }
  warnings.push(...(database.value.warnings ?? []));
  if (database.value.sampleFile) {
    warnings.push(`config/database.yml is missing (gitignored?): the image copies ${database.value.sampleFile} to config/database.yml, and DATABASE_URL configures the primary database.`);
  }
  if (jobs.value.backend?.inPuma === 'always') {
    warnings.push('config/puma.rb runs Solid Queue inside Puma unconditionally: every web task also runs jobs. Make it `plugin :solid_queue if ENV["SOLID_QUEUE_IN_PUMA"]` to run jobs in the worker service only.');
  }
  const lockFrom = 'Gemfile.lock';
  return {
    appModule: { value: module, from: 'config/application.rb' },
    appName: { value: appNameFromModule(module), from: 'config/application.rb' },
    railsVersion: { value: version, from: lockFrom },
    ruby: detectRubyVersion(repo, gemfile, lock.rubyVersion),
    ...(lock.bundledWith ? { bundlerVersion: { value: lock.bundledWith, from: lockFrom } } : {}),
    platforms: { value: lock.platforms, from: lockFrom },
    database,
    jobs,
    redis: detectRedis(repo, gems, jobs.value.backend?.needsRedis ?? false),
    node: detectNode(repo, gems),
    gitGems: { value: lock.gitGems, from: lockFrom },
    bootsnap: { value: gems.has('bootsnap'), from: lockFrom },
    apiOnly: { value: apiOnly, from: 'config/application.rb' },
    precompileAssets: { value: !apiOnly && ASSET_GEMS.some((gem) => gems.has(gem)), from: apiOnly ? 'config/application.rb' : lockFrom },
    libvips: { value: gems.has('ruby-vips'), from: lockFrom },
    imagemagick: imageMagick(gemfile, [application, repo.read('config/environments/production.rb') ?? '']),
    health,
    production: detectProductionConfig(repo, version, health.value.path),
    server,
    docker: detectExistingDocker(repo, server.value.port),
    storage: detectStorage(repo),
    productionGems: { value: [...productionGems(gems, gemfile).keys()].sort(), from: 'Gemfile' },
    warnings,
  };
}
