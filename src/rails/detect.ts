/**
 * What the generator knows about the Rails app, read from its files alone. Pure apart from reading files: no
 * Yeoman, no prompts. Each fact says which file it came from so messages can point at it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';

export interface Fact<T> {
  readonly value: T;
  readonly from: string;
}

export interface AppFacts {
  /** The application module, e.g. `Bookshelf` from `module Bookshelf` in config/application.rb. */
  readonly appModule: Fact<string>;
  /** A default app name for stacks and resources, from the module: `BookShelf` -> `book-shelf`. */
  readonly appName: Fact<string>;
  readonly railsVersion?: Fact<string>;
}

const NOT_RAILS = 'the root of a Rails application (config/application.rb, and rails or railties in Gemfile.lock)';

function read(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

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

export function detect(dir: string): AppFacts {
  const application = read(dir, 'config/application.rb');
  if (application === undefined) {
    throw new InputError('directory', dir, `${NOT_RAILS}; config/application.rb is missing`);
  }
  const lockfile = read(dir, 'Gemfile.lock');
  const gemfile = read(dir, 'Gemfile') ?? '';
  const version = lockfile && (lockedVersion(lockfile, 'rails') ?? lockedVersion(lockfile, 'railties'));
  if (!version && !/^\s*gem\s+["'](rails|railties)["']/m.test(gemfile)) {
    throw new InputError('directory', dir, `${NOT_RAILS}; neither Gemfile.lock nor Gemfile names rails or railties`);
  }
  const module = /^\s*module\s+([A-Z][A-Za-z0-9_]*)\s*$/m.exec(application)?.[1];
  if (!module) throw new InputError('config/application.rb', dir, 'a file that declares `module YourApp`');
  return {
    appModule: { value: module, from: 'config/application.rb' },
    appName: { value: appNameFromModule(module), from: 'config/application.rb' },
    ...(version ? { railsVersion: { value: version, from: 'Gemfile.lock' } } : {}),
  };
}
