/**
 * The build step after `tsc` (scripts/precompile.ts, run by `npm run build` and so by `prepack`): compile what a
 * run would otherwise compile at start-up into dist/src/compiled/, which ships with the package (package.json
 * "files" holds dist/src):
 * - fragments.cjs: every fragment parsed from YAML into data, and its parameter schema as ajv standalone code;
 * - answers.cjs: each question's answer schema as ajv standalone code.
 * Each carries the fingerprint of its sources; a run uses it only while that still matches (src/compiled.ts).
 * Not imported by the generator: ajv's code generator loads only here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { ANSWER_AJV_OPTIONS, answerHolderSchemas, answersFingerprint, COMPILED_ANSWERS } from './answers/resolve.js';
import { compiledModulePath, compiledModuleSource } from './compiled.js';
import { compileLibrary, fragmentAjv } from './fragments/compile.js';
import { COMPILED_FRAGMENTS } from './fragments/library.js';
import { readFragmentSources } from './fragments/sources.js';
import { COMPILED_DIR, FRAGMENTS_DIR, SCHEMAS_DIR } from './paths.js';

// ajv's standalone module is CommonJS with the function as its `default` property.
const standaloneCode = standalone.default;

function exportsById(ids: readonly string[]): Record<string, string> {
  return Object.fromEntries(ids.map((id) => [id, id]));
}

export interface Precompiled {
  readonly fragments: number;
  readonly answers: number;
}

export function precompile(dir = COMPILED_DIR, fragmentsDir = FRAGMENTS_DIR, schemasDir = SCHEMAS_DIR): Precompiled {
  mkdirSync(dir, { recursive: true });

  const sources = readFragmentSources(fragmentsDir, schemasDir);
  const fragmentsAjv = fragmentAjv(true);
  const library = compileLibrary(sources, fragmentsAjv);
  const fragmentValidators = standaloneCode(fragmentsAjv, exportsById(library.fragments.map((f) => f.id)));
  writeFileSync(compiledModulePath(COMPILED_FRAGMENTS, dir), compiledModuleSource(sources.fingerprint, fragmentValidators, { fragments: library.fragments }));

  const schemas = answerHolderSchemas();
  const answersAjv = new Ajv({ ...ANSWER_AJV_OPTIONS, code: { source: true } });
  for (const [name, schema] of Object.entries(schemas)) answersAjv.addSchema(schema, name);
  const answerValidators = standaloneCode(answersAjv, exportsById(Object.keys(schemas)));
  writeFileSync(compiledModulePath(COMPILED_ANSWERS, dir), compiledModuleSource(answersFingerprint(schemas), answerValidators, {}));

  return { fragments: library.fragments.length, answers: Object.keys(schemas).length };
}
