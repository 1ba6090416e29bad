import assert from 'node:assert/strict';
import { assemble, renderTemplate, TEMPLATE_BODY_LIMIT } from '../src/assemble.js';
import type { Template } from '../src/assemble.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { fragmentLibrary } from '../src/fragments/library.js';
import { DEFAULT_UNTAGGED_DAYS, registryTemplate } from '../src/stacks/registry.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';

interface Resource {
  Type: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties: Record<string, unknown>;
}

interface LifecycleRule {
  rulePriority: number;
  selection: { tagStatus: string; countType: string; countUnit?: string; countNumber: number };
  action: { type: string };
}

const tags = [{ Key: 'app', Value: 'bookshelf' }, { Key: 'environment', Value: 'production' }, { Key: 'managed-by', Value: 'generator-rails-fargate' }];

function build(imagesToKeep: number, untaggedDays?: number): { text: string; template: Template } {
  const text = renderTemplate(assemble(registryTemplate(fragmentLibrary(), { imagesToKeep, untaggedDays, tags })));
  return { text, template: parseCfnYaml(text) as Template };
}

function repository(template: Template): Resource {
  return template.Resources!.Repository as Resource;
}

describe('registry stack', () => {
  const lint = new CfnLintBatch();
  for (const imagesToKeep of [1, 10, 30, 500]) {
    for (const region of ['us-east-1', 'eu-west-1']) {
      it(`keeping ${imagesToKeep} images, in ${region}: no finding from the validator, under the inline size limit`, () => {
        const { text } = build(imagesToKeep);
        lint.add(`${imagesToKeep} images, ${region}`, text, region);
        assert.equal(formatFindings(validateTemplate(text, region)), '');
        assert.ok(Buffer.byteLength(text) < TEMPLATE_BODY_LIMIT, `${Buffer.byteLength(text)} bytes`);
      });
    }
  }

  it('cfn-lint finds nothing in any template above', function () {
    this.timeout(600_000);
    lint.assertClean();
  });

  it('the rendered file reads back as the template that was assembled', () => {
    const spec = registryTemplate(fragmentLibrary(), { imagesToKeep: 30, tags });
    assert.deepEqual(parseCfnYaml(renderTemplate(assemble(spec))), assemble(spec));
  });

  it('one ECR repository: scan on push, immutable tags, encrypted, retained on delete and on replacement', () => {
    const { template } = build(30);
    assert.deepEqual(Object.keys(template.Resources!), ['Repository', 'ArtifactsBucket', 'ArtifactsBucketPolicy', 'BuildCacheRepository']);
    const repo = repository(template);
    assert.equal(repo.Type, 'AWS::ECR::Repository');
    assert.equal(repo.DeletionPolicy, 'Retain');
    assert.equal(repo.UpdateReplacePolicy, 'Retain');
    assert.equal(repo.Properties.ImageTagMutability, 'IMMUTABLE');
    assert.deepEqual(repo.Properties.ImageScanningConfiguration, { ScanOnPush: true });
    assert.deepEqual(repo.Properties.EncryptionConfiguration, { EncryptionType: 'AES256' });
    assert.equal(repo.Properties.RepositoryName, undefined, 'a fixed name would block re-creating the stack');
    assert.deepEqual(repo.Properties.Tags, tags);
  });

  for (const [imagesToKeep, untaggedDays] of [[30, undefined], [7, 1], [100, 14]] as const) {
    it(`lifecycle policy: untagged images expire after ${untaggedDays ?? DEFAULT_UNTAGGED_DAYS} days, the last ${imagesToKeep} images are kept`, () => {
      const { template } = build(imagesToKeep, untaggedDays);
      const policy = repository(template).Properties.LifecyclePolicy as { LifecyclePolicyText: string };
      const rules = (JSON.parse(policy.LifecyclePolicyText) as { rules: LifecycleRule[] }).rules;
      assert.equal(rules.length, 2);
      const [untagged, any] = rules as [LifecycleRule, LifecycleRule];
      assert.equal(untagged.rulePriority, 1);
      assert.deepEqual(untagged.selection, {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: untaggedDays ?? DEFAULT_UNTAGGED_DAYS,
      });
      assert.equal(any.rulePriority, 2, 'a tagStatus any rule must have the lowest priority');
      assert.deepEqual(any.selection, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: imagesToKeep });
      for (const rule of rules) assert.deepEqual(rule.action, { type: 'expire' });
    });
  }

  it('exports RepositoryName, RepositoryUri and RepositoryArn under the stack name', () => {
    const { template } = build(30);
    const outputs = template.Outputs as Record<string, { Value: unknown; Export: { Name: unknown } }>;
    assert.deepEqual(Object.keys(outputs), ['RepositoryName', 'RepositoryUri', 'RepositoryArn', 'ArtifactsBucketName', 'BuildCacheRepositoryUri', 'BuildCacheRepositoryArn']);
    assert.deepEqual(outputs.BuildCacheRepositoryUri!.Value, { 'Fn::GetAtt': ['BuildCacheRepository', 'RepositoryUri'] });
    assert.deepEqual(outputs.BuildCacheRepositoryArn!.Value, { 'Fn::GetAtt': ['BuildCacheRepository', 'Arn'] });
    assert.deepEqual(outputs.ArtifactsBucketName!.Value, { Ref: 'ArtifactsBucket' });
    assert.deepEqual(outputs.RepositoryName!.Value, { Ref: 'Repository' });
    assert.deepEqual(outputs.RepositoryUri!.Value, { 'Fn::GetAtt': ['Repository', 'RepositoryUri'] });
    assert.deepEqual(outputs.RepositoryArn!.Value, { 'Fn::GetAtt': ['Repository', 'Arn'] });
    for (const [name, output] of Object.entries(outputs)) {
      assert.deepEqual(output.Export.Name, { 'Fn::Sub': `\${AWS::StackName}-${name}` });
    }
  });

  it('the build cache: a repository of its own with a mutable tag, superseded caches expiring after a day, emptied and deleted with the stack', () => {
    const { template } = build(30);
    const cache = template.Resources!.BuildCacheRepository as Resource;
    assert.equal(cache.Type, 'AWS::ECR::Repository');
    assert.equal(cache.Properties.ImageTagMutability, 'MUTABLE', 'the cache tag moves with every build');
    assert.equal(cache.Properties.EmptyOnDelete, true, 'a repository with images would fail the stack deletion');
    assert.equal(cache.DeletionPolicy, undefined, 'disposable: the next build makes it again');
    assert.deepEqual(cache.Properties.EncryptionConfiguration, { EncryptionType: 'AES256' });
    assert.deepEqual(JSON.parse((cache.Properties.LifecyclePolicy as { LifecyclePolicyText: string }).LifecyclePolicyText).rules, [
      { rulePriority: 1, description: 'Expire superseded (untagged) build caches a day after push', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }, action: { type: 'expire' } },
    ]);
    assert.deepEqual(cache.Properties.Tags, tags, 'tagged like the release repository, which the CI deploy role\'s push permission requires');
  });

  it('the artifacts bucket: encrypted, every public access blocked, ACLs off, TLS only, templates expiring after 30 days, retained', () => {
    const { template } = build(30);
    const bucket = template.Resources!.ArtifactsBucket as Resource;
    assert.equal(bucket.Type, 'AWS::S3::Bucket');
    assert.equal(bucket.DeletionPolicy, 'Retain');
    assert.equal(bucket.UpdateReplacePolicy, 'Retain');
    assert.equal(bucket.Properties.BucketName, undefined, 'a kept bucket with a fixed name would block re-creating the stack');
    assert.deepEqual(bucket.Properties.BucketEncryption, {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }],
    });
    assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    assert.deepEqual(bucket.Properties.OwnershipControls, { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    assert.deepEqual(bucket.Properties.LifecycleConfiguration, {
      Rules: [{ Id: 'expire-old-templates', Status: 'Enabled', ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
    });
    assert.deepEqual(bucket.Properties.Tags, tags);
    const policy = template.Resources!.ArtifactsBucketPolicy as Resource;
    assert.deepEqual(policy.Properties, {
      Bucket: { Ref: 'ArtifactsBucket' },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*',
          Resource: [{ 'Fn::GetAtt': ['ArtifactsBucket', 'Arn'] }, { 'Fn::Sub': '${ArtifactsBucket.Arn}/*' }],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }],
      },
    });
  });

  it('the repository keeps its logical ID, type and every property but the policy when the image count changes', () => {
    const a = repository(build(10).template);
    const b = repository(build(50).template);
    assert.equal(a.Type, b.Type);
    const { LifecyclePolicy: pa, ...restA } = a.Properties;
    const { LifecyclePolicy: pb, ...restB } = b.Properties;
    assert.deepEqual(restA, restB);
    assert.notDeepEqual(pa, pb);
  });

  it('refuses an image count the lifecycle policy cannot hold', () => {
    assert.throws(() => build(0), /registry\/repository: bad parameters: \/imagesToKeep must be >= 1/);
    assert.throws(() => build(10, 0), /\/untaggedDays must be >= 1/);
  });
});
