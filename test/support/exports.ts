/**
 * Reading the contract between stacks out of parsed templates: what a template exports (name suffix after
 * `${AWS::StackName}-` -> the output's value) and what it imports from another stack (the suffix after
 * `${<StackParam>}-`).
 */
import assert from 'node:assert/strict';
import { intrinsicOf } from '../../src/cfn/yaml.js';

type Outputs = Record<string, { Value: unknown; Export?: { Name: unknown } }>;

/** Export name suffix -> the exported value, for every output with an Export. */
export function exportsOf(template: { Outputs?: unknown }): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [id, output] of Object.entries((template.Outputs ?? {}) as Outputs)) {
    if (output.Export === undefined) continue;
    const sub = intrinsicOf(output.Export.Name);
    assert.equal(sub?.fn, 'Sub', `${id}: export name is an !Sub`);
    const name = String(sub!.arg);
    assert.ok(name.startsWith('${AWS::StackName}-'), `${id}: export ${name} is under the stack name`);
    found.set(name.slice('${AWS::StackName}-'.length), output.Value);
  }
  return found;
}

/** Every `!ImportValue !Sub '${<stackParam>}-<name>'` in the template, as the list of names (repeats kept). */
export function importsFrom(template: unknown, stackParam: string): string[] {
  const prefix = `\${${stackParam}}-`;
  const names: string[] = [];
  const visit = (node: unknown): void => {
    const fn = intrinsicOf(node);
    if (fn?.fn === 'ImportValue') {
      const sub = intrinsicOf(fn.arg);
      assert.equal(sub?.fn, 'Sub', `an import is an !Sub: ${JSON.stringify(fn.arg)}`);
      const name = String(sub!.arg);
      if (name.startsWith(prefix)) names.push(name.slice(prefix.length));
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(template);
  return names;
}
