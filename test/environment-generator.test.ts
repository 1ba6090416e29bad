/**
 * `yo rails-fargate:environment NAME`: run with yeoman-test in a copy of the sample app that `yo rails-fargate --yes`
 * set up first. Adding staging writes its own network, data and app templates and changes no file of production's
 * but bin/fargate (which learns the environment) and infra/README.md (which lists it); `yo rails-fargate
 * --environment staging ...` changes only staging; `--remove` takes it all back. Expected values are literals.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import type { RunResult } from 'yeoman-test';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { APP_GENERATOR, SAMPLE_APP } from './support/paths.js';
import { CfnLintBatch } from './support/cfn-lint.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';

const ENVIRONMENT_GENERATOR = fileURLToPath(new URL('../generators/environment/index.js', import.meta.url));
const NAMESPACE = 'generator-rails-fargate';
const STAGING = ['infra/cloudformation/staging/network.yml', 'infra/cloudformation/staging/data.yml', 'infra/cloudformation/staging/app.yml'];

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Template = { Resources: Record<string, Resource>; Parameters?: Record<string, unknown> };
type Snapshot = Record<string, string>;

/** Every file of the app directory, by path (the .git-less copy holds nothing else of size). */
function snapshot(dir: string, at = dir, files: Snapshot = {}): Snapshot {
  for (const entry of readdirSync(at, { withFileTypes: true })) {
    const path = join(at, entry.name);
    if (entry.isDirectory()) snapshot(dir, path, files);
    else files[relative(dir, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

const stored = (files: Snapshot) => (JSON.parse(files['.yo-rc.json']!) as Record<string, Record<string, unknown>>)[NAMESPACE]!;
const template = (files: Snapshot, path: string) => parseCfnYaml(files[path]!, path) as Template;
const changedFiles = (before: Snapshot, after: Snapshot) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => before[f] !== after[f]).sort();

async function setUp(): Promise<RunResult> {
  return helpers.run(APP_GENERATOR).inTmpDir((tmp) => cpSync(SAMPLE_APP, tmp, { recursive: true })).withOptions({ yes: true } as never);
}

function environment(result: RunResult, name: string, options: Record<string, unknown> = {}) {
  return result.create(ENVIRONMENT_GENERATOR, {}, { force: false } as never).withArguments([name]).withOptions(options as never);
}

function app(result: RunResult, options: Record<string, unknown> = {}) {
  return result.create(APP_GENERATOR, {}, { force: false } as never).withOptions({ yes: true, ...options } as never);
}

const STAGING_ANSWERS = {
  appName: 'bookshelf', environment: 'staging', region: 'us-east-1', vpcCidr: '10.1.0.0/16', azCount: 2, nat: 'none',
  vpcEndpoints: false, cpuArch: 'arm64', webCpu: 256, webMemory: 1024, webCount: 1, webMaxCount: 2, worker: 'solid_queue',
  dbInstanceClass: 'db.t4g.micro', dbStorage: 20, dbMaxStorage: 100, dbMultiAz: false, dbEngineVersion: '17', domain: '',
  hostedZoneId: '', alarmEmail: '', logRetentionDays: 7,
};

describe('yo rails-fargate:environment (yeoman-test)', function () {
  this.timeout(600_000);

  it('adds staging: its own network, data and app templates with the cheap defaults; production\'s files stay; a re-run changes nothing', async () => {
    const first = await setUp();
    const before = snapshot(first.cwd);
    await environment(first, 'staging');
    const added = snapshot(first.cwd);
    assert.deepEqual(changedFiles(before, added), ['.yo-rc.json', 'bin/fargate', 'infra/README.md', ...STAGING].sort());
    assert.deepEqual((stored(added).environments as Record<string, unknown>).staging, { answers: STAGING_ANSWERS });
    assert.equal(stored(added).nat, 'per-az', 'production\'s answers are its own');

    const network = template(added, STAGING[0]!);
    assert.deepEqual(Object.values(network.Resources).filter((r) => r.Type === 'AWS::EC2::NatGateway'), [], 'NAT none: no NAT gateway');
    assert.equal(network.Resources.Vpc!.Properties!.CidrBlock, '10.1.0.0/16');
    const db = Object.values(template(added, STAGING[1]!).Resources).find((r) => r.Type === 'AWS::RDS::DBInstance')!.Properties!;
    assert.equal(db.DBInstanceClass, 'db.t4g.micro');
    assert.equal(db.MultiAZ, false);
    const appTemplate = template(added, STAGING[2]!);
    const web = appTemplate.Resources.WebService!.Properties!;
    assert.deepEqual(web.DesiredCount, { 'Fn::If': ['ServicesOn', 1, 0] });
    const task = appTemplate.Resources.WebTaskDefinition!.Properties!;
    assert.deepEqual([task.Cpu, task.Memory], ['256', '1024']);
    assert.ok('RegistryStackName' in appTemplate.Parameters!, 'the registry is a parameter: bin/fargate passes production\'s');
    assert.match(added[STAGING[2]!]!, /^# bookshelf-staging-app: generated by generator-rails-fargate/m);

    const script = added['bin/fargate']!;
    assert.match(script, /^ENVIRONMENTS=\('production' 'staging'\)$/m);
    assert.match(script, /^ENVIRONMENT_DIRS=\('infra\/cloudformation' 'infra\/cloudformation\/staging'\)$/m);
    assert.match(added['infra/README.md']!, /\| `staging` \| `bookshelf-staging-network`, `bookshelf-staging-data`, `bookshelf-staging-app` \| `infra\/cloudformation\/staging\/` \| `10\.1\.0\.0\/16`, 2 AZs \| none \| 1 to 2 \| db\.t4g\.micro \|/);
    assert.match(added['infra/README.md']!, /bin\/fargate promote staging production/);

    const lint = new CfnLintBatch();
    for (const file of STAGING) {
      const findings = validateTemplate(added[file]!, 'us-east-1');
      assert.deepEqual(findings, [], `${file}\n${formatFindings(findings)}`);
      lint.add(file, added[file]!, 'us-east-1');
    }
    lint.assertClean();

    await app(first);
    assert.deepEqual(changedFiles(added, snapshot(first.cwd)), [], 'yo rails-fargate --yes: byte-identical');
    await environment(first, 'staging');
    assert.deepEqual(changedFiles(added, snapshot(first.cwd)), [], 'the sub-generator again: byte-identical');
  });

  it('yo rails-fargate --environment staging FLAGS changes staging only; flags at creation and a third environment', async () => {
    const first = await setUp();
    await environment(first, 'staging');
    const before = snapshot(first.cwd);
    await app(first, { environment: 'staging', 'web-count': '2' });
    const after = snapshot(first.cwd);
    assert.deepEqual(changedFiles(before, after), ['.yo-rc.json', 'infra/README.md', 'infra/cloudformation/staging/app.yml']);
    const answers = (stored(after).environments as Record<string, { answers: Record<string, unknown> }>).staging!.answers;
    assert.deepEqual(answers, { ...STAGING_ANSWERS, webCount: 2 });
    assert.equal(stored(after).webCount, 2, 'production keeps its own (its default, 2)');
    assert.equal(stored(after).environment, 'production');

    // A leader flag lets its follower take the question's default: --web-cpu 1024 gives 2048 MiB, not staging's 1024.
    await environment(first, 'qa', { nat: 'single', 'web-cpu': '1024' });
    const qa = (stored(snapshot(first.cwd)).environments as Record<string, { answers: Record<string, unknown> }>).qa!.answers;
    assert.deepEqual([qa.nat, qa.webCpu, qa.webMemory, qa.vpcCidr], ['single', 1024, 2048, '10.2.0.0/16']);
    assert.match(readFileSync(join(first.cwd, 'bin/fargate'), 'utf8'), /^ENVIRONMENTS=\('production' 'staging' 'qa'\)$/m);
  });

  it('--remove --yes deletes staging\'s templates and answers, keeps one the user edited, and puts every other file back', async () => {
    const first = await setUp();
    const initial = snapshot(first.cwd);
    await environment(first, 'staging');
    const edited = join(first.cwd, STAGING[1]!);
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}# my note\n`);
    const lines: string[] = [];
    await environment(first, 'staging', { remove: true, yes: true }).onGenerator((generator) => {
      const own = generator as unknown as { log: (line: string) => void };
      own.log = (line) => lines.push(line);
    });
    const after = snapshot(first.cwd);
    assert.equal(existsSync(join(first.cwd, STAGING[0]!)), false);
    assert.equal(existsSync(join(first.cwd, STAGING[2]!)), false);
    assert.match(after[STAGING[1]!]!, /# my note\n$/, 'an edited file stays');
    assert.ok(lines.some((l) => l.includes('bin/fargate --env staging destroy --yes-destroy-data first')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes(`Kept ${STAGING[1]}: you edited it`)), lines.join('\n'));
    assert.deepEqual(changedFiles(initial, after), [STAGING[1]!], 'bin/fargate, infra/README.md and .yo-rc.json are as before staging');
  });

  describe('bad input: a message naming the field, the value and what is allowed, and no file changed', () => {
    const cases: [string, (r: RunResult) => ReturnType<typeof environment>, RegExp][] = [
      ['the first environment\'s name', (r) => environment(r, 'production'), /Invalid name: "production"\. Allowed: .*other than production: that is the first environment/],
      ['a name with capitals', (r) => environment(r, 'Staging'), /Invalid name: "Staging"\. Allowed: lowercase letters, digits and dashes/],
      ['another Region', (r) => environment(r, 'staging', { region: 'eu-west-1' }), /Invalid region: "eu-west-1" \(from --region\)\. Allowed: us-east-1, the first environment's: the environments share the first environment's registry/],
      ['another CPU architecture', (r) => environment(r, 'staging', { 'cpu-arch': 'x86_64' }), /Invalid cpu-arch: "x86_64" \(from --cpu-arch\)\. Allowed: arm64, the first environment's: the environments run the same images/],
      ['a memory the CPU does not take', (r) => environment(r, 'staging', { 'web-memory': '8192' }), /Invalid web-memory: "8192"/],
      ['removing an environment that does not exist', (r) => environment(r, 'staging', { remove: true, yes: true }), /Invalid name: "staging"\. Allowed: an environment to remove; this repo has only production/],
      ['yo rails-fargate --environment with an unknown environment', (r) => app(r, { environment: 'qa' }), /Invalid environment: "qa"\. Allowed: an environment of this repo \(production\); add one with yo rails-fargate:environment qa/],
    ];
    for (const [title, run, message] of cases) {
      it(title, async () => {
        const first = await setUp();
        const before = snapshot(first.cwd);
        await assert.rejects(run(first), message);
        assert.deepEqual(changedFiles(before, snapshot(first.cwd)), []);
      });
    }

    it('a hand-edited answer of staging, named where it is', async () => {
      const first = await setUp();
      await environment(first, 'staging');
      const edited = snapshot(first.cwd);
      const config = JSON.parse(edited['.yo-rc.json']!) as Record<string, { environments: Record<string, { answers: Record<string, unknown> }> }>;
      config[NAMESPACE]!.environments.staging!.answers.nat = 'half';
      edited['.yo-rc.json'] = `${JSON.stringify(config, null, 2)}\n`;
      // The next `yo rails-fargate --yes` is a new process, reading the edited file.
      let dir = '';
      const rerun = helpers.run(APP_GENERATOR).inTmpDir((tmp) => {
        dir = tmp;
        for (const [file, content] of Object.entries(edited)) {
          mkdirSync(dirname(join(tmp, file)), { recursive: true });
          writeFileSync(join(tmp, file), content);
        }
      }).withOptions({ yes: true } as never);
      await assert.rejects(rerun, /Invalid nat: "half" \(from \.yo-rc\.json "environments"\.staging\.answers\."nat"\)\. Allowed: per-az/);
      assert.deepEqual(changedFiles(edited, snapshot(dir)), []);
    });

    it('before yo rails-fargate', async () => {
      const bare = await helpers.run(ENVIRONMENT_GENERATOR).inTmpDir((tmp) => cpSync(SAMPLE_APP, tmp, { recursive: true })).withArguments(['staging']).withOptions({} as never).catch((error: Error) => error);
      assert.match(String(bare), /Invalid \.yo-rc\.json: nothing .*run `yo rails-fargate` first, then `yo rails-fargate:environment`/);
    });
  });
});
