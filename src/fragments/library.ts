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
import { loadCompiled } from '../compiled.js';
import type { Validator } from '../compiled.js';
import { FRAGMENTS_DIR, SCHEMAS_DIR } from '../paths.js';
import { compileLibrary, FragmentError, SECTIONS } from './compile.js';
import type { Fragment, LibraryData, Section, TemplateSections } from './compile.js';
import { readFragmentSources } from './sources.js';
import { placeholders, substitute } from './substitute.js';

export { FragmentError, SECTIONS };
export type { Fragment, Section, TemplateSections };

export interface FragmentInstance {
  readonly id: string;
  readonly needs: readonly string[];
  readonly sections: TemplateSections;
}

/** The name of the build's compiled library in dist/src/compiled/ (scripts/precompile.ts). */
export const COMPILED_FRAGMENTS = 'fragments';

export class FragmentLibrary {
  readonly #fragments = new Map<string, Fragment>();
  readonly #validators = new Map<string, Validator>();

  /**
   * The fragments in these dirs. The package's own come precompiled by the build when the files still match it
   * (their fingerprint); any other dirs, or changed files, are parsed and compiled here.
   */
  constructor(fragmentsDir = FRAGMENTS_DIR, schemasDir = SCHEMAS_DIR) {
    const sources = readFragmentSources(fragmentsDir, schemasDir);
    const data: LibraryData = loadCompiled(COMPILED_FRAGMENTS, sources.fingerprint) as LibraryData | undefined ?? compileLibrary(sources);
    for (const fragment of data.fragments) {
      this.#fragments.set(fragment.id, fragment);
      this.#validators.set(fragment.id, data.validators[fragment.id]!);
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

let shared: FragmentLibrary | undefined;

/** The fragments shipped with this package, loaded once. */
export function fragmentLibrary(): FragmentLibrary {
  shared ??= new FragmentLibrary();
  return shared;
}
