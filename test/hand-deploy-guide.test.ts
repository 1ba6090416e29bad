/**
 * The hand-deploy guide of infra/README.md, run as written: the ```sh blocks under each of its sections (First deploy,
 * Release, Rollback, Destroy) are taken from the rendered README itself and run with bash against the recording
 * stubs of aws and docker. Every call is checked, in order, with its parameters, against lists written out here;
 * a migrate task that exits 1 stops a release before any service moves to the new image.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Answers } from '../src/answers/questions.js';
import { validateAnswers } from '../src/answers/resolve.js';
import { infraReadme } from '../src/docs/infra-readme.js';
import { plan, renderStacks } from '../src/plan.js';
import type { AppInputs } from '../src/plan/app-inputs.js';
import type { Workers } from '../src/plan/workers.js';
import { argValue, compileScenario, createStubWorld, loadScenario, STUB_FIXTURES, summarize } from './support/recording-stub.js';
import type { StubCall, StubRule, StubWorld } from './support/recording-stub.js';
import { perTest } from './support/per-test.js';

const INPUTS: AppInputs = {
  containerPort: 3000,
  healthPath: '/up',
  webCommand: ['./bin/rails', 'server'],
  environmentVars: { RAILS_ENV: 'production' },
  dbEngine: 'postgres',
  dbAdapter: 'postgresql',
  extraDatabases: [],
  forceSsl: false,
  redis: true,
};
const JOBS: Workers = { jobs: { command: ['bundle', 'exec', 'sidekiq'], cpu: 512, memory: 1024, count: 1 } };

function answers(extra: Readonly<Record<string, unknown>> = {}): Answers {
  return validateAnswers({ appName: 'bookshelf', region: 'us-east-1', azCount: 2, worker: 'none', ...extra }, 'the test answers', {
    appName: 'bookshelf',
    dbEngine: 'postgres',
    env: {},
  });
}

function readmeOf(theAnswers: Answers, workers: Workers = JOBS, inputs: AppInputs = INPUTS): string {
  const thePlan = plan(theAnswers, inputs, workers);
  return infraReadme(thePlan, renderStacks(thePlan));
}

/** The ```sh blocks under `### heading`, up to the next heading (outside a code block), joined. */
function sectionScript(readme: string, heading: string): string {
  const lines = readme.split('\n');
  const start = lines.indexOf(`### ${heading}`);
  assert.ok(start >= 0, `no section ${heading}`);
  const blocks: string[] = [];
  let block: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (block) {
      if (line === '```') {
        blocks.push(block.join('\n'));
        block = undefined;
      } else block.push(line);
    } else if (line === '```sh') block = [];
    else if (/^#{1,3} /.test(line)) break;
  }
  assert.ok(blocks.length > 0, `no sh block under ${heading}`);
  return blocks.join('\n');
}

/** A call as a line: the summary, then what matters of its arguments. */
function callLine(call: StubCall): string {
  const words = [summarize(call)];
  const query = argValue(call, '--query') ?? '';
  const key = /(?:OutputKey|ParameterKey)=='(\w+)'/.exec(query)?.[1];
  if (key) words.push(key);
  const listAfter = (flag: string) => {
    const at = call.argv.indexOf(flag);
    if (at < 0) return [];
    const end = call.argv.findIndex((a, i) => i > at && a.startsWith('--'));
    return call.argv.slice(at + 1, end < 0 ? undefined : end);
  };
  if (call.argv.includes('--parameter-overrides')) words.push(...listAfter('--parameter-overrides'));
  if (call.argv.includes('--parameters')) {
    words.push(call.argv.includes('--use-previous-template') ? 'previous-template' : `template=${argValue(call, '--template-body') ?? argValue(call, '--template-url')}`);
    words.push(...listAfter('--parameters').map((p) => p.replace(/^ParameterKey=([^,]+),(?:ParameterValue=(.*)|UsePreviousValue=true)$/, (_, k: string, v?: string) => `${k}=${v ?? '(previous)'}`)));
  }
  for (const flag of ['--s3-bucket', '--s3-prefix', '--bucket', '--key', '--body', '--network-configuration', '--platform', '--tag', '--secret-id', '--secret-string', '--image-ids', '--logical-resource-id', '--log-stream-name-prefix']) {
    const value = argValue(call, flag);
    if (value !== undefined) words.push(value);
  }
  if (call.argv.includes('--services')) words.push(...listAfter('--services'));
  for (const flag of ['--no-deletion-protection', '--force']) if (call.argv.includes(flag)) words.push(flag);
  return words.join(' ');
}

let worlds: StubWorld[] = [];
afterEach(() => {
  for (const w of worlds) w.cleanup();
  worlds = [];
});

/**
 * Run a section of the README's guide in a fresh committed repo with the stubs first on PATH. `before(tag)`: rules
 * that answer ahead of the scenario's, for answers that name this commit's tag (known once the repo is committed).
 */
function runSection(readme: string, heading: string, scenario: string, before?: (tag: string) => StubRule[]) {
  const world = createStubWorld({ script: `#!/usr/bin/env bash\n${sectionScript(readme, heading)}\n`, scenario });
  worlds.push(world);
  if (before) {
    const rules = [...before(world.git('rev-parse', '--short=12', 'HEAD')), ...loadScenario(join(STUB_FIXTURES, 'scenarios', scenario))];
    compileScenario(rules, join(dirname(world.logFile), 'rules'));
  }
  const result = world.run([]);
  const tag = world.git('rev-parse', '--short=12', 'HEAD');
  const hash = world.git('hash-object', 'infra/cloudformation/app.yml');
  return { world, result, tag, hash, calls: world.calls().map(callLine) };
}

const REGION = 'us-east-1';
const URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/bookshelf-production-registry-repository-8f2k1';
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/bookshelf-production-Cluster-Q1w2E3/5f1c0e4a9b7d4c2e8a6f3b1d0e9c7a55';
const PRIVATE_NETWORK = 'awsvpcConfiguration={subnets=[subnet-0aaa1111bbbb2222c,subnet-0ddd3333eeee4444f],securityGroups=[sg-0a1b2c3d4e5f60718],assignPublicIp=DISABLED}';
const PUBLIC_NETWORK = 'awsvpcConfiguration={subnets=[subnet-0bbb5555cccc6666d,subnet-0eee7777ffff8888a],securityGroups=[sg-0a1b2c3d4e5f60718],assignPublicIp=ENABLED}';

/** Registry, image (not yet pushed), network and data: the start of a first deploy and of a release. */
const BUCKET = 'bookshelf-production-registry-artifactsbucket-9x8y7z';
/** Where the guide uploads the app template: keyed by its content (git hash-object, computed by the test's world). */
const appObject = (hash: string) => `templates/bookshelf-production-app/${hash}.yml`;
const appUpload = (hash: string) => `aws s3api put-object ${BUCKET} ${appObject(hash)} infra/cloudformation/app.yml`;
const appUrl = (hash: string) => `https://${BUCKET}.s3.us-east-1.amazonaws.com/${appObject(hash)}`;

const imageAndStacks = (tag: string) => [
  'aws cloudformation deploy bookshelf-production-registry',
  'aws cloudformation describe-stacks bookshelf-production-registry ArtifactsBucketName',
  'aws cloudformation describe-stacks bookshelf-production-registry RepositoryName',
  'aws cloudformation describe-stacks bookshelf-production-registry RepositoryUri',
  `aws ecr describe-images imageTag=${tag}`,
  'aws ecr get-login-password',
  'docker login',
  `docker buildx build linux/amd64 ${URI}:${tag}`,
  `aws cloudformation deploy bookshelf-production-network ${BUCKET} templates/bookshelf-production-network`,
  `aws cloudformation deploy bookshelf-production-data NetworkStackName=bookshelf-production-network ${BUCKET} templates/bookshelf-production-data`,
];
const migrate = (network: string) => [
  'aws cloudformation describe-stacks bookshelf-production-app ClusterName',
  'aws cloudformation describe-stacks bookshelf-production-app MigrateTaskDefinitionArn',
  'aws cloudformation describe-stacks bookshelf-production-app MigrateLogGroupName',
  'aws cloudformation describe-stacks bookshelf-production-app AssignPublicIp',
  `aws cloudformation describe-stacks bookshelf-production-network ${network === PUBLIC_NETWORK ? 'PublicSubnetIds' : 'PrivateSubnetIds'}`,
  'aws cloudformation describe-stacks bookshelf-production-network AppSecurityGroupId',
  `aws ecs run-task ${network}`,
  'aws ecs wait tasks-stopped',
  'aws ecs describe-tasks',
];
const stableAndUrl = [
  'aws cloudformation describe-stacks bookshelf-production-app WebServiceName',
  // A worker has no output: its service is the resource's physical id (an ARN, which the waiter takes).
  'aws cloudformation describe-stack-resource bookshelf-production-app WorkerJobsService',
  'aws ecs wait services-stable bookshelf-production-web arn:aws:ecs:us-east-1:123456789012:service/bookshelf-production-Cluster-Q1w2E3/bookshelf-production-jobs',
  'aws cloudformation describe-stacks bookshelf-production-app Url',
];
const releaseCalls = (tag: string, hash: string, network = PRIVATE_NETWORK) => [
  ...imageAndStacks(tag),
  'aws cloudformation describe-stacks bookshelf-production-app ImageTag',
  'aws cloudformation describe-stacks bookshelf-production-app MigrateImageTag',
  'aws cloudformation describe-stacks bookshelf-production-app ServicesEnabled',
  appUpload(hash),
  `aws cloudformation update-stack bookshelf-production-app template=${appUrl(hash)} NetworkStackName=(previous) DataStackName=(previous) RegistryStackName=(previous) ImageTag=(previous) MigrateImageTag=${tag} ServicesEnabled=(previous)`,
  'aws cloudformation wait stack-update-complete bookshelf-production-app',
  ...migrate(network),
  `aws cloudformation update-stack bookshelf-production-app previous-template NetworkStackName=(previous) DataStackName=(previous) RegistryStackName=(previous) ImageTag=${tag} MigrateImageTag=(previous) ServicesEnabled=true`,
  'aws cloudformation wait stack-update-complete bookshelf-production-app',
  ...stableAndUrl,
];

describe('the hand-deploy guide of infra/README.md, run against the stubs', function () {
  // Made inside the tests, not when the file loads (see test/support/per-test.ts).
  const made = perTest(() => {
    const readme = readmeOf(answers({ nat: 'per-az' }));
    return { readme };
  });
  this.timeout(20_000);

  it('has the four sections, AWS CLI and docker only, never bin/fargate nor the app outputs that are gone', () => {
    const { readme } = made();
    for (const heading of ['First deploy', 'Release', 'Rollback', 'Destroy']) {
      const script = sectionScript(readme, heading);
      assert.match(script, /^set -euo pipefail$/m, heading);
      assert.doesNotMatch(script, /bin\/fargate|TaskSecurityGroupId|TaskSubnetIds/, heading);
      const programs = new Set(script.split('\n').filter((l) => !l.trimStart().startsWith('#')).flatMap((l) => [...l.matchAll(/(?:^|\$\(|\| |then |else )\s*([a-z][\w-]*) /g)].map((m) => m[1])));
      for (const p of programs) assert.ok(['aws', 'docker', 'git', 'echo', 'tr', 'printf', 'if', 'fi', 'exit', 'awk', 'set'].includes(p!), `${heading}: ${p}`);
    }
    assert.match(readme, /Commit before you build: image tags are immutable and a tag is the commit SHA/);
  });

  it('first deploy: app stack with no task, master key from the file via stdin, migrations checked, then the services', () => {
    const { readme } = made();
    const { world, result, tag, hash, calls } = runSection(readme, 'First deploy', 'hand-deploy.json');
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(calls, [
      ...imageAndStacks(tag),
      appUpload(hash),
      `aws cloudformation create-stack bookshelf-production-app template=${appUrl(hash)} NetworkStackName=bookshelf-production-network DataStackName=bookshelf-production-data RegistryStackName=bookshelf-production-registry ImageTag=${tag} MigrateImageTag=${tag} ServicesEnabled=false`,
      'aws cloudformation wait stack-create-complete bookshelf-production-app',
      'aws cloudformation describe-stacks bookshelf-production-app MasterKeySecretArn',
      'aws secretsmanager put-secret-value arn:aws:secretsmanager:us-east-1:123456789012:secret:MasterKeySecret-XyZ123 file:///dev/stdin',
      ...migrate(PRIVATE_NETWORK),
      'aws cloudformation update-stack bookshelf-production-app previous-template NetworkStackName=(previous) DataStackName=(previous) RegistryStackName=(previous) ImageTag=(previous) MigrateImageTag=(previous) ServicesEnabled=true',
      'aws cloudformation wait stack-update-complete bookshelf-production-app',
      ...stableAndUrl,
    ]);
    const secret = world.calls().find((c) => c.argv.includes('put-secret-value'))!;
    assert.equal(secret.secretSha256, createHash('sha256').update(world.masterKey).digest('hex'));
    assert.ok(!readFileSync(world.logFile, 'utf8').includes(world.masterKey), 'the master key is never an argument');
    assert.ok(world.calls().every((c) => c.cmd !== 'aws' || argValue(c, '--region') === REGION), 'every aws call names the region');
    assert.match(result.stdout, new RegExp(`Deployed ${tag} to production: http://bookshelf-production-1234567890\\.us-east-1\\.elb\\.amazonaws\\.com`));
  });

  it('first deploy refuses to start without a master key file, before any call', () => {
    const { readme } = made();
    const world = createStubWorld({ script: `#!/usr/bin/env bash\n${sectionScript(readme, 'First deploy')}\n`, scenario: 'hand-deploy.json' });
    worlds.push(world);
    rmSync(join(world.repo, 'config/master.key'));
    const result = world.run([]);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /No config\/master\.key: the app could not read its credentials/);
    assert.deepEqual(world.calls(), []);
  });

  it('first deploy and release refuse a work tree with uncommitted changes, before any call', () => {
    const { readme } = made();
    for (const heading of ['First deploy', 'Release']) {
      const world = createStubWorld({ script: `#!/usr/bin/env bash\n${sectionScript(readme, heading)}\n`, scenario: 'hand-deploy.json' });
      worlds.push(world);
      writeFileSync(join(world.repo, 'Gemfile'), 'source "https://rubygems.org"\ngem "rails"\n');
      const result = world.run([]);
      assert.notEqual(result.status, 0, heading);
      assert.match(result.stderr, /Commit first: the image tag is the commit SHA/, heading);
      assert.deepEqual(world.calls(), [], heading);
    }
  });

  it('release: MigrateImageTag first (ImageTag kept), the migrate task, then ImageTag, then stable', () => {
    const { readme } = made();
    const { result, tag, hash, calls } = runSection(readme, 'Release', 'hand-deploy.json');
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(calls, releaseCalls(tag, hash));
    const migrateUpdate = calls.findIndex((c) => c.startsWith('aws cloudformation update-stack') && c.includes(`MigrateImageTag=${tag}`) && c.includes('ImageTag=(previous)'));
    const runTask = calls.findIndex((c) => c.startsWith('aws ecs run-task'));
    const exitCode = calls.findIndex((c) => c.startsWith('aws ecs describe-tasks'));
    const imageUpdate = calls.findIndex((c) => c.startsWith('aws cloudformation update-stack') && c.includes(` ImageTag=${tag}`));
    assert.ok(migrateUpdate >= 0 && migrateUpdate < runTask && runTask < exitCode && exitCode < imageUpdate, calls.join('\n'));
    assert.match(result.stdout, new RegExp(`Released ${tag} to production: http://`));
  });

  it('release: a migrate task that exits 1 stops it before ImageTag moves, with the task\'s log', () => {
    const { readme } = made();
    const { result, tag, hash, calls } = runSection(readme, 'Release', 'hand-deploy-failed-migration.json');
    assert.notEqual(result.status, 0);
    const expected = releaseCalls(tag, hash);
    const upToExitCode = expected.slice(0, expected.indexOf('aws ecs describe-tasks') + 1);
    assert.deepEqual(calls, [...upToExitCode, 'aws logs tail bookshelf-production-app-MigrateLogGroup-Zx9 migrate/migrate/5f1c0e4a9b7d4c2e8a6f3b1d0e9c7a55']);
    assert.ok(!calls.some((c) => c.includes(` ImageTag=${tag}`)), 'no service moves to the new image');
    assert.match(result.stderr, /Migrations failed \(exit code 1\): stopping here; the services keep their image/);
    assert.match(result.stderr, /PG::DuplicateColumn/);
  });

  /** The app stack's parameters as a release that stopped left them, and this commit's image already pushed. */
  const stoppedAt = (imageTag: 'tag' | 'old', servicesEnabled: string) => (tag: string): StubRule[] => [
    { cmd: 'aws', match: ['describe-stacks', 'ParameterKey==\'ImageTag\''], stdout: imageTag === 'tag' ? tag : '0ld0ld0ld0ld' },
    { cmd: 'aws', match: ['describe-stacks', 'ParameterKey==\'MigrateImageTag\''], stdout: tag },
    { cmd: 'aws', match: ['describe-stacks', 'ParameterKey==\'ServicesEnabled\''], stdout: servicesEnabled },
    { cmd: 'aws', match: ['ecr describe-images', `--image-ids imageTag=${tag}`], stdout: '' },
  ];
  const pushed = (calls: string[], tag: string) => calls.filter((c) => !/^(aws ecr get-login-password|docker )/.test(c)).map((c) => (c.startsWith('aws ecr describe-images') ? `aws ecr describe-images imageTag=${tag}` : c));

  it('release run again after its migrations failed: no new build, no MigrateImageTag update, migrations, then ImageTag', () => {
    const { readme } = made();
    const { result, tag, hash, calls } = runSection(readme, 'Release', 'hand-deploy.json', stoppedAt('old', 'true'));
    assert.equal(result.status, 0, result.output);
    const expected = pushed(releaseCalls(tag, hash), tag).filter((c) => !(c.includes(`MigrateImageTag=${tag}`)) && c !== appUpload(hash));
    expected.splice(expected.indexOf('aws cloudformation wait stack-update-complete bookshelf-production-app'), 1);
    assert.deepEqual(calls, expected);
    assert.match(result.stdout, /is already pushed/);
  });

  it('release after a first deploy that stopped before starting the services: migrations, then the services on', () => {
    const { readme } = made();
    const { result, tag, calls } = runSection(readme, 'Release', 'hand-deploy.json', stoppedAt('tag', 'false'));
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(calls, [
      ...pushed(imageAndStacks(tag), tag),
      'aws cloudformation describe-stacks bookshelf-production-app ImageTag',
      'aws cloudformation describe-stacks bookshelf-production-app MigrateImageTag',
      'aws cloudformation describe-stacks bookshelf-production-app ServicesEnabled',
      ...migrate(PRIVATE_NETWORK),
      `aws cloudformation update-stack bookshelf-production-app previous-template NetworkStackName=(previous) DataStackName=(previous) RegistryStackName=(previous) ImageTag=${tag} MigrateImageTag=(previous) ServicesEnabled=true`,
      'aws cloudformation wait stack-update-complete bookshelf-production-app',
      ...stableAndUrl,
    ]);
  });

  it('release run again once it is done: no stack update, the migrations again, stable', () => {
    const { readme } = made();
    const { result, tag, calls } = runSection(readme, 'Release', 'hand-deploy.json', stoppedAt('tag', 'true'));
    assert.equal(result.status, 0, result.output);
    assert.ok(!calls.some((c) => c.startsWith('aws cloudformation update-stack')), calls.join('\n'));
    assert.ok(calls.includes(`aws ecs run-task ${PRIVATE_NETWORK}`));
  });

  it('release in NAT mode none: the migrate task in the public subnets with a public IP', () => {
    const { result, tag, hash, calls } = runSection(readmeOf(answers({ nat: 'none' })), 'Release', 'hand-deploy-public.json');
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(calls, releaseCalls(tag, hash, PUBLIC_NETWORK));
  });

  it('rollback: ImageTag to the image pushed before the running one, no migrations, then stable', () => {
    const { readme } = made();
    const { result, calls } = runSection(readme, 'Rollback', 'hand-deploy.json');
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(calls, [
      'aws cloudformation describe-stacks bookshelf-production-registry RepositoryName',
      'aws cloudformation describe-stacks bookshelf-production-app ImageTag',
      'aws ecr describe-images',
      'aws cloudformation update-stack bookshelf-production-app previous-template NetworkStackName=(previous) DataStackName=(previous) RegistryStackName=(previous) ImageTag=bbbb2222bbbb MigrateImageTag=(previous) ServicesEnabled=(previous)',
      'aws cloudformation wait stack-update-complete bookshelf-production-app',
      'aws cloudformation describe-stacks bookshelf-production-app ClusterName',
      ...stableAndUrl,
    ]);
    assert.match(result.stdout, /Rolling back from 0ld0ld0ld0ld to bbbb2222bbbb/);
  });

  it('destroy: app, then deletion protection off and the data stack, the network, the registry and its repository', () => {
    const { readme } = made();
    const { result, calls } = runSection(readme, 'Destroy', 'hand-deploy.json');
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(calls, [
      'aws cloudformation describe-stacks bookshelf-production-app WebLogGroupName',
      'aws cloudformation describe-stacks bookshelf-production-app MigrateLogGroupName',
      'aws cloudformation describe-stack-resource bookshelf-production-app WorkerJobsLogGroup',
      'aws cloudformation delete-stack bookshelf-production-app',
      'aws cloudformation wait stack-delete-complete bookshelf-production-app',
      'aws cloudformation describe-stack-resource bookshelf-production-data Database',
      'aws cloudformation describe-stacks bookshelf-production-data DatabaseSecretArn',
      'aws rds modify-db-instance --no-deletion-protection',
      'aws rds wait db-instance-available',
      'aws cloudformation delete-stack bookshelf-production-data',
      'aws cloudformation wait stack-delete-complete bookshelf-production-data',
      'aws cloudformation delete-stack bookshelf-production-network',
      'aws cloudformation wait stack-delete-complete bookshelf-production-network',
      'aws cloudformation describe-stacks bookshelf-production-registry RepositoryName',
      'aws cloudformation delete-stack bookshelf-production-registry',
      'aws cloudformation wait stack-delete-complete bookshelf-production-registry',
      'aws ecr delete-repository --force',
    ]);
    assert.match(result.stdout, /Kept: the log groups bookshelf-production-app-WebLogGroup-Ab1 bookshelf-production-app-MigrateLogGroup-Zx9 bookshelf-production-app-WorkerJobsLogGroup-Cd2\n/);
    assert.match(result.stdout, /Kept: the final snapshot of bookshelf-production-data-database-1x2y3z and the database secret arn:aws:secretsmanager:/);
  });
});

describe('the hand-deploy guide follows the plan', () => {
  it('waits for web alone in an app without workers, and names its log groups, snapshots and kept secret', () => {
    const readme = readmeOf(answers({ nat: 'single' }), {}, { ...INPUTS, redis: false });
    assert.match(sectionScript(readme, 'Release'), /--services "\$WEB_SERVICE"\n/);
    assert.doesNotMatch(readme, /WorkerJobsService|final snapshot of the cache/);
    const destroy = readme.slice(readme.indexOf('### Destroy'));
    assert.match(destroy, /log groups \(`WebLogGroup`, `MigrateLogGroup`; `DeletionPolicy: Retain`\)/);
    assert.match(destroy, /master-user secret \(`DatabaseSecret`, `DeletionPolicy: Retain`/);
    assert.match(destroy, /final snapshot of the database \(`Database`, `DeletionPolicy: Snapshot`\)/);
  });

  it('with Redis, a domain and arm64: the cache snapshot, the certificate, an arm64 image', () => {
    const readme = readmeOf(answers({ nat: 'per-az', cpuArch: 'arm64', domain: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }));
    assert.match(readme, /final snapshot of the cache \(`Cache`, `DeletionPolicy: Snapshot`\)/);
    assert.match(readme, /validates the certificate of shop\.example\.com/);
    assert.match(sectionScript(readme, 'Release'), /docker buildx build --platform linux\/arm64 /);
  });
});

describe('the hand-deploy guide is shellcheck-clean', () => {
  for (const nat of ['per-az', 'none'] as const) {
    it(`in NAT mode ${nat}`, () => {
      const readme = readmeOf(answers({ nat }));
      const dir = mkdtempSync(join(tmpdir(), 'hand-deploy-shellcheck-'));
      try {
        for (const heading of ['First deploy', 'Release', 'Rollback', 'Destroy']) {
          const file = join(dir, `${heading.replace(/ /g, '-')}.sh`);
          writeFileSync(file, `#!/usr/bin/env bash\n${sectionScript(readme, heading)}\n`);
          const r = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '--format=gcc', file], { encoding: 'utf8' });
          assert.equal(r.error, undefined, 'shellcheck must be installed (Debian: apt-get install shellcheck)');
          assert.equal(r.status, 0, `${heading}:\n${r.stdout}${r.stderr}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
