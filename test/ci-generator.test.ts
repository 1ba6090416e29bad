/**
 * `yo rails-fargate:ci`: run with yeoman-test in a git copy of the sample app that `yo rails-fargate --yes` set up
 * first, with and without a CI workflow of its own. Checks .yo-rc.json, the workflow (actionlint: no finding), the ci
 * stack (cfn-lint and the offline validator: no finding), that nothing else moved, and that a re-run of
 * `yo rails-fargate --yes` writes byte-identical files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import helpers from 'yeoman-test';
import type { RunResult } from 'yeoman-test';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { actionlint, formatLint } from './support/actionlint.js';
import { CfnLintBatch } from './support/cfn-lint.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { APP_GENERATOR, REPO_ROOT, SAMPLE_APP } from './support/paths.js';

const CI_GENERATOR = fileURLToPath(new URL('../generators/ci/index.js', import.meta.url));
const WORKFLOWS = join(REPO_ROOT, 'test/fixtures/ci-workflows');
const NAMESPACE = 'generator-rails-fargate';
const FILES = [
  '.yo-rc.json', 'infra/README.md', 'infra/cloudformation/network.yml', 'infra/cloudformation/registry.yml',
  'infra/cloudformation/data.yml', 'infra/cloudformation/app.yml', 'bin/fargate', 'Dockerfile', '.dockerignore',
  'bin/docker-entrypoint',
];
const CI_FILES = ['.github/workflows/deploy.yml', 'infra/cloudformation/ci.yml'];
/** What `yo rails-fargate:ci` may change besides writing its two files: the answers and the infra README. */
const UNTOUCHED = FILES.filter((f) => f !== '.yo-rc.json' && f !== 'infra/README.md');

type Snapshot = Record<string, string | undefined>;
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Record<string, unknown>> };

function snapshot(dir: string): Snapshot {
  return Object.fromEntries([...FILES, ...CI_FILES].map((f) => [f, existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined]));
}

function git(dir: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

interface Fixture {
  /** The origin remote's URL; none without. */
  readonly origin?: string;
  /** The checked-out branch. */
  readonly branch?: string;
  /** What refs/remotes/origin/HEAD points at (the remote's default branch). */
  readonly originHead?: string;
  /** Workflow files from test/fixtures/ci-workflows, as .github/workflows/<name>. */
  readonly workflows?: Readonly<Record<string, string>>;
}

/** `yo rails-fargate --yes` in a fresh git copy of the sample app. */
async function setUp(fixture: Fixture = { origin: 'git@github.com:acme/bookshelf.git' }): Promise<RunResult> {
  return helpers
    .run(APP_GENERATOR)
    .inTmpDir((tmp) => {
      cpSync(SAMPLE_APP, tmp, { recursive: true });
      git(tmp, 'init', '-q', '-b', fixture.branch ?? 'main');
      if (fixture.origin) git(tmp, 'remote', 'add', 'origin', fixture.origin);
      if (fixture.originHead) {
        mkdirSync(join(tmp, '.git/refs/remotes/origin'), { recursive: true });
        writeFileSync(join(tmp, '.git/refs/remotes/origin/HEAD'), `ref: refs/remotes/origin/${fixture.originHead}\n`);
      }
      for (const [name, fixtureFile] of Object.entries(fixture.workflows ?? {})) {
        mkdirSync(join(tmp, '.github/workflows'), { recursive: true });
        cpSync(join(WORKFLOWS, fixtureFile), join(tmp, '.github/workflows', name));
      }
    })
    .withOptions({ yes: true, region: 'eu-west-1' } as never);
}

function ci(result: RunResult, options: Record<string, unknown> = {}) {
  return result.create(CI_GENERATOR, {}, { force: false } as never).withOptions(options as never);
}

function app(result: RunResult) {
  return result.create(APP_GENERATOR, {}, { force: false } as never).withOptions({ yes: true } as never);
}

const storedCi = (files: Snapshot) => (JSON.parse(files['.yo-rc.json']!) as Record<string, Record<string, unknown>>)[NAMESPACE]!.ci;
const workflow = (files: Snapshot) => parse(files['.github/workflows/deploy.yml']!) as Workflow;
const ciResources = (files: Snapshot) => (parseCfnYaml(files['infra/cloudformation/ci.yml']!, 'ci.yml') as { Resources: Resources }).Resources;

const lint = new CfnLintBatch();

/** The files only ci may change changed as said, the rest are byte-identical; the workflow and stack lint clean. */
async function assertCiAdded(before: Snapshot, after: Snapshot): Promise<void> {
  for (const file of UNTOUCHED) assert.equal(after[file], before[file], `${file} is byte-identical`);
  assert.match(after['infra/README.md']!, /`bookshelf-production-ci`/);
  assert.equal(formatLint(await actionlint(after['.github/workflows/deploy.yml']!)), '');
  const stack = after['infra/cloudformation/ci.yml']!;
  assert.equal(formatFindings(validateTemplate(stack, 'eu-west-1')), '');
  lint.add(`ci stack ${JSON.stringify(storedCi(after))}`, stack, 'eu-west-1');
}

describe('yo rails-fargate:ci (yeoman-test)', function () {
  this.timeout(120_000);

  it('an app without a CI workflow: the deploy workflow runs its tests against PostgreSQL, then bin/fargate deploy', async () => {
    const first = await setUp();
    const before = snapshot(first.cwd);
    assert.equal(before['.github/workflows/deploy.yml'], undefined);
    await ci(first);
    const after = snapshot(first.cwd);
    assert.deepEqual(storedCi(after), { repo: 'acme/bookshelf', branch: 'main', oidcProviderArn: '' });
    await assertCiAdded(before, after);
    const flow = workflow(after);
    assert.deepEqual(flow.on, { push: { branches: ['main'] } });
    // Only the deploy job can get an OIDC token: not the test job, nor a called CI workflow.
    assert.deepEqual(flow.permissions, { contents: 'read' });
    assert.deepEqual(flow.jobs.deploy!.permissions, { contents: 'read', 'id-token': 'write' });
    assert.equal(flow.jobs.test!.permissions, undefined);
    assert.deepEqual(Object.keys(flow.jobs), ['test', 'deploy']);
    const test = flow.jobs.test as { services: Record<string, { image: string }>; env: Record<string, string>; steps: { run?: string }[] };
    assert.equal(test.services.postgres!.image, 'postgres:17');
    assert.equal(test.env.DATABASE_URL, 'postgres://postgres:postgres@127.0.0.1:5432');
    assert.deepEqual(test.steps.map((s) => s.run).filter(Boolean).slice(1), ['bin/rails db:test:prepare', 'bin/rails test']);
    const deploy = flow.jobs.deploy as { needs: string; steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] };
    assert.equal(deploy.needs, 'test');
    assert.deepEqual(deploy.steps.map((s) => s.uses ?? s.run), [
      'actions/checkout@v4.2.2',
      'docker/setup-buildx-action@v3.10.0',
      'aws-actions/configure-aws-credentials@v4.2.1',
      'bin/fargate deploy --yes --env production',
    ]);
    assert.deepEqual(deploy.steps[2]!.with, { 'role-to-assume': '${{ vars.AWS_ROLE_ARN }}', 'aws-region': 'eu-west-1', 'role-duration-seconds': 7200 });
    assert.deepEqual(deploy.steps[3]!.env, { RAILS_MASTER_KEY: '${{ secrets.RAILS_MASTER_KEY }}', FARGATE_CLOUDFORMATION_ROLE: 'bookshelf-production-cloudformation' });

    // The role trusts this repository's branch only, through the stack's own OIDC provider.
    const resources = ciResources(after);
    assert.deepEqual(Object.keys(resources), ['GitHubOidcProvider', 'CloudFormationRole', 'DeployRole']);
    assert.deepEqual(resources.GitHubOidcProvider!.Properties.ClientIdList, ['sts.amazonaws.com']);
    const trust = (resources.DeployRole!.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    assert.deepEqual(trust, [{
      Effect: 'Allow',
      Principal: { Federated: { Ref: 'GitHubOidcProvider' } },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/bookshelf:ref:refs/heads/main' } },
    }]);

    // Nothing asked, nothing moved on a re-run.
    const again = await app(first);
    assert.deepEqual(again.askedQuestions, []);
    assert.deepEqual(snapshot(first.cwd), after);
  });

  it('an app with the CI workflow Rails 8 generates: the deploy runs after it succeeds on a push, and does not test again', async () => {
    const first = await setUp({ origin: 'https://github.com/acme/bookshelf.git', workflows: { 'ci.yml': 'rails8-ci.yml' } });
    const before = snapshot(first.cwd);
    await ci(first);
    const after = snapshot(first.cwd);
    await assertCiAdded(before, after);
    const flow = workflow(after);
    assert.deepEqual(flow.on, { workflow_run: { workflows: ['CI'], types: ['completed'], branches: ['main'] } });
    assert.deepEqual(Object.keys(flow.jobs), ['deploy']);
    assert.equal(flow.jobs.deploy!.if, "github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.event == 'push' && github.event.workflow_run.head_repository.full_name == github.repository");
    assert.deepEqual((flow.jobs.deploy!.steps as { with?: unknown }[])[0]!.with, { ref: '${{ github.event.workflow_run.head_sha }}' });
    // The app's own workflow is left as it was.
    assert.equal(readFileSync(join(first.cwd, '.github/workflows/ci.yml'), 'utf8'), readFileSync(join(WORKFLOWS, 'rails8-ci.yml'), 'utf8'));
    await app(first);
    assert.deepEqual(snapshot(first.cwd), after);
  });

  it('a reusable CI workflow is called, and the deploy needs it', async () => {
    const first = await setUp({ origin: 'ssh://git@github.com/acme/bookshelf', workflows: { 'tests.yaml': 'reusable-ci.yml' } });
    const before = snapshot(first.cwd);
    await ci(first);
    const after = snapshot(first.cwd);
    await assertCiAdded(before, after);
    const flow = workflow(after);
    assert.deepEqual(flow.on, { push: { branches: ['main'] } });
    assert.deepEqual(flow.jobs.ci, { uses: './.github/workflows/tests.yaml', secrets: 'inherit' });
    assert.deepEqual(flow.permissions, { contents: 'read' });
    assert.equal(flow.jobs.deploy!.needs, 'ci');
  });

  it('a CI workflow that runs on pull requests only cannot gate a deploy: the deploy workflow runs the tests', async () => {
    const first = await setUp({ origin: 'git@github.com:acme/bookshelf.git', workflows: { 'pr.yml': 'pull-request-only.yml' } });
    const before = snapshot(first.cwd);
    await ci(first);
    const after = snapshot(first.cwd);
    await assertCiAdded(before, after);
    assert.deepEqual(workflow(after).on, { push: { branches: ['main'] } });
    assert.deepEqual(Object.keys(workflow(after).jobs), ['test', 'deploy']);
  });

  it('the branch is the remote\'s default branch; --branch, --repo and --oidc-provider-arn override and are kept', async () => {
    const first = await setUp({ origin: 'git@github.com:acme/bookshelf.git', branch: 'feature/x', originHead: 'trunk' });
    await ci(first);
    assert.deepEqual(storedCi(snapshot(first.cwd)), { repo: 'acme/bookshelf', branch: 'trunk', oidcProviderArn: '' });
    const before = snapshot(first.cwd);
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    await ci(first, { repo: 'acme/shelf', branch: 'release', 'oidc-provider-arn': arn });
    const after = snapshot(first.cwd);
    assert.deepEqual(storedCi(after), { repo: 'acme/shelf', branch: 'release', oidcProviderArn: arn });
    for (const file of UNTOUCHED) assert.equal(after[file], before[file], file);
    const resources = ciResources(after);
    assert.deepEqual(Object.keys(resources), ['CloudFormationRole', 'DeployRole']);
    const trust = (resources.DeployRole!.Properties.AssumeRolePolicyDocument as { Statement: { Principal: unknown; Condition: { StringEquals: Record<string, string> } }[] }).Statement[0]!;
    assert.deepEqual(trust.Principal, { Federated: arn });
    assert.equal(trust.Condition.StringEquals['token.actions.githubusercontent.com:sub'], 'repo:acme/shelf:ref:refs/heads/release');
    assert.deepEqual(workflow(after).on, { push: { branches: ['release'] } });
    assert.equal(formatFindings(validateTemplate(after['infra/cloudformation/ci.yml']!, 'eu-west-1')), '');
    lint.add('ci stack, existing provider', after['infra/cloudformation/ci.yml']!, 'eu-west-1');
    // Kept without the options.
    await ci(first);
    assert.deepEqual(snapshot(first.cwd), after);
  });

  it('--remove deletes the workflow, the ci stack template and the answers: back to the files before', async () => {
    const first = await setUp();
    const before = snapshot(first.cwd);
    await ci(first);
    await ci(first, { remove: true });
    assert.deepEqual(snapshot(first.cwd), before);
  });

  describe('bad input: a message naming the field, the value and what is allowed, and no file changed', () => {
    const cases: [string, Fixture, Record<string, unknown>, RegExp][] = [
      ['a repo that is not OWNER/REPO', { origin: 'git@github.com:acme/bookshelf.git' }, { repo: 'acme' }, /Invalid repo: "acme" \(from --repo\)\. Allowed: OWNER\/REPO of the GitHub repository/],
      ['a branch with a wildcard', { origin: 'git@github.com:acme/bookshelf.git' }, { branch: 'release/*' }, /Invalid branch: "release\/\*" \(from --branch\)\. Allowed: a git branch name without spaces or wildcards/],
      ['an OIDC provider of another URL', { origin: 'git@github.com:acme/bookshelf.git' }, { 'oidc-provider-arn': 'arn:aws:iam::123456789012:oidc-provider/example.com' }, /Invalid oidc-provider-arn: "arn:aws:iam::123456789012:oidc-provider\/example\.com" \(from --oidc-provider-arn\)\. Allowed: empty .*token\.actions\.githubusercontent\.com/],
      ['no origin remote', {}, {}, /Invalid repo: nothing\. Allowed: OWNER\/REPO of the GitHub repository .*; the repository has no origin remote, so pass --repo OWNER\/REPO/],
      ['an origin that is not on GitHub', { origin: 'git@gitlab.com:acme/bookshelf.git' }, {}, /Invalid repo: nothing\. Allowed: .*the origin remote git@gitlab\.com:acme\/bookshelf\.git is not on GitHub/],
      ['a feature branch checked out, and no remote HEAD', { origin: 'git@github.com:acme/bookshelf.git', branch: 'wip' }, {}, /Invalid branch: "wip"\. Allowed: .*the checked-out branch is not main or master, so pass --branch NAME/],
    ];
    for (const [title, fixture, options, message] of cases) {
      it(title, async () => {
        const first = await setUp(fixture);
        const before = snapshot(first.cwd);
        await assert.rejects(ci(first, options), message);
        assert.deepEqual(snapshot(first.cwd), before);
      });
    }

    it('the app generator never ran: says to run yo rails-fargate first, writes nothing', async () => {
      let dir = '';
      const run = helpers.run(CI_GENERATOR).inTmpDir((tmp) => {
        dir = tmp;
        cpSync(SAMPLE_APP, tmp, { recursive: true });
      });
      await assert.rejects(run, /Invalid \.yo-rc\.json: nothing .*run `yo rails-fargate` first, then `yo rails-fargate:ci`/);
      for (const file of [...FILES, ...CI_FILES]) assert.equal(existsSync(join(dir, file)), false, file);
    });
  });

  it('cfn-lint finds nothing in any ci stack above', function () {
    this.timeout(120_000);
    lint.assertClean();
  });
});
