import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import type { RunResult } from 'yeoman-test';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { APP_GENERATOR, SAMPLE_APP } from './support/paths.js';

const NAMESPACE = 'generator-rails-fargate';
const WRITTEN = [
  '.yo-rc.json', 'infra/README.md', 'infra/cloudformation/network.yml', 'infra/cloudformation/registry.yml',
  'infra/cloudformation/data.yml', 'infra/cloudformation/app.yml', 'bin/fargate', 'Dockerfile', '.dockerignore',
  'bin/docker-entrypoint',
];
const DOMAIN = { domain: 'shelf.example.com', 'hosted-zone-id': 'Z0123456789ABCDEFGHIJ' };
const NOTHING = Object.fromEntries(WRITTEN.map((f) => [f, undefined]));

function snapshot(dir: string, files = WRITTEN): Record<string, string | undefined> {
  return Object.fromEntries(files.map((f) => [f, existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined]));
}

/** Run the app generator in a fresh copy of the sample Rails app (or in `setup`'s folder). */
function runInSample(options: Record<string, unknown>, setup?: (dir: string) => void) {
  let dir = '';
  const run = helpers
    .run(APP_GENERATOR)
    .inTmpDir((tmp) => {
      dir = tmp;
      if (setup) setup(tmp);
      else cpSync(SAMPLE_APP, tmp, { recursive: true });
    })
    .withOptions(options as never);
  return { run, dir: () => dir };
}

/** Run again in the folder of a previous run. */
function rerun(result: RunResult, options: Record<string, unknown>, answers?: Record<string, unknown>) {
  // yeoman-test forces every conflict by default; run with Yeoman's real conflict handling instead.
  const context = result.create(APP_GENERATOR, {}, { force: false } as never).withOptions(options as never);
  return answers ? context.withAnswers(answers) : context;
}

describe('yo rails-fargate (yeoman-test)', () => {
  it('--yes on the sample app writes the four stacks, the image files, bin/fargate, the docs and the answers', async () => {
    const { run } = runInSample({ yes: true, region: 'eu-west-1' });
    const result = await run;
    result.assertFile(WRITTEN);
    result.assertJsonFileContent('.yo-rc.json', {
      [NAMESPACE]: {
        appName: 'bookshelf', environment: 'production', region: 'eu-west-1', vpcCidr: '10.0.0.0/16', azCount: 2, nat: 'per-az',
        cpuArch: 'x86_64', webCpu: 512, webMemory: 1024, webCount: 2, webMaxCount: 6, worker: 'solid_queue',
        dbInstanceClass: 'db.t4g.micro', dbStorage: 20, dbMultiAz: false, dbEngineVersion: '17', domain: '', hostedZoneId: '',
        logRetentionDays: 30,
        // Seeded from the detected Solid Queue and its bin/jobs; managed with yo rails-fargate:worker from now on.
        workers: { jobs: { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 } },
        dbEngine: 'postgres',
      },
    });
    assert.equal(statSync(join(result.cwd, 'bin/fargate')).mode & 0o777, 0o755);
    // bin/fargate refuses, under --yes, a change set that replaces or removes any of these.
    const stateful = /^STATEFUL_IDS=\((.*)\)$/m.exec(readFileSync(join(result.cwd, 'bin/fargate'), 'utf8'))?.[1]?.split(' ').map((w) => w.replace(/'/g, ''));
    for (const id of ['Repository', 'DatabaseSecret', 'Database', 'MasterKeySecret', 'WebLogGroup', 'MigrateLogGroup', 'WorkerJobsLogGroup']) {
      assert.ok(stateful?.includes(id), `${id} in ${String(stateful)}`);
    }
    assert.equal(statSync(join(result.cwd, 'bin/docker-entrypoint')).mode & 0o777, 0o755);
    const template = parseCfnYaml(readFileSync(join(result.cwd, 'infra/cloudformation/network.yml'), 'utf8')) as { Resources: Record<string, unknown> };
    assert.ok('NatGatewayB' in template.Resources);
    const readme = readFileSync(join(result.cwd, 'infra/README.md'), 'utf8');
    assert.match(readme, /\| A \| private \| 10\.0\.0\.0\/19 \| 8192 \| 8187 \| app tasks, database \|/);
    assert.match(readme, /aws cloudformation deploy --region eu-west-1 --stack-name bookshelf-production-network --template-file infra\/cloudformation\/network\.yml/);
  });

  it('a worker size stored in .yo-rc.json (not the default) reaches its task definition and service', async () => {
    const { run } = runInSample({ yes: true, region: 'eu-west-1' });
    const result = await run.withYoRcConfig(NAMESPACE, {
      workers: { jobs: { command: ['./bin/jobs'], cpu: 1024, memory: 3072, count: 3 } },
    });
    const app = parseCfnYaml(readFileSync(join(result.cwd, 'infra/cloudformation/app.yml'), 'utf8')) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    const task = app.Resources.WorkerJobsTaskDefinition!.Properties;
    assert.deepEqual([task.Cpu, task.Memory], ['1024', '3072']);
    assert.deepEqual(app.Resources.WorkerJobsService!.Properties.DesiredCount, { 'Fn::If': ['ServicesOn', 3, 0] });
    result.assertJsonFileContent('.yo-rc.json', { [NAMESPACE]: { workers: { jobs: { command: ['./bin/jobs'], cpu: 1024, memory: 3072, count: 3 } } } });
  });

  it('asks the questions no option answers, and stores the answers', async () => {
    const { run } = runInSample({ 'app-name': 'shelf', region: 'us-west-2', 'vpc-cidr': '172.16.0.0/20' });
    const result = await run.withAnswers({
      environment: 'staging', azCount: '4', nat: 'single', worker: 'solid_queue', dbInstanceClass: 'db.t4g.small',
      dbMultiAz: true, domain: 'shelf.example.com', hostedZoneId: 'Z0123456789ABC',
    });
    // The main questions only: sizes, versions and retention take their defaults unless --ask-all.
    assert.deepEqual(result.askedQuestions.map((q) => q.name), ['environment', 'azCount', 'nat', 'worker', 'dbInstanceClass', 'dbMultiAz', 'domain', 'hostedZoneId']);
    result.assertJsonFileContent('.yo-rc.json', {
      [NAMESPACE]: {
        appName: 'shelf', environment: 'staging', region: 'us-west-2', vpcCidr: '172.16.0.0/20', azCount: 4, nat: 'single',
        dbInstanceClass: 'db.t4g.small', dbMultiAz: true, domain: 'shelf.example.com', hostedZoneId: 'Z0123456789ABC', webCount: 2,
      },
    });
  });

  it('--ask-all asks the advanced questions too', async () => {
    const { run } = runInSample({ 'ask-all': true, 'app-name': 'shelf', region: 'us-west-2' });
    const result = await run.withAnswers({ webCpu: 1024, webMemory: '3072' });
    const asked = result.askedQuestions.map((q) => q.name);
    for (const name of ['vpcCidr', 'cpuArch', 'webCpu', 'webMemory', 'webCount', 'webMaxCount', 'dbStorage', 'dbEngineVersion', 'logRetentionDays']) {
      assert.ok(asked.includes(name), name);
    }
    assert.ok(!asked.includes('hostedZoneId'), 'no hosted zone without a domain');
    result.assertJsonFileContent('.yo-rc.json', { [NAMESPACE]: { webCpu: 1024, webMemory: 3072 } });
  });

  it('re-running with the stored answers writes byte-identical files and asks nothing', async () => {
    // With a domain the stock production.rb needs no change, so no run has a suggestion to ask about.
    const first = await runInSample({ yes: true, 'az-count': '3', nat: 'single', region: 'us-east-1', ...DOMAIN }).run;
    const before = snapshot(first.cwd);
    const second = await rerun(first, { yes: true });
    assert.deepEqual(second.askedQuestions, []);
    assert.deepEqual(snapshot(second.cwd), before);
    // Without --yes too: every answer is stored, so nothing is asked.
    const third = await rerun(first, {});
    assert.deepEqual(third.askedQuestions, []);
    assert.deepEqual(snapshot(third.cwd), before);
  });

  it('a changed answer regenerates our unedited files without a conflict', async () => {
    const first = await runInSample({ yes: true, region: 'us-east-1', ...DOMAIN }).run;
    const second = await rerun(first, { 'az-count': '3' });
    assert.deepEqual(second.askedQuestions, [], 'no conflict prompt for files we wrote and nobody edited');
    const template = readFileSync(join(second.cwd, 'infra/cloudformation/network.yml'), 'utf8');
    assert.match(template, /PrivateSubnetC:/);
    second.assertJsonFileContent('.yo-rc.json', { [NAMESPACE]: { azCount: 3 } });
  });

  it('a file the user edited is kept under --yes', async () => {
    const first = await runInSample({ yes: true, region: 'us-east-1' }).run;
    const file = join(first.cwd, 'infra/cloudformation/network.yml');
    const edited = readFileSync(file, 'utf8').replace('EnableDnsHostnames: true', 'EnableDnsHostnames: true # keep: we need this');
    writeFileSync(file, edited);
    const second = await rerun(first, { yes: true, 'az-count': '3' });
    assert.equal(readFileSync(file, 'utf8'), edited);
    assert.match(readFileSync(join(second.cwd, 'infra/README.md'), 'utf8'), /3 Availability Zones/);
    // Still recorded as ours-before-the-edit, so the next run keeps it too.
    const third = await rerun(first, { yes: true });
    assert.equal(readFileSync(join(third.cwd, 'infra/cloudformation/network.yml'), 'utf8'), edited);
  });

  it('a file the user edited goes through the conflict prompt without --yes', async () => {
    const first = await runInSample({ yes: true, region: 'us-east-1' }).run;
    const file = join(first.cwd, 'infra/README.md');
    writeFileSync(file, '# our own notes\n');
    // The conflicter asks; answering "skip" keeps the user's file.
    const second = await rerun(first, { 'az-count': '3' }, { action: 'skip' });
    assert.ok(second.askedQuestions.some((q) => q.name === 'action'), 'the conflict was asked');
    assert.equal(readFileSync(file, 'utf8'), '# our own notes\n');
  });

  describe('bad input: non-zero exit, a message naming the field, the value and what is allowed, nothing written', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['malformed CIDR', { 'vpc-cidr': '10.0.0/16' }, /Invalid vpc-cidr: "10\.0\.0\/16" \(from --vpc-cidr\)\. Allowed: .*not an IPv4 CIDR block/],
      ['CIDR too small for the subnets', { 'vpc-cidr': '10.0.0.0/24' }, /Invalid vpc-cidr: "10\.0\.0\.0\/24".*too small/],
      ['AZ count above 6', { 'az-count': '7' }, /Invalid az-count: "7".*from 2 to 6/],
      ['AZ count below 2', { 'az-count': '1' }, /Invalid az-count: "1"/],
      ['AZ count not a number', { 'az-count': 'two' }, /Invalid az-count: "two"/],
      ['AZ count above what the region has', { region: 'eu-west-3', 'az-count': '4' }, /Invalid az-count: "4".*eu-west-3 offers 3/],
      ['unknown region', { region: 'eu-middle-1' }, /Invalid region: "eu-middle-1".*an AWS Region/],
      ['unknown NAT mode', { nat: 'double' }, /Invalid nat: "double".*per-az.*single.*none/],
      ['invalid Fargate CPU/memory pair', { 'web-cpu': '256', 'web-memory': '4096' }, /Invalid web-memory: "4096".*with 256 CPU units, memory \(MiB\) must be one of: 512, 1024, 2048/],
      ['Fargate CPU that does not exist', { 'web-cpu': '300' }, /Invalid web-cpu: "300".*one of the Fargate CPU sizes: 256, 512, 1024/],
      ['unknown DB instance class', { 'db-instance-class': 'db.t9.huge' }, /Invalid db-instance-class: "db\.t9\.huge".*an RDS class: .*db\.t4g\.micro/],
      ['storage out of range', { 'db-storage': '10' }, /Invalid db-storage: "10".*from 20 to 65536/],
      ['unsupported engine version', { 'db-engine-version': '12' }, /Invalid db-engine-version: "12".*postgres on RDS supports 14, 15, 16, 17, 18/],
      ['malformed domain', { domain: 'not a domain', 'hosted-zone-id': 'Z123' }, /Invalid domain: "not a domain"/],
      ['a domain without its hosted zone', { domain: 'shop.example.com' }, /Invalid hosted-zone-id: "".*--domain shop\.example\.com needs its hosted zone/],
      ['a hosted zone without a domain', { 'hosted-zone-id': 'Z0123456789ABC' }, /Invalid hosted-zone-id: "Z0123456789ABC".*there is no --domain/],
      ['log retention CloudWatch refuses', { 'log-retention-days': '45' }, /Invalid log-retention-days: "45".*one of the values CloudWatch accepts/],
      ['web max count below the count', { 'web-count': '4', 'web-max-count': '3' }, /Invalid web-max-count: "3".*below --web-count 4/],
      ['unknown worker backend', { worker: 'cron' }, /Invalid worker: "cron"/],
    ];
    for (const [name, options, message] of cases) {
      it(name, async () => {
        const { run, dir } = runInSample({ yes: true, ...options });
        await assert.rejects(run, message);
        assert.deepEqual(snapshot(dir()), NOTHING);
      });
    }

    it('not a Rails repo', async () => {
      const { run, dir } = runInSample({ yes: true }, (tmp) => writeFileSync(join(tmp, 'README.md'), '# a gem\n'));
      await assert.rejects(run, /Invalid directory: ".*"\. Allowed: the root of a Rails application .*config\/application\.rb is missing/);
      assert.deepEqual(readdirSync(dir()), ['README.md']);
    });

    it('a Gemfile without rails', async () => {
      const { run, dir } = runInSample({ yes: true }, (tmp) => {
        mkdirSync(join(tmp, 'config'));
        writeFileSync(join(tmp, 'config/application.rb'), 'module Sinatraish\nend\n');
        writeFileSync(join(tmp, 'Gemfile'), 'source "https://rubygems.org"\ngem "sinatra"\n');
      });
      await assert.rejects(run, /neither Gemfile\.lock nor Gemfile names rails or railties/);
      assert.deepEqual(readdirSync(dir()).sort(), ['Gemfile', 'config']);
    });

    it('a hand-edited .yo-rc.json that breaks the schema', async () => {
      const broken = `${JSON.stringify({ [NAMESPACE]: { appName: 'bookshelf', azCount: 'many' } }, null, 2)}\n`;
      const { run, dir } = runInSample({ yes: true }, (tmp) => {
        cpSync(SAMPLE_APP, tmp, { recursive: true });
        writeFileSync(join(tmp, '.yo-rc.json'), broken);
      });
      await assert.rejects(run, /Invalid az-count: "many" \(from \.yo-rc\.json "azCount"\)/);
      assert.deepEqual(snapshot(dir()), { ...NOTHING, '.yo-rc.json': broken });
    });
  });
});
