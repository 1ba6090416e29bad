/**
 * Docker files the generator wrote on an earlier run, still as it wrote them, are ours: regenerated like every other
 * file we own. Detection reads the disk and cannot tell them from the app's own, so the generator drops them from the
 * detected facts; otherwise a re-run would report our own unedited Dockerfile as "kept", with findings about it.
 */
import type { ExistingDockerFiles } from '../rails/dockerfile-existing.js';
import type { Fact } from '../rails/fact.js';

export function withoutOurDockerFiles(docker: Fact<ExistingDockerFiles>, ours: ReadonlySet<string>): Fact<ExistingDockerFiles> {
  const { dockerfile, ...rest } = docker.value;
  const value: ExistingDockerFiles = {
    ...rest,
    ...(ours.has('.dockerignore') ? { hasDockerignore: false, dockerignoreGaps: [] } : {}),
    ...(ours.has('bin/docker-entrypoint') ? { hasEntrypoint: false, entrypointMigrates: false } : {}),
    ...(dockerfile && !ours.has('Dockerfile') ? { dockerfile } : {}),
  };
  return { ...docker, value };
}
