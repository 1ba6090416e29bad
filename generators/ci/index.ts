/**
 * `yo rails-fargate:ci [--repo OWNER/REPO] [--branch NAME] [--oidc-provider-arn ARN] [--remove]`: stores the GitHub
 * Actions deploy's answers under `ci` in `.yo-rc.json`, then regenerates every file exactly as `yo rails-fargate --yes`
 * would, by composing the app generator, which then also writes `.github/workflows/deploy.yml` and the ci stack
 * (`infra/cloudformation/ci.yml`). The repository comes from the `origin` remote and the branch from the remote's
 * default branch unless given; answers stored earlier are kept unless an option changes them.
 */
import { APP_GENERATOR } from '../app/store.js';
import { SubGenerator } from '../app/sub-generator.js';
import { CI_KEY, CI_RULES, checkCiAnswers } from '../../src/ci/ci-input.js';
import { DEPLOY_WORKFLOW } from '../../src/ci/existing-workflow.js';
import { defaultDeployBranch, parseGithubRemote, readGitFacts } from '../../src/ci/github.js';
import { InputError } from '../../src/errors.js';
import { contentHash } from '../../src/files/ownership.js';
import { FILES_KEY } from '../app/index.js';
import { TEMPLATES_DIR } from '../../src/plan.js';

const CI_STACK_FILE = `${TEMPLATES_DIR}/ci.yml`;


export default class CiGenerator extends SubGenerator {
  removed = false;

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    this.option('repo', { type: String, description: `The GitHub repository, OWNER/REPO (default: the origin remote's)` });
    this.option('branch', { type: String, description: `The branch that deploys (default: the origin remote's default branch, else main or master when checked out)` });
    this.option('oidc-provider-arn', { type: String, description: `The account's existing GitHub OIDC provider, when it has one (an account holds one per URL): ${CI_RULES.oidcProviderArn}` });
    this.option('remove', { type: Boolean, description: 'Stop deploying from GitHub Actions: remove the workflow, the ci stack template and the answers (delete the ci stack first)' });
  }

  async initializing(): Promise<void> {
    const stored = this._storedAnswers('rails-fargate:ci');
    if (this.flags.remove) {
      this.removed = stored[CI_KEY] !== undefined;
      this.store.delete(CI_KEY);
    } else {
      this.store.set(CI_KEY, this._ciAnswers((stored[CI_KEY] ?? {}) as Record<string, unknown>));
    }
    await this.composeWith(APP_GENERATOR, { yes: true } as never);
  }

  /** Options first, then the stored answers, then what git says; each checked before anything is stored. */
  private _ciAnswers(stored: Record<string, unknown>): Record<string, string> {
    const git = readGitFacts(this.destinationRoot());
    const given = (flag: string) => (this.flags[flag] === undefined ? undefined : String(this.flags[flag]));
    const detectedRepo = git.originUrl ? parseGithubRemote(git.originUrl) : undefined;
    const repo = given('repo') ?? (stored.repo as string | undefined) ?? (detectedRepo ? `${detectedRepo.owner}/${detectedRepo.name}` : undefined);
    if (repo === undefined) {
      const why = git.originUrl ? `the origin remote ${git.originUrl} is not on GitHub` : 'the repository has no origin remote';
      throw new InputError('repo', undefined, `${CI_RULES.repo}; ${why}, so pass --repo OWNER/REPO`);
    }
    const branch = given('branch') ?? (stored.branch as string | undefined) ?? defaultDeployBranch(git);
    if (branch === undefined) {
      throw new InputError('branch', git.currentBranch, `${CI_RULES.branch}; the remote's default branch is unknown (no refs/remotes/origin/HEAD) and the checked-out branch is not main or master, so pass --branch NAME`);
    }
    const oidcProviderArn = given('oidc-provider-arn') ?? (stored.oidcProviderArn as string | undefined) ?? '';
    const source = (flag: string) => (given(flag) !== undefined ? `--${flag}` : '.yo-rc.json');
    // Checked one by one, so the error names where the bad value came from.
    checkCiAnswers({ repo, branch: 'main', oidcProviderArn: '' }, source('repo'));
    checkCiAnswers({ repo, branch, oidcProviderArn: '' }, source('branch'));
    return { ...checkCiAnswers({ repo, branch, oidcProviderArn }, source('oidc-provider-arn')) };
  }

  writing(): void {
    if (!this.flags.remove) return;
    // The app generator no longer writes them (nor records their hashes). Unchanged since we wrote them: ours to
    // delete without asking; edited: Yeoman asks first.
    const recorded = (this.store.getAll()[FILES_KEY] ?? {}) as Record<string, string>;
    for (const file of [DEPLOY_WORKFLOW, CI_STACK_FILE]) {
      const target = this.destinationPath(file);
      if (!this.fs.exists(target)) continue;
      const ours = recorded[file] !== undefined && contentHash(this.fs.read(target) ?? '') === recorded[file];
      this.fs.delete(target);
      if (ours) (this.fs.store.get(target) as { conflicter?: string }).conflicter = 'force';
    }
  }

  end(): void {
    if (this.flags.remove && this.removed) {
      this.log(`Removed ${DEPLOY_WORKFLOW} and ${CI_STACK_FILE}. If the ci stack is deployed, delete it after the app's stacks stop`);
      this.log('using its CloudFormation role (or before, passing another role): aws cloudformation delete-stack --stack-name <app>-<env>-ci');
      return;
    }
    if (this.flags.remove) return;
    this.log('');
    this.log(`Next: deploy the ci stack once with administrator credentials, then give the repository its role:`);
    this.log('  bin/fargate ci-setup');
    this.log('  gh variable set AWS_ROLE_ARN --body <the DeployRoleArn it prints>');
    this.log('  gh secret set RAILS_MASTER_KEY < config/master.key');
    this.log('See infra/README.md, "Deploys from GitHub Actions".');
  }
}
