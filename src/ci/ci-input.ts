/**
 * The ci answers (`.yo-rc.json` key `ci`, set by `yo rails-fargate:ci`) checked, and what the repo has to test with:
 * its CI workflow, else whether it tests with RSpec or Minitest. Read on every run, so a CI workflow added later is
 * picked up by `yo rails-fargate --yes`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { CiInput } from '../plan.js';
import type { CiAnswers } from '../stacks/ci.js';
import { findCiWorkflow } from './existing-workflow.js';
import type { WorkflowLook } from './existing-workflow.js';
import { BRANCH_PATTERN, REPO_PATTERN } from './github.js';

export const CI_KEY = 'ci';

export const OIDC_PROVIDER_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

export const CI_RULES = {
  repo: 'OWNER/REPO of the GitHub repository (letters, digits, "-", "_" and ".")',
  branch: 'a git branch name without spaces or wildcards (e.g. main)',
  oidcProviderArn: 'empty (the ci stack creates the provider), or arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com',
} as const;

/** The stored answers, each checked; a bad one is an InputError naming it. */
export function checkCiAnswers(value: unknown, source = '.yo-rc.json'): CiAnswers {
  const stored = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('ci', value, 'an object with repo, branch and oidcProviderArn', source);
  const { repo, branch, oidcProviderArn = '' } = stored;
  if (typeof repo !== 'string' || !REPO_PATTERN.test(repo)) throw new InputError('repo', repo, CI_RULES.repo, source);
  if (typeof branch !== 'string' || !BRANCH_PATTERN.test(branch)) throw new InputError('branch', branch, CI_RULES.branch, source);
  if (typeof oidcProviderArn !== 'string' || (oidcProviderArn !== '' && !OIDC_PROVIDER_ARN.test(oidcProviderArn))) {
    throw new InputError('oidc-provider-arn', oidcProviderArn, CI_RULES.oidcProviderArn, source);
  }
  return { repo, branch, oidcProviderArn };
}

/** `bundle exec rspec` when the app has spec/ and rspec-rails, else `bin/rails test`. */
export function testCommand(dir: string): string {
  const lock = join(dir, 'Gemfile.lock');
  const rspec = existsSync(join(dir, 'spec')) && existsSync(lock) && /^ {4}rspec-rails /m.test(readFileSync(lock, 'utf8'));
  return rspec ? 'bundle exec rspec' : 'bin/rails test';
}

export function ciInput(dir: string, answers: CiAnswers): { input: CiInput; look: WorkflowLook } {
  const look = findCiWorkflow(dir, answers.branch);
  return { input: { answers, ...(look.found ? { existing: look.found } : {}), testCommand: testCommand(dir) }, look };
}
