/**
 * facts -> the Docker files the app needs (Dockerfile, .dockerignore, bin/docker-entrypoint) and the notes to show.
 * Pure: the generator decides what to write; files the app already has are reported, never silently replaced.
 */
import type { AppFacts } from '../rails/detect.js';
import { platformWarnings } from '../rails/gemfile-lock.js';
import { renderDockerignore } from './dockerignore.js';
import { renderDockerfile } from './dockerfile.js';
import { renderEntrypoint } from './entrypoint.js';
import { existingDockerFiles, existingDockerFindings } from './findings.js';
import { DEFAULT_NODE_VERSION } from './javascript.js';
import type { CpuArch } from './platform.js';
import type { DatabaseUrlMode } from '../stacks/database-url.js';

export interface DockerFiles {
  /** Repo-relative path -> content, in a stable order. */
  readonly files: ReadonlyMap<string, string>;
  /** What the user should know: lockfile platforms, defaults we chose, the findings on files the app has. */
  readonly notes: readonly string[];
}

export const DOCKER_FILES = ['Dockerfile', '.dockerignore', 'bin/docker-entrypoint'] as const;

export function renderDockerFiles(facts: AppFacts, options: { cpuArch: CpuArch; databaseUrls?: DatabaseUrlMode }): DockerFiles {
  const kept = facts.docker.value.dockerfile;
  // A kept Dockerfile that never runs bin/docker-entrypoint gets none from us: it would be dead code in the repo.
  const entrypoint = !kept || kept.callsEntrypoint || facts.docker.value.hasEntrypoint;
  const files = new Map<string, string>([
    ['Dockerfile', renderDockerfile(facts, options.cpuArch)],
    ['.dockerignore', renderDockerignore()],
    ...(entrypoint ? [['bin/docker-entrypoint', renderEntrypoint()] as [string, string]] : []),
  ]);
  // The image that is built is the app's own when it keeps its Dockerfile: an Alpine one needs the musl platform.
  const libc = kept?.base === 'alpine' ? 'musl' : 'gnu';
  const notes = [...platformWarnings(facts.platforms.value, options.cpuArch, libc), ...facts.warnings];
  const node = facts.node.value;
  if (node.needed && node.packageManager !== 'bun' && !node.nodeVersion) {
    notes.push(`No exact Node version pinned: the Dockerfile uses ${DEFAULT_NODE_VERSION}; add .node-version to choose.`);
  }
  if (facts.database.value.adapter === 'trilogy') {
    notes.push('trilogy needs no MySQL client library, so the image installs none; add default-mysql-client for `rails dbconsole`.');
  }
  const existing = existingDockerFiles(facts);
  if (existing.length > 0) {
    notes.push(`Kept your ${existing.join(', ')}: ours is offered through the conflict prompt, never written under --yes.`);
    if (!entrypoint) notes.push('bin/docker-entrypoint not written: your Dockerfile does not run one (ours does; take our Dockerfile and re-run to get it).');
    for (const finding of existingDockerFindings(facts, options)) {
      notes.push(`${finding.file}: ${finding.problem}. Fix: ${finding.fix}.`);
    }
  }
  return { files, notes };
}
