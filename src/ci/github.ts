/**
 * Where the repository lives on GitHub and which branch deploys, read from its git metadata (`.git/config`, the
 * remote's HEAD, the checked-out branch) without running git. A `.git` file (a worktree or submodule) is followed to
 * its git dir. Hand-written rather than a URL library: only GitHub's three remote forms matter here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export interface GithubRepo {
  readonly owner: string;
  readonly name: string;
}

const PART = '[A-Za-z0-9_.-]+';
/** OWNER/REPO as GitHub allows them (letters, digits, `-`, `_`, `.`). */
export const REPO_PATTERN = new RegExp(`^${PART}/${PART}$`);
/** A branch name git accepts and the OIDC subject can hold literally (no wildcard, no space). */
export const BRANCH_PATTERN = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*\.lock$|.*@\{)[A-Za-z0-9._\/-]+$/;

/**
 * OWNER/REPO of a GitHub remote URL: https://github.com/OWNER/REPO(.git), git@github.com:OWNER/REPO(.git) or
 * ssh://git@github.com(:22)/OWNER/REPO(.git). Any other host: undefined.
 */
export function parseGithubRemote(url: string): GithubRepo | undefined {
  const match = new RegExp(
    `^(?:https://(?:[^@/]+@)?github\\.com/|git@github\\.com:|ssh://git@github\\.com(?::22)?/|git://github\\.com/)(${PART})/(${PART}?)(?:\\.git)?/?$`,
  ).exec(url.trim());
  if (!match) return undefined;
  return { owner: match[1]!, name: match[2]! };
}

export interface GitFacts {
  /** The `origin` remote's URL, when there is one. */
  readonly originUrl?: string;
  /** The branch `refs/remotes/origin/HEAD` points at: the remote's default branch, as cloned. */
  readonly originHead?: string;
  /** The checked-out branch (not on a detached HEAD). */
  readonly currentBranch?: string;
}

function read(file: string): string | undefined {
  return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
}

/** The git dir and the common dir (where config and refs live) of the repository at `dir`. */
function gitDirs(dir: string): { gitDir: string; commonDir: string } | undefined {
  const dotGit = join(dir, '.git');
  if (!existsSync(dotGit)) return undefined;
  let gitDir = dotGit;
  if (statSync(dotGit).isFile()) {
    const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!pointer) return undefined;
    gitDir = isAbsolute(pointer[1]!.trim()) ? pointer[1]!.trim() : resolve(dir, pointer[1]!.trim());
  }
  const common = read(join(gitDir, 'commondir'))?.trim();
  return { gitDir, commonDir: common ? resolve(gitDir, common) : gitDir };
}

/** The `url` of `[remote "origin"]` in a git config file's text. */
export function originUrlOf(config: string): string | undefined {
  let inOrigin = false;
  for (const line of config.split('\n')) {
    const section = /^\s*\[([^\]]+)\]/.exec(line);
    if (section) {
      inOrigin = /^remote\s+"origin"$/.test(section[1]!.trim());
      continue;
    }
    const url = inOrigin ? /^\s*url\s*=\s*(.+?)\s*$/.exec(line) : null;
    if (url) return url[1]!.replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

export function readGitFacts(dir: string): GitFacts {
  const dirs = gitDirs(dir);
  if (!dirs) return {};
  const originUrl = originUrlOf(read(join(dirs.commonDir, 'config')) ?? '');
  const originHead = /^ref: refs\/remotes\/origin\/(.+)$/m.exec(read(join(dirs.commonDir, 'refs/remotes/origin/HEAD')) ?? '')?.[1];
  const currentBranch = /^ref: refs\/heads\/(.+)$/m.exec(read(join(dirs.gitDir, 'HEAD')) ?? '')?.[1];
  return {
    ...(originUrl ? { originUrl } : {}),
    ...(originHead ? { originHead: originHead.trim() } : {}),
    ...(currentBranch ? { currentBranch: currentBranch.trim() } : {}),
  };
}

/**
 * The branch that deploys when none is given: the remote's default branch, else the checked-out one when it is
 * main or master (a feature branch checked out is no guess to deploy from).
 */
export function defaultDeployBranch(facts: GitFacts): string | undefined {
  if (facts.originHead) return facts.originHead;
  if (facts.currentBranch === 'main' || facts.currentBranch === 'master') return facts.currentBranch;
  return undefined;
}
