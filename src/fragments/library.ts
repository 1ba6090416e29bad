/**
 * The fragment library: `fragments/<area>/<name>.yml`, one resource group each, keyed by logical ID, with a JSON
 * Schema for its parameters at `schemas/fragments/<area>/<name>.schema.json`. Fragments are discovered from disk,
 * so adding one is adding two files. Each fragment file holds:
 *
 *   Fragment:          # about the fragment itself (not copied into templates)
 *     Description: ... # one line, shown in the README and in errors
 *     Needs: [Vpc]     # logical IDs it refers to that another fragment must provide
 *   Parameters / Conditions / Resources / Outputs: ...   # CloudFormation sections, with {{parameters}}
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseCfnYaml } from '../cfn/yaml.js';
import { FRAGMENTS_DIR, SCHEMAS_DIR } from '../paths.js';
import { placeholders, substitute } from './substitute.js';

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

export interface FragmentInstance {
  readonly id: string;
  readonly needs: readonly string[];
  readonly sections: TemplateSections;
}

export class FragmentError extends Error {}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export class FragmentLibrary {
  readonly #fragments = new Map<string, Fragment>();
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(fragmentsDir = FRAGMENTS_DIR, schemasDir = SCHEMAS_DIR) {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const schemaFiles = walk(join(schemasDir, 'fragments')).filter((f) => f.endsWith('.schema.json'));
    for (const file of schemaFiles) ajv.addSchema(readJson(file), schemaId(schemasDir, file));

    for (const file of walk(fragmentsDir).filter((f) => f.endsWith('.yml'))) {
      const id = relative(fragmentsDir, file).split(sep).join('/').replace(/\.yml$/, '');
      const parsed = parseCfnYaml(readFileSync(file, 'utf8'), `fragments/${id}.yml`) as Record<string, unknown>;
      const { Fragment: about, ...rest } = parsed;
      const meta = (about ?? {}) as { Description?: string; Needs?: string[] };
      const unknown = Object.keys(rest).filter((k) => !(SECTIONS as readonly string[]).includes(k));
      if (!meta.Description) throw new FragmentError(`fragments/${id}.yml: Fragment.Description is missing`);
      if (unknown.length > 0) throw new FragmentError(`fragments/${id}.yml: unknown section(s) ${unknown.join(', ')}`);
      const validate = ajv.getSchema(id);
      if (!validate) throw new FragmentError(`fragments/${id}.yml has no schema at schemas/fragments/${id}.schema.json`);
      this.#validators.set(id, validate);
      this.#fragments.set(id, {
        id,
        description: meta.Description,
        needs: meta.Needs ?? [],
        body: rest as TemplateSections,
        schema: validate.schema as Record<string, unknown>,
      });
    }
  }

  ids(): string[] {
    return [...this.#fragments.keys()];
  }

  get(id: string): Fragment {
    const fragment = this.#fragments.get(id);
    if (!fragment) throw new FragmentError(`no fragment "${id}"; known: ${this.ids().join(', ')}`);
    return fragment;
  }

  /** Parameter names a fragment uses, for checking it against its schema. */
  placeholders(id: string): string[] {
    return [...placeholders(this.get(id).body)].sort();
  }

  /** A fragment with its parameters validated against its schema and substituted in. */
  instantiate(id: string, params: Readonly<Record<string, unknown>>): FragmentInstance {
    const fragment = this.get(id);
    const validate = this.#validators.get(id)!;
    if (!validate(params)) {
      const detail = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
      throw new FragmentError(`fragment ${id}: bad parameters: ${detail}`);
    }
    const sections = substitute(fragment.body, params, `fragment ${id}`) as TemplateSections;
    return { id, needs: fragment.needs.map((n) => substitute(n, params, `fragment ${id}`) as string), sections };
  }
}

function schemaId(schemasDir: string, file: string): string {
  return relative(join(schemasDir, 'fragments'), file).split(sep).join('/').replace(/\.schema\.json$/, '');
}

let shared: FragmentLibrary | undefined;

/** The fragments shipped with this package, loaded once. */
export function fragmentLibrary(): FragmentLibrary {
  shared ??= new FragmentLibrary();
  return shared;
}
