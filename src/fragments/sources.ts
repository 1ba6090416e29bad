/**
 * The fragment library's source files as text: `fragments/<area>/<name>.yml` and the JSON Schemas under
 * `schemas/fragments/`, with a fingerprint of them all. Reading ~60 small files is cheap; parsing the YAML and
 * compiling the schemas is not, so that is done once at build time (scripts/precompile.ts) and the fingerprint says
 * whether the compiled library still matches the files beside it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface SourceFile {
  /** `area/name` for a fragment, the path under schemas/fragments/ without `.schema.json` for a schema. */
  readonly id: string;
  readonly text: string;
}

export interface FragmentSources {
  readonly fragments: readonly SourceFile[];
  readonly schemas: readonly SourceFile[];
  /** sha256 over every file's id and text. */
  readonly fingerprint: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

function read(dir: string, suffix: string): SourceFile[] {
  return walk(dir)
    .filter((file) => file.endsWith(suffix))
    .map((file) => ({ id: relative(dir, file).split(sep).join('/').slice(0, -suffix.length), text: readFileSync(file, 'utf8') }));
}

export function readFragmentSources(fragmentsDir: string, schemasDir: string): FragmentSources {
  const fragments = read(fragmentsDir, '.yml');
  const schemas = read(join(schemasDir, 'fragments'), '.schema.json');
  const hash = createHash('sha256');
  for (const [kind, files] of [['fragment', fragments], ['schema', schemas]] as const) {
    for (const file of files) hash.update(`${kind}\0${file.id}\0${file.text}\0`);
  }
  return { fragments, schemas, fingerprint: hash.digest('hex') };
}
