/** The production image files for the Rails app: rendering, and findings on the files the app already has. */
export { renderDockerFiles, DOCKER_FILES } from './render.js';
export type { DockerFiles } from './render.js';
export { existingDockerFiles, existingDockerFindings } from './findings.js';
export type { DockerFinding } from './findings.js';
export { renderDockerfile, JEMALLOC_PATH } from './dockerfile.js';
export { renderDockerignore } from './dockerignore.js';
export { renderEntrypoint } from './entrypoint.js';
export { aptPackages } from './packages.js';
export { dockerPlatform, CPU_ARCHS } from './platform.js';
export type { CpuArch } from './platform.js';
export { withoutOurDockerFiles } from './ours.js';
