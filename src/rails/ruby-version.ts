/**
 * Which Ruby the image must run, and which file said so: `.ruby-version`, `.tool-versions`, the Gemfile's `ruby`
 * line (a version, or `file: ".ruby-version"`), then Gemfile.lock's RUBY VERSION.
 */
import { InputError } from '../errors.js';
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';

export interface RubyVersion {
  /** `3.4.7`, used as the `ruby:<version>-slim` tag. */
  readonly version: string;
  /**
   * Files that must be in the build context before `bundle install` because the Gemfile reads them
   * (`ruby file: ".ruby-version"`).
   */
  readonly copyBeforeBundle: readonly string[];
}

const VERSION = /^\d+\.\d+(\.\d+)?$/;

/** `ruby-3.4.7` -> `3.4.7`; anything that is not a plain MRI version (jruby, `3.3-dev`) -> undefined. */
export function cleanRubyVersion(raw: string): string | undefined {
  const version = raw.trim().replace(/^ruby-/, '');
  return VERSION.test(version) ? version : undefined;
}

/** The Gemfile's `ruby` line: an exact version, or the file it reads the version from. */
export function gemfileRuby(gemfile: string): { version?: string; file?: string } {
  const line = /^\s*ruby\s+(.+)$/m.exec(gemfile)?.[1];
  if (!line) return {};
  const file = /file:\s*["']([^"']+)["']/.exec(line)?.[1];
  if (file) return { file };
  const version = /^["']([^"']+)["']/.exec(line.trim())?.[1];
  const exact = version && cleanRubyVersion(version.replace(/^=\s*/, ''));
  return exact ? { version: exact } : {};
}

export function detectRubyVersion(repo: Repo, gemfile: string, lockRuby: string | undefined): Fact<RubyVersion> {
  const fromGemfile = gemfileRuby(gemfile);
  const copyBeforeBundle = fromGemfile.file ? [fromGemfile.file] : [];
  const candidates: Array<[string, () => string | undefined]> = [
    ['.ruby-version', () => firstLine(repo.read('.ruby-version'))],
    ['.tool-versions', () => /^ruby\s+(\S+)/m.exec(repo.read('.tool-versions') ?? '')?.[1]],
    ...(fromGemfile.file
      ? ([[fromGemfile.file, () => firstLine(repo.read(fromGemfile.file!))]] as Array<[string, () => string | undefined]>)
      : []),
    ['Gemfile', () => fromGemfile.version],
    ['Gemfile.lock', () => lockRuby],
  ];
  for (const [from, get] of candidates) {
    const raw = get();
    const version = raw && cleanRubyVersion(raw);
    if (version) return { value: { version, copyBeforeBundle }, from };
  }
  throw new InputError(
    'Ruby version',
    undefined,
    'an exact MRI version such as 3.4.7 in .ruby-version, .tool-versions (`ruby 3.4.7`), the Gemfile (`ruby "3.4.7"`) or Gemfile.lock (RUBY VERSION); add `.ruby-version` with the version you run',
    repo.dir,
  );
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}
