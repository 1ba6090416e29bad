import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import type { RunContext, RunResult } from 'yeoman-test';
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

/**
 * A copy of the sample app with Active Storage already on S3, as after taking the storage edits (those are tested in
 * generator-apps and storage-edits): the only suggestion left is the one a test sets up (force_ssl without a domain).
 */
function sampleOnS3(dir: string): void {
  cpSync(SAMPLE_APP, dir, { recursive: true });
  const production = join(dir, 'config/environments/production.rb');
  writeFileSync(production, readFileSync(production, 'utf8').replace('config.active_storage.service = :local', 'config.active_storage.service = :amazon'));
  const storage = join(dir, 'config/storage.yml');
  writeFileSync(storage, `${readFileSync(storage, 'utf8')}\namazon:\n  service: S3\n  bucket: <%= ENV["S3_BUCKET"] %>\n  region: <%= ENV["AWS_REGION"] %>\n`);
}

/** Run the app generator in a fresh copy of the sample Rails app on S3 (or in `setup`'s folder). */
function runInSample(options: Record<string, unknown>, setup?: (dir: string) => void) {
  let dir = '';
  const run = helpers
    .run(APP_GENERATOR)
    .inTmpDir((tmp) => {
      dir = tmp;
      if (setup) setup(tmp);
      else sampleOnS3(tmp);
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

/** Collect what the generator logs (its own lines, not Yeoman's file statuses). */
function logged<T extends RunContext<any>>(context: T, lines: string[]): T {
  return context.onGenerator((generator) => {
    const g = generator as unknown as { log: unknown; prompt: (questions: { name: string }[]) => Promise<unknown> };
    g.log = (line: string) => lines.push(line);
    // Each prompt leaves its mark in the log, so the order of lines and questions can be checked.
    const prompt = g.prompt.bind(g);
    g.prompt = (questions) => {
      lines.push(`? ${questions.map((q) => q.name).join(', ')}`);
      return prompt(questions);
    };
  });
}

describe('yo rails-fargate (yeoman-test)', () => {
  it('--yes on the sample app writes the four stacks, the image files, bin/fargate, the docs and the answers', async () => {
    const { run } = runInSample({ yes: true, region: 'eu-west-1' });
    const result = await run;
    result.assertFile(WRITTEN);
    result.assertJsonFileContent('.yo-rc.json', {
      [NAMESPACE]: {
        appName: 'bookshelf', environment: 'production', region: 'eu-west-1', vpcCidr: '10.0.0.0/16', azCount: 2, nat: 'per-az',
        // arm64: the sample's Gemfile.lock is locked for aarch64-linux (src/docker/platform.ts defaultCpuArch).
        cpuArch: 'arm64', webCpu: 512, webMemory: 1024, webCount: 2, webMaxCount: 6, worker: 'solid_queue',
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

  it('a file the user edited is offered with the reason first; "keep mine" is remembered until ours changes', async () => {
    // With a domain the stock production.rb needs no change: the README is the only file offered.
    const first = await runInSample({ yes: true, region: 'us-east-1', ...DOMAIN }).run;
    const file = join(first.cwd, 'infra/README.md');
    writeFileSync(file, '# our own notes\n');
    const log: string[] = [];
    const second = await logged(rerun(first, { 'az-count': '3' }, { action: 'skip' }), log);
    assert.deepEqual(second.askedQuestions, [{ name: 'action', answer: 'skip' }]);
    assert.equal(readFileSync(file, 'utf8'), '# our own notes\n');
    const why = log.indexOf('infra/README.md: you edited it since the last run, and ours changed since: the answers changed (--az-count 2 -> 3)');
    assert.ok(why >= 0, log.join('\n'));
    assert.ok(log.includes('Declined (yours kept): infra/README.md. Not offered again until our version changes, or with --ask-answered.'), log.join('\n'));
    // The same answers again: no prompt, the user's file stays.
    const third = await rerun(first, {});
    assert.deepEqual(third.askedQuestions, []);
    assert.equal(readFileSync(file, 'utf8'), '# our own notes\n');
    // Ours changes again: offered again; taking it overwrites, and nothing is remembered any more.
    const fourth = await rerun(first, { nat: 'single' }, { action: 'write' });
    assert.deepEqual(fourth.askedQuestions, [{ name: 'action', answer: 'write' }]);
    assert.match(readFileSync(file, 'utf8'), /^# Infrastructure of bookshelf/);
    const stored = JSON.parse(readFileSync(join(first.cwd, '.yo-rc.json'), 'utf8'))[NAMESPACE];
    assert.equal(stored.declinedFiles, undefined);
  });

  it('--ask-answered offers a declined change again', async () => {
    const first = await runInSample({ yes: true, region: 'us-east-1', ...DOMAIN }).run;
    const file = join(first.cwd, 'infra/README.md');
    writeFileSync(file, '# our own notes\n');
    await rerun(first, { 'az-count': '3' }, { action: 'skip' });
    const again = await rerun(first, { yes: false, 'ask-answered': true }, { action: 'skip' });
    assert.ok(again.askedQuestions.some((q) => q.name === 'action'), 'the declined change was offered again');
  });

  describe('first run, re-runs and --help explain themselves', () => {
    it('prints what was detected before the first question, and ends with a checklist', async () => {
      const log: string[] = [];
      const { run } = runInSample({ 'app-name': 'shelf', region: 'us-west-2', ...DOMAIN });
      await logged(run.withAnswers({}), log);
      const detected = log.indexOf('Detected in Bookshelf:');
      const firstQuestion = log.findIndex((line) => line.startsWith('? '));
      assert.ok(detected >= 0 && firstQuestion > detected, log.join('\n'));
      assert.deepEqual(log.slice(detected + 1, detected + 11), [
        '  Rails 8.1.1 (Gemfile.lock), Ruby 3.4.7 (.ruby-version)',
        '  Database: postgresql (config/database.yml:2: `adapter: postgresql`); also CACHE_DATABASE_URL, QUEUE_DATABASE_URL, CABLE_DATABASE_URL',
        '  Jobs: solid_queue (./bin/jobs)',
        '  Redis: not needed',
        '  Server: thruster on port 3000 (Gemfile.lock (thruster, puma)): ./bin/thrust ./bin/rails server',
        '  Health check: /up (rails/health#show, config/routes.rb)',
        '  Storage: Active Storage :amazon (S3), config/storage.yml',
        '  Platforms: aarch64-linux, x86_64-linux (Gemfile.lock): arm64 by default (Graviton, about 20% cheaper)',
        '  Docker: Dockerfile, .dockerignore, bin/docker-entrypoint written by the generator',
        '',
      ]);
      const next = log.indexOf('Next:');
      assert.deepEqual(log.slice(next), [
        'Next:',
        '  1. Commit the files: git add .yo-rc.json infra bin/fargate Dockerfile .dockerignore bin/docker-entrypoint && git commit',
        '  2. Have:',
        '     - the AWS CLI v2, logged in to the account to deploy to (`aws sts get-caller-identity` answers)',
        '     - a running Docker engine with buildx (`docker info` answers)',
        '     - the Session Manager plugin for the AWS CLI, for `bin/fargate console`',
        '  3. Run bin/fargate deploy. The first deploy takes about 15-20 minutes (the database and the first image build take most of it). infra/README.md explains every stack and how to deploy by hand.',
      ]);
    });

    it('infra/README.md starts with the prerequisites and says what a destroy leaves behind', async () => {
      const result = await runInSample({ yes: true, region: 'us-east-1' }).run;
      const readme = readFileSync(join(result.cwd, 'infra/README.md'), 'utf8');
      const start = readme.indexOf('## Before you start');
      assert.ok(start > 0 && start < readme.indexOf('## Stacks'), 'before the stacks');
      const section = readme.slice(start, readme.indexOf('## Stacks'));
      assert.match(section, /- the AWS CLI v2, logged in to the account to deploy to/);
      assert.match(section, /- a running Docker engine with buildx/);
      assert.match(section, /- the Session Manager plugin for the AWS CLI, for `bin\/fargate console`/);
      assert.match(section, /about 15-20 minutes/);
      const behind = section.slice(section.indexOf('What `bin/fargate destroy` leaves behind, even with `--yes-destroy-data` (see [Destroy](#destroy)):'));
      assert.deepEqual(behind.trim().split('\n\n')[1]!.split('\n'), [
        '- the image repository, unless destroyed with --include-registry',
        '- the artifacts bucket of uploaded templates (each expires 30 days after its upload)',
        '- the database secret (a database restored from the snapshot keeps its password)',
        '- a final snapshot of the database',
        '- the Active Storage bucket and its files',
        '- the log groups (until their retention expires)',
      ]);
    });

    it('a re-run says in one line that it uses the stored answers, and how to change one', async () => {
      const first = await runInSample({ yes: true, region: 'us-east-1', ...DOMAIN }).run;
      const log: string[] = [];
      await logged(rerun(first, { yes: true, nat: 'single' }), log);
      // 21 answers stored, one of them given by its option this time.
      assert.deepEqual(log.filter((line) => line.startsWith('Using ')), [
        'Using 21 answers stored in .yo-rc.json. Change one with its option (e.g. --az-count 3), or pass --ask-answered to be asked them all again.',
      ]);
    });

    it('--ask-answered asks every question again, with the stored answer as its default', async () => {
      const first = await runInSample({ yes: true, region: 'eu-west-1', 'az-count': '3', nat: 'single', ...DOMAIN }).run;
      const before = snapshot(first.cwd);
      const again = await rerun(first, { 'ask-answered': true }, { webCount: '4' });
      const asked = Object.fromEntries(again.askedQuestions.map((q) => [q.name, q.answer]));
      assert.deepEqual(Object.keys(asked), [
        'appName', 'environment', 'region', 'vpcCidr', 'azCount', 'nat', 'vpcEndpoints', 'cpuArch', 'webCpu', 'webMemory', 'webCount', 'webMaxCount', 'worker',
        'dbInstanceClass', 'dbStorage', 'dbMaxStorage', 'dbMultiAz', 'dbEngineVersion', 'domain', 'hostedZoneId', 'alarmEmail', 'logRetentionDays',
      ]);
      // Unanswered prompts take their default: the stored answer.
      assert.equal(asked.region, 'eu-west-1');
      assert.equal(asked.azCount, 3);
      assert.equal(asked.nat, 'single');
      assert.equal(asked.hostedZoneId, 'Z0123456789ABCDEFGHIJ');
      again.assertJsonFileContent('.yo-rc.json', { [NAMESPACE]: { region: 'eu-west-1', azCount: 3, nat: 'single', webCount: 4, domain: 'shelf.example.com' } });
      assert.notEqual(snapshot(again.cwd)['infra/cloudformation/app.yml'], before['infra/cloudformation/app.yml']);
    });

    it('our own unedited Docker files regenerate silently; an edited Dockerfile is kept and reported', async () => {
      const first = await runInSample({ yes: true, region: 'us-east-1', 'cpu-arch': 'x86_64' }).run;
      const log: string[] = [];
      const second = await logged(rerun(first, { yes: true, 'cpu-arch': 'arm64' }), log);
      const text = log.join('\n');
      assert.doesNotMatch(text, /Kept your/);
      assert.doesNotMatch(text, /check that it builds for/);
      assert.match(readFileSync(join(second.cwd, 'Dockerfile'), 'utf8'), /linux\/arm64/);
      assert.ok(log.includes('  Docker: Dockerfile, .dockerignore, bin/docker-entrypoint written by the generator'), text);
      // Edited by hand: now it is the app's own.
      const dockerfile = join(first.cwd, 'Dockerfile');
      writeFileSync(dockerfile, `${readFileSync(dockerfile, 'utf8')}# ours now\n`);
      const edited: string[] = [];
      await logged(rerun(first, { yes: true, 'cpu-arch': 'x86_64' }), edited);
      assert.ok(edited.includes("  Docker: the app's own Dockerfile kept (ours is offered file by file, never under --yes); .dockerignore, bin/docker-entrypoint written by the generator"), edited.join('\n'));
      assert.ok(edited.includes('Kept your edits (not overwritten): Dockerfile. Re-run without --yes to review the changes.'), edited.join('\n'));
    });

    it('--help: the usage line, a two-line description, every line under 100 characters', async () => {
      const context = helpers.create(APP_GENERATOR).withOptions({ help: true } as never);
      await context.build();
      const help = (context.generator as unknown as { help(): string }).help().split('\n');
      assert.deepEqual(help.slice(0, 5), [
        'Usage:',
        '  yo rails-fargate [options]',
        '',
        'Makes this Rails app deploy to AWS ECS Fargate: CloudFormation stacks (network, registry, data,',
        'app), a Dockerfile and bin/fargate to deploy. Asks a few questions; each answer is also an option.',
      ]);
      for (const line of help) assert.ok(line.length < 100, `${line.length}: ${line}`);
      const options = help.filter((line) => /^\s+(-\w, )?\s*--/.test(line)).map((line) => /--([\w-]+)/.exec(line)![1]);
      assert.ok(options.includes('ask-answered') && options.includes('region') && options.includes('yes'), options.join(' '));
      for (const hidden of ['skip-cache', 'skip-install', 'force-install']) assert.ok(!options.includes(hidden), hidden);
      assert.match(help.find((line) => line.includes('--region'))!, /# AWS Region, e\.g\. us-east-1 or eu-west-1 \(README lists them all\)$/);
    });
  });

  describe('prompts that forgive', () => {
    it('a domain is normalised: case, a scheme, a trailing slash or dot', async () => {
      for (const given of ['HTTPS://Shelf.Example.com/', 'shelf.example.com.', 'http://shelf.EXAMPLE.com/path']) {
        const { run } = runInSample({ yes: true, region: 'us-east-1', domain: given, 'hosted-zone-id': 'Z0123456789ABC' });
        const result = await run;
        result.assertJsonFileContent('.yo-rc.json', { [NAMESPACE]: { domain: 'shelf.example.com' } });
      }
    });

    it('an empty hosted-zone answer goes back to no domain', async () => {
      const { run } = runInSample({ 'app-name': 'shelf', region: 'us-east-1' });
      const result = await run.withAnswers({ domain: 'Shelf.Example.com', hostedZoneId: '' });
      assert.deepEqual(result.askedQuestions.filter((q) => ['domain', 'hostedZoneId'].includes(q.name)), [
        { name: 'domain', answer: 'Shelf.Example.com' },
        { name: 'hostedZoneId', answer: '' },
      ]);
      result.assertJsonFileContent('.yo-rc.json', { [NAMESPACE]: { domain: '', hostedZoneId: '' } });
    });
  });

  describe('bad input: non-zero exit, a message naming the field, the value and what is allowed, nothing written', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['malformed CIDR', { 'vpc-cidr': '10.0.0/16' }, /Invalid vpc-cidr: "10\.0\.0\/16" \(from --vpc-cidr\)\. Allowed: .*not an IPv4 CIDR block/],
      ['CIDR too small for the subnets', { 'vpc-cidr': '10.0.0.0/24' }, /Invalid vpc-cidr: "10\.0\.0\.0\/24".*too small/],
      ['AZ count above 6', { 'az-count': '7' }, /Invalid az-count: "7".*from 2 to 6/],
      ['AZ count below 2', { 'az-count': '1' }, /Invalid az-count: "1"/],
      ['AZ count not a number', { 'az-count': 'two' }, /Invalid az-count: "two"/],
      ['AZ count above what the region has', { region: 'eu-west-3', 'az-count': '4' }, /Invalid az-count: "4".*eu-west-3 offers 3/],
      ['AZ count above 6 names the region\'s count', { region: 'eu-west-3', 'az-count': '7' }, /Invalid az-count: "7".*eu-west-3 offers 3 Availability Zones to new accounts; choose 2 to 3/],
      ['AZ count below 2 names the region\'s count', { region: 'us-west-2', 'az-count': '1' }, /Invalid az-count: "1".*us-west-2 offers 4 Availability Zones to new accounts; choose 2 to 4/],
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
