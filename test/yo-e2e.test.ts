/**
 * The real thing, as a user gets it: the package packed with `npm pack`, installed with yo@7 into a prefix of its
 * own, and `yo rails-fargate` run in a copy of the sample Rails app. `yo` run as root drops to uid 1000 (its
 * root-check), so when we are root the app copy and a HOME of its own belong to uid 1000.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { REPO_ROOT, SAMPLE_APP } from './support/paths.js';

const USER = 1000;
const isRoot = process.getuid?.() === 0;

function chownTree(path: string): void {
  chownSync(path, USER, USER);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) chownTree(join(path, entry.name));
    else chownSync(join(path, entry.name), USER, USER);
  }
}

describe('yo rails-fargate through the real yo binary, installed from npm pack', function () {
  this.timeout(600_000);
  let base = '';
  let prefix = '';
  let home = '';

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'yo-e2e-'));
    chmodSync(base, 0o755);
    prefix = join(base, 'prefix');
    home = join(base, 'home');
    mkdirSync(prefix);
    mkdirSync(home);
    // dist/ is built by `npm test`; --ignore-scripts keeps prepack from rebuilding it under the running tests.
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', base], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error', join(base, packed), 'yo@7'], { stdio: 'inherit' });
    if (isRoot) chownTree(home);
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  function yo(app: string, args: string[], generator = 'rails-fargate') {
    return spawnSync(process.execPath, [join(prefix, 'node_modules/yo/lib/cli.js'), generator, ...args], {
      cwd: app,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        NODE_PATH: join(prefix, 'node_modules'),
        NO_UPDATE_NOTIFIER: '1',
        CI: 'true',
      },
      input: '',
    });
  }

  function sampleCopy(name: string): string {
    const app = join(base, name);
    cpSync(SAMPLE_APP, app, { recursive: true });
    if (isRoot) chownTree(app);
    return app;
  }

  it('the packed package holds the compiled generator, the fragments and the schemas, and no sources or tests', () => {
    const listing = readdirSync(join(prefix, 'node_modules/generator-rails-fargate'));
    assert.deepEqual(listing.sort(), ['README.md', 'dist', 'fragments', 'package.json', 'schemas', 'templates']);
    assert.deepEqual(readdirSync(join(prefix, 'node_modules/generator-rails-fargate/dist')).sort(), ['generators', 'src']);
  });

  it('writes the stacks with --yes, and a second run changes nothing', () => {
    const app = sampleCopy('app-ok');
    const first = yo(app, ['--yes', '--region', 'eu-west-1', '--az-count', '3', '--nat', 'single']);
    assert.equal(first.status, 0, `${first.stdout}\n${first.stderr}`);
    const template = parseCfnYaml(readFileSync(join(app, 'infra/cloudformation/network.yml'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    assert.equal(Object.values(template.Resources).filter((r) => r.Type === 'AWS::EC2::Subnet').length, 6);
    assert.equal(Object.values(template.Resources).filter((r) => r.Type === 'AWS::EC2::NatGateway').length, 1);
    const stored = JSON.parse(readFileSync(join(app, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'];
    const { appName, environment, region, vpcCidr, azCount, nat, worker } = stored;
    assert.deepEqual({ appName, environment, region, vpcCidr, azCount, nat, worker }, { appName: 'bookshelf', environment: 'production', region: 'eu-west-1', vpcCidr: '10.0.0.0/16', azCount: 3, nat: 'single', worker: 'solid_queue' });
    for (const file of ['infra/cloudformation/app.yml', 'infra/cloudformation/data.yml', 'infra/cloudformation/registry.yml', 'bin/fargate', 'Dockerfile', 'infra/README.md']) {
      assert.ok(existsSync(join(app, file)), file);
    }
    assert.match(`${first.stdout}${first.stderr}`, /Subnet plan for 10\.0\.0\.0\/16/);

    const before = readFileSync(join(app, 'infra/cloudformation/network.yml'), 'utf8');
    const second = yo(app, ['--yes']);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(readFileSync(join(app, 'infra/cloudformation/network.yml'), 'utf8'), before);
  });

  it('yo rails-fargate:worker adds a worker through the real yo, and only that worker', () => {
    const app = sampleCopy('app-worker');
    assert.equal(yo(app, ['--yes', '--region', 'us-east-1']).status, 0);
    const data = readFileSync(join(app, 'infra/cloudformation/data.yml'), 'utf8');
    const run = yo(app, ['mailers', '--command', 'bundle exec rake mail:send', '--cpu', '256', '--memory', '512'], 'rails-fargate:worker');
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(readFileSync(join(app, 'infra/cloudformation/app.yml'), 'utf8'), /^  WorkerMailersService:$/m);
    assert.equal(readFileSync(join(app, 'infra/cloudformation/data.yml'), 'utf8'), data);
    const workers = JSON.parse(readFileSync(join(app, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'].workers;
    assert.deepEqual(workers.mailers, { command: ['bundle', 'exec', 'rake', 'mail:send'], cpu: 256, memory: 512, count: 1 });
  });

  it('--help of both generators: the right usage line, a two-line description, no line of 100 characters or more', () => {
    const app = sampleCopy('app-help');
    const expected: [string, string[]][] = [
      ['rails-fargate', [
        'Usage:',
        '  yo rails-fargate [options]',
        '',
        'Makes this Rails app deploy to AWS ECS Fargate: CloudFormation stacks (network, registry, data,',
        'app), a Dockerfile and bin/fargate to deploy. Asks a few questions; each answer is also an option.',
        '',
      ]],
      ['rails-fargate:worker', [
        'Usage:',
        '  yo rails-fargate:worker <name> [options]',
        '',
        'Adds, resizes or removes one worker service (tasks running a command, e.g. Sidekiq), then',
        'regenerates the files as `yo rails-fargate --yes` would. Run `yo rails-fargate` first.',
        '',
      ]],
      ['rails-fargate:environment', [
        'Usage:',
        '  yo rails-fargate:environment <name> [options]',
        '',
        'Adds an environment (e.g. staging): its own network, data and app stacks, cheaper defaults.',
        'Any answer flag of yo rails-fargate changes it; --remove removes it. Run `yo rails-fargate` first.',
        '',
      ]],
    ];
    for (const [generator, head] of expected) {
      const run = yo(app, ['--help'], generator);
      assert.equal(run.status, 0, run.stderr);
      const lines = run.stdout.split('\n');
      assert.deepEqual(lines.slice(0, 6), head);
      for (const line of lines) assert.ok(line.length < 100, `${generator}: ${line.length}: ${line}`);
    }
    assert.equal(existsSync(join(app, '.yo-rc.json')), false, 'help writes nothing');
  });

  it('yo rails-fargate:ci writes the deploy workflow and the ci stack through the real yo; yo rails-fargate --yes then changes nothing', () => {
    const app = join(base, 'app-ci');
    cpSync(SAMPLE_APP, app, { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: app });
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/acme/bookshelf.git'], { cwd: app });
    if (isRoot) chownTree(app);
    assert.equal(yo(app, ['--yes', '--region', 'us-east-1']).status, 0);
    const network = readFileSync(join(app, 'infra/cloudformation/network.yml'), 'utf8');
    const run = yo(app, [], 'rails-fargate:ci');
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(`${run.stdout}${run.stderr}`, /bin\/fargate ci-setup/);
    const stored = JSON.parse(readFileSync(join(app, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'].ci;
    assert.deepEqual(stored, { repo: 'acme/bookshelf', branch: 'main', oidcProviderArn: '' });
    const workflow = readFileSync(join(app, '.github/workflows/deploy.yml'), 'utf8');
    assert.match(workflow, /^        run: bin\/fargate deploy --yes --env production$/m);
    const ci = readFileSync(join(app, 'infra/cloudformation/ci.yml'), 'utf8');
    assert.match(ci, /token\.actions\.githubusercontent\.com:sub: repo:acme\/bookshelf:ref:refs\/heads\/main$/m);
    assert.equal(readFileSync(join(app, 'infra/cloudformation/network.yml'), 'utf8'), network);
    const again = yo(app, ['--yes']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(readFileSync(join(app, '.github/workflows/deploy.yml'), 'utf8'), workflow);
    assert.equal(readFileSync(join(app, 'infra/cloudformation/ci.yml'), 'utf8'), ci);
  });

  it('yo rails-fargate:schedule adds a schedule through the real yo, and a re-run of yo rails-fargate --yes changes nothing', () => {
    const app = sampleCopy('app-schedule');
    assert.equal(yo(app, ['--yes', '--region', 'us-east-1']).status, 0);
    const data = readFileSync(join(app, 'infra/cloudformation/data.yml'), 'utf8');
    const run = yo(app, ['nightly-report', '--cron', '30 2 * * ? *', '--timezone', 'Europe/Paris', '--command', 'bin/rails reports:nightly'], 'rails-fargate:schedule');
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const appYml = readFileSync(join(app, 'infra/cloudformation/app.yml'), 'utf8');
    assert.match(appYml, /^  ScheduleNightlyReportSchedule:$/m);
    assert.match(appYml, /^      ScheduleExpression: cron\(30 2 \* \* \? \*\)$/m);
    assert.equal(readFileSync(join(app, 'infra/cloudformation/data.yml'), 'utf8'), data);
    const schedules = JSON.parse(readFileSync(join(app, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'].schedules;
    assert.deepEqual(schedules, { 'nightly-report': { expression: 'cron(30 2 * * ? *)', timezone: 'Europe/Paris', command: ['bin/rails', 'reports:nightly'], cpu: 512, memory: 1024 } });
    const again = yo(app, ['--yes']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(readFileSync(join(app, 'infra/cloudformation/app.yml'), 'utf8'), appYml);
    const bad = yo(app, ['weekly', '--cron', '0 3 * * *', '--command', 'bin/rails x'], 'rails-fargate:schedule');
    assert.notEqual(bad.status, 0);
    assert.match(`${bad.stdout}\n${bad.stderr}`, /Invalid cron: "0 3 \* \* \*" \(from --cron\)\. Allowed: six fields/);
    assert.equal(readFileSync(join(app, 'infra/cloudformation/app.yml'), 'utf8'), appYml);
  });

  it('yo rails-fargate:environment adds staging through the real yo; --environment staging changes only staging; --remove --yes takes it back', () => {
    const app = sampleCopy('app-environment');
    assert.equal(yo(app, ['--yes', '--region', 'us-east-1']).status, 0);
    const read = (file: string) => readFileSync(join(app, file), 'utf8');
    const production = ['network', 'registry', 'data', 'app'].map((key) => read(`infra/cloudformation/${key}.yml`));
    const stored = () => JSON.parse(read('.yo-rc.json'))['generator-rails-fargate'];
    const add = yo(app, ['staging', '--nat', 'single'], 'rails-fargate:environment');
    assert.equal(add.status, 0, `${add.stdout}\n${add.stderr}`);
    assert.match(`${add.stdout}${add.stderr}`, /Run bin\/fargate deploy --env staging\./);
    assert.deepEqual(['network', 'data', 'app'].map((key) => existsSync(join(app, `infra/cloudformation/staging/${key}.yml`))), [true, true, true]);
    assert.equal(existsSync(join(app, 'infra/cloudformation/staging/registry.yml')), false, 'the registry is production\'s');
    assert.deepEqual([stored().environments.staging.answers.nat, stored().environments.staging.answers.webCount, stored().nat], ['single', 1, 'per-az']);
    const stagingApp = read('infra/cloudformation/staging/app.yml');
    const change = yo(app, ['--environment', 'staging', '--web-count', '2', '--env', 'SMTP_HOST=staging-smtp.example.com', '--yes']);
    assert.equal(change.status, 0, `${change.stdout}\n${change.stderr}`);
    assert.notEqual(read('infra/cloudformation/staging/app.yml'), stagingApp);
    assert.match(read('infra/cloudformation/staging/app.yml'), /staging-smtp\.example\.com/);
    assert.deepEqual(['network', 'registry', 'data', 'app'].map((key) => read(`infra/cloudformation/${key}.yml`)), production, 'production\'s templates are untouched');
    assert.deepEqual(stored().environments.staging.env, { SMTP_HOST: 'staging-smtp.example.com' });
    const remove = yo(app, ['staging', '--remove', '--yes'], 'rails-fargate:environment');
    assert.equal(remove.status, 0, `${remove.stdout}\n${remove.stderr}`);
    assert.match(`${remove.stdout}${remove.stderr}`, /run bin\/fargate --env staging destroy --yes-destroy-data first/);
    assert.equal(existsSync(join(app, 'infra/cloudformation/staging/app.yml')), false);
    assert.equal(stored().environments, undefined);
  });

  it('--env and --secret, repeated, reach every task and .yo-rc.json; the worker sub-generator keeps them; --unset removes one', () => {
    const app = sampleCopy('app-settings');
    const run = yo(app, ['--yes', '--region', 'us-east-1', '--env', 'SMTP_HOST=smtp.example.com', '--env', 'FEATURE_FLAGS=a=1,b=2', '--secret', 'STRIPE_API_KEY']);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const settings = () => JSON.parse(readFileSync(join(app, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'].environments;
    assert.deepEqual(settings(), { production: { env: { FEATURE_FLAGS: 'a=1,b=2', SMTP_HOST: 'smtp.example.com' }, secrets: ['STRIPE_API_KEY'] } });
    type Container = { Name: string; Environment: { Name: string; Value: unknown }[]; Secrets: { Name: string; ValueFrom: unknown }[] };
    const containers = () => Object.values((parseCfnYaml(readFileSync(join(app, 'infra/cloudformation/app.yml'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { ContainerDefinitions?: Container[] } }>;
    }).Resources).flatMap((r) => (r.Type === 'AWS::ECS::TaskDefinition' ? r.Properties.ContainerDefinitions! : []));
    assert.equal(yo(app, ['mailers', '--command', 'bundle exec rake mail:send'], 'rails-fargate:worker').status, 0);
    assert.deepEqual(containers().map((c) => c.Name).sort(), ['jobs', 'mailers', 'migrate', 'web']);
    for (const c of containers()) {
      assert.deepEqual(c.Environment.find((e) => e.Name === 'SMTP_HOST'), { Name: 'SMTP_HOST', Value: 'smtp.example.com' }, c.Name);
      assert.deepEqual(c.Secrets.find((e) => e.Name === 'STRIPE_API_KEY'), {
        Name: 'STRIPE_API_KEY',
        ValueFrom: { 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:bookshelf/production/STRIPE_API_KEY' },
      }, c.Name);
    }
    assert.match(readFileSync(join(app, 'bin/fargate'), 'utf8'), /^SECRETS=\('STRIPE_API_KEY'\)$/m);
    const unset = yo(app, ['--yes', '--unset', 'FEATURE_FLAGS']);
    assert.equal(unset.status, 0, unset.stderr);
    assert.deepEqual(settings(), { production: { env: { SMTP_HOST: 'smtp.example.com' }, secrets: ['STRIPE_API_KEY'] } });
    const reserved = yo(app, ['--yes', '--secret', 'DATABASE_URL']);
    assert.notEqual(reserved.status, 0);
    assert.match(`${reserved.stdout}\n${reserved.stderr}`, /Invalid --secret: "DATABASE_URL"\. Allowed: a name the generated stacks do not set themselves/);
    assert.deepEqual(settings(), { production: { env: { SMTP_HOST: 'smtp.example.com' }, secrets: ['STRIPE_API_KEY'] } });
  });

  it('bad input exits non-zero, names the field, the value and what is allowed, and writes nothing', () => {
    const app = sampleCopy('app-bad');
    const run = yo(app, ['--yes', '--vpc-cidr', '10.0.0.0/24']);
    assert.notEqual(run.status, 0);
    assert.match(`${run.stdout}\n${run.stderr}`, /Invalid vpc-cidr: "10\.0\.0\.0\/24" \(from --vpc-cidr\)\. Allowed: .*too small/);
    assert.equal(existsSync(join(app, '.yo-rc.json')), false);
    assert.equal(existsSync(join(app, 'infra')), false);
  });
});
