import assert from 'node:assert/strict';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { checkHostedZone } from '../src/aws/hosted-zone.js';
import { MANAGED_BY_TAG, checkAws, formatCheckAws, hasErrors, judgeExistingStack } from '../src/aws/check-aws.js';
import type { PlannedStack } from '../src/aws/check-aws.js';
import { TEMPLATE_BODY_LIMIT } from '../src/assemble.js';

const mockCloudFormation = () => mockClient(CloudFormationClient);
let cfn: ReturnType<typeof mockCloudFormation>;
const client = new CloudFormationClient({ region: 'us-east-1' });

const serviceError = (name: string, message: string) =>
  new CloudFormationServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
const missing = (stackName: string) => serviceError('ValidationError', `Stack with id ${stackName} does not exist`);

const template = (name: string) => `AWSTemplateFormatVersion: '2010-09-09'\nDescription: ${name}\nResources: {}\n`;
const PLANNED: PlannedStack[] = ['network', 'registry', 'data', 'app'].map((key) => ({
  stackName: `bookshelf-production-${key}`,
  file: `infra/cloudformation/${key}.yml`,
  body: template(key),
}));

const stack = (name: string, status: string, tags = [MANAGED_BY_TAG]): Stack => ({
  StackName: name,
  StackStatus: status as Stack['StackStatus'],
  CreationTime: new Date(0),
  Tags: tags.map((t) => ({ ...t })),
});

describe('checkAws', () => {
  before(() => {
    cfn = mockCloudFormation();
  });
  after(() => cfn.restore());
  beforeEach(() => {
    cfn.reset();
    cfn.on(DescribeStacksCommand).callsFake((input: { StackName: string }) => Promise.reject(missing(input.StackName)));
    cfn.on(ValidateTemplateCommand).resolves({ Parameters: [] });
  });

  it('a fresh account: every name is free and every template is valid; one lookup and one validation per stack', async () => {
    const report = await checkAws(client, PLANNED);
    assert.equal(report.checked, true);
    assert.equal(hasErrors(report), false);
    assert.deepEqual(report.findings.map((f) => [f.level, f.subject]), PLANNED.map((p) => ['note', p.stackName]));
    assert.deepEqual(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName), PLANNED.map((p) => p.stackName));
    assert.deepEqual(cfn.commandCalls(ValidateTemplateCommand).map((c) => c.args[0].input.TemplateBody), PLANNED.map((p) => p.body));
  });

  it('flags a stack of the same name that is not ours, and one stuck in a failed state', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'bookshelf-production-network' })
      .resolves({ Stacks: [stack('bookshelf-production-network', 'CREATE_COMPLETE', [{ Key: 'team', Value: 'payments' }] as never)] });
    cfn.on(DescribeStacksCommand, { StackName: 'bookshelf-production-data' })
      .resolves({ Stacks: [stack('bookshelf-production-data', 'ROLLBACK_COMPLETE')] });
    cfn.on(DescribeStacksCommand, { StackName: 'bookshelf-production-app' })
      .resolves({ Stacks: [stack('bookshelf-production-app', 'UPDATE_ROLLBACK_FAILED')] });
    const report = await checkAws(client, PLANNED);
    const errors = report.findings.filter((f) => f.level === 'error');
    assert.deepEqual(errors.map((f) => f.subject), ['bookshelf-production-network', 'bookshelf-production-data', 'bookshelf-production-app']);
    assert.match(errors[0]!.message, /not ours/);
    assert.match(errors[1]!.message, /ROLLBACK_COMPLETE/);
    assert.match(errors[2]!.message, /UPDATE_ROLLBACK_FAILED/);
    assert.equal(hasErrors(report), true);
  });

  it('an existing stack of ours in a settled state is fine; one in progress is a warning', () => {
    assert.deepEqual(judgeExistingStack(stack('a', 'UPDATE_COMPLETE')).map((f) => f.level), ['note']);
    assert.deepEqual(judgeExistingStack(stack('a', 'UPDATE_IN_PROGRESS')).map((f) => f.level), ['warning']);
    assert.deepEqual(judgeExistingStack(stack('a', 'REVIEW_IN_PROGRESS')).map((f) => f.level), ['note']);
    assert.deepEqual(judgeExistingStack(stack('a', 'DELETE_FAILED')).map((f) => f.level), ['error']);
    assert.deepEqual(judgeExistingStack(stack('a', 'CREATE_COMPLETE', [])).map((f) => f.level), ['error']);
  });

  it('reports the template CloudFormation rejects, with its message; one over the inline limit is a note, not sent (bin/fargate deploys it from S3)', async () => {
    const bad = PLANNED[3]!;
    cfn.on(ValidateTemplateCommand, { TemplateBody: bad.body }).rejects(serviceError('ValidationError', 'Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template'));
    const big: PlannedStack = { ...PLANNED[0]!, body: `${PLANNED[0]!.body}#${'x'.repeat(TEMPLATE_BODY_LIMIT)}\n` };
    const report = await checkAws(client, [big, ...PLANNED.slice(1)]);
    const errors = report.findings.filter((f) => f.level === 'error');
    assert.deepEqual(errors.map((f) => f.subject), [bad.file]);
    assert.match(errors[0]!.message, /Unresolved resource dependencies \[Vpc\]/);
    const note = report.findings.find((f) => f.subject === big.file)!;
    assert.equal(note.level, 'note');
    assert.match(note.message, new RegExp(`is ${Buffer.byteLength(big.body)} bytes, over the 51200 bytes ValidateTemplate takes inline: not sent; bin/fargate deploys it by URL`));
    assert.equal(cfn.commandCalls(ValidateTemplateCommand).length, PLANNED.length - 1);
  });

  for (const [label, error] of [
    ['no credentials at all', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })],
    ['expired credentials', serviceError('ExpiredToken', 'The security token included in the request is expired')],
  ] as const) {
    it(`with ${label} it says so, checks nothing more and does not throw`, async () => {
      cfn.on(DescribeStacksCommand).rejects(error);
      const report = await checkAws(client, PLANNED);
      assert.equal(report.checked, false);
      assert.equal(report.findings.length, 1);
      assert.match(formatCheckAws(report)[0]!, /^NOTE +AWS: no usable AWS credentials \(.+\); skipped --check-aws/);
      assert.equal(cfn.commandCalls(DescribeStacksCommand).length, 1);
      assert.equal(cfn.commandCalls(ValidateTemplateCommand).length, 0);
    });
  }

  it('a lookup the caller may not make is a warning, and the other checks still run', async () => {
    cfn.on(DescribeStacksCommand, { StackName: PLANNED[1]!.stackName }).rejects(serviceError('AccessDenied', 'User is not authorized to perform: cloudformation:DescribeStacks'));
    const report = await checkAws(client, PLANNED);
    assert.equal(report.checked, true);
    const warning = report.findings.find((f) => f.level === 'warning')!;
    assert.equal(warning.subject, PLANNED[1]!.stackName);
    assert.match(warning.message, /not authorized/);
    assert.equal(cfn.commandCalls(ValidateTemplateCommand).length, PLANNED.length);
  });
});

describe('checkHostedZone (--check-aws with a domain)', () => {
  const mockRoute53 = () => mockClient(Route53Client);
  let route53: ReturnType<typeof mockRoute53>;
  const r53 = new Route53Client({ region: 'us-east-1' });
  const zone = (name: string, privateZone = false) => ({
    HostedZone: { Id: '/hostedzone/Z0123456789ABC', Name: name, CallerReference: 'ref', Config: { PrivateZone: privateZone } },
    DelegationSet: { NameServers: [] },
  });
  before(() => {
    route53 = mockRoute53();
  });
  afterEach(() => route53.reset());
  after(() => route53.restore());

  it('a public zone of the domain or a parent domain holds it', async () => {
    route53.on(GetHostedZoneCommand, { Id: 'Z0123456789ABC' }).resolves(zone('Example.com.'));
    assert.deepEqual(await checkHostedZone(r53, 'shop.example.com', 'Z0123456789ABC'), [
      { level: 'note', subject: 'hosted zone Z0123456789ABC', message: 'is example.com and holds shop.example.com' },
    ]);
    assert.deepEqual(await checkHostedZone(r53, 'example.com', 'Z0123456789ABC'), [
      { level: 'note', subject: 'hosted zone Z0123456789ABC', message: 'is example.com and holds example.com' },
    ]);
  });

  it('a zone of another domain, a look-alike suffix, or a private zone is an error', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.org.'));
    assert.deepEqual(await checkHostedZone(r53, 'shop.example.com', 'Z0123456789ABC'), [
      { level: 'error', subject: 'hosted zone Z0123456789ABC', message: 'is example.org, which does not hold shop.example.com: pass the ID of the zone of shop.example.com or a parent domain' },
    ]);
    route53.on(GetHostedZoneCommand).resolves(zone('ample.com.'));
    assert.equal((await checkHostedZone(r53, 'shop.example.com', 'Z0123456789ABC'))[0]!.level, 'error');
    route53.on(GetHostedZoneCommand).resolves(zone('example.com.', true));
    assert.deepEqual(await checkHostedZone(r53, 'shop.example.com', 'Z0123456789ABC'), [
      { level: 'error', subject: 'hosted zone Z0123456789ABC', message: 'example.com is a private zone: the certificate and shop.example.com need a public one' },
    ]);
  });

  it('a zone that does not exist is an error; no credentials is a note', async () => {
    route53.on(GetHostedZoneCommand).rejects(Object.assign(new Error('No hosted zone found with ID: Z0123456789ABC'), { name: 'NoSuchHostedZone' }));
    assert.deepEqual(await checkHostedZone(r53, 'shop.example.com', 'Z0123456789ABC'), [
      { level: 'error', subject: 'hosted zone Z0123456789ABC', message: 'does not exist in this account: create the zone, or pass the ID Route 53 shows for it' },
    ]);
    route53.on(GetHostedZoneCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    assert.deepEqual(await checkHostedZone(r53, 'shop.example.com', 'Z0123456789ABC'), [
      { level: 'note', subject: 'AWS', message: 'no usable AWS credentials; the hosted zone was not looked up' },
    ]);
  });
});
