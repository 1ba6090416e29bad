/** The CPU architecture of the Fargate task definition, and the matching Docker platform. */
import type { CpuArch } from '../rails/gemfile-lock.js';

export type { CpuArch } from '../rails/gemfile-lock.js';

export const CPU_ARCHS: readonly CpuArch[] = ['x86_64', 'arm64'];

/** `x86_64` -> `linux/amd64`, `arm64` -> `linux/arm64` (what `docker build --platform` and ECS call them). */
export function dockerPlatform(arch: CpuArch): 'linux/amd64' | 'linux/arm64' {
  return arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}

/**
 * The default CPU architecture, from the lockfile's PLATFORMS and the machine running the generator (`process.arch`):
 * - arm64 (Graviton, about 20% cheaper) when Bundler locked aarch64-linux: every native gem then installs prebuilt
 *   for it, so even an x86 machine builds the image without compiling under emulation;
 * - arm64 on an arm64 machine (Apple silicon) when the lockfile keeps `ruby` and no x86_64-only Linux platform:
 *   native gems compile from source, natively;
 * - x86_64 otherwise (gems locked for x86_64-linux only, or source gems that would compile under emulation).
 */
export function defaultCpuArch(platforms: readonly string[], machineArch: string): CpuArch {
  const has = (platform: string) => platforms.includes(platform) || platforms.includes(`${platform}-gnu`);
  if (has('aarch64-linux')) return 'arm64';
  const linuxOnlyX86 = has('x86_64-linux');
  if (machineArch === 'arm64' && platforms.includes('ruby') && !linuxOnlyX86) return 'arm64';
  return 'x86_64';
}
