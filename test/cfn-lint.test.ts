/**
 * The cfn-lint harness itself: it must run the real cfn-lint, report each level (a harness that reports nothing
 * would pass every template), and honour a suppression that a template carries in its Metadata, as the user's own
 * cfn-lint run does. The templates the generator writes are linted by the stack and matrix tests.
 */
import assert from 'node:assert/strict';
import { cfnLint, cfnLintVersion, CfnLintBatch } from './support/cfn-lint.js';

const LISTENER_WITH_TAGS = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  LoadBalancerArn:
    Type: String
  TargetGroupArn:
    Type: String
Resources:
  HttpListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancerArn
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref TargetGroupArn
      Tags:
        - Key: app
          Value: bookshelf
`;

const REEXPORT = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  TaskSecurityGroupId:
    Value: !ImportValue network-AppSecurityGroupId
`;

const TABLE = (metadata: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Table:
    Type: AWS::DynamoDB::Table
${metadata}    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
`;

describe('the cfn-lint harness', function () {
  this.timeout(120_000);

  it('runs the real cfn-lint, version 1 or later', () => {
    assert.match(cfnLintVersion(), /^cfn-lint 1\.\d+\.\d+$/);
  });

  it('reports an error, a warning and informational findings, each on its own template, in one run', () => {
    const [listener, reexport, table] = cfnLint([
      { text: LISTENER_WITH_TAGS, region: 'us-east-1' },
      { text: REEXPORT, region: 'us-east-1' },
      { text: TABLE(''), region: 'eu-west-1' },
    ]);
    assert.deepEqual(listener!.map((f) => [f.ruleId, f.level]), [['E3002', 'Error']]);
    assert.match(listener![0]!.where, /^Resources HttpListener Properties Tags line 17$/);
    assert.deepEqual(reexport!.map((f) => [f.ruleId, f.level]), [['W6001', 'Warning']]);
    assert.deepEqual(table!.map((f) => f.ruleId).sort(), ['I3011', 'I3011']);
  });

  it('honours a cfn-lint suppression in the resource Metadata, the way the generated database carries one', () => {
    const suppressed = TABLE('    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [I3011]\n');
    assert.deepEqual(cfnLint([{ text: suppressed, region: 'us-east-1' }]), [[]]);
  });

  it('a batch names every template with a finding, and passes a clean one', () => {
    const batch = new CfnLintBatch();
    batch.add('clean', TABLE('    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n'), 'us-east-1');
    batch.add('listener', LISTENER_WITH_TAGS, 'us-east-1');
    assert.throws(() => batch.assertClean(), (error: Error) => {
      assert.match(error.message, /^cfn-lint found problems in 1 of 2 templates:\nlistener\nError E3002 /);
      assert.doesNotMatch(error.message, /\nclean\n/);
      return true;
    });
    batch.add('clean', TABLE('    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n'), 'us-east-1');
    batch.assertClean();
    assert.throws(() => batch.assertClean(), /no template was added/);
  });
});
