/**
 * The ci stack's deploy role may do what `bin/fargate deploy` does and nothing else. What deploy does is taken from
 * the script itself: it runs under the recording stubs in every deploy scenario (first deploy, release, no change,
 * failed stack, failed migration, busy and broken stacks, a stack to re-create), with the CloudFormation role set as
 * the workflow sets it, and each recorded `aws <service> <command>` (and docker's push) is mapped to the IAM actions
 * it needs. That set must equal the actions of the role's policy: a new call in deploy fails this test until its
 * action is mapped here and granted in fragments/ci/deploy-role.yml, and an action the script no longer needs fails
 * it too. Also here: `bin/fargate ci-setup` and the CloudFormation role's services, derived from the app templates.
 */
import assert from 'node:assert/strict';
import { renderFargateScript } from '../src/deploy/fargate-script.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { fragmentLibrary } from '../src/fragments/library.js';
import { assemble, renderTemplate } from '../src/assemble.js';
import { ciTemplate, resourceTypes, serviceActions } from '../src/stacks/ci.js';
import { argValue, createStubWorld, summarize } from './support/recording-stub.js';
import type { StubWorld } from './support/recording-stub.js';
import { SCRIPT_CONFIG } from './support/script-config.js';

const SCRIPT = renderFargateScript(SCRIPT_CONFIG);
const ROLE = 'bookshelf-production-cloudformation';
const ROLE_ARN = `arn:aws:iam::123456789012:role/${ROLE}`;

/** The IAM actions each call of the script needs. */
const IAM_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'aws --version': [],
  // GetCallerIdentity needs no permission.
  'aws sts get-caller-identity': [],
  'aws cloudformation describe-stacks': ['cloudformation:DescribeStacks'],
  'aws cloudformation describe-stack-events': ['cloudformation:DescribeStackEvents'],
  'aws cloudformation describe-stack-resources': ['cloudformation:DescribeStackResources'],
  // With --role-arn: passing the CloudFormation role.
  'aws cloudformation create-change-set': ['cloudformation:CreateChangeSet', 'iam:PassRole'],
  'aws cloudformation describe-change-set': ['cloudformation:DescribeChangeSet'],
  'aws cloudformation execute-change-set': ['cloudformation:ExecuteChangeSet'],
  'aws cloudformation delete-change-set': ['cloudformation:DeleteChangeSet'],
  'aws cloudformation delete-stack': ['cloudformation:DeleteStack'],
  'aws cloudformation wait stack-delete-complete': ['cloudformation:DescribeStacks'],
  'aws ecr describe-images': ['ecr:DescribeImages'],
  'aws ecr get-login-password': ['ecr:GetAuthorizationToken'],
  'aws secretsmanager list-secret-version-ids': ['secretsmanager:ListSecretVersionIds'],
  'aws secretsmanager put-secret-value': ['secretsmanager:PutSecretValue'],
  // RunTask passes the task definition's execution and task roles.
  'aws ecs run-task': ['ecs:RunTask', 'iam:PassRole'],
  'aws ecs wait tasks-stopped': ['ecs:DescribeTasks'],
  'aws ecs describe-tasks': ['ecs:DescribeTasks'],
  'aws ecs wait services-stable': ['ecs:DescribeServices'],
  'aws logs tail': ['logs:FilterLogEvents'],
  'docker buildx version': [],
  'docker info': [],
  // Which stack updates first: the deployed exports, and who imports one about to go.
  'aws cloudformation list-exports': ['cloudformation:ListExports'],
  'aws cloudformation list-imports': ['cloudformation:ListImports'],
  // A worker's service (and log group) is found among the app stack's resources: workers have no outputs.
  'aws cloudformation list-stack-resources': ['cloudformation:ListStackResources'],
  // A declared secret without a value stops the deploy before it starts.
  'aws secretsmanager list-secrets': ['secretsmanager:ListSecrets'],
  // The template into the artifacts bucket; CloudFormation then reads its URL with the caller's rights.
  'aws s3api put-object': ['s3:PutObject', 's3:GetObject'],
  'docker login': [],
  // buildx --push and --cache-to: the registry API of a push (and of reading the manifests of layers it already has);
  // --cache-from: downloading the cached layers.
  'docker buildx build': [
    'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:GetDownloadUrlForLayer',
    'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart',
  ],
  'docker buildx inspect': [],
  'docker buildx create': [],
};

const SCENARIOS = [
  'first-deploy.json', 'release.json', 'no-change.json', 'failed-stack.json', 'failed-migration.json',
  'first-create-rollback-failed.json', 'rollback-failed.json', 'in-progress.json', 'replace-database.json', 'drop-redis.json',
];

/** The calls' short forms without the stack name: `aws cloudformation create-change-set`. */
function commands(world: StubWorld): string[] {
  return world.calls().map((call) => {
    const words = summarize(call).split(' ');
    if (call.cmd !== 'aws') return words.slice(0, 3).join(' ');
    // aws SERVICE COMMAND, or aws SERVICE wait WAITER; no stack name or log group.
    return words.slice(0, words[2] === 'wait' ? 4 : 3).join(' ');
  });
}

type Statement = { Sid: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function deployPolicy(text: string): Statement[] {
  const template = parseCfnYaml(text, 'ci.yml') as { Resources: Record<string, { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } }> };
  return template.Resources.DeployRole!.Properties.Policies[0]!.PolicyDocument.Statement;
}

function ciStackText(): string {
  const library = fragmentLibrary();
  // The sample app's stack names; the app templates only decide the CloudFormation role's services.
  const spec = ciTemplate(library, {
    repo: 'acme/bookshelf', branch: 'main', oidcProviderArn: '', appName: 'bookshelf', environment: 'production',
    stackNames: ['network', 'registry', 'data', 'app'].map((k) => `bookshelf-production-${k}`), appStack: 'bookshelf-production-app',
    appSpecs: [{ description: '', fragments: [{ id: 'any', needs: [], sections: { Resources: { Vpc: { Type: 'AWS::EC2::VPC' }, Database: { Type: 'AWS::RDS::DBInstance' } } } }] }],
    tags: [],
  });
  return renderTemplate(assemble(spec));
}

let worlds: StubWorld[] = [];
function world(scenario: string, files: Record<string, string> = {}): StubWorld {
  const w = createStubWorld({ script: SCRIPT, scenario, files });
  worlds.push(w);
  return w;
}
afterEach(() => {
  for (const w of worlds) w.cleanup();
  worlds = [];
});

describe('the ci deploy role: exactly what bin/fargate deploy calls', function () {
  // Ten deploys in bash: seconds alone, minutes on a loaded machine.
  this.timeout(600_000);

  it('the actions of every deploy scenario, mapped to IAM, are the actions the role allows', () => {
    const needed = new Set<string>();
    const unmapped = new Set<string>();
    const run = (w: StubWorld) => {
      const r = w.run(['deploy', '--yes'], { closedStdin: true, env: { FARGATE_CLOUDFORMATION_ROLE: ROLE } });
      for (const command of commands(w)) {
        const actions = IAM_ACTIONS[command];
        if (actions === undefined) unmapped.add(command);
        for (const action of actions ?? []) needed.add(action);
      }
      return r;
    };
    for (const scenario of SCENARIOS) run(world(scenario));
    // A stack left in ROLLBACK_COMPLETE by a failed first create: deploy deletes it and creates it again.
    const recreate = world('release.json');
    recreate.prependRules([{ cmd: 'aws', match: ['cloudformation describe-stacks --query', 'starts_with'], before: 'delete-stack --stack-name bookshelf-production-registry', rows: [
      ['bookshelf-production-network', 'UPDATE_COMPLETE'], ['bookshelf-production-registry', 'ROLLBACK_COMPLETE'],
      ['bookshelf-production-data', 'UPDATE_COMPLETE'], ['bookshelf-production-app', 'UPDATE_COMPLETE'],
    ] }]);
    assert.equal(run(recreate).status, 0);
    assert.ok(commands(recreate).includes('aws cloudformation delete-stack'), 'the re-create case deletes the stack');

    assert.deepEqual([...unmapped], [], 'calls with no IAM action mapped above');
    const allowed = new Set(deployPolicy(ciStackText()).flatMap((s) => [s.Action].flat()));
    assert.deepEqual([...allowed].sort(), [...needed].sort());
    // The literal list, so that a change in either shows in review.
    assert.deepEqual([...needed].sort(), [
      'cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:DeleteStack',
      'cloudformation:DescribeChangeSet', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStackResources',
      'cloudformation:DescribeStacks', 'cloudformation:ExecuteChangeSet', 'cloudformation:ListExports', 'cloudformation:ListImports',
      'cloudformation:ListStackResources',
      'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:DescribeImages',
      'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart',
      'ecs:DescribeServices', 'ecs:DescribeTasks', 'ecs:RunTask',
      'iam:PassRole', 'logs:FilterLogEvents',
      's3:GetObject', 's3:PutObject',
      'secretsmanager:ListSecretVersionIds', 'secretsmanager:ListSecrets', 'secretsmanager:PutSecretValue',
    ]);
  });

  it('each allowed action is limited to this app and environment wherever IAM can limit it', () => {
    const scoped = Object.fromEntries(deployPolicy(ciStackText()).map((s) => [s.Sid, { resource: s.Resource, condition: s.Condition }]));
    const sub = (text: string) => ({ 'Fn::Sub': text });
    const tags = { StringEquals: { 'aws:ResourceTag/app': 'bookshelf', 'aws:ResourceTag/environment': 'production' } };
    assert.deepEqual(scoped, {
      // describe-stacks without a name (every stack's status in one call) needs '*'; GetAuthorizationToken has no resource.
      ListTheStacks: { resource: '*', condition: undefined },
      ChangeTheAppStacks: { resource: ['network', 'registry', 'data', 'app'].map((k) => sub(`arn:\${AWS::Partition}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stack/bookshelf-production-${k}/*`)), condition: undefined },
      PassOnlyTheCloudFormationRole: { resource: { 'Fn::GetAtt': ['CloudFormationRole', 'Arn'] }, condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } },
      UploadTheTemplates: { resource: sub('arn:${AWS::Partition}:s3:::*/templates/*'), condition: { StringEquals: { 's3:ResourceAccount': { Ref: 'AWS::AccountId' } } } },
      FindTheAppSecrets: { resource: '*', condition: undefined },
      RegistryLogin: { resource: '*', condition: undefined },
      PushToTheAppRepository: { resource: sub('arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*'), condition: tags },
      StoreTheMasterKey: { resource: sub('arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*'), condition: tags },
      RunTheMigrateTask: { resource: sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/bookshelf-production-app-migrate:*'), condition: undefined },
      FollowTasksAndServices: { resource: [
        sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/bookshelf-production-app-*'),
        sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/bookshelf-production-app-*'),
      ], condition: undefined },
      PassTheTaskRoles: { resource: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/bookshelf-production-app-*'), condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
      ReadTheMigrateLogs: { resource: sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:bookshelf-production-app-*'), condition: undefined },
    });
  });

  it('with FARGATE_CLOUDFORMATION_ROLE every change set names the role, and the calls are otherwise those of a plain deploy', () => {
    const plain = world('release.json');
    assert.equal(plain.run(['deploy', '--yes']).status, 0);
    const ci = world('release.json');
    const r = ci.run(['deploy', '--yes'], { env: { FARGATE_CLOUDFORMATION_ROLE: ROLE } });
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(ci.summary(), plain.summary());
    const creates = ci.calls().filter((c) => c.argv.includes('create-change-set'));
    assert.equal(creates.length, 5);
    for (const call of creates) assert.equal(argValue(call, '--role-arn'), ROLE_ARN);
    assert.equal(plain.calls().filter((c) => c.argv.includes('--role-arn')).length, 0);
  });
});

describe('the ci CloudFormation role: the services of the app templates', () => {
  it('maps every resource type the fragments hold to its IAM service, IAM itself apart', () => {
    const library = fragmentLibrary();
    const types = library.ids().flatMap((id) => Object.values((library.get(id).body.Resources ?? {}) as Record<string, { Type: string }>).map((r) => r.Type));
    const appTypes = [...new Set(types)].filter((t) => !t.startsWith('AWS::IAM::OIDC'));
    assert.deepEqual(serviceActions(appTypes), [
      'acm:*', 'application-autoscaling:*', 'cloudwatch:*', 'ec2:*', 'ecr:*', 'ecs:*', 'elasticache:*',
      'elasticloadbalancing:*', 'logs:*', 'rds:*', 'route53:*', 's3:*', 'scheduler:*', 'secretsmanager:*', 'sns:*',
    ]);
    assert.throws(() => serviceActions(['AWS::Lambda::Function']), /no IAM service for AWS::Lambda::Function/);
    assert.deepEqual(resourceTypes([]), []);
  });
});

describe('bin/fargate ci-setup with recording stubs', function () {
  this.timeout(60_000);
  const CI_FILE = { 'infra/cloudformation/ci.yml': 'Resources:\n  DeployRole:\n    Type: AWS::IAM::Role\n' };

  it('creates the ci stack without the CloudFormation role, and prints the commands that give the repository its role', () => {
    const w = world('ci-setup.json', CI_FILE);
    const r = w.run(['ci-setup'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(w.summary(), [
      'aws --version',
      'aws sts get-caller-identity',
      'aws cloudformation describe-stacks',
      'aws cloudformation create-change-set bookshelf-production-ci',
      'aws cloudformation describe-change-set bookshelf-production-ci',
      'aws cloudformation describe-change-set bookshelf-production-ci',
      'aws cloudformation describe-stack-events bookshelf-production-ci',
      'aws cloudformation execute-change-set bookshelf-production-ci',
      'aws cloudformation describe-stacks',
      'aws cloudformation describe-stack-events bookshelf-production-ci',
      'aws cloudformation describe-stacks bookshelf-production-ci',
    ]);
    const create = w.calls().find((c) => c.argv.includes('create-change-set'))!;
    assert.equal(argValue(create, '--change-set-type'), 'CREATE');
    assert.equal(argValue(create, '--template-body'), 'file://infra/cloudformation/ci.yml');
    assert.equal(create.argv.includes('--role-arn'), false);
    assert.match(r.stdout, /^  gh variable set AWS_ROLE_ARN --body arn:aws:iam::123456789012:role\/bookshelf-production-ci-deploy$/m);
    assert.match(r.stdout, /^  gh secret set RAILS_MASTER_KEY < config\/master\.key$/m);
  });

  it('without the ci template, says to run yo rails-fargate:ci and calls nothing', () => {
    const w = world('ci-setup.json');
    const r = w.run(['ci-setup'], { closedStdin: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no infra\/cloudformation\/ci\.yml: run yo rails-fargate:ci first/);
    assert.deepEqual(w.calls(), []);
  });

  it('refuses to run with the CloudFormation role set (the role it creates), before any call', () => {
    const w = world('ci-setup.json', CI_FILE);
    const r = w.run(['ci-setup'], { closedStdin: true, env: { FARGATE_CLOUDFORMATION_ROLE: ROLE } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /run it with administrator credentials, without that variable/);
    assert.deepEqual(w.calls(), []);
  });

  it('refuses while an operation runs on the ci stack, and names it', () => {
    const w = world('ci-setup.json', CI_FILE);
    w.prependRules([{ cmd: 'aws', match: ['cloudformation describe-stacks --query', 'starts_with'], rows: [['bookshelf-production-ci', 'UPDATE_IN_PROGRESS']] }]);
    const r = w.run(['ci-setup'], { closedStdin: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /another operation is running on bookshelf-production-ci \(UPDATE_IN_PROGRESS\)/);
    assert.equal(w.calls().filter((c) => c.argv.includes('create-change-set')).length, 0);
  });
});
