/**
 * The generator on the other kinds of Rails app (fixtures in test/fixtures/rails), the data-safety rules of a
 * re-run, and --check-aws against a mocked CloudFormation.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudFormationClient, DescribeStacksCommand, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import helpers from 'yeoman-test';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { APP_GENERATOR, SAMPLE_APP } from './support/paths.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/rails/', import.meta.url));
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

function inCopyOf(source: string, options: Record<string, unknown>) {
  let dir = '';
  const run = helpers
    .run(APP_GENERATOR)
    .inTmpDir((tmp) => {
      dir = tmp;
      cpSync(source, tmp, { recursive: true });
    })
    .withOptions(options as never);
  return { run, dir: () => dir };
}

/** A run whose generator log lines are collected in `lines` (the summary, warnings, --check-aws findings). */
function logged(run: ReturnType<typeof inCopyOf>['run']) {
  const lines: string[] = [];
  return {
    lines,
    run: run.onGenerator((generator) => {
      (generator as unknown as { log: (text: string) => void }).log = (text: string) => void lines.push(String(text));
    }),
  };
}

function resources(dir: string, stack: string): Resources {
  return (parseCfnYaml(readFileSync(join(dir, `infra/cloudformation/${stack}.yml`), 'utf8')) as { Resources: Resources }).Resources;
}

function listTree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTree(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  ).sort();
}

describe('yo rails-fargate on other apps', () => {
  it('a Rails 7.2 app with Sidekiq: a Redis cache, a sidekiq worker, and its own Dockerfile kept under --yes, with what it gets wrong', async () => {
    const source = join(FIXTURES, 'rails72-sidekiq');
    const dockerfile = readFileSync(join(source, 'Dockerfile'), 'utf8');
    const { run, lines } = logged(inCopyOf(source, { yes: true, region: 'us-east-1', 'cpu-arch': 'arm64' }).run);
    const result = await run;
    assert.ok(lines.some((l) => /^Warning: bin\/docker-entrypoint: runs database migrations on every boot/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^Warning: Gemfile\.lock PLATFORMS .* lacks aarch64-linux.*bundle lock --add-platform aarch64-linux/.test(l)), lines.join('\n'));
    const data = resources(result.cwd, 'data');
    assert.equal(data.Cache?.Type, 'AWS::ElastiCache::ReplicationGroup');
    assert.equal(data.Database?.Properties.Engine, 'postgres');
    const app = resources(result.cwd, 'app');
    assert.ok(app.WorkerSidekiqService, 'a sidekiq worker service');
    const stored = JSON.parse(readFileSync(join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'];
    assert.equal(stored.worker, 'sidekiq');
    assert.deepEqual(Object.keys(stored.workers), ['sidekiq']);
    assert.equal(readFileSync(join(result.cwd, 'Dockerfile'), 'utf8'), dockerfile, 'the app\'s own Dockerfile is kept');
  });

  it('a MySQL (trilogy) app gets RDS MySQL on 3306, admitted only from the app', async () => {
    const { run } = inCopyOf(join(FIXTURES, 'mysql-trilogy'), { yes: true, region: 'eu-west-1' });
    const result = await run;
    const data = resources(result.cwd, 'data');
    assert.equal(data.Database?.Properties.Engine, 'mysql');
    assert.equal(data.Database?.Properties.EngineVersion, '8.4');
    const ingress = data.DatabaseSecurityGroup!.Properties.SecurityGroupIngress;
    assert.equal(ingress.length, 1);
    assert.equal(ingress[0].FromPort, 3306);
    assert.deepEqual(ingress[0].SourceSecurityGroupId, { 'Fn::ImportValue': { 'Fn::Sub': '${NetworkStackName}-AppSecurityGroupId' } });
  });

  it('an SQLite app is refused with the reason and the steps, and nothing is written', async () => {
    const source = join(FIXTURES, 'sqlite');
    const { run, dir } = inCopyOf(source, { yes: true });
    await assert.rejects(run, /Invalid database adapter: "sqlite3" \(from config\/database\.yml:3: `adapter: sqlite3`\)\. Allowed: postgresql .* or mysql2\/trilogy.*SQLite file would be lost.*To switch to PostgreSQL/);
    assert.deepEqual(listTree(dir()), listTree(source));
  });

  it('a plain Ruby gem is refused, and nothing is written', async () => {
    const source = join(FIXTURES, 'plain-gem');
    const { run, dir } = inCopyOf(source, { yes: true });
    await assert.rejects(run, /Invalid directory: .*config\/application\.rb is missing/);
    assert.deepEqual(listTree(dir()), listTree(source));
  });
});

describe('a re-run never puts the data at risk', () => {
  async function firstRun(options: Record<string, unknown> = {}) {
    return inCopyOf(SAMPLE_APP, { yes: true, region: 'us-east-1', ...options }).run;
  }

  it('refuses to shrink the database storage', async () => {
    const first = await firstRun({ 'db-storage': '100' });
    const before = readFileSync(join(first.cwd, 'infra/cloudformation/data.yml'), 'utf8');
    await assert.rejects(first.create(APP_GENERATOR).withOptions({ yes: true, 'db-storage': '50' } as never).run(), /Invalid db-storage: 50.*RDS storage can grow but never shrink \(it is 100 GiB now\)/);
    assert.equal(readFileSync(join(first.cwd, 'infra/cloudformation/data.yml'), 'utf8'), before);
  });

  it('refuses to downgrade the engine version', async () => {
    const first = await firstRun({ 'db-engine-version': '17' });
    await assert.rejects(first.create(APP_GENERATOR).withOptions({ yes: true, 'db-engine-version': '16' } as never).run(), /Invalid db-engine-version: "16".*cannot downgrade/);
  });

  it('refuses a different database engine than the data stack was generated for', async () => {
    const first = await firstRun();
    const database = join(first.cwd, 'config/database.yml');
    writeFileSync(database, readFileSync(database, 'utf8').replace(/adapter: postgresql/, 'adapter: trilogy'));
    const lock = join(first.cwd, 'Gemfile.lock');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace('    pg (1.6.2-x86_64-linux)\n', '    pg (1.6.2-x86_64-linux)\n    trilogy (2.9.0)\n'));
    await assert.rejects(first.create(APP_GENERATOR).withOptions({ yes: true } as never).run(), /Invalid database engine: "mysql".*Allowed: postgres, the engine the data stack was generated for/);
  });

  it('keeps the database logical ID, type and every property when sizes change in place', async () => {
    const first = await firstRun();
    const before = resources(first.cwd, 'data').Database!;
    const second = await first.create(APP_GENERATOR).withOptions({ yes: true, 'db-instance-class': 'db.t4g.small', 'db-multi-az': true, 'db-storage': '50' } as never).run();
    const after = resources(second.cwd, 'data').Database!;
    assert.equal(after.Type, before.Type);
    const changed = Object.keys({ ...before.Properties, ...after.Properties }).filter((k) => JSON.stringify(before.Properties[k]) !== JSON.stringify(after.Properties[k]));
    assert.deepEqual(changed.sort(), ['AllocatedStorage', 'DBInstanceClass', 'MultiAZ'], 'only properties RDS changes in place');
  });
});

describe('--check-aws', () => {
  const mockCloudFormation = () => mockClient(CloudFormationClient);
let cfn: ReturnType<typeof mockCloudFormation>;
  before(() => {
    cfn = mockCloudFormation();
  });
  afterEach(() => cfn.reset());
  after(() => cfn.restore());

  it('reports a same-name stack that is not ours and validates every template', async () => {
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id x does not exist'), { name: 'ValidationError' }));
    cfn.on(DescribeStacksCommand, { StackName: 'bookshelf-production-network' }).resolves({
      Stacks: [{ StackName: 'bookshelf-production-network', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(0), Tags: [] }],
    });
    cfn.on(ValidateTemplateCommand).resolves({});
    const { run, lines } = logged(inCopyOf(SAMPLE_APP, { yes: true, region: 'us-east-1', 'check-aws': true }).run);
    await run;
    assert.equal(cfn.commandCalls(ValidateTemplateCommand).length, 4);
    assert.ok(lines.some((l) => /^ERROR\s+bookshelf-production-network: /.test(l)), lines.join('\n'));
  });

  it('with a domain, looks its hosted zone up in Route 53', async () => {
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id x does not exist'), { name: 'ValidationError' }));
    cfn.on(ValidateTemplateCommand).resolves({});
    const route53 = mockClient(Route53Client);
    try {
      route53.on(GetHostedZoneCommand, { Id: 'Z0123456789ABC' }).resolves({
        HostedZone: { Id: '/hostedzone/Z0123456789ABC', Name: 'example.org.', CallerReference: 'ref', Config: { PrivateZone: false } },
        DelegationSet: { NameServers: [] },
      });
      const options = { yes: true, region: 'us-east-1', 'check-aws': true, domain: 'shop.example.com', 'hosted-zone-id': 'Z0123456789ABC' };
      const { run, lines } = logged(inCopyOf(SAMPLE_APP, options).run);
      await run;
      assert.equal(route53.commandCalls(GetHostedZoneCommand).length, 1);
      assert.ok(lines.includes('ERROR   hosted zone Z0123456789ABC: is example.org, which does not hold shop.example.com: pass the ID of the zone of shop.example.com or a parent domain'), lines.join('\n'));
    } finally {
      route53.restore();
    }
  });

  it('without credentials, says so and carries on', async () => {
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const { run, lines } = logged(inCopyOf(SAMPLE_APP, { yes: true, region: 'us-east-1', 'check-aws': true }).run);
    const result = await run;
    assert.ok(existsSync(join(result.cwd, 'infra/cloudformation/app.yml')));
    assert.ok(lines.some((l) => /no usable AWS credentials/.test(l)), lines.join('\n'));
  });
});

describe('changes to the app\'s own files (health route, production.rb)', () => {
  const source = join(FIXTURES, 'rails70-no-up');
  const routes = () => readFileSync(join(source, 'config/routes.rb'), 'utf8');
  const production = () => readFileSync(join(source, 'config/environments/production.rb'), 'utf8');

  it('under --yes they are not applied, and the summary says what to add', async () => {
    const { run, lines } = logged(inCopyOf(source, { yes: true, region: 'us-east-1' }).run);
    const result = await run;
    assert.equal(readFileSync(join(result.cwd, 'config/routes.rb'), 'utf8'), routes());
    assert.equal(readFileSync(join(result.cwd, 'config/environments/production.rb'), 'utf8'), production());
    assert.ok(lines.some((l) => /^Not changed under --yes: config\/routes\.rb: the load balancer checks \/up.*add: /.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^Not changed under --yes: config\/environments\/production\.rb: .*force_ssl.*ssl_options/.test(l)), lines.join('\n'));
  });

  it('without a domain, a force_ssl production.rb is made env-driven and the task turns SSL off', async () => {
    const { run, lines } = logged(inCopyOf(SAMPLE_APP, { yes: true, region: 'us-east-1' }).run);
    const result = await run;
    assert.ok(lines.some((l) => /^Not changed under --yes: config\/environments\/production\.rb: config\.force_ssl is on but there is no --domain/.test(l)));
    assert.ok(lines.some((l) => /^ {2}1\. Fix config\/storage\.yml and config\/environments\/production\.rb \(take the change when yo rails-fargate offers it/.test(l)), lines.join('\n'));
    const web = (resources(result.cwd, 'app').WebTaskDefinition!.Properties.ContainerDefinitions[0].Environment as { Name: string; Value: string }[]);
    assert.deepEqual(web.filter((e) => /SSL/.test(e.Name)), [{ Name: 'RAILS_ASSUME_SSL', Value: 'false' }, { Name: 'RAILS_FORCE_SSL', Value: 'false' }]);
    assert.ok(web.some((e) => e.Name === 'HTTP_IDLE_TIMEOUT' && e.Value === '75'), 'Thruster keeps connections longer than the load balancer');

    const second = await result.create(APP_GENERATOR, {}, { force: false } as never).withOptions({} as never).withAnswers({ action: 'write' });
    const production = readFileSync(join(second.cwd, 'config/environments/production.rb'), 'utf8');
    assert.match(production, /^  config\.force_ssl = ENV\.fetch\("RAILS_FORCE_SSL", "true"\) == "true"$/m);
    assert.match(production, /^  config\.assume_ssl = ENV\.fetch\("RAILS_ASSUME_SSL", "true"\) == "true"$/m);

    const https = await inCopyOf(SAMPLE_APP, { yes: true, region: 'us-east-1', domain: 'shelf.example.com', 'hosted-zone-id': 'Z0123456789ABCDEFGHIJ' }).run;
    const webHttps = (resources(https.cwd, 'app').WebTaskDefinition!.Properties.ContainerDefinitions[0].Environment as { Name: string; Value: string }[]);
    assert.deepEqual(webHttps.filter((e) => /SSL/.test(e.Name)).map((e) => e.Value), ['true', 'true']);
  });

  it('without --yes they go through the conflict prompt, and accepting writes them', async () => {
    const first = await inCopyOf(source, { yes: true, region: 'us-east-1' }).run;
    const second = await first.create(APP_GENERATOR, {}, { force: false } as never).withOptions({} as never).withAnswers({ action: 'write' });
    const asked = second.askedQuestions.filter((q) => q.name === 'action').length;
    assert.equal(asked, 3, 'one conflict each for routes.rb, production.rb and puma.rb');
    assert.match(readFileSync(join(second.cwd, 'config/puma.rb'), 'utf8'), /\npersistent_timeout 75\n$/);
    const newRoutes = readFileSync(join(second.cwd, 'config/routes.rb'), 'utf8');
    assert.match(newRoutes, /Health check for the load balancer/);
    assert.ok(newRoutes.startsWith(routes().split('\n')[0]!));
    assert.match(readFileSync(join(second.cwd, 'config/environments/production.rb'), 'utf8'), /config\.ssl_options = \{ redirect: \{ exclude:/);
  });
});

describe('real apps as they are written (issue 9)', () => {
  /** The command a container runs: the app's own, word for word. */
  const taskCommand = (container: { Command: string[] }): string => container.Command.join(' ');
  const env = (resourcesOf: Resources, id: string): Record<string, string> =>
    Object.fromEntries((resourcesOf[id]!.Properties.ContainerDefinitions[0].Environment as { Name: string; Value: string }[]).map((e) => [e.Name, e.Value]));

  it('erb-database: DATABASE_ADAPTER picks PostgreSQL in every task; the health check is the app\'s /internal/ping', async () => {
    const { run, lines } = logged(inCopyOf(join(FIXTURES, 'erb-database'), { yes: true, region: 'us-east-1' }).run);
    const result = await run;
    const app = resources(result.cwd, 'app');
    assert.equal(resources(result.cwd, 'data').Database?.Properties.Engine, 'postgres');
    for (const task of ['WebTaskDefinition', 'MigrateTaskDefinition']) assert.equal(env(app, task).DATABASE_ADAPTER, 'postgresql', task);
    const group = Object.values(app).find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')!;
    assert.equal(group.Properties.HealthCheckPath, '/internal/ping');
    assert.ok(lines.length > 0);
  });

  it('erb-database, already on :amazon: the task sets the bucket under the app\'s own variables; the credentials keys edit is offered', async () => {
    const source = join(FIXTURES, 'erb-database');
    const { run, lines } = logged(inCopyOf(source, { yes: true, region: 'us-east-1' }).run);
    const result = await run;
    const web = env(resources(result.cwd, 'app'), 'WebTaskDefinition') as Record<string, unknown>;
    const bucket = { 'Fn::ImportValue': { 'Fn::Sub': '${DataStackName}-StorageBucketName' } };
    assert.deepEqual([web.S3_BUCKET, web.AWS_BUCKET, web.AWS_REGION, web.AWS_S3_REGION], [bucket, bucket, { Ref: 'AWS::Region' }, { Ref: 'AWS::Region' }]);
    assert.equal(resources(result.cwd, 'data').StorageBucket?.Type, 'AWS::S3::Bucket');
    const text = lines.join('\n');
    assert.match(text, /^Not changed under --yes: config\/storage\.yml: config\/storage\.yml's amazon entry takes access keys that override the task role's/m);
    assert.doesNotMatch(text, /aws-sdk-s3 gem|active_storage\.service = :amazon/, 'the gem is locked and the service is already S3');
    assert.equal(readFileSync(join(result.cwd, 'config/storage.yml'), 'utf8'), readFileSync(join(source, 'config/storage.yml'), 'utf8'), 'not applied under --yes');

    const second = await result.create(APP_GENERATOR, {}, { force: false } as never).withOptions({} as never).withAnswers({ action: 'write' });
    const storage = readFileSync(join(second.cwd, 'config/storage.yml'), 'utf8');
    assert.match(storage, /^ {2}# \(the task role signs for S3; keys here would override it\) access_key_id: /m);
    assert.match(storage, /^ {2}bucket: <%= ENV\.fetch\("AWS_BUCKET"\)/m, 'its own bucket variable, which the task sets');

    await assert.rejects(
      helpers.run(APP_GENERATOR).inTmpDir((tmp) => cpSync(source, tmp, { recursive: true })).withArguments(['--yes', '--region', 'us-east-1', '--env', 'AWS_BUCKET=old-bucket']),
      /Invalid --env: "AWS_BUCKET"\. Allowed: a name config\/storage\.yml does not read for the bucket/,
    );
  });

  it('pitchfork-procfile: the Dockerfile CMD, the task command and the port agree on Pitchfork; no Puma advice', async () => {
    const { run, lines } = logged(inCopyOf(join(FIXTURES, 'pitchfork-procfile'), { yes: true, region: 'us-east-1' }).run);
    const result = await run;
    const app = resources(result.cwd, 'app');
    const web = app.WebTaskDefinition!.Properties.ContainerDefinitions[0];
    const dockerfile = readFileSync(join(result.cwd, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^EXPOSE 8080$/m);
    assert.match(dockerfile, /^CMD \["bundle", "exec", "pitchfork", "-c", "config\/pitchfork\.rb"\]$/m);
    assert.equal(taskCommand(web), 'bundle exec pitchfork -c config/pitchfork.rb');
    assert.equal(web.PortMappings[0].ContainerPort, 8080);
    const group = Object.values(app).find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')!;
    assert.deepEqual([group.Properties.Port, group.Properties.HealthCheckPath], [8080, '/ops/healthz']);
    assert.ok(!lines.some((l) => /persistent_timeout|config\/puma\.rb/.test(l)), lines.join('\n'));
    // FORCE_SSL is the app's own switch, off by default: nothing to set on plain HTTP, and no false warning.
    assert.ok(!lines.some((l) => /^(Warning|Not changed)/.test(l) && /force_ssl|config\.hosts|production\.rb/.test(l)), lines.join('\n'));
    assert.ok(!Object.keys(env(app, 'WebTaskDefinition')).some((name) => /SSL/.test(name)));
    const https = await inCopyOf(join(FIXTURES, 'pitchfork-procfile'), { yes: true, region: 'us-east-1', domain: 'shop.example.com', 'hosted-zone-id': 'Z0123456789ABCDEFGHIJ' }).run;
    assert.equal(env(resources(https.cwd, 'app'), 'WebTaskDefinition').FORCE_SSL, 'true', 'with a domain the task turns the app\'s own FORCE_SSL on');
  });

  it('pitchfork-procfile: --yes adopts the Procfile processes as workers and release as the migrate command', async () => {
    const result = await inCopyOf(join(FIXTURES, 'pitchfork-procfile'), { yes: true, region: 'us-east-1' }).run;
    const app = resources(result.cwd, 'app');
    const stored = JSON.parse(readFileSync(join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'];
    assert.deepEqual(Object.keys(stored.workers), ['clock', 'feeds', 'worker']);
    assert.equal(taskCommand(app.WorkerFeedsTaskDefinition!.Properties.ContainerDefinitions[0]), "bin/rails runner SupplierFeed.poll_forever");
    assert.equal(taskCommand(app.WorkerWorkerTaskDefinition!.Properties.ContainerDefinitions[0]), 'bundle exec sidekiq -C config/sidekiq.yml');
    assert.equal(taskCommand(app.MigrateTaskDefinition!.Properties.ContainerDefinitions[0]), 'bin/rails db:migrate');
  });

  it('pitchfork-procfile: interactively, declining the Procfile processes leaves the sidekiq worker only', async () => {
    const result = await inCopyOf(join(FIXTURES, 'pitchfork-procfile'), { region: 'us-east-1' }).run.withAnswers({ procfileWorkers: false });
    const stored = JSON.parse(readFileSync(join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'];
    assert.deepEqual(Object.keys(stored.workers), ['sidekiq']);
    assert.deepEqual(stored.workers.sidekiq.command, ['bundle', 'exec', 'sidekiq', '-C', 'config/sidekiq.yml']);
    const flagged = await inCopyOf(join(FIXTURES, 'pitchfork-procfile'), { yes: true, region: 'us-east-1', 'procfile-workers': false }).run;
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(flagged.cwd, '.yo-rc.json'), 'utf8'))['generator-rails-fargate'].workers), ['sidekiq'], 'the question has its flag');
  });

  it('--worker sidekiq on an app without the sidekiq gem is refused with how to add it (and Redis), nothing written', async () => {
    const source = join(FIXTURES, 'erb-database');
    const { run, dir } = inCopyOf(source, { yes: true, region: 'us-east-1', worker: 'sidekiq' });
    await assert.rejects(run, /Invalid worker: "sidekiq" \(from --worker\)\. Allowed: a job backend the app has: Gemfile\.lock does not lock sidekiq for production\. Add `gem "sidekiq"`.*sidekiq needs Redis, which the data stack then adds.*The app has: no job backend/);
    assert.deepEqual(listTree(dir()), listTree(source));
  });

  it('alpine-docker: its Dockerfile kept, advice in apk/musl terms, no bin/docker-entrypoint it never calls; every Solid database gets its URL', async () => {
    const source = join(FIXTURES, 'alpine-docker');
    const { run, lines } = logged(inCopyOf(source, { yes: true, region: 'us-east-1' }).run);
    const result = await run;
    assert.equal(readFileSync(join(result.cwd, 'Dockerfile'), 'utf8'), readFileSync(join(source, 'Dockerfile'), 'utf8'));
    assert.ok(!existsSync(join(result.cwd, 'bin/docker-entrypoint')), 'no entrypoint the kept Dockerfile never calls');
    const text = lines.join('\n');
    assert.match(text, /apk add --no-cache curl/);
    assert.match(text, /--add-platform x86_64-linux-musl/);
    assert.doesNotMatch(text, /apt-get|libjemalloc2/);
    const names = Object.keys(env(resources(result.cwd, 'app'), 'WebTaskDefinition'));
    const secrets = (resources(result.cwd, 'app').WebTaskDefinition!.Properties.ContainerDefinitions[0].Secrets as { Name: string }[]).map((e) => e.Name);
    for (const url of ['CACHE_DATABASE_URL', 'QUEUE_DATABASE_URL', 'CABLE_DATABASE_URL']) assert.ok(secrets.includes(url), url);
    // Its Dockerfile lacks the RDS bundle: the URLs were written unverified (still TLS), and the finding says so.
    const urls = readFileSync(join(result.cwd, 'infra/cloudformation/data.yml'), 'utf8');
    assert.match(urls, /"CACHE_DATABASE_URL":"postgres:\/\/rails:\{\{resolve:secretsmanager:\$\{DatabaseSecret\}:SecretString:password\}\}@\$\{Database\.Endpoint\.Address\}:\$\{Database\.Endpoint\.Port\}\/[a-z_]+_cache\?sslmode=require"/);
    assert.match(text, /database URLs were generated without verifying the server's certificate/);
    assert.ok(names.length > 0);
  });

  it('every warning is printed once', async () => {
    for (const name of ['sample-db-yml', 'rails72-sidekiq', 'alpine-docker']) {
      const { run, lines } = logged(inCopyOf(join(FIXTURES, name), { yes: true, region: 'us-east-1', 'cpu-arch': 'arm64' }).run);
      await run;
      const warnings = lines.filter((l) => l.startsWith('Warning: '));
      assert.ok(warnings.length > 0, name);
      assert.deepEqual(warnings, [...new Set(warnings)], `${name}: a warning printed twice`);
    }
  });

  it('what was detected is listed first, in one look; the summary lists the tasks besides web', async () => {
    const { run, lines } = logged(inCopyOf(join(FIXTURES, 'pitchfork-procfile'), { yes: true, region: 'us-east-1' }).run);
    await run;
    const at = lines.findIndex((l) => l === 'Detected in Storefront:');
    assert.equal(at, 0, lines.join('\n'));
    assert.deepEqual(lines.slice(at + 1, at + 11), [
      '  Rails 7.2.2.2 (Gemfile.lock), Ruby 3.3.6 (.ruby-version)',
      '  Database: postgresql (config/database.yml:2: `adapter: postgresql`)',
      '  Jobs: sidekiq (bundle exec sidekiq -C config/sidekiq.yml); Procfile: worker, clock, feeds',
      '  Redis: needed (sidekiq jobs (Gemfile.lock), redis_cache_store (config/environments/production.rb))',
      '  Server: pitchfork on port 8080 (the Procfile web line): bundle exec pitchfork -c config/pitchfork.rb',
      '  Health check: /ops/healthz (an existing route, config/routes.rb)',
      '  Storage: Active Storage :amazon (S3), config/storage.yml',
      '  Platforms: arm64-darwin-23, x86_64-linux (Gemfile.lock): x86_64 by default; for arm64 (Graviton, about 20% cheaper) run `bundle lock --add-platform aarch64-linux`',
      '  Docker: Dockerfile, .dockerignore, bin/docker-entrypoint written by the generator',
      '',
    ]);
    assert.ok(
      lines.includes('Tasks besides web: clock: bundle exec clockwork config/clock.rb; feeds: bin/rails runner SupplierFeed.poll_forever; worker: bundle exec sidekiq -C config/sidekiq.yml; migrate: bin/rails db:migrate'),
      lines.join('\n'),
    );
  });
});
