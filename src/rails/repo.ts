/**
 * Read-only access to the files of the Rails repo. The only place in src/rails that touches the disk, so every
 * detector is a pure function of what it reads here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Repo {
  /** The directory, for messages. */
  readonly dir: string;
  /** The file's text, or undefined when it does not exist (or is a directory). */
  read(file: string): string | undefined;
  /** Whether a file or directory exists. */
  exists(file: string): boolean;
}

export function diskRepo(dir: string): Repo {
  return {
    dir,
    read(file) {
      const path = join(dir, file);
      return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
    },
    exists(file) {
      return existsSync(join(dir, file));
    },
  };
}

/** A repo held in memory (tests, and the generator's in-memory fs): path -> content. */
export function memoryRepo(files: Readonly<Record<string, string>>, dir = '(memory)'): Repo {
  const has = (file: string): boolean =>
    file in files || Object.keys(files).some((path) => path.startsWith(`${file.replace(/\/$/, '')}/`));
  return { dir, read: (file) => files[file], exists: has };
}

/** Ruby source with `#` comments removed (good enough for config files; keeps `#{...}` interpolation). */
export function stripRubyComments(source: string): string {
  return source
    .split('\n')
    .map((line) => line.replace(/(^|\s)#(?!\{).*$/, '$1'))
    .join('\n');
}
