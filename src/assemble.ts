/**
 * assemble(): fragment instances in, one CloudFormation template out. Pure and deterministic: sections in the
 * standard order, entries in the order the fragments were given. A logical ID defined twice is an error naming both
 * fragments; a fragment's `Needs` and every `Ref`/`GetAtt`/`DependsOn` must point at something in the template.
 */
import { intrinsicOf, stringifyCfnYaml } from './cfn/yaml.js';
import { SECTIONS } from './fragments/library.js';
import type { FragmentInstance, Section } from './fragments/library.js';

export interface TemplateSpec {
  readonly description: string;
  readonly fragments: readonly FragmentInstance[];
}

export type Template = {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
} & Partial<Record<Section, Record<string, unknown>>>;

export class AssemblyError extends Error {}

/** CloudFormation's limit for a template passed inline (`--template-body`, `deploy --template-file` without S3). */
export const TEMPLATE_BODY_LIMIT = 51_200;

/**
 * CloudFormation's limits on a template deployed from S3 (`--template-url`), as cfn-lint holds them: 1 MB of body
 * (1,000,000 bytes), 500 resources, 200 outputs.
 */
export const TEMPLATE_URL_LIMITS = { bytes: 1_000_000, resources: 500, outputs: 200 } as const;

export function assemble(spec: TemplateSpec): Template {
  const template: Template = { AWSTemplateFormatVersion: '2010-09-09', Description: spec.description };
  const owner = new Map<string, string>();
  for (const fragment of spec.fragments) {
    for (const section of SECTIONS) {
      for (const [logicalId, body] of Object.entries(fragment.sections[section] ?? {})) {
        // Parameters, Conditions, Resources and Outputs share one namespace in CloudFormation for Ref and errors.
        const previous = owner.get(logicalId);
        if (previous) {
          throw new AssemblyError(`logical ID ${logicalId} is defined by both ${previous} and ${fragment.id}`);
        }
        owner.set(logicalId, fragment.id);
        (template[section] ??= {})[logicalId] = body;
      }
    }
  }
  checkReferences(template, spec.fragments);
  return template;
}

const PSEUDO = /^AWS::/;

function checkReferences(template: Template, fragments: readonly FragmentInstance[]): void {
  const defined = new Set([
    ...Object.keys(template.Parameters ?? {}),
    ...Object.keys(template.Resources ?? {}),
  ]);
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  for (const fragment of fragments) {
    for (const need of fragment.needs) {
      if (!defined.has(need) && !conditions.has(need)) {
        throw new AssemblyError(`${fragment.id} needs ${need}, which no fragment in this template provides`);
      }
    }
  }
  const missing = new Set<string>();
  const visit = (node: unknown): void => {
    const fn = intrinsicOf(node);
    if (fn?.fn === 'Ref' && typeof fn.arg === 'string' && !PSEUDO.test(fn.arg) && !defined.has(fn.arg)) missing.add(fn.arg);
    if (fn?.fn === 'GetAtt' && Array.isArray(fn.arg) && !defined.has(String(fn.arg[0]))) missing.add(String(fn.arg[0]));
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(template.Resources);
  visit(template.Outputs);
  for (const resource of Object.values(template.Resources ?? {})) {
    const dependsOn = (resource as { DependsOn?: string | string[] }).DependsOn;
    for (const target of [dependsOn ?? []].flat()) if (!defined.has(target)) missing.add(target);
  }
  if (missing.size > 0) throw new AssemblyError(`references to undefined logical IDs: ${[...missing].sort().join(', ')}`);
}

/** The template as the YAML file users review, with a header saying where it came from. */
export function renderTemplate(template: Template, header: readonly string[] = []): string {
  const comments = header.map((line) => `# ${line}\n`).join('');
  return comments + stringifyCfnYaml(template);
}
