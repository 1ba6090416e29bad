/**
 * What the build compiles ahead of time (scripts/precompile.ts) so a run does not: CommonJS modules in
 * dist/src/compiled/, each holding the fingerprint of the sources it was built from, ajv standalone validators, and
 * data. Loaded synchronously, without ajv or YAML, and only when the fingerprint matches what the caller has now;
 * otherwise (absent after a plain `tsc`, or stale) the caller compiles at run time as before.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { COMPILED_DIR } from './paths.js';

/** A compiled schema: ajv's own function, or the standalone code the build wrote. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export interface CompiledModule {
  readonly fingerprint: string;
  readonly validators: Readonly<Record<string, Validator>>;
  readonly [data: string]: unknown;
}

const require = createRequire(import.meta.url);

export function compiledModulePath(name: string, dir = COMPILED_DIR): string {
  return join(dir, `${name}.cjs`);
}

/** The build's module `name` if it was built from exactly these sources; undefined if absent or stale. */
export function loadCompiled(name: string, fingerprint: string, dir = COMPILED_DIR): CompiledModule | undefined {
  const file = compiledModulePath(name, dir);
  if (!existsSync(file)) return undefined;
  const compiled = require(file) as CompiledModule;
  return compiled.fingerprint === fingerprint ? compiled : undefined;
}

/**
 * A module's source: the fingerprint, ajv's standalone code (which assigns `exports[name]`) scoped to an object of
 * its own, `exports.validators`, and each data entry as `exports.<key>`.
 */
export function compiledModuleSource(fingerprint: string, standaloneValidators: string, data: Readonly<Record<string, unknown>>): string {
  return [
    '// Built by scripts/precompile.ts. Do not edit.',
    '"use strict";',
    `exports.fingerprint = ${JSON.stringify(fingerprint)};`,
    'exports.validators = (function () {',
    'const exports = {};',
    standaloneValidators.replace(/^"use strict";/, ''),
    'return exports;',
    '})();',
    // JSON.parse of a string literal is faster for the engine than the same data as an object literal.
    ...Object.entries(data).map(([key, value]) => `exports.${key} = JSON.parse(${JSON.stringify(JSON.stringify(value))});`),
    '',
  ].join('\n');
}
