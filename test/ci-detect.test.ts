/** What `yo rails-fargate:ci` reads from the repo: the GitHub remote, the deploy branch, the app's CI workflow. */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCommand } from '../src/ci/ci-input.js';
import { findCiWorkflow } from '../src/ci/existing-workflow.js';
import { defaultDeployBranch, originUrlOf, parseGithubRemote, readGitFacts } from '../src/ci/github.js';
import { REPO_ROOT } from './support/paths.js';

const WORKFLOWS = join(REPO_ROOT, 'test/fixtures/ci-workflows');

let dirs: string[] = [];
function repo(files: Record<string, string> = {}, workflows: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-detect-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const [name, fixture] of Object.entries(workflows)) {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    cpSync(join(WORKFLOWS, fixture), join(dir, '.github/workflows', name));
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('the GitHub remote', () => {
  it('reads OWNER/REPO from https, scp-like ssh and ssh:// URLs, with or without .git', () => {
    const cases: [string, string][] = [
      ['https://github.com/acme/shop.git', 'acme/shop'],
      ['https://github.com/acme/shop', 'acme/shop'],
      ['https://x-access-token:abc@github.com/acme/shop.git', 'acme/shop'],
      ['git@github.com:acme/shop.git', 'acme/shop'],
      ['git@github.com:Acme-Co/my.shop_2', 'Acme-Co/my.shop_2'],
      ['ssh://git@github.com/acme/shop.git', 'acme/shop'],
      ['ssh://git@github.com:22/acme/shop', 'acme/shop'],
    ];
    for (const [url, expected] of cases) {
      const parsed = parseGithubRemote(url);
      assert.equal(parsed && `${parsed.owner}/${parsed.name}`, expected, url);
    }
  });

  it('is nothing for another host or a malformed URL', () => {
    for (const url of ['git@gitlab.com:acme/shop.git', 'https://github.example.com/acme/shop', 'https://github.com/acme', '/srv/git/shop.git', 'https://github.com/acme/shop/extra']) {
      assert.equal(parseGithubRemote(url), undefined, url);
    }
  });

  it('takes the url of [remote "origin"] only', () => {
    const config = '[core]\n\turl = nope\n[remote "upstream"]\n\turl = git@github.com:other/shop.git\n[remote "origin"]\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n\turl = git@github.com:acme/shop.git\n';
    assert.equal(originUrlOf(config), 'git@github.com:acme/shop.git');
    assert.equal(originUrlOf('[remote "upstream"]\n\turl = x\n'), undefined);
  });

  it('follows a .git file (a worktree) to the shared config and its own HEAD', () => {
    const main = repo({
      '.git/config': '[remote "origin"]\n\turl = https://github.com/acme/shop.git\n',
      '.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/trunk\n',
      '.git/HEAD': 'ref: refs/heads/trunk\n',
      '.git/worktrees/wt/HEAD': 'ref: refs/heads/feature\n',
      '.git/worktrees/wt/commondir': '../..\n',
    });
    const worktree = repo({ '.git': `gitdir: ${join(main, '.git/worktrees/wt')}\n` });
    assert.deepEqual(readGitFacts(worktree), { originUrl: 'https://github.com/acme/shop.git', originHead: 'trunk', currentBranch: 'feature' });
    assert.deepEqual(readGitFacts(repo()), {});
  });

  it('the deploy branch: the remote\'s default, else main or master when checked out, else none', () => {
    assert.equal(defaultDeployBranch({ originHead: 'trunk', currentBranch: 'main' }), 'trunk');
    assert.equal(defaultDeployBranch({ currentBranch: 'master' }), 'master');
    assert.equal(defaultDeployBranch({ currentBranch: 'feature/x' }), undefined);
    assert.equal(defaultDeployBranch({}), undefined);
  });
});

describe('the app\'s CI workflow', () => {
  it('Rails 8\'s ci.yml runs on push to main: the deploy follows it', () => {
    assert.deepEqual(findCiWorkflow(repo({}, { 'ci.yml': 'rails8-ci.yml' }), 'main'), { found: { file: '.github/workflows/ci.yml', name: 'CI', how: 'after' } });
  });

  it('the same workflow does not gate a deploy from another branch, and the note says what to change', () => {
    assert.deepEqual(findCiWorkflow(repo({}, { 'ci.yml': 'rails8-ci.yml' }), 'release'), {
      note: '.github/workflows/ci.yml does not run on push to release and is not reusable (on: workflow_call), so it cannot gate a deploy: the deploy workflow runs the tests itself. Add "push: branches: [release]" to its triggers and run yo rails-fargate:ci again to depend on it instead.',
    });
  });

  it('a reusable workflow is called; ci.yml comes before other files; the deploy workflow and non-test workflows are not CI', () => {
    const dir = repo({ '.github/workflows/deploy.yml': 'name: Deploy\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bin/rails test\n', '.github/workflows/release.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n' }, { 'tests.yaml': 'reusable-ci.yml' });
    assert.deepEqual(findCiWorkflow(dir, 'main'), { found: { file: '.github/workflows/tests.yaml', name: 'Tests', how: 'call' } });
    assert.deepEqual(findCiWorkflow(repo({}, { 'a.yml': 'reusable-ci.yml', 'ci.yml': 'rails8-ci.yml' }), 'main').found?.file, '.github/workflows/ci.yml');
  });

  it('none, or an unreadable one: the deploy workflow tests', () => {
    assert.deepEqual(findCiWorkflow(repo(), 'main'), {});
    assert.deepEqual(findCiWorkflow(repo({ '.github/workflows/ci.yml': 'on: [push\n' }), 'main'), {});
  });

  it('the test command: RSpec with spec/ and rspec-rails locked, else bin/rails test', () => {
    const lock = 'GEM\n  specs:\n    rspec-rails (7.1.0)\n';
    assert.equal(testCommand(repo({ 'spec/models/book_spec.rb': '', 'Gemfile.lock': lock })), 'bundle exec rspec');
    assert.equal(testCommand(repo({ 'Gemfile.lock': lock })), 'bin/rails test');
    assert.equal(testCommand(repo({ 'spec/x_spec.rb': '', 'Gemfile.lock': 'GEM\n  specs:\n    rails (8.0.1)\n' })), 'bin/rails test');
  });
});
