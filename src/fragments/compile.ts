/**
 * Fragment sources -> the library's data: each fragment's YAML parsed and checked, each schema compiled by ajv.
 * The build does this once (scripts/precompile.ts, which also writes the validators out as standalone code); at run
 * time it is only the fallback for fragment files that differ from the build's, or a library from other dirs.
 * ajv is loaded here on demand, so the compiled path never loads it.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvInstance } from 'ajv';
import { parseCfnYaml } from '../cfn/yaml.js';
import type { Validator } from '../compiled.js';
import type { FragmentSources } from './sources.js';

export const SECTIONS = ['Parameters', 'Conditions', 'Resources', 'Outputs'] as const;
export type Section = (typeof SECTIONS)[number];
export type TemplateSections = Partial<Record<Section, Record<string, unknown>>>;

export interface Fragment {
  /** `area/name`, from its path under fragments/. */
  readonly id: string;
  readonly description: string;
  readonly needs: readonly string[];
  readonly body: TemplateSections;
  readonly schema: Record<string, unknown>;
}

export interface LibraryData {
  readonly fragments: readonly Fragment[];
  readonly validators: Readonly<Record<string, Validator>>;
}

export class FragmentError extends Error {}

const require = createRequire(import.meta.url);

/** A strict ajv reporting every error; `source` keeps the generated code for ajv's standalone export. */
export function fragmentAjv(source = false): AjvInstance {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv({ strict: true, allErrors: true, ...(source ? { code: { source: true } } : {}) });
}

/** Parse and check every fragment, compile every schema; throws a FragmentError naming the file. */
export function compileLibrary(sources: FragmentSources, ajv: AjvInstance = fragmentAjv()): LibraryData {
  for (const schema of sources.schemas) ajv.addSchema(JSON.parse(schema.text) as Record<string, unknown>, schema.id);
  const fragments: Fragment[] = [];
  const validators: Record<string, Validator> = {};
  for (const { id, text } of sources.fragments) {
    const parsed = parseCfnYaml(text, `fragments/${id}.yml`) as Record<string, unknown>;
    const { Fragment: about, ...rest } = parsed;
    const meta = (about ?? {}) as { Description?: string; Needs?: string[] };
    const unknown = Object.keys(rest).filter((k) => !(SECTIONS as readonly string[]).includes(k));
    if (!meta.Description) throw new FragmentError(`fragments/${id}.yml: Fragment.Description is missing`);
    if (unknown.length > 0) throw new FragmentError(`fragments/${id}.yml: unknown section(s) ${unknown.join(', ')}`);
    const validate = ajv.getSchema(id);
    if (!validate) throw new FragmentError(`fragments/${id}.yml has no schema at schemas/fragments/${id}.schema.json`);
    validators[id] = validate;
    fragments.push({
      id,
      description: meta.Description,
      needs: meta.Needs ?? [],
      body: rest as TemplateSections,
      schema: validate.schema as Record<string, unknown>,
    });
  }
  return { fragments, validators };
}
