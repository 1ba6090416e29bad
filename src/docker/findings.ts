/**
 * For an app that already has its Docker files: what they get wrong for Fargate. We never overwrite them; the
 * generator shows these findings and offers our version through the normal conflict prompt.
 */
import type { AppFacts } from '../rails/detect.js';
import type { DockerFinding } from '../rails/dockerfile-existing.js';
import { RDS_CA_PATH } from '../stacks/database-url.js';
import type { DatabaseUrlMode } from '../stacks/database-url.js';
import { RDS_CA_BUNDLE_URL } from './dockerfile.js';
import { dockerPlatform } from './platform.js';
import type { CpuArch } from './platform.js';

export type { DockerFinding } from '../rails/dockerfile-existing.js';

/** The Docker files the app already has: the generator must keep them under `--yes`. */
export function existingDockerFiles(facts: AppFacts): string[] {
  const docker = facts.docker.value;
  return [
    ...(docker.dockerfile ? ['Dockerfile'] : []),
    ...(docker.hasDockerignore ? ['.dockerignore'] : []),
    ...(docker.hasEntrypoint ? ['bin/docker-entrypoint'] : []),
  ];
}

export function existingDockerFindings(facts: AppFacts, options: { cpuArch: CpuArch; databaseUrls?: DatabaseUrlMode }): DockerFinding[] {
  const docker = facts.docker.value;
  const findings: DockerFinding[] = [...(docker.dockerfile?.findings ?? [])];
  const ruby = facts.ruby.value.version;
  const theirs = docker.dockerfile?.rubyVersion;
  if (theirs && theirs !== ruby) {
    findings.push({
      file: 'Dockerfile',
      problem: `ARG RUBY_VERSION=${theirs} but ${facts.ruby.from} says ${ruby}`,
      fix: `ARG RUBY_VERSION=${ruby}`,
    });
  }
  if (docker.dockerfile && !docker.dockerfile.exposedPorts.includes(facts.server.value.port) && docker.dockerfile.exposedPorts.every((p) => p >= 1024)) {
    findings.push({
      file: 'Dockerfile',
      problem: `EXPOSE ${docker.dockerfile.exposedPorts.join(', ') || '(none)'} does not match the port the task definition uses`,
      fix: `EXPOSE ${facts.server.value.port}`,
    });
  }
  for (const gap of docker.dockerignoreGaps) {
    findings.push({ file: '.dockerignore', problem: `${gap} is not excluded: it would be copied into the image`, fix: `add the line ${gap}` });
  }
  if (docker.dockerfile && !docker.hasDockerignore) {
    findings.push({ file: '.dockerignore', problem: 'missing: config/master.key, .env files and .git would be copied into the image', fix: 'add the .dockerignore we write' });
  }
  if (docker.dockerfile && !docker.dockerfile.hasRdsCaBundle) {
    const add = `add \`ADD --chmod=644 ${RDS_CA_BUNDLE_URL} ${RDS_CA_PATH}\` to the final stage`;
    // The wrapper looks for the bundle when the container starts; DatabaseUrlSecret's URLs are written now.
    findings.push((options.databaseUrls ?? 'secret') === 'secret'
      ? {
          file: 'Dockerfile',
          problem: `no RDS certificate bundle at ${RDS_CA_PATH}, so the database URLs were generated without verifying the server's certificate (still TLS)`,
          fix: `${add}, then re-run yo rails-fargate --yes and bin/fargate deploy to get URLs that verify it`,
        }
      : {
          file: 'Dockerfile',
          problem: `no RDS certificate bundle at ${RDS_CA_PATH}: the app connects to the database over TLS without verifying the server`,
          fix: add,
        });
  }
  if (docker.dockerfile) {
    findings.push({
      file: 'Dockerfile',
      problem: `check that it builds for ${dockerPlatform(options.cpuArch)}`,
      fix: `build with \`docker build --platform ${dockerPlatform(options.cpuArch)}\` (bin/fargate does)`,
    });
  }
  return findings;
}
