/**
 * README.md sections generated from the code (options, fragments), between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`. `replaceGenerated` rewrites them; a test fails when README.md is out of date.
 */
import { fragmentLibrary } from '../fragments/library.js';
import { optionsTable } from './options-table.js';
import { markdownTable } from './subnet-table.js';

function fragmentsTable(): string {
  const library = fragmentLibrary();
  const rows = library.ids().map((id) => {
    const fragment = library.get(id);
    const params = Object.keys((fragment.schema as { properties?: object }).properties ?? {}).join(', ');
    return [`\`${id}\``, fragment.description.replace(/\s+/g, ' '), params];
  });
  return markdownTable(['fragment', 'what it holds', 'parameters'], rows);
}

export const GENERATED_SECTIONS: Readonly<Record<string, () => string>> = {
  options: optionsTable,
  fragments: fragmentsTable,
};

export function replaceGenerated(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(GENERATED_SECTIONS)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(out)) throw new Error(`README.md has no generated:${name} section`);
    out = out.replace(pattern, (_, open: string, close: string) => `${open}${render()}\n${close}`);
  }
  return out;
}
