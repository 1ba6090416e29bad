/**
 * The inline template size guard: CloudFormation takes a template body of at most 51,200 bytes; one byte more is
 * refused before anything is written, naming the file, the bytes and the limit.
 */
import assert from 'node:assert/strict';
import { assemble, AssemblyError, renderTemplate, TEMPLATE_BODY_LIMIT } from '../src/assemble.js';
import { InputError } from '../src/errors.js';
import { checkTemplateSizes } from '../src/plan.js';
import type { RenderedStack } from '../src/plan.js';

/** A rendered app stack whose text is `bytes` long (the guard reads only the file name and the text). */
function ofBytes(bytes: number, filler = 'x'): RenderedStack {
  const text = `# app\n${filler.repeat(Math.floor((bytes - 6) / Buffer.byteLength(filler)))}`;
  assert.equal(Buffer.byteLength(text), bytes);
  return { stack: { file: 'infra/cloudformation/app.yml' }, template: {}, text } as unknown as RenderedStack;
}

describe('checkTemplateSizes: the inline limit, 51,200 bytes', () => {
  it('is 51,200 bytes', () => {
    assert.equal(TEMPLATE_BODY_LIMIT, 51200);
  });

  it('accepts exactly 51,200 bytes and just under', () => {
    assert.doesNotThrow(() => checkTemplateSizes([ofBytes(51200)], 7));
    assert.doesNotThrow(() => checkTemplateSizes([ofBytes(51199), ofBytes(10)], 7));
  });

  it('refuses 51,201 bytes, naming the file, the bytes and the limit', () => {
    assert.throws(
      () => checkTemplateSizes([ofBytes(10), ofBytes(51201)], 7),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.field, 'workers');
        assert.equal(error.value, 7);
        assert.match(error.message, /infra\/cloudformation\/app\.yml would be 51201 bytes, over the 51200 bytes CloudFormation accepts inline/);
        assert.match(error.message, /yo rails-fargate:worker NAME --remove/);
        return true;
      },
    );
  });

  it('counts bytes, not characters: 25,600 two-byte characters is at the limit, one more is over', () => {
    const atLimit = { ...ofBytes(51200), text: `# app\n${'é'.repeat(25597)}` } as RenderedStack;
    assert.equal(Buffer.byteLength(atLimit.text), 51200);
    assert.doesNotThrow(() => checkTemplateSizes([atLimit], 1));
    const over = { ...atLimit, text: `${atLimit.text}x` } as RenderedStack;
    assert.throws(() => checkTemplateSizes([over], 1), /would be 51201 bytes/);
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
