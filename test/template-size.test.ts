/**
 * The template limits guard. bin/fargate deploys the templates by URL from the registry stack's artifacts bucket, so
 * CloudFormation's limits for a template in S3 apply: 1,000,000 bytes, 500 resources, 200 outputs. The registry stack
 * makes that bucket, so it alone goes inline: 51,200 bytes. One over any limit is refused before anything is
 * written, naming the file, the count, the limit and the way out.
 */
import assert from 'node:assert/strict';
import { assemble, AssemblyError, renderTemplate, TEMPLATE_BODY_LIMIT, TEMPLATE_URL_LIMITS } from '../src/assemble.js';
import { InputError } from '../src/errors.js';
import { checkTemplateSizes } from '../src/plan.js';
import type { RenderedStack } from '../src/plan.js';

/** A rendered stack whose text is `bytes` long, with `resources` resources and `outputs` outputs. */
function stackOf(key: string, bytes: number, { resources = 0, outputs = 0, filler = 'x' } = {}): RenderedStack {
  const text = `# ${key}\n${filler.repeat(Math.floor((bytes - key.length - 3) / Buffer.byteLength(filler)))}`;
  assert.equal(Buffer.byteLength(text), bytes);
  const named = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, {}]));
  const template = { Resources: named(resources, 'R'), Outputs: named(outputs, 'O') };
  return { stack: { key, file: `infra/cloudformation/${key}.yml` }, template, text } as unknown as RenderedStack;
}
const app = (bytes: number, counts: { resources?: number; outputs?: number } = {}) => stackOf('app', bytes, counts);

function refusedWith(message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.equal(error.field, 'workers');
    assert.equal(error.value, 7);
    assert.match(error.message, message);
    assert.match(error.message, /yo rails-fargate:worker NAME --remove/);
    return true;
  };
}

describe('checkTemplateSizes: CloudFormation\'s limits for templates deployed from S3', () => {
  it('are 1,000,000 bytes, 500 resources and 200 outputs; 51,200 bytes inline', () => {
    assert.deepEqual(TEMPLATE_URL_LIMITS, { bytes: 1000000, resources: 500, outputs: 200 });
    assert.equal(TEMPLATE_BODY_LIMIT, 51200);
  });

  it('accepts an app template of exactly 1,000,000 bytes, 500 resources and 200 outputs', () => {
    assert.doesNotThrow(() => checkTemplateSizes([app(1000000, { resources: 500, outputs: 200 })], 7));
    assert.doesNotThrow(() => checkTemplateSizes([app(51201), app(999999)], 7));
  });

  it('refuses 1,000,001 bytes, naming the file, the bytes, the limit and the way out', () => {
    assert.throws(() => checkTemplateSizes([app(10), app(1000001)], 7),
      refusedWith(/infra\/cloudformation\/app\.yml would be 1000001 bytes, over the 1000000 bytes CloudFormation accepts from S3/));
  });

  it('refuses 501 resources', () => {
    assert.throws(() => checkTemplateSizes([app(100, { resources: 501 })], 7),
      refusedWith(/infra\/cloudformation\/app\.yml would have 501 resources, over the 500 resources CloudFormation allows in a stack/));
  });

  it('refuses 201 outputs', () => {
    assert.throws(() => checkTemplateSizes([app(100, { outputs: 201 })], 7),
      refusedWith(/infra\/cloudformation\/app\.yml would have 201 outputs, over the 200 outputs CloudFormation allows in a stack/));
  });

  it('holds the registry template, which creates the bucket, to the inline 51,200 bytes', () => {
    assert.doesNotThrow(() => checkTemplateSizes([stackOf('registry', 51200)], 7));
    assert.throws(() => checkTemplateSizes([stackOf('registry', 51201)], 7),
      refusedWith(/infra\/cloudformation\/registry\.yml would be 51201 bytes, over the 51200 bytes CloudFormation accepts inline \(the registry stack creates the bucket/));
  });

  it('counts bytes, not characters: 500,000 two-byte characters is at the limit, one more byte is over', () => {
    const atLimit = app(10);
    const text = `# app\n${'é'.repeat(499997)}`;
    assert.equal(Buffer.byteLength(text), 1000000);
    assert.doesNotThrow(() => checkTemplateSizes([{ ...atLimit, text }], 1));
    assert.throws(() => checkTemplateSizes([{ ...atLimit, text: `${text}x` }], 1), /would be 1000001 bytes/);
  });
});

describe('assemble: references are checked, the template is ordered and headed', () => {
  const fragment = (id: string, sections: Record<string, Record<string, unknown>>, needs: string[] = []) => ({ id, needs, sections });

  it('a hand-made template: format version, description, sections, pseudo parameters and Parameters as Ref targets', () => {
    const template = assemble({
      description: 'demo',
      fragments: [
        fragment('a/params', { Parameters: { Env: { Type: 'String' } } }),
        fragment('a/bucket', {
          Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'env', Value: { Ref: 'Env' } }, { Key: 'r', Value: { Ref: 'AWS::Region' } }] } } },
          Outputs: { BucketArn: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } } },
        }, ['Env']),
      ],
    });
    assert.deepEqual(template, {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'demo',
      Parameters: { Env: { Type: 'String' } },
      Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'env', Value: { Ref: 'Env' } }, { Key: 'r', Value: { Ref: 'AWS::Region' } }] } } },
      Outputs: { BucketArn: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } } },
    });
    assert.equal(
      renderTemplate(template, ['one', 'two']).split('\n').slice(0, 4).join('\n'),
      '# one\n# two\nAWSTemplateFormatVersion: 2010-09-09\nDescription: demo',
    );
    assert.ok(renderTemplate(template).startsWith('AWSTemplateFormatVersion: 2010-09-09\n'));
  });

  it('lists every undefined Ref, GetAtt and DependsOn, sorted, wherever they are nested', () => {
    assert.throws(
      () => assemble({
        description: 'x',
        fragments: [fragment('a/b', {
          Resources: {
            One: { Type: 'T', DependsOn: 'Zed', Properties: { List: [[{ Ref: 'Missing' }]], Arn: { 'Fn::GetAtt': ['Ghost', 'Arn'] } } },
            Two: { Type: 'T', DependsOn: ['One', 'Alpha'] },
          },
          Outputs: { O: { Value: { Ref: 'Later' } } },
        })],
      }),
      (error: unknown) => error instanceof AssemblyError && error.message === 'references to undefined logical IDs: Alpha, Ghost, Later, Missing, Zed',
    );
  });

  it('a Needs may name a condition', () => {
    assert.doesNotThrow(() => assemble({
      description: 'x',
      fragments: [fragment('a/cond', { Conditions: { On: { 'Fn::Equals': ['a', 'a'] } } }), fragment('a/uses', { Resources: { R: { Type: 'T' } } }, ['On'])],
    }));
  });
});
