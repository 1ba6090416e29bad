/**
 * Fragment parameters. In a fragment, `{{name}}` stands for a parameter, in keys and in values:
 * - a value that is exactly `'{{name}}'` becomes the parameter's value with its type (number, list, object...);
 *   inside a list, a list value is spliced in place (`- '{{commonTags}}'` adds every tag);
 * - `{{name}}` inside a longer string (or a key: `PublicSubnet{{az}}`) is replaced by the value as text.
 * Substitution works on the parsed tree, never on YAML text, so a value can never change a template's structure.
 */
const WHOLE = /^\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}$/;
const INLINE = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export class FragmentParameterError extends Error {}

function lookup(params: Readonly<Record<string, unknown>>, name: string, where: string): unknown {
  if (!(name in params)) throw new FragmentParameterError(`${where}: parameter {{${name}}} is not given`);
  return params[name];
}

function interpolate(text: string, params: Readonly<Record<string, unknown>>, where: string): string {
  return text.replace(INLINE, (_, name: string) => {
    const value = lookup(params, name, where);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new FragmentParameterError(`${where}: {{${name}}} is used inside text but is not a string or number`);
    }
    return String(value);
  });
}

export function substitute(node: unknown, params: Readonly<Record<string, unknown>>, where: string): unknown {
  if (typeof node === 'string') {
    const whole = WHOLE.exec(node);
    return whole ? structuredClone(lookup(params, whole[1]!, where)) : interpolate(node, params, where);
  }
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      const value = substitute(item, params, where);
      return typeof item === 'string' && WHOLE.test(item) && Array.isArray(value) ? value : [value];
    });
  }
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [interpolate(key, params, where), substitute(value, params, where)]),
    );
  }
  return node;
}

/** Every parameter name a fragment uses, for checking fragments against their schemas. */
export function placeholders(node: unknown, found = new Set<string>()): Set<string> {
  const scan = (text: string) => {
    for (const match of text.matchAll(INLINE)) found.add(match[1]!);
  };
  if (typeof node === 'string') scan(node);
  else if (Array.isArray(node)) node.forEach((item) => placeholders(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      scan(key);
      placeholders(value, found);
    }
  }
  return found;
}
