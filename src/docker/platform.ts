/** The CPU architecture of the Fargate task definition, and the matching Docker platform. */
import type { CpuArch } from '../rails/gemfile-lock.js';

export type { CpuArch } from '../rails/gemfile-lock.js';

export const CPU_ARCHS: readonly CpuArch[] = ['x86_64', 'arm64'];

/** `x86_64` -> `linux/amd64`, `arm64` -> `linux/arm64` (what `docker build --platform` and ECS call them). */
export function dockerPlatform(arch: CpuArch): 'linux/amd64' | 'linux/arm64' {
  return arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}
