import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bashAnsiQuote, CONFIG_MARKER, fargateScriptBody, railsConsoleCommand, renderConfigBlock, renderFargateScript } from '../src/deploy/fargate-script.js';
import type { FargateScriptConfig } from '../src/deploy/fargate-script.js';
import { InputError } from '../src/errors.js';
import { databaseUrls, RDS_CA_PATH } from '../src/stacks/database-url.js';
import { workerId } from '../src/stacks/app/options.js';
import { STUB_FIXTURES, argValue, changeSetParameters, createStubWorld, loadScenario, summarize } from './support/recording-stub.js';
import type { StubCall, StubWorld } from './support/recording-stub.js';
import { EXTRA_DATABASES, SCRIPT_CONFIG } from './support/script-config.js';

const CONFIG = SCRIPT_CONFIG;
const SCRIPT = renderFargateScript(CONFIG);
const VERBS = ['deploy', 'preview', 'migrate', 'console', 'logs', 'status', 'rollback', 'ci-setup', 'secrets', 'destroy', 'help'];

/** A value from a scenario's rows: the stack output (or parameter) the stub answers with. */
function fixtureValue(scenario: string, stackKey: string, section: 'Outputs' | 'Parameters', key: string): string {
  const rule = loadScenario(join(STUB_FIXTURES, 'scenarios', scenario)).find(
    (r) => r.match.some((m) => m.includes(`--stack-name bookshelf-production-${stackKey}`)) && r.match.includes(`Stacks[0].${section}`),
  );
  const row = rule?.rows?.find((r) => r[0] === key);
  assert.ok(row, `fixture ${scenario} has no ${section} ${key} for ${stackKey}`);
  return row[1]!;
}

/** Every call but the pure look-ups: what a deploy does, in order. */
const LOOKUPS = /^(aws --version|aws sts get-caller-identity|aws cloudformation describe-(stacks|change-set|stack-events)|aws cloudformation list-(exports|imports|stack-resources)|aws ecr describe-images|aws secretsmanager (list-secret-version-ids|list-secrets|describe-secret)|docker (buildx version|info))/;
const actions = (world: StubWorld) => world.summary().filter((s) => !LOOKUPS.test(s));
const ofOp = (world: StubWorld, op: string, stack?: string): StubCall[] =>
  world.calls().filter((c) => c.argv.includes(op) && (stack === undefined || argValue(c, '--stack-name') === stack));
const stack = (key: string) => `bookshelf-production-${key}`;

let worlds: StubWorld[] = [];
function world(scenario: string, options: { files?: Record<string, string>; stubs?: string[] } = {}): StubWorld {
  const w = createStubWorld({ script: SCRIPT, scenario, ...options });
  worlds.push(w);
  return w;
}
afterEach(() => {
  for (const w of worlds) w.cleanup();
  worlds = [];
});

/**
 * The app part of a deploy: the app stack with the migrate task on the new image (created on a first deploy, updated
 * after), the master key, the migrate task, then the roll of every service to the new image.
 */
function appRelease(): string[] {
  return [
    'aws s3api put-object',
    `aws cloudformation create-change-set ${stack('app')}`,
    `aws cloudformation execute-change-set ${stack('app')}`,
    'aws secretsmanager put-secret-value',
    'aws ecs run-task',
    'aws ecs wait tasks-stopped',
    'aws ecs describe-tasks',
    'aws s3api put-object',
    `aws cloudformation create-change-set ${stack('app')}`,
    `aws cloudformation execute-change-set ${stack('app')}`,
    'aws ecs wait services-stable',
  ];
}

describe('renderFargateScript', () => {
  it('puts the config where the marker was, and bash reads back exactly the configured values', () => {
    assert.equal(fargateScriptBody().split('\n').filter((l) => l === CONFIG_MARKER).length, 1);
    assert.ok(!SCRIPT.includes(CONFIG_MARKER));
    const r = spawnSync('bash', ['-c', `set -u\n${renderConfigBlock(CONFIG)}\nprintf '%s\\037' "$APP_NAME" "\${ENVIRONMENTS[*]}" "$REGION" "$PLATFORM" "\${STACK_KEYS[*]}" "\${STACK_FILES[*]}" "\${WORKERS[*]}" "\${WORKER_IDS[*]}" "\${STATEFUL_IDS[*]}" "\${DATA_IDS[*]}" "$CONSOLE_COMMAND"`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // Unit separators between the values: the console command itself holds '|'.
    assert.deepEqual(r.stdout.split('\x1f').slice(0, -1), [
      CONFIG.appName,
      CONFIG.environments.join(' '),
      CONFIG.region,
      'linux/amd64',
      CONFIG.stacks.map((s) => s.key).join(' '),
      CONFIG.stacks.map((s) => s.file).join(' '),
      'jobs',
      'WorkerJobs',
      CONFIG.statefulLogicalIds.join(' '),
      'Database Cache StorageBucket',
      CONFIG.consoleCommand,
    ]);
  });

  it('quotes any console command so that bash reads back exactly it, on one line', () => {
    const nasty = ["it's", 'a\\b', 'line\nbreak\ttab', '$(touch /tmp/x) `id` ${HOME} !! "q"', '\x1b[31m\x7f', 'ünï €', "\\'", 'end\\'];
    for (const text of nasty) {
      const quoted = bashAnsiQuote(text);
      assert.ok(!quoted.includes('\n'), quoted);
      const r = spawnSync('bash', ['-c', `v=${quoted}\nprintf '%s' "$v"`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, text, quoted);
    }
    const block = renderConfigBlock(CONFIG);
    assert.equal(block.split('\n').filter((l) => l.startsWith('CONSOLE_COMMAND=')).length, 1);
  });

  it('builds for linux/arm64 when the tasks run on ARM64', () => {
    const block = renderConfigBlock({ ...CONFIG, cpuArchitecture: 'ARM64' });
    assert.match(block, /^PLATFORM='linux\/arm64'$/m);
  });

  it('is the same static body for every app: only the generated block differs', () => {
    const other = renderFargateScript({ ...CONFIG, appName: 'shop', environments: ['staging'], region: 'eu-west-1', workers: [] });
    const strip = (text: string, config: FargateScriptConfig) => text.replace(renderConfigBlock(config), CONFIG_MARKER);
    assert.equal(strip(SCRIPT, CONFIG), fargateScriptBody());
    assert.equal(strip(other, { ...CONFIG, appName: 'shop', environments: ['staging'], region: 'eu-west-1', workers: [] }), fargateScriptBody());
    assert.equal(renderFargateScript(CONFIG), SCRIPT);
  });

  it('refuses values that are not safe in bash or that the deploy flow cannot use, naming the field', () => {
    const cases: [Partial<FargateScriptConfig>, string][] = [
      [{ appName: "book'shelf" }, 'appName'],
      [{ environments: [] }, 'environments'],
      [{ environments: ['prod uction'] }, 'environment'],
      [{ region: 'moon-1' }, 'region'],
      [{ stacks: CONFIG.stacks.filter((s) => s.key !== 'data') }, 'stacks'],
      [{ stacks: [...CONFIG.stacks, { key: 'app', file: 'x.yml' }] }, 'stacks'],
      [{ stacks: CONFIG.stacks.map((s) => ({ ...s, file: `$(rm -rf ~)/${s.key}.yml` })) }, 'template file'],
      [{ workers: [{ name: 'migrate', logicalId: 'Migrate' }] }, 'worker name'],
      [{ workers: [{ name: 'jobs', logicalId: 'Jobs-1' }] }, 'worker logical ID'],
      [{ statefulLogicalIds: ['Data base'] }, 'stateful logical ID'],
      [{ dataLogicalIds: ['Cache;'] }, 'data logical ID'],
      [{ consoleCommand: ' ' }, 'consoleCommand'],
      [{ consoleCommand: 'bin/rails console\0' }, 'consoleCommand'],
    ];
    for (const [change, field] of cases) {
      assert.throws(() => renderConfigBlock({ ...CONFIG, ...change }), (e: unknown) => e instanceof InputError && e.field === field, field);
    }
  });

  for (const [label, config] of [
    ['with a worker', CONFIG],
    ['without workers, stateful or data IDs', { ...CONFIG, workers: [], statefulLogicalIds: [], dataLogicalIds: [] }],
  ] as const) {
    it(`is shellcheck-clean ${label}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'fargate-shellcheck-'));
      try {
        const file = join(dir, 'fargate');
        writeFileSync(file, renderFargateScript(config));
        const r = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '--format=gcc', file], { encoding: 'utf8' });
        assert.equal(r.error, undefined, 'shellcheck must be installed (Debian: apt-get install shellcheck)');
        assert.equal(r.stdout + r.stderr, '');
        assert.equal(r.status, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('bin/fargate with recording stubs of aws and docker', function () {
  this.timeout(20_000);

  it('help lists every verb on one line each and calls nothing', () => {
    const w = world('release.json');
    const r = w.run(['help']);
    assert.equal(r.status, 0, r.output);
    for (const verb of VERBS) assert.equal(r.stdout.split('\n').filter((l) => new RegExp(`^  ${verb} +\\S`).test(l)).length, 1, verb);
    assert.match(r.stdout, /--env NAME/);
    assert.deepEqual(w.calls(), []);
  });

  it('refuses an environment it was not generated for, before any call', () => {
    const w = world('release.json');
    const r = w.run(['status', '--env', 'qa']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown environment 'qa'.*production staging/);
    assert.deepEqual(w.calls(), []);
  });

  it('first deploy: registry, image, network, data, app with services off, migrations, then services on', () => {
    const w = world('first-deploy.json');
    const r = w.run(['deploy', '--env', 'production']);
    assert.equal(r.status, 0, r.output);
    const sha = w.git('rev-parse', '--short=12', 'HEAD');
    assert.deepEqual(actions(w), [
      `aws cloudformation create-change-set ${stack('registry')}`,
      `aws cloudformation execute-change-set ${stack('registry')}`,
      'aws ecr get-login-password',
      'docker login',
      'docker buildx inspect rails-fargate',
      'docker buildx build',
      'aws s3api put-object',
      `aws cloudformation create-change-set ${stack('network')}`,
      `aws cloudformation execute-change-set ${stack('network')}`,
      'aws s3api put-object',
      `aws cloudformation create-change-set ${stack('data')}`,
      `aws cloudformation execute-change-set ${stack('data')}`,
      ...appRelease(),
    ]);
    // Preflight comes before anything changes: Docker before AWS, and every declared secret must have a value.
    assert.deepEqual(w.summary().slice(0, 6), [
      'docker buildx version', 'docker info', 'aws --version', 'aws sts get-caller-identity', 'aws secretsmanager list-secrets',
      'aws cloudformation describe-stacks',
    ]);
    const [create, update] = ofOp(w, 'create-change-set', stack('app')).map(changeSetParameters);
    assert.deepEqual(Object.fromEntries(create!), {
      NetworkStackName: stack('network'), DataStackName: stack('data'), RegistryStackName: stack('registry'),
      ImageTag: sha, MigrateImageTag: sha, ServicesEnabled: 'false',
    });
    assert.equal(update!.get('ImageTag'), sha);
    assert.equal(update!.get('ServicesEnabled'), 'true');
    assert.deepEqual([...update!.keys()].sort(), [...create!.keys()].sort());
    assert.equal(argValue(ofOp(w, 'create-change-set', stack('app'))[0]!, '--change-set-type'), 'CREATE');
    assert.equal(argValue(ofOp(w, 'create-change-set', stack('app'))[1]!, '--change-set-type'), 'UPDATE');
    assert.deepEqual(changeSetParameters(ofOp(w, 'create-change-set', stack('data'))[0]!), new Map([['NetworkStackName', stack('network')]]));
    const uri = fixtureValue('release.json', 'registry', 'Outputs', 'RepositoryUri');
    const build = w.calls().find((c) => c.cmd === 'docker' && c.argv[1] === 'build')!;
    assert.equal(argValue(build, '--platform'), 'linux/amd64');
    assert.equal(argValue(build, '--tag'), `${uri}:${sha}`);
    assert.ok(build.argv.includes('--push'));
    const login = w.calls().find((c) => c.cmd === 'docker' && c.argv[0] === 'login')!;
    assert.equal(login.argv.at(-1), uri.split('/')[0]);
    assert.ok(login.argv.includes('--password-stdin'));
    const run = ofOp(w, 'run-task')[0]!;
    const app = (key: string) => fixtureValue('release.json', 'app', 'Outputs', key);
    assert.equal(argValue(run, '--cluster'), app('ClusterName'));
    assert.equal(argValue(run, '--task-definition'), app('MigrateTaskDefinitionArn'));
    // Like the services: the network stack's private subnets and app security group, no public IP (NAT mode per-az).
    assert.equal(argValue(run, '--network-configuration'),
      'awsvpcConfiguration={subnets=[subnet-0aaa1111bbbb2222c,subnet-0ddd3333eeee4444f],securityGroups=[sg-0a1b2c3d4e5f60718],assignPublicIp=DISABLED}');
    const stable = ofOp(w, 'services-stable')[0]!.argv;
    assert.deepEqual(stable.slice(stable.indexOf('--services') + 1), [app('WebServiceName'), 'bookshelf-production-jobs'], 'a worker\'s service name from its ARN among the stack resources');
    assert.ok(w.calls().every((c) => c.cmd !== 'aws' || c.argv[0] === '--version' || argValue(c, '--region') === 'us-east-1'));
    assert.match(r.stdout, new RegExp(`URL: ${app('Url').replace(/\./g, '\\.')}`));
    assert.match(r.stdout, /first deploy/);
    for (const step of ['Preflight', 'Registry stack', 'Migrations', 'Wait until the services are stable']) {
      assert.match(r.stdout, new RegExp(`^  ${step}.* \\d+s$`, 'm'), step);
    }
  });

  it('uploads every template but the registry to the artifacts bucket, keyed by its content, and deploys it by URL', function () {
    this.timeout(180_000); // two deploys, on a loaded machine
    const w = world('release.json');
    const r = w.run(['deploy']);
    assert.equal(r.status, 0, r.output);
    const bucket = 'bookshelf-production-registry-artifactsbucket-9x8y7z';
    const registry = ofOp(w, 'create-change-set', stack('registry'))[0]!;
    assert.equal(argValue(registry, '--template-body'), 'file://infra/cloudformation/registry.yml');
    assert.equal(argValue(registry, '--template-url'), undefined);
    const uploads = ofOp(w, 'put-object');
    assert.deepEqual(uploads.map((c) => argValue(c, '--body')), ['network', 'data', 'app', 'app'].map((k) => `infra/cloudformation/${k}.yml`));
    for (const upload of uploads) {
      const file = argValue(upload, '--body')!;
      const key = file.replace(/^infra\/cloudformation\/(\w+)\.yml$/, '$1');
      const hash = w.git('hash-object', file);
      assert.match(hash, /^[0-9a-f]{40}$/);
      assert.equal(argValue(upload, '--bucket'), bucket);
      assert.equal(argValue(upload, '--key'), `templates/${stack(key)}/${hash}.yml`);
      assert.equal(argValue(upload, '--expected-bucket-owner'), '123456789012');
    }
    for (const key of ['network', 'data', 'app']) {
      for (const create of ofOp(w, 'create-change-set', stack(key))) {
        assert.equal(argValue(create, '--template-body'), undefined, key);
        assert.equal(argValue(create, '--template-url'),
          `https://${bucket}.s3.us-east-1.amazonaws.com/templates/${stack(key)}/${w.git('hash-object', `infra/cloudformation/${key}.yml`)}.yml`);
      }
    }
    // The same templates, the same objects: a second deploy writes the same keys.
    const keys = uploads.map((c) => argValue(c, '--key'));
    w.resetLog();
    assert.equal(w.run(['deploy']).status, 0);
    assert.deepEqual(ofOp(w, 'put-object').map((c) => argValue(c, '--key')), keys);
  });

  it('refuses a template over 51,200 bytes while the registry stack has no artifacts bucket, before any change set', () => {
    const w = world('release.json', { files: { 'infra/cloudformation/app.yml': `# big\n${'#'.repeat(60000)}\n` } });
    w.prependRules([{ cmd: 'aws', match: ['describe-stacks --stack-name bookshelf-production-registry', 'Stacks[0].Outputs'], rows: [
      ['RepositoryName', 'bookshelf-production-registry-repository-8f2k1'],
      ['RepositoryUri', '123456789012.dkr.ecr.us-east-1.amazonaws.com/bookshelf-production-registry-repository-8f2k1'],
    ] }]);
    const r = w.run(['deploy', '--yes']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /infra\/cloudformation\/app\.yml is 60007 bytes, over the 51200 bytes CloudFormation takes inline, and the registry stack has no artifacts bucket yet/);
    assert.deepEqual(ofOp(w, 'create-change-set', stack('app')), []);
    assert.deepEqual(ofOp(w, 'put-object'), []);
  });

  it('release: migrate task on the new image while services keep theirs, then roll; network before data', () => {
    const w = world('release.json');
    const r = w.run(['deploy']);
    assert.equal(r.status, 0, r.output);
    const sha = w.git('rev-parse', '--short=12', 'HEAD');
    const old = fixtureValue('release.json', 'app', 'Parameters', 'ImageTag');
    const seq = actions(w);
    const at = (s: string, from = 0) => seq.indexOf(s, from);
    // Registry has no change: its change set is deleted, nothing executed.
    assert.deepEqual(seq.slice(0, 2), [`aws cloudformation create-change-set ${stack('registry')}`, `aws cloudformation delete-change-set ${stack('registry')}`]);
    assert.ok(at('docker buildx build') < at(`aws cloudformation create-change-set ${stack('network')}`));
    // The network is updated (and waited for) before the data change set is made: a new AZ's subnet export must exist
    // before the data stack can import it. Both precede the app stack.
    assert.ok(at(`aws cloudformation execute-change-set ${stack('network')}`) < at(`aws cloudformation create-change-set ${stack('data')}`));
    assert.ok(at(`aws cloudformation execute-change-set ${stack('data')}`) < at(`aws cloudformation create-change-set ${stack('app')}`));
    // Each execution is followed until its stack is UPDATE_COMPLETE before the next stack's change set is made.
    const all = w.summary();
    const polled = (key: string) => all.indexOf(`aws cloudformation describe-stacks`, all.indexOf(`aws cloudformation execute-change-set ${stack(key)}`));
    assert.ok(polled('network') < all.indexOf(`aws cloudformation create-change-set ${stack('data')}`));
    assert.ok(polled('data') < all.indexOf(`aws cloudformation create-change-set ${stack('app')}`));
    const appStart = at(`aws cloudformation create-change-set ${stack('app')}`) - 1;
    assert.deepEqual(seq.slice(appStart), appRelease());
    const [migrateStep, rollStep] = ofOp(w, 'create-change-set', stack('app')).map(changeSetParameters);
    assert.equal(migrateStep!.get('ImageTag'), old);
    assert.equal(migrateStep!.get('MigrateImageTag'), sha);
    assert.equal(migrateStep!.get('ServicesEnabled'), '(previous)');
    assert.equal(rollStep!.get('ImageTag'), sha);
    assert.equal(rollStep!.get('ServicesEnabled'), 'true');
    assert.match(r.stdout, /MigrateTaskDefinition +AWS::ECS::TaskDefinition +True/);
  });

  it('a redeploy with no change succeeds without executing a change set or building', () => {
    const w = world('no-change.json');
    const r = w.run(['deploy', '--yes']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(ofOp(w, 'execute-change-set'), []);
    assert.equal(ofOp(w, 'create-change-set').length, ofOp(w, 'delete-change-set').length);
    assert.ok(!w.summary().includes('docker buildx build'));
    assert.match(r.stdout, /already pushed/);
    assert.match(r.stdout, new RegExp(`${stack('data')}: no changes`));
  });

  it('a failing migration stops the release before any service update, with the reason, exit code and its logs', () => {
    const w = world('failed-migration.json');
    const r = w.run(['deploy']);
    assert.notEqual(r.status, 0);
    const seq = actions(w);
    assert.equal(seq.at(-1), 'aws logs tail /bookshelf/production/migrate');
    assert.equal(seq.filter((s) => s === `aws cloudformation create-change-set ${stack('app')}`).length, 1);
    assert.ok(!seq.includes('aws ecs wait services-stable'));
    const rules = loadScenario(join(STUB_FIXTURES, 'scenarios', 'failed-migration.json'));
    const [code, reason] = rules.find((x) => x.match.includes('ecs describe-tasks'))!.rows![0]!;
    assert.match(r.stderr, new RegExp(`exit code: +${code}`));
    assert.match(r.stderr, new RegExp(`stopped reason: +${reason}`));
    const logLines = rules.find((x) => x.match.some((m) => m.startsWith('logs tail')))!.stdout as string[];
    const taskId = argValue(ofOp(w, 'describe-tasks')[0]!, '--tasks')!.split('/').at(-1)!;
    for (const line of logLines) assert.equal(r.stderr.includes(line), line.includes(taskId), line);
  });

  it('a failed stack prints its failed events and stops', () => {
    const w = world('failed-stack.json');
    const r = w.run(['deploy']);
    assert.notEqual(r.status, 0);
    // This operation's failed events, oldest first, and not the older failure before it.
    assert.deepEqual(r.stderr.split('\n').filter((l) => /_FAILED/.test(l)), [
      '  10:13:01  DatabaseSecurityGroup            AWS::EC2::SecurityGroup              UPDATE_FAILED                Resource handler returned message: "The security group \'sg-0feedbeef\' does not exist in VPC \'vpc-0abc\'" (HandlerErrorCode: NotFound)',
      '  10:13:01  DatabaseIngressFromApp           AWS::EC2::SecurityGroupIngress       UPDATE_FAILED                Resource update cancelled',
    ]);
    assert.doesNotMatch(r.output, /An older failure/);
    assert.match(r.stderr, new RegExp(`stack ${stack('data')} failed \\(UPDATE_ROLLBACK_COMPLETE\\)`));
    assert.match(r.stderr, /deploy stopped at step "Network and data stacks"/);
    // Progress: every event of this operation on stdout, oldest first, as it happens.
    assert.match(r.stdout, /10:12:40  bookshelf-production-data +AWS::CloudFormation::Stack +UPDATE_IN_PROGRESS +User Initiated\n[^]*10:14:40  bookshelf-production-data +AWS::CloudFormation::Stack +UPDATE_ROLLBACK_COMPLETE/);
    assert.ok(!w.summary().some((s) => s.startsWith(`aws cloudformation create-change-set ${stack('app')}`) || s === 'aws ecs run-task'));
  });

  /** The commands bin/fargate prints to clear a ROLLBACK_FAILED data stack, for the fixture's database. */
  function rollbackFailedRecovery(): string[] {
    const db = loadScenario(join(STUB_FIXTURES, 'scenarios', 'release.json')).find((x) => x.match.some((m) => m.includes('describe-stack-resources')))!.stdout as string;
    return [
      `  aws rds modify-db-instance --region ${CONFIG.region} --db-instance-identifier ${db} --no-deletion-protection --apply-immediately`,
      `  aws rds wait db-instance-available --region ${CONFIG.region} --db-instance-identifier ${db}`,
      `  aws cloudformation delete-stack --region ${CONFIG.region} --stack-name ${stack('data')}`,
      `  aws cloudformation wait stack-delete-complete --region ${CONFIG.region} --stack-name ${stack('data')}`,
    ];
  }
  /** The lines of `text` that are commands to type (two spaces, then aws). */
  const commandsIn = (text: string) => text.split('\n').map((l) => l.replace(/^bin\/fargate: /, '')).filter((l) => l.startsWith('  aws '));

  it('a first create left in ROLLBACK_FAILED (a protected database) prints the exact commands that clear it', () => {
    const w = world('first-create-rollback-failed.json');
    const r = w.run(['deploy']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Cannot delete protected DB Instance/);
    assert.match(r.stderr, new RegExp(`${stack('data')} \\(ROLLBACK_FAILED\\): its first create failed`));
    assert.deepEqual(commandsIn(r.stderr), rollbackFailedRecovery());
    // It only says what to do: the database keeps its protection until a person turns it off.
    assert.deepEqual(ofOp(w, 'modify-db-instance'), []);
    assert.deepEqual(ofOp(w, 'delete-stack'), []);
    assert.ok(!w.summary().some((s) => s.startsWith(`aws cloudformation create-change-set ${stack('app')}`)));
  });

  it('refuses to deploy over a stack in ROLLBACK_FAILED, printing the same commands, before building or changing anything', () => {
    const w = world('rollback-failed.json');
    const r = w.run(['deploy']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`stack needs attention first: ${stack('data')} \\(ROLLBACK_FAILED\\)`));
    assert.deepEqual(commandsIn(r.stderr), rollbackFailedRecovery());
    assert.deepEqual(actions(w), [`aws cloudformation describe-stack-resources ${stack('data')}`]);
  });

  it('refuses to deploy while a stack is in progress, before building or changing anything', () => {
    const w = world('in-progress.json');
    const r = w.run(['deploy']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`another operation is running on: ${stack('app')} \\(UPDATE_IN_PROGRESS\\)`));
    assert.deepEqual(actions(w), []);
  });

  it('refuses under --yes a change set that replaces the database, and deletes it', () => {
    const w = world('replace-database.json');
    const r = w.run(['deploy', '--yes']);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /Database +AWS::RDS::DBInstance +True/);
    assert.match(r.stdout, /WARNING: this change set REPLACES or DELETES stateful resources: Database/);
    assert.match(r.stderr, /refusing under --yes to replace or delete: Database/);
    // The network (no stateful resource) goes first, since the data stack may import its new exports; the data
    // change set is refused and deleted, and nothing after it runs.
    assert.deepEqual(ofOp(w, 'execute-change-set').map((c) => argValue(c, '--stack-name')), [stack('network')]);
    assert.equal(ofOp(w, 'delete-change-set', stack('data')).length, 1);
    assert.deepEqual(ofOp(w, 'create-change-set', stack('app')), []);
    assert.deepEqual(ofOp(w, 'run-task'), []);
  });

  it('asks before replacing the database: a wrong answer refuses, the app name goes ahead', () => {
    const refused = world('replace-database.json').run(['deploy'], { input: 'yes\n' });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /not confirmed/);
    const w = world('replace-database.json');
    const r = w.run(['deploy'], { input: 'bookshelf\n' });
    assert.equal(r.status, 0, r.output);
    assert.equal(ofOp(w, 'execute-change-set', stack('data')).length, 1);
  });

  it('preview prints every change set as a table, warns about the database, deletes them and changes nothing', () => {
    const w = world('replace-database.json');
    const r = w.run(['preview']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(ofOp(w, 'execute-change-set'), []);
    const created = ofOp(w, 'create-change-set').map((c) => `${argValue(c, '--stack-name')} ${argValue(c, '--change-set-name')}`);
    const deleted = ofOp(w, 'delete-change-set').map((c) => `${argValue(c, '--stack-name')} ${argValue(c, '--change-set-name')}`);
    assert.deepEqual(created.map((c) => c.split(' ')[0]), CONFIG.stacks.map((s) => stack(s.key)));
    assert.deepEqual(deleted, created);
    assert.match(r.stdout, /ACTION +LOGICAL ID +TYPE +REPLACEMENT/);
    assert.match(r.stdout, /a deploy would REPLACE or DELETE: Database/);
    assert.ok(!w.summary().some((s) => s.startsWith('docker') && s !== 'docker buildx version'));
  });

  it('destroy without confirmation deletes nothing', () => {
    for (const input of ['', 'no\n', 'Bookshelf\n']) {
      const w = world('release.json');
      const r = w.run(['destroy'], { input });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /nothing was deleted/);
      assert.deepEqual(w.summary().filter((s) => /delete|modify/.test(s)), []);
    }
  });

  it('destroy --yes deletes the app only; the data needs the name twice (or --yes-destroy-data), the registry its flag', () => {
    const appOnly = world('release.json');
    assert.equal(appOnly.run(['destroy', '--yes'], { input: 'bookshelf\n' }).status, 0);
    assert.deepEqual(appOnly.summary().filter((s) => /delete-stack|modify-db/.test(s)), [`aws cloudformation delete-stack ${stack('app')}`]);
    const twice = world('release.json');
    const r = twice.run(['destroy'], { input: 'bookshelf\nbookshelf\nbookshelf\n' });
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(twice.summary().filter((s) => /delete-stack|rds|delete-repository/.test(s)), [
      `aws cloudformation delete-stack ${stack('app')}`,
      'aws rds modify-db-instance',
      'aws rds wait db-instance-available',
      `aws cloudformation delete-stack ${stack('data')}`,
      `aws cloudformation delete-stack ${stack('network')}`,
    ]);
    assert.ok(ofOp(twice, 'modify-db-instance')[0]!.argv.includes('--no-deletion-protection'));
    const all = world('release.json');
    assert.equal(all.run(['destroy', '--yes', '--yes-destroy-data', '--include-registry']).status, 0);
    assert.deepEqual(all.summary().filter((s) => /delete-stack|delete-repository/.test(s)), [
      ...['app', 'data', 'network', 'registry'].map((k) => `aws cloudformation delete-stack ${stack(k)}`),
      'aws ecr delete-repository',
    ]);
  });

  for (const source of ['config/master.key', 'config/credentials/production.key', 'RAILS_MASTER_KEY'] as const) {
    it(`secrets pushes the master key from ${source}, without its trailing newline, never printing it or passing it as an argument`, () => {
      const secret = randomBytes(16).toString('hex');
      // Editors end files with a newline; Rails strips a key file but not RAILS_MASTER_KEY, so the script strips it.
      const files = source === 'RAILS_MASTER_KEY' ? {} : { [source]: `${secret}\n` };
      const w = world('release.json', { files });
      const r = w.run(['secrets'], source === 'RAILS_MASTER_KEY' ? { env: { RAILS_MASTER_KEY: `${secret}\r\n` } } : {});
      assert.equal(r.status, 0, r.output);
      const put = ofOp(w, 'put-secret-value');
      assert.equal(put.length, 1);
      assert.equal(argValue(put[0]!, '--secret-id'), fixtureValue('release.json', 'app', 'Outputs', 'MasterKeySecretArn'));
      assert.equal(argValue(put[0]!, '--secret-string'), 'file:///dev/stdin');
      assert.equal(put[0]!.secretSha256, createHash('sha256').update(secret).digest('hex'));
      assert.ok(!r.output.includes(secret));
      assert.ok(!readFileSync(w.logFile, 'utf8').includes(secret));
    });
  }

  it('refuses to deploy a production.rb that forces SSL when the app has no domain, unless --allow-http', () => {
    const files = { 'config/environments/production.rb': 'Rails.application.configure do\n  config.force_ssl = true\nend\n' };
    const refused = world('release.json', { files });
    const r = refused.run(['deploy', '--yes']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /config\.force_ssl = true, but the app has no domain/);
    assert.match(r.stderr, /refusing to deploy a site that cannot keep a session; pass --allow-http/);
    assert.deepEqual(ofOp(refused, 'build'), []);
    assert.deepEqual(ofOp(refused, 'create-change-set'), []);
    const allowed = world('release.json', { files });
    const ok = allowed.run(['deploy', '--yes', '--allow-http']);
    assert.equal(ok.status, 0, ok.output);
    assert.match(ok.stderr, /sessions and forms will not work over plain HTTP/);
  });

  it('refuses a dirty work tree unless --allow-dirty, and then tags the image as dirty', () => {
    const w = world('release.json');
    writeFileSync(join(w.repo, 'Gemfile'), 'source "https://rubygems.org"\n');
    const r = w.run(['deploy']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /uncommitted changes/);
    assert.ok(!w.summary().some((s) => s.includes('create-change-set')));
    assert.equal(w.run(['deploy', '--allow-dirty']).status, 0);
    const build = w.calls().find((c) => c.cmd === 'docker' && c.argv[1] === 'build')!;
    assert.match(argValue(build, '--tag')!, new RegExp(`:${w.git('rev-parse', '--short=12', 'HEAD')}-dirty-\\d{14}$`));
  });

  it('rollback moves web and workers to the image pushed before the current one, without migrating', () => {
    const w = world('release.json');
    const r = w.run(['rollback']);
    assert.equal(r.status, 0, r.output);
    const tags = (loadScenario(join(STUB_FIXTURES, 'scenarios', 'release.json')).find((x) => x.match.includes('sort_by'))!.stdout as string).split('\t');
    const current = fixtureValue('release.json', 'app', 'Parameters', 'ImageTag');
    const params = changeSetParameters(ofOp(w, 'create-change-set', stack('app'))[0]!);
    assert.equal(params.get('ImageTag'), tags[tags.indexOf(current) - 1]);
    assert.equal(params.get('MigrateImageTag'), '(previous)');
    assert.deepEqual(ofOp(w, 'run-task'), []);
  });

  it('migrate runs the migrate task on the current image, without touching the services', () => {
    const w = world('release.json');
    const r = w.run(['migrate', '--env', 'production']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(actions(w), ['aws ecs run-task', 'aws ecs wait tasks-stopped', 'aws ecs describe-tasks']);
    assert.match(r.stdout, /migrations succeeded/);
  });

  it('logs follows web, a worker or migrate, and names the choices for anything else', () => {
    const w = world('release.json');
    for (const [target, group] of [['', '/bookshelf/production/web'], ['jobs', '/bookshelf/production/jobs'], ['migrate', '/bookshelf/production/migrate']] as const) {
      assert.equal(w.run(target ? ['logs', target] : ['logs']).status, 0);
      const tail = w.calls().at(-1)!;
      assert.deepEqual(tail.argv.slice(2, 5), ['logs', 'tail', group]);
      assert.ok(tail.argv.includes('--follow'));
    }
    const r = w.run(['logs', 'mailer']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /choose web, migrate or jobs/);
  });

  it('console explains the Session Manager plugin when it is missing, and execs into a web task when present', () => {
    const missing = world('release.json');
    const r = missing.run(['console']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Session Manager plugin/);
    assert.deepEqual(missing.calls(), []);
    const w = world('release.json', { stubs: ['aws', 'docker', 'session-manager-plugin'] });
    assert.equal(w.run(['console']).status, 0);
    const exec = ofOp(w, 'execute-command')[0]!;
    assert.equal(argValue(exec, '--command'), CONFIG.consoleCommand);
    assert.equal(argValue(exec, '--container'), 'web');
    assert.equal(argValue(exec, '--cluster'), fixtureValue('release.json', 'app', 'Outputs', 'ClusterName'));
    assert.ok(exec.argv.includes('--interactive'));
    assert.equal(argValue(exec, '--task'), (loadScenario(join(STUB_FIXTURES, 'scenarios', 'release.json')).find((x) => x.match.includes('ecs list-tasks'))!.stdout));
  });

  it('secrets restarts every service that runs tasks, after the new value is stored, since ECS reads secrets at task start', () => {
    const w = world('release.json');
    const r = w.run(['secrets']);
    assert.equal(r.status, 0, r.output);
    const running = loadScenario(join(STUB_FIXTURES, 'scenarios', 'release.json')).find((x) => x.match.includes('[serviceName,desiredCount]'))!.rows!;
    assert.deepEqual(actions(w), ['aws secretsmanager put-secret-value', 'aws ecs describe-services', ...running.map(() => 'aws ecs update-service')]);
    const updates = ofOp(w, 'update-service');
    assert.deepEqual(updates.map((c) => argValue(c, '--service')), running.map(([name]) => name));
    for (const c of updates) {
      assert.ok(c.argv.includes('--force-new-deployment'));
      assert.equal(argValue(c, '--cluster'), fixtureValue('release.json', 'app', 'Outputs', 'ClusterName'));
    }
    assert.match(r.stdout, /running tasks still have the old value/);
    assert.doesNotMatch(r.stdout, /next deploy/);
  });

  it('status prints each stack, each service with its counts, the image and the URL', () => {
    const w = world('release.json');
    const r = w.run(['status']);
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, new RegExp(`${stack('app')} +UPDATE_COMPLETE`));
    assert.match(r.stdout, /bookshelf-production-web +2 +2 +0 +COMPLETED/);
    assert.match(r.stdout, new RegExp(`Image: ${fixtureValue('release.json', 'app', 'Parameters', 'ImageTag')}`));
    const services = ofOp(w, 'describe-services')[0]!.argv;
    const at = services.indexOf('--services');
    assert.deepEqual(services.slice(at + 1, at + 3), [fixtureValue('release.json', 'app', 'Outputs', 'WebServiceName'), 'bookshelf-production-jobs']);
  });
});

describe("bin/fargate: the app's own secrets and the preflight of every verb", function () {
  this.timeout(120_000);
  const STRIPE = 'bookshelf/production/STRIPE_API_KEY';

  it('secrets set NAME creates the secret from stdin (never an argument, trailing newline dropped), then restarts and waits', () => {
    const w = world('new-secret.json');
    const value = `sk_live_${randomBytes(12).toString('hex')}`;
    const r = w.run(['secrets', 'set', 'STRIPE_API_KEY'], { input: `${value}\n` });
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(actions(w), [
      'aws secretsmanager create-secret', 'aws ecs describe-services', 'aws ecs update-service', 'aws ecs update-service',
      'aws ecs wait services-stable',
    ]);
    const create = ofOp(w, 'create-secret')[0]!;
    assert.equal(argValue(create, '--name'), STRIPE);
    assert.equal(argValue(create, '--secret-string'), 'file:///dev/stdin');
    assert.equal(create.secretSha256, createHash('sha256').update(value).digest('hex'));
    assert.deepEqual(create.argv.slice(create.argv.indexOf('--tags') + 1, create.argv.indexOf('--tags') + 4),
      ['Key=app,Value=bookshelf', 'Key=environment,Value=production', 'Key=managed-by,Value=generator-rails-fargate']);
    assert.ok(!r.output.includes(value));
    assert.ok(!readFileSync(w.logFile, 'utf8').includes(value));
    for (const c of ofOp(w, 'update-service')) assert.ok(c.argv.includes('--force-new-deployment'));
    assert.match(r.stdout, /STRIPE_API_KEY: stored in bookshelf\/production\/STRIPE_API_KEY \(created\)/);
    assert.match(r.stdout, /^Done: STRIPE_API_KEY is stored and every running service runs tasks that read it\.$/m);
  });

  it('secrets set NAME puts a new version on a stored secret, and restores one that secrets unset scheduled for deletion', () => {
    const w = world('release.json');
    const r = w.run(['secrets', 'set', 'SMTP_PASSWORD'], { input: 'hunter2' });
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(actions(w).slice(0, 1), ['aws secretsmanager put-secret-value']);
    const put = ofOp(w, 'put-secret-value')[0]!;
    assert.equal(argValue(put, '--secret-id'), 'bookshelf/production/SMTP_PASSWORD');
    assert.equal(put.secretSha256, createHash('sha256').update('hunter2').digest('hex'));
    const back = world('unset-secret.json');
    const again = back.run(['secrets', 'set', 'STRIPE_API_KEY'], { input: 'sk_test_again' });
    assert.equal(again.status, 0, again.output);
    assert.deepEqual(actions(back).slice(0, 2), ['aws secretsmanager restore-secret', 'aws secretsmanager put-secret-value']);
  });

  it('secrets set refuses, before any call, a name not declared, an invalid name, an empty value and no name', () => {
    const w = world('release.json');
    const cases: [string[], string, RegExp][] = [
      [['secrets', 'set', 'STRIPE_KEY'], 'x', /STRIPE_KEY is not a declared secret \(declared: SMTP_PASSWORD STRIPE_API_KEY\)[^]*yo rails-fargate --secret STRIPE_KEY --yes/],
      [['secrets', 'set', '9LIVES'], 'x', /invalid secret name '9LIVES': letters, digits and underscores, not starting with a digit/],
      [['secrets', 'set', 'SMTP_PASSWORD'], '\n', /the value of SMTP_PASSWORD is empty/],
      [['secrets', 'set'], 'x', /secrets set needs a NAME; declared: SMTP_PASSWORD STRIPE_API_KEY/],
      [['secrets', 'rotate'], '', /unknown secrets command 'rotate'/],
    ];
    for (const [args, input, message] of cases) {
      const r = w.run(args, { input });
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.deepEqual(w.calls(), []);
  });

  it('secrets list shows names and when each last changed, never a value; a declared one without value and a stray one say what to do', () => {
    const w = world('new-secret.json');
    const r = w.run(['secrets', 'list']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(actions(w), []);
    const list = ofOp(w, 'list-secrets')[0]!;
    assert.equal(argValue(list, '--filters'), 'Key=name,Values=bookshelf/production/');
    assert.equal(argValue(list, '--query'), 'SecretList[].[Name,LastChangedDate]');
    const rows = r.stdout.split('\n').filter((l) => /^  \S/.test(l)).map((l) => l.trim().split(/ {2,}/));
    assert.deepEqual(rows, [
      ['NAME', 'LAST CHANGED', 'STATE'],
      ['SMTP_PASSWORD', '2026-11-02T10:15:00.123000+00:00', 'declared'],
      ['STRIPE_API_KEY', '-', 'declared, NO VALUE: bin/fargate secrets set STRIPE_API_KEY'],
      ['OLD_API_TOKEN', '2025-01-05T09:00:00.000000+00:00', 'not declared: bin/fargate secrets unset OLD_API_TOKEN deletes it'],
    ]);
  });

  it('secrets unset deletes only a name no longer declared, with a recovery window, and says how to take it back', () => {
    const w = world('new-secret.json');
    const refused = w.run(['secrets', 'unset', 'SMTP_PASSWORD']);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /SMTP_PASSWORD is still declared[^]*yo rails-fargate --unset SMTP_PASSWORD --yes, then bin\/fargate deploy/);
    assert.deepEqual(w.calls(), []);
    const r = w.run(['secrets', 'unset', 'OLD_API_TOKEN']);
    assert.equal(r.status, 0, r.output);
    const del = ofOp(w, 'delete-secret')[0]!;
    assert.equal(argValue(del, '--secret-id'), 'bookshelf/production/OLD_API_TOKEN');
    assert.equal(argValue(del, '--recovery-window-in-days'), '7');
    assert.match(r.stdout, /restore-secret --region us-east-1 --secret-id bookshelf\/production\/OLD_API_TOKEN/);
    const none = w.run(['secrets', 'unset', 'NEVER_STORED']);
    assert.equal(none.status, 0, none.output);
    assert.match(none.stdout, /bookshelf\/production\/NEVER_STORED: not stored, nothing to delete/);
  });

  it('a deploy refuses to start while a declared secret has no value, naming it, before building or changing anything', () => {
    const w = world('new-secret.json');
    const r = w.run(['deploy', '--yes']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /declared secrets with no value in bookshelf\/production: STRIPE_API_KEY\./);
    assert.match(r.stderr, /^  bin\/fargate secrets set STRIPE_API_KEY --env production$/m);
    assert.deepEqual(actions(w), []);
    assert.equal(w.summary().at(-1), 'aws secretsmanager list-secrets');
  });

  it('a deploy of an app without secrets of its own makes no Secrets Manager look-up', () => {
    const w = createStubWorld({ script: renderFargateScript({ ...CONFIG, secrets: [] }), scenario: 'release.json' });
    worlds.push(w);
    const r = w.run(['deploy', '--yes']);
    assert.equal(r.status, 0, r.output);
    assert.ok(!w.summary().includes('aws secretsmanager list-secrets'));
  });

  it('a deploy stops before any AWS call when no Docker engine answers, with what Docker said', () => {
    const w = world('release.json');
    w.prependRules([{ cmd: 'docker', match: ['info'], exit: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' }]);
    const r = w.run(['deploy']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no Docker engine answers: start Docker Desktop[^]*Cannot connect to the Docker daemon/);
    assert.deepEqual(w.summary(), ['docker buildx version', 'docker info']);
  });

  for (const verb of [['logs'], ['status'], ['migrate'], ['rollback', '--yes'], ['preview'], ['secrets', 'list'], ['destroy', '--yes']]) {
    it(`${verb[0]} runs the AWS preflight first: without credentials it says what to do, not only the CLI's error`, () => {
      const w = world('release.json', { stubs: ['aws', 'docker', 'session-manager-plugin'] });
      w.prependRules([{ cmd: 'aws', match: ['sts get-caller-identity'], exit: 253, stderr: '\nUnable to locate credentials. You can configure credentials by running "aws configure".' }]);
      const r = w.run(verb);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /no working AWS credentials\. The AWS CLI says: Unable to locate credentials\./);
      assert.match(r.stderr, /Log in \(aws sso login/);
      assert.deepEqual(w.summary(), ['aws --version', 'aws sts get-caller-identity']);
    });
  }
});

describe('bin/fargate with more services than ECS takes in one call (web and 11 workers)', function () {
  this.timeout(20_000);
  const WORKERS = Array.from({ length: 11 }, (_, i) => `w${i + 1}`);
  const MANY = renderFargateScript({ ...CONFIG, workers: WORKERS.map((name) => ({ name, logicalId: workerId(name) })) });
  const serviceName = (name: string) => `bookshelf-production-${name}`;
  const ALL = ['web', ...WORKERS].map(serviceName);
  /** Desired count per service: every third worker is scaled to zero. */
  const desired = (i: number) => (i > 0 && i % 3 === 0 ? 0 : 1);
  let dir = '';
  let scenario = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fargate-many-'));
    scenario = join(dir, 'many-services.json');
    const release = loadScenario(join(STUB_FIXTURES, 'scenarios', 'release.json'));
    const appResources = release.find((x) => x.match.some((m) => m.startsWith('cloudformation list-stack-resources')))!;
    writeFileSync(scenario, JSON.stringify({
      extends: join(STUB_FIXTURES, 'scenarios', 'release.json'),
      rules: [
        // Workers have no outputs: their services are among the app stack's resources, by ARN.
        { ...appResources, rows: [...appResources.rows!, ...WORKERS.map((name) => [`${workerId(name)}Service`, `arn:aws:ecs:us-east-1:123456789012:service/c/${serviceName(name)}`])] },
        // ECS answers each call for the services it names: one rule per batch, keyed by the batch's first service.
        ...[0, 10].map((start) => ({
          cmd: 'aws',
          match: ['ecs describe-services', `--services ${ALL[start]} `, '[serviceName,desiredCount]'],
          rows: ALL.slice(start, start + 10).map((name, i) => [name, String(desired(start + i))]),
        })),
      ],
    }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const manyWorld = () => {
    const w = createStubWorld({ script: MANY, scenario });
    worlds.push(w);
    return w;
  };
  /** The words after --services, up to the next option. */
  const servicesOf = (c: StubCall) => {
    const rest = c.argv.slice(c.argv.indexOf('--services') + 1);
    const end = rest.findIndex((a) => a.startsWith('--'));
    return end < 0 ? rest : rest.slice(0, end);
  };

  it('waits for the services to be stable in batches of at most 10, covering every service once', () => {
    const w = manyWorld();
    const r = w.run(['rollback']);
    assert.equal(r.status, 0, r.output);
    const waits = w.calls().filter((c) => c.argv.includes('services-stable'));
    assert.deepEqual(waits.map((c) => servicesOf(c).length), [10, 2]);
    assert.deepEqual(waits.flatMap(servicesOf), ALL);
  });

  it('status describes the services in batches of at most 10', () => {
    const w = manyWorld();
    const r = w.run(['status']);
    assert.equal(r.status, 0, r.output);
    const described = ofOp(w, 'describe-services');
    assert.deepEqual(described.map((c) => servicesOf(c).length), [10, 2]);
    assert.deepEqual(described.flatMap(servicesOf), ALL);
  });

  it('secrets restarts exactly the services with a desired count, found in batches of at most 10', () => {
    const w = manyWorld();
    const r = w.run(['secrets']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(ofOp(w, 'describe-services').map((c) => servicesOf(c).length), [10, 2]);
    assert.deepEqual(ofOp(w, 'update-service').map((c) => argValue(c, '--service')), ALL.filter((_, i) => desired(i) > 0));
  });
});

describe('bin/fargate console command', () => {
  it('is plain bin/rails console: the task\'s secrets already hold DATABASE_URL and the rest', () => {
    assert.equal(railsConsoleCommand('postgresql', EXTRA_DATABASES), 'bin/rails console');
    assert.equal(railsConsoleCommand('trilogy', [], 'secret'), 'bin/rails console');
    const read = spawnSync('bash', ['-c', `${renderConfigBlock(CONFIG)}\nprintf '%s' "$CONSOLE_COMMAND"`], { encoding: 'utf8' });
    assert.equal(read.stdout, 'bin/rails console');
  });

  it('wrapper mode: run by sh -c as ECS Exec does, exports the URL-encoded database URLs and execs bin/rails console', () => {
    const config = { ...CONFIG, consoleCommand: railsConsoleCommand('postgresql', EXTRA_DATABASES, 'wrapper') };
    const dir = mkdtempSync(join(tmpdir(), 'fargate-console-'));
    try {
      // A stand-in for bin/rails that prints its arguments and the URLs it was given.
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'rails'), '#!/bin/sh\nprintf "%s\\n" "args=$*" "DATABASE_URL=$DATABASE_URL" "CACHE_DATABASE_URL=$CACHE_DATABASE_URL" "QUEUE_DATABASE_URL=$QUEUE_DATABASE_URL" "CABLE_DATABASE_URL=$CABLE_DATABASE_URL"\n');
      chmodSync(join(dir, 'bin', 'rails'), 0o755);
      const parts = { adapter: 'postgresql' as const, user: 'app', password: "p@ss:w/rd?#%'\"$", host: 'db.example.internal', port: 5432, name: 'bookshelf' };
      // What the script passes: CONSOLE_COMMAND as bash reads it from the generated block.
      const read = spawnSync('bash', ['-c', `${renderConfigBlock(config)}\nprintf '%s' "$CONSOLE_COMMAND"`], { encoding: 'utf8' });
      assert.equal(read.stdout, config.consoleCommand);
      const r = spawnSync('sh', ['-c', read.stdout], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', DB_USERNAME: parts.user, DB_PASSWORD: parts.password, DB_HOST: parts.host, DB_PORT: String(parts.port), DB_NAME: parts.name },
      });
      assert.equal(r.status, 0, r.stderr);
      // Verified TLS where the image keeps the RDS bundle; a test machine has none, so TLS is only required.
      const urls = databaseUrls(parts, EXTRA_DATABASES, existsSync(RDS_CA_PATH));
      assert.deepEqual(r.stdout.trim().split('\n'), [
        'args=console',
        ...['DATABASE_URL', 'CACHE_DATABASE_URL', 'QUEUE_DATABASE_URL', 'CABLE_DATABASE_URL'].map((k) => `${k}=${urls[k]}`),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('summarize', () => {
  it('names service, operation, waiter and stack', () => {
    const call = { cmd: 'aws', argv: ['--region', 'us-east-1', 'cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'x'] };
    assert.equal(summarize(call), 'aws cloudformation wait stack-update-complete x');
  });
});

describe('bin/fargate: no-op deploys, change-set guards, destroy and status', function () {
  this.timeout(60_000);
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  /** The app stack's parameters with both image tags at `tag`. */
  const appParams = (tag: string) => ({
    cmd: 'aws', match: [`describe-stacks --stack-name ${stack('app')}`, 'Stacks[0].Parameters'], rows: [
      ['NetworkStackName', stack('network')], ['DataStackName', stack('data')], ['RegistryStackName', stack('registry')],
      ['ImageTag', tag], ['MigrateImageTag', tag], ['ServicesEnabled', 'true'],
    ],
  });
  /** The master key secret's versions: `current` on top of `previous`. */
  const versions = (current: string, previous: string) => ({
    cmd: 'aws', match: ['secretsmanager list-secret-version-ids'], rows: [[current, 'AWSCURRENT'], [previous, 'AWSPREVIOUS']],
  });

  it('a redeploy of the running image with the same master key runs no migrate task and stores no new secret version', () => {
    const w = world('no-change.json');
    const previous = 'EXAMPLE0-90ab-cdef-fedc-ba987SECRET0';
    // The id bin/fargate gave the key it pushed on top of `previous`: SHA-256 of that id, a newline and the key.
    w.prependRules([appParams(w.git('rev-parse', '--short=12', 'HEAD')), versions(sha256(`${previous}\n${w.masterKey}`), previous)]);
    const r = w.run(['deploy', '--yes']);
    assert.equal(r.status, 0, r.output);
    // Every change set is empty (and deleted), the image is already pushed: only the final check of the services.
    assert.deepEqual(actions(w), [
      ...['registry', 'network', 'data', 'app', 'app'].flatMap((key) => [
        ...(key === 'registry' ? [] : ['aws s3api put-object']),
        `aws cloudformation create-change-set ${stack(key)}`,
        `aws cloudformation delete-change-set ${stack(key)}`,
      ]),
      'aws ecs wait services-stable',
    ]);
    assert.deepEqual(ofOp(w, 'run-task'), []);
    assert.deepEqual(ofOp(w, 'put-secret-value'), []);
    assert.match(r.stdout, /already holds config\/master\.key: not pushed again/);
    assert.match(r.stdout, /nothing to migrate/);
  });

  it('a changed master key is pushed once, as the version whose id says which key it is on top of the current one', () => {
    const w = world('release.json');
    const current = sha256('an older key');
    w.prependRules([versions(current, 'EXAMPLE0-90ab-cdef-fedc-ba987SECRET0')]);
    const r = w.run(['secrets']);
    assert.equal(r.status, 0, r.output);
    const put = ofOp(w, 'put-secret-value');
    assert.equal(put.length, 1);
    assert.equal(argValue(put[0]!, '--client-request-token'), sha256(`${current}\n${w.masterKey}`));
    assert.equal(put[0]!.secretSha256, sha256(w.masterKey));
    assert.ok(!w.commandLines().some((l) => l.includes(w.masterKey)));
  });

  it('a new image is migrated even when the services ran it once before (a rollback --to it)', () => {
    const w = world('release.json');
    const sha = w.git('rev-parse', '--short=12', 'HEAD');
    w.prependRules([{ ...appParams(sha), rows: appParams(sha).rows.map((r) => (r[0] === 'MigrateImageTag' ? ['MigrateImageTag', '0ld0ld0ld0ld'] : r)) }]);
    const r = w.run(['deploy', '--yes']);
    assert.equal(r.status, 0, r.output);
    assert.equal(ofOp(w, 'run-task').length, 1);
  });

  it('refuses under --yes a change set that REMOVES a stateful resource, not only one that replaces it', () => {
    const w = world('release.json');
    w.prependRules([{ cmd: 'aws', match: [`describe-change-set --stack-name ${stack('data')}`, 'ResourceChange'], rows: [['Remove', 'Database', 'AWS::RDS::DBInstance', 'None']] }]);
    const r = w.run(['deploy', '--yes']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /refusing under --yes to replace or delete: Database in bookshelf-production-data/);
    assert.deepEqual(ofOp(w, 'execute-change-set', stack('data')), []);
    assert.deepEqual(ofOp(w, 'run-task'), []);
  });

  /** The data stack's change set: `rows` of Action, LogicalId, Type, Replacement and the changed property names. */
  const dataChanges = (rows: string[][]) => ({ cmd: 'aws', match: [`describe-change-set --stack-name ${stack('data')}`, 'ResourceChange'], rows });
  const resizeDatabase = [
    ['Modify', 'DatabaseSecurityGroup', 'AWS::EC2::SecurityGroup', 'False', 'SecurityGroupIngress'],
    // As CloudFormation lists them: a property once per evaluation (Static, then Dynamic), tags as their attribute.
    ['Modify', 'Database', 'AWS::RDS::DBInstance', 'False', 'DBInstanceClass,EngineVersion,DBInstanceClass,Tags'],
    ['Modify', 'Cache', 'AWS::ElastiCache::ReplicationGroup', 'False', 'CacheNodeType'],
  ];

  it('lists every in-place change to the database and the cache with its properties, and --yes refuses them', () => {
    const w = world('release.json');
    w.prependRules([dataChanges(resizeDatabase)]);
    const r = w.run(['deploy', '--yes'], { closedStdin: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /This change set CHANGES the database, the cache or the bucket in place:\n {2}Database \(AWS::RDS::DBInstance\): DBInstanceClass, EngineVersion, Tags\n {2}Cache \(AWS::ElastiCache::ReplicationGroup\): CacheNodeType\n/);
    assert.doesNotMatch(r.stdout, /DatabaseSecurityGroup \(/);
    assert.match(r.stderr, /refusing under --yes to change Database Cache in bookshelf-production-data in place \(listed above\); pass --yes-modify-data as well/);
    assert.doesNotMatch(r.output, /Bad file descriptor|Type bookshelf/);
    assert.deepEqual(ofOp(w, 'execute-change-set', stack('data')), []);
    assert.equal(ofOp(w, 'delete-change-set', stack('data')).length, 1);
    assert.deepEqual(ofOp(w, 'create-change-set', stack('app')), []);
    assert.deepEqual(ofOp(w, 'run-task'), []);
  });

  it('--yes --yes-modify-data applies in-place changes to the data without asking', () => {
    const w = world('release.json');
    w.prependRules([dataChanges(resizeDatabase)]);
    const r = w.run(['deploy', '--yes', '--yes-modify-data'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    assert.equal(ofOp(w, 'execute-change-set', stack('data')).length, 1);
    assert.match(r.stdout, /Database \(AWS::RDS::DBInstance\): DBInstanceClass, EngineVersion, Tags/);
  });

  it('asks before changing the data in place: the app name goes ahead, anything else changes nothing', () => {
    const bucket = dataChanges([['Modify', 'StorageBucket', 'AWS::S3::Bucket', 'False', 'LifecycleConfiguration']]);
    const refused = world('release.json');
    refused.prependRules([bucket]);
    const no = refused.run(['deploy'], { input: 'yes\n' });
    assert.notEqual(no.status, 0);
    assert.match(no.stderr, /Type bookshelf to apply these changes to StorageBucket: /);
    assert.match(no.stderr, /not confirmed; nothing was changed in bookshelf-production-data/);
    assert.deepEqual(ofOp(refused, 'execute-change-set', stack('data')), []);
    const w = world('release.json');
    w.prependRules([bucket]);
    const r = w.run(['deploy'], { input: 'bookshelf\n' });
    assert.equal(r.status, 0, r.output);
    assert.equal(ofOp(w, 'execute-change-set', stack('data')).length, 1);
  });

  it('warns that the running tasks may lose a cache that gains TLS and an auth token (an upgrade from an earlier version)', () => {
    const w = world('release.json');
    w.prependRules([dataChanges([['Modify', 'Cache', 'AWS::ElastiCache::ReplicationGroup', 'False', 'TransitEncryptionEnabled,AuthToken,CacheParameterGroupName']])]);
    const r = w.run(['deploy', '--yes'], { closedStdin: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, / {2}Cache \(AWS::ElastiCache::ReplicationGroup\): TransitEncryptionEnabled, AuthToken, CacheParameterGroupName\n {4}The tasks running now connect without TLS or token and may lose the cache/);
    assert.deepEqual(ofOp(w, 'execute-change-set', stack('data')), []);
  });

  it('--yes-modify-data does not allow a replacement: that still asks, and --yes still refuses it', () => {
    const w = world('replace-database.json');
    const r = w.run(['deploy', '--yes', '--yes-modify-data']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /refusing under --yes to replace or delete: Database/);
    // A replaced resource is in the replacement warning, not in the list of in-place changes.
    assert.doesNotMatch(r.stdout, /CHANGES the database, the cache or the bucket in place/);
    assert.deepEqual(ofOp(w, 'execute-change-set', stack('data')), []);
  });

  it('preview names the in-place changes to the data that a deploy would ask about', () => {
    const w = world('release.json');
    w.prependRules([dataChanges(resizeDatabase)]);
    const r = w.run(['preview']);
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /A deploy would CHANGE in place: Database Cache\. deploy asks first; --yes refuses unless --yes-modify-data\./);
    assert.deepEqual(ofOp(w, 'execute-change-set'), []);
  });

  it('help documents --yes-modify-data', () => {
    const r = world('release.json').run(['help']);
    assert.match(r.stdout, /^ {2}--yes-modify-data +deploy: apply in-place changes to the database, the cache or the Active Storage bucket/m);
  });

  it('an export the new data template drops while the app imports it: network, the whole app release, then data', () => {
    const w = world('drop-redis.json');
    const r = w.run(['deploy', '--yes'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(actions(w), [
      `aws cloudformation create-change-set ${stack('registry')}`,
      `aws cloudformation delete-change-set ${stack('registry')}`,
      'aws ecr get-login-password',
      'docker login',
      'docker buildx inspect rails-fargate',
      'docker buildx build',
      'aws s3api put-object',
      `aws cloudformation create-change-set ${stack('network')}`,
      `aws cloudformation execute-change-set ${stack('network')}`,
      ...appRelease(),
      'aws s3api put-object',
      `aws cloudformation create-change-set ${stack('data')}`,
      `aws cloudformation execute-change-set ${stack('data')}`,
    ]);
    // Who imports each export about to go is asked once, before anything changes.
    assert.deepEqual(ofOp(w, 'list-imports').map((c) => argValue(c, '--export-name')), [
      'bookshelf-production-data-RedisEndpoint', 'bookshelf-production-data-RedisUrlSecretArn',
    ]);
    assert.ok(w.summary().indexOf('aws cloudformation list-exports') < w.summary().indexOf(`aws cloudformation create-change-set ${stack('registry')}`));
    assert.match(r.stdout, /Stack order: network app data \(registry first\), because:\n {2}the new data template drops bookshelf-production-data-RedisUrlSecretArn, which bookshelf-production-app imports: app first\n/);
    assert.match(r.stdout, /^ {2}Stack bookshelf-production-data, after the app +\d+s$/m);
  });

  it('preview says in which order a deploy would update the stacks', () => {
    const w = world('drop-redis.json');
    const r = w.run(['preview']);
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /Stack order: network app data \(registry first\)/);
    assert.deepEqual(ofOp(w, 'execute-change-set'), []);
  });

  it('a release that adds an export the app needs keeps the default order: data before app', () => {
    const w = world('release.json');
    // Deployed: no RedisUrlSecretArn yet; the new app template imports it (from SCRIPT_CONFIG plus this import).
    const script = renderFargateScript({
      ...CONFIG,
      stacks: CONFIG.stacks.map((s) => (s.key === 'data' ? { ...s, exports: [...s.exports!, 'RedisUrlSecretArn'] } : s.key === 'app' ? { ...s, imports: [...s.imports!, 'data:RedisUrlSecretArn'] } : s)),
    });
    writeFileSync(join(w.repo, 'bin', 'fargate'), script);
    const r = w.run(['deploy', '--yes', '--allow-dirty'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    const seq = actions(w);
    assert.ok(seq.indexOf(`aws cloudformation execute-change-set ${stack('data')}`) < seq.indexOf(`aws cloudformation create-change-set ${stack('app')}`));
    assert.match(r.stdout, /Network and data stacks/);
    assert.doesNotMatch(r.stdout, /Stack order/);
    assert.deepEqual(ofOp(w, 'list-imports'), []);
  });

  it('refuses, before any change, a deploy where no order works (the app needs a new export and imports one the data drops)', () => {
    const w = world('drop-redis.json');
    const script = renderFargateScript({
      ...CONFIG,
      stacks: CONFIG.stacks.map((s) => (s.key === 'data' ? { ...s, exports: [...s.exports!, 'StorageBucketName'] } : s.key === 'app' ? { ...s, imports: [...s.imports!, 'data:StorageBucketName'] } : s)),
    });
    writeFileSync(join(w.repo, 'bin', 'fargate'), script);
    const r = w.run(['deploy', '--yes', '--allow-dirty'], { closedStdin: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no order of the stacks can apply this change:\n {2}the new data template drops bookshelf-production-data-RedisUrlSecretArn, which bookshelf-production-app imports: app first\n {2}app imports bookshelf-production-data-StorageBucketName, which bookshelf-production-data does not export yet: data first\nDeploy it in two steps/);
    assert.match(r.stderr, /deploy stopped at step "Preflight"/);
    assert.deepEqual(actions(w), []);
  });

  it('refuses, before any change, to drop an export that a stack of another app imports', () => {
    const w = world('drop-redis.json');
    w.prependRules([{ cmd: 'aws', match: ['list-imports --export-name bookshelf-production-data-RedisUrlSecretArn'], rows: [['reports-production-app']] }]);
    const r = w.run(['deploy', '--yes'], { closedStdin: true });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /reports-production-app, a stack this app does not deploy, imports bookshelf-production-data-RedisUrlSecretArn, which the new data template no longer exports/);
    assert.deepEqual(actions(w), []);
  });

  it('a change set that FAILED for any reason but "no changes" stops the deploy with that reason', () => {
    const w = world('release.json');
    const reason = 'Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template';
    w.prependRules([{ cmd: 'aws', match: [`describe-change-set --stack-name ${stack('network')}`, '[Status,StatusReason]'], rows: [['FAILED', reason]] }]);
    const r = w.run(['deploy', '--yes']);
    assert.notEqual(r.status, 0);
    assert.ok(r.stderr.includes(`could not create a change set for ${stack('network')}: ${reason}`), r.stderr);
    assert.match(r.stderr, /deploy stopped at step "Network and data stacks"/);
    assert.deepEqual(ofOp(w, 'execute-change-set'), []);
    assert.doesNotMatch(r.stdout, new RegExp(`${stack('network')}: no changes`));
  });

  it('destroy --yes never reads stdin, deletes only the app stack, and says what stays behind and why', () => {
    const closed = world('release.json');
    const r = closed.run(['destroy', '--yes'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    assert.doesNotMatch(r.stderr, /Bad file descriptor|Type bookshelf/);
    assert.deepEqual(closed.summary().filter((s) => /delete-stack|modify/.test(s)), [`aws cloudformation delete-stack ${stack('app')}`]);
    assert.match(r.stdout, /Stays: its log groups \(DeletionPolicy Retain/);
    assert.match(r.stdout, /^Deleted: bookshelf-production-app$/m);
    assert.match(r.stdout, /Keeps bookshelf-production-data and bookshelf-production-network: the database holds your data \(--yes-destroy-data deletes them\)/);
    // An answer waiting on stdin changes nothing under --yes.
    const piped = world('release.json');
    assert.equal(piped.run(['destroy', '--yes'], { input: 'bookshelf\nbookshelf\nbookshelf\n' }).status, 0);
    assert.deepEqual(piped.summary().filter((s) => /delete-stack|modify/.test(s)), [`aws cloudformation delete-stack ${stack('app')}`]);
    const data = world('release.json');
    const all = data.run(['destroy', '--yes', '--yes-destroy-data'], { closedStdin: true });
    assert.equal(all.status, 0, all.output);
    assert.match(all.stdout, /Stays: the final snapshots .* and the database's password secret\n {2}\(DeletionPolicy Retain/);
  });

  it('destroy asks nothing about stacks that are gone', () => {
    const w = world('release.json');
    w.prependRules([{ cmd: 'aws', match: ['cloudformation describe-stacks --query', 'starts_with'], rows: [[stack('registry'), 'CREATE_COMPLETE']] }]);
    const r = w.run(['destroy'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    assert.doesNotMatch(r.stderr, /Type bookshelf|Bad file descriptor/);
    assert.match(r.stdout, /bookshelf-production-app: not there/);
    assert.match(r.stdout, /^Nothing was deleted\.$/m);
    assert.deepEqual(w.summary().filter((s) => /delete|modify/.test(s)), []);
  });

  it('status lists the alarms firing now, with since when and why, and says so when none fires', () => {
    const quiet = world('release.json');
    const calm = quiet.run(['status']);
    assert.equal(calm.status, 0, calm.output);
    assert.match(calm.stdout, /^Alarms: none firing$/m);
    const w = world('release.json');
    w.prependRules([{ cmd: 'aws', match: ['cloudwatch describe-alarms --state-value ALARM'], rows: [
      ['bookshelf-production-data-DatabaseFreeStorageAlarm-1A2B3C4D5E6F', '2026-12-01T10:15:00.000Z', 'Threshold Crossed: 1 datapoint [1.9E9] was less than the threshold (2.147483648E9).'],
    ] }]);
    const r = w.run(['status']);
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /ALARMS FIRING:\n {2}ALARM +SINCE +WHY\n {2}bookshelf-production-data-DatabaseFreeStorageAlarm-1A2B3C4D5E6F +2026-12-01T10:15:00\.000Z +Threshold Crossed: 1 datapoint/);
    const failing = world('release.json');
    const f = failing.run(['status'], { env: { STUB_FAIL_MATCH: 'describe-alarms', STUB_FAIL_EXIT: '254', STUB_FAIL_STDERR: 'An error occurred (AccessDenied) when calling the DescribeAlarms operation: not allowed' } });
    assert.notEqual(f.status, 0);
    assert.match(f.stderr, /AccessDenied[^]*could not read the alarms/);
    assert.ok(!failing.summary().includes('aws ecs describe-services'));
  });

  it('status sizes its columns to the longest name', () => {
    const w = world('release.json');
    const long = 'bookshelf-production-a-worker-whose-name-is-longer-than-forty-characters';
    w.prependRules([{ cmd: 'aws', match: ['ecs describe-services', 'runningCount'], rows: [
      ['bookshelf-production-web', '2', '2', '0', 'COMPLETED'],
      [long, '10', '9', '1', 'IN_PROGRESS'],
    ] }]);
    const r = w.run(['status']);
    assert.equal(r.status, 0, r.output);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.includes('SERVICE'))!;
    const rows = [lines.find((l) => l.includes('bookshelf-production-web '))!, lines.find((l) => l.includes(long))!];
    assert.equal(header, `  SERVICE${' '.repeat(long.length - 'SERVICE'.length)}  DESIRED  RUNNING  PENDING  LAST DEPLOYMENT`);
    assert.equal(rows[1], `  ${long}  10       9        1        IN_PROGRESS`);
    assert.equal(rows[0]!.indexOf('COMPLETED'), header.indexOf('LAST DEPLOYMENT'));
  });
});
