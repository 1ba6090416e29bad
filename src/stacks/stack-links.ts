/**
 * The links between the stacks, read from the templates: what each one exports (`${AWS::StackName}-<name>`) and what
 * each one imports from another (`!ImportValue !Sub '${<Key>StackName}-<name>'`), and from them the order in which
 * to update deployed stacks. CloudFormation refuses to remove an export that another stack imports, and to create a
 * change set that imports an export which does not exist yet, so:
 *
 * - a stack that imports an export the deployed producer does not have yet goes after the producer (the default:
 *   network, data, app, as on a first deploy);
 * - a producer whose new template drops an export that a deployed stack still imports goes after that importer (for
 *   example switching Sidekiq to Solid Queue: the data stack drops RedisUrlSecretArn, which the deployed app stack
 *   imports, so the app stack is updated first, and the cache is removed once nothing uses it);
 * - both at once between two stacks is a cycle: no order works, and the change must be deployed in two steps.
 *
 * Pure. bin/fargate applies the same rule at deploy time to what AWS says is deployed (its config block carries the
 * new templates' links); `updateOrder` is the rule for two sets of templates, for the docs and the tests.
 */
import { intrinsicOf } from '../cfn/yaml.js';
import { InputError } from '../errors.js';

/** The stack parameters that name another stack, and the stack key each names. */
export const STACK_NAME_PARAMETERS: Readonly<Record<string, string>> = {
  NetworkStackName: 'network',
  DataStackName: 'data',
  RegistryStackName: 'registry',
};

export interface StackImport {
  /** The key of the exporting stack. */
  readonly from: string;
  /** The export's name after `<stack name>-`. */
  readonly name: string;
}

export interface StackLinks {
  readonly key: string;
  /** Export names after `<stack name>-`, sorted, each once. */
  readonly exports: readonly string[];
  /** Sorted by stack then name, each once. */
  readonly imports: readonly StackImport[];
}

const SELF = '${AWS::StackName}-';
const NAME = /^[A-Za-z0-9]+$/;

/** What a template exports: the names after `${AWS::StackName}-`; any other export name is an error. */
export function templateExports(template: { Outputs?: unknown }): string[] {
  const names = new Set<string>();
  for (const [id, output] of Object.entries((template.Outputs ?? {}) as Record<string, { Export?: { Name: unknown } }>)) {
    if (output.Export === undefined) continue;
    const sub = intrinsicOf(output.Export.Name);
    const text = sub?.fn === 'Sub' ? sub.arg : undefined;
    const name = typeof text === 'string' && text.startsWith(SELF) ? text.slice(SELF.length) : '';
    if (!NAME.test(name)) throw new InputError(`export name of output ${id}`, JSON.stringify(output.Export.Name), `!Sub '${SELF}<letters and digits>'`);
    names.add(name);
  }
  return [...names].sort();
}

/** What a template imports from other stacks: every `!ImportValue !Sub '${<Key>StackName}-<name>'`. */
export function templateImports(template: unknown): StackImport[] {
  const found = new Map<string, StackImport>();
  const visit = (node: unknown): void => {
    const fn = intrinsicOf(node);
    if (fn?.fn === 'ImportValue') {
      const sub = intrinsicOf(fn.arg);
      const text = sub?.fn === 'Sub' && typeof sub.arg === 'string' ? sub.arg : '';
      const m = /^\$\{([A-Za-z]+)\}-([A-Za-z0-9]+)$/.exec(text);
      const from = m ? STACK_NAME_PARAMETERS[m[1]!] : undefined;
      if (!m || !from) throw new InputError('import', JSON.stringify(fn.arg), `!Sub '\${${Object.keys(STACK_NAME_PARAMETERS).join('|')}}-<name>'`);
      found.set(`${from}\t${m[2]!}`, { from, name: m[2]! });
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(template);
  return [...found.keys()].sort().map((k) => found.get(k)!);
}

export function stackLinks(key: string, template: { Outputs?: unknown }): StackLinks {
  return { key, exports: templateExports(template), imports: templateImports(template) };
}

/**
 * The order to update `next` over `deployed` (both in the default order, producers first; a stack absent from
 * `deployed` is created). Keeps the default order wherever the rule above allows; throws when no order works.
 */
export function updateOrder(deployed: readonly StackLinks[], next: readonly StackLinks[]): string[] {
  const keys = next.map((s) => s.key);
  const before = new Set<string>();
  const deployedOf = (key: string) => deployed.find((s) => s.key === key);
  for (const consumer of next) {
    for (const { from, name } of consumer.imports) {
      if (from !== consumer.key && !deployedOf(from)?.exports.includes(name)) before.add(`${from}\t${consumer.key}`);
    }
  }
  for (const producer of next) {
    const dropped = (deployedOf(producer.key)?.exports ?? []).filter((name) => !producer.exports.includes(name));
    for (const importer of deployed) {
      if (importer.key === producer.key) continue;
      if (importer.imports.some((i) => i.from === producer.key && dropped.includes(i.name))) before.add(`${importer.key}\t${producer.key}`);
    }
  }
  const order = orders(keys).find((o) => [...before].every((pair) => {
    const [a, b] = pair.split('\t') as [string, string];
    return o.indexOf(a) < o.indexOf(b);
  }));
  if (!order) {
    throw new InputError('stack update order', [...before].map((p) => p.replace('\t', ' before ')).join(', '), 'constraints without a cycle: deploy the change in two steps');
  }
  return order;
}

/** Every order of `keys`, those closest to the given order first (the given order itself first). */
function orders(keys: readonly string[]): string[][] {
  if (keys.length <= 1) return [[...keys]];
  return keys.flatMap((first, i) => orders([...keys.slice(0, i), ...keys.slice(i + 1)]).map((rest) => [first, ...rest]));
}
