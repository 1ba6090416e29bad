/**
 * bin/fargate with two environments (production first, staging second), under the recording stubs: `--env staging
 * deploy` deploys staging's own templates to staging's stacks but the registry stack and its images stay
 * production's (tagged production), and `promote staging production` releases the image staging runs to production,
 * migrations first, without building anything.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderFargateScript } from '../src/deploy/fargate-script.js';
import { argValue, createStubWorld, loadScenario, STUB_FIXTURES, summarize } from './support/recording-stub.js';
import type { StubCall, StubRule, StubWorld } from './support/recording-stub.js';
import { SCRIPT_CONFIG } from './support/script-config.js';

const SCRIPT = renderFargateScript(SCRIPT_CONFIG);
const TEMPLATES = join(STUB_FIXTURES, 'repo', 'infra', 'cloudformation');
/** staging's templates: the fixture's, in staging's folder (what differs between environments is in the answers). */
const STAGING_FILES = Object.fromEntries(['network', 'data', 'app'].map((key) => [`infra/cloudformation/staging/${key}.yml`, readFileSync(join(TEMPLATES, `${key}.yml`), 'utf8')]));

let worlds: StubWorld[] = [];
let scratch: string[] = [];
afterEach(() => {
  for (const w of worlds) w.cleanup();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  worlds = [];
  scratch = [];
});

/** The release scenario as staging sees it: every stack staging's, but the registry, which stays production's. */
function stagingScenario(): string {
  const rename = (text: string) => text.replace(/bookshelf-production-(?!registry)/g, 'bookshelf-staging-').replace(/bookshelf\/production\//g, 'bookshelf/staging/');
  const rules = loadScenario(join(STUB_FIXTURES, 'scenarios', 'release.json')).map((rule): StubRule => ({
    ...rule,
    match: rule.match.map(rename),
    ...(rule.after ? { after: rename(rule.after) } : {}),
    ...(rule.before ? { before: rename(rule.before) } : {}),
    ...(typeof rule.stdout === 'string' ? { stdout: rename(rule.stdout) } : Array.isArray(rule.stdout) ? { stdout: (rule.stdout as string[]).map(rename) } : {}),
    ...(rule.rows ? { rows: rule.rows.map((row) => row.map(rename)) } : {}),
  }));
  const dir = mkdtempSync(join(tmpdir(), 'staging-scenario-'));
  scratch.push(dir);
  const file = join(dir, 'staging-release.json');
  writeFileSync(file, JSON.stringify({ rules }));
  return file;
}

function world(scenario: string, rules: StubRule[] = []): StubWorld {
  const w = createStubWorld({ script: SCRIPT, scenario, files: STAGING_FILES });
  w.prependRules(rules);
  worlds.push(w);
  return w;
}

const changeSets = (calls: readonly StubCall[]) =>
  calls.filter((c) => c.argv.includes('create-change-set')).map((c) => ({
    stack: argValue(c, '--stack-name'),
    environment: c.argv.find((a) => a.startsWith('Key=environment,'))?.slice('Key=environment,Value='.length),
    source: argValue(c, '--template-body') ?? argValue(c, '--template-url')?.replace(/^https:\/\/[^/]+\/templates\/([^/]+)\/.*$/, 'url:$1'),
  }));
const uploads = (calls: readonly StubCall[]) => calls.filter((c) => c.argv.includes('put-object')).map((c) => argValue(c, '--body'));

describe('bin/fargate with more than one environment', function () {
  this.timeout(60_000);

  it('--env staging deploy: staging\'s templates to staging\'s stacks; the registry stays production\'s, tagged production', () => {
    const w = world(stagingScenario());
    const r = w.run(['deploy', '--env', 'staging', '--yes'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /^Deployed [0-9a-f]{12} to staging in \d+s:$/m);
    const calls = w.calls();
    assert.deepEqual(changeSets(calls), [
      { stack: 'bookshelf-production-registry', environment: 'production', source: 'file://infra/cloudformation/registry.yml' },
      { stack: 'bookshelf-staging-network', environment: 'staging', source: 'url:bookshelf-staging-network' },
      { stack: 'bookshelf-staging-data', environment: 'staging', source: 'url:bookshelf-staging-data' },
      { stack: 'bookshelf-staging-app', environment: 'staging', source: 'url:bookshelf-staging-app' },
      { stack: 'bookshelf-staging-app', environment: 'staging', source: 'url:bookshelf-staging-app' },
    ]);
    assert.deepEqual(uploads(calls), [
      'infra/cloudformation/staging/network.yml', 'infra/cloudformation/staging/data.yml',
      'infra/cloudformation/staging/app.yml', 'infra/cloudformation/staging/app.yml',
    ]);
    const statuses = calls.find((c) => c.argv.includes('describe-stacks') && c.argv.includes('--query'))!;
    assert.equal(argValue(statuses, '--query'), "Stacks[?starts_with(StackName, 'bookshelf-staging-') || StackName == 'bookshelf-production-registry'].[StackName,StackStatus]");
    const app = calls.filter((c) => c.argv.includes('create-change-set') && argValue(c, '--stack-name') === 'bookshelf-staging-app')[0]!;
    assert.ok(app.argv.includes('ParameterKey=RegistryStackName,ParameterValue=bookshelf-production-registry'), app.argv.join(' '));
    assert.ok(app.argv.includes('ParameterKey=NetworkStackName,ParameterValue=bookshelf-staging-network'), app.argv.join(' '));
  });

  it('promote staging production: the image staging runs, migrations first, then the services; nothing built', () => {
    const w = world('promote.json');
    const r = w.run(['promote', 'staging', 'production', '--yes'], { closedStdin: true });
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /^Promoting 5a6b7c8d9e0f from staging to production, platform linux\/amd64$/m);
    assert.match(r.stdout, /^Promoted 5a6b7c8d9e0f from staging to production in \d+s:$/m);
    const calls = w.calls();
    assert.deepEqual(calls.filter((c) => c.cmd === 'docker'), [], 'nothing is built or pushed');
    const summary = calls.map(summarize);
    assert.ok(summary.indexOf('aws cloudformation describe-stacks bookshelf-staging-app') < summary.indexOf('aws ecr describe-images'));
    const describe = calls.find((c) => c.argv.includes('describe-images'))!;
    assert.equal(argValue(describe, '--image-ids'), 'imageTag=5a6b7c8d9e0f');
    const apps = calls.filter((c) => c.argv.includes('create-change-set') && argValue(c, '--stack-name') === 'bookshelf-production-app');
    const param = (c: StubCall, key: string) => c.argv.find((a) => a.startsWith(`ParameterKey=${key},`));
    assert.deepEqual(apps.map((c) => [param(c, 'MigrateImageTag'), param(c, 'ImageTag')]), [
      ['ParameterKey=MigrateImageTag,ParameterValue=5a6b7c8d9e0f', 'ParameterKey=ImageTag,ParameterValue=0ld0ld0ld0ld'],
      ['ParameterKey=MigrateImageTag,ParameterValue=5a6b7c8d9e0f', 'ParameterKey=ImageTag,ParameterValue=5a6b7c8d9e0f'],
    ]);
    const runTask = summary.indexOf('aws ecs run-task');
    assert.ok(runTask > summary.indexOf('aws cloudformation create-change-set bookshelf-production-app'));
    assert.ok(runTask < summary.lastIndexOf('aws cloudformation create-change-set bookshelf-production-app'), 'migrations before the services move');
  });

  describe('refusals, before anything changes', () => {
    const cases: [string, string[], StubRule[], RegExp][] = [
      ['promote with one environment', ['promote', 'staging'], [], /promote needs two environments: bin\/fargate promote FROM TO \(of production staging\)/],
      ['promote to itself', ['promote', 'staging', 'staging'], [], /promote needs two different environments, not staging twice/],
      ['promote from an unknown environment', ['promote', 'qa', 'production'], [], /unknown environment 'qa'; this repo was generated for: production staging/],
      ['promote an image the registry no longer holds', ['promote', 'staging', 'production', '--yes'],
        [{ cmd: 'aws', match: ['ecr describe-images', 'imageTag=5a6b7c8d9e0f'], exit: 254, stderr: 'An error occurred (ImageNotFoundException) when calling the DescribeImages operation: The image with imageId {imageTag:\'5a6b7c8d9e0f\'} does not exist' }],
        /has no image 5a6b7c8d9e0f any more \(expired\?\): deploy production from its commit instead/],
      ['promote from an environment never deployed', ['promote', 'staging', 'production', '--yes'],
        [{ cmd: 'aws', match: ['cloudformation describe-stacks --query', "'bookshelf-staging-'"], rows: [['bookshelf-production-registry', 'UPDATE_COMPLETE']] }],
        /bookshelf-staging-app is not deployed: there is no image to promote/],
      ['destroy --include-registry from staging', ['destroy', '--env', 'staging', '--yes', '--include-registry'], [],
        /--include-registry: the registry is production's, and every environment's images are in it; delete it with --env production/],
      ['ci-setup for staging', ['ci-setup', '--env', 'staging'], [], /the ci stack and the deploy workflow are the first environment's \(production\): run ci-setup without --env/],
    ];
    for (const [title, args, rules, message] of cases) {
      it(title, () => {
        const w = world('promote.json', rules);
        const r = w.run(args, { closedStdin: true });
        assert.notEqual(r.status, 0, r.output);
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stdout, /^(Promoted|Deployed|Deleted)/m);
        const changes = w.calls().filter((c) => /create-change-set|execute-change-set|delete-stack|run-task|put-secret-value/.test(c.argv.join(' ')));
        assert.deepEqual(changes, []);
      });
    }
  });
});
