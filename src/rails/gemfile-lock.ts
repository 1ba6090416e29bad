/**
 * Gemfile.lock, read as data: locked gem versions, gems from git, PLATFORMS, RUBY VERSION and BUNDLED WITH.
 */

export interface Lockfile {
  /** gem name -> version (platform suffix removed), from every specs: block (GEM, GIT, PATH). */
  readonly gems: ReadonlyMap<string, string>;
  /** Gems that come from a GIT source: `bundle install` needs `git` in the build stage. */
  readonly gitGems: readonly string[];
  readonly platforms: readonly string[];
  /** `3.4.7` from `ruby 3.4.7p58`. */
  readonly rubyVersion?: string;
  readonly bundledWith?: string;
}

const SECTION = /^[A-Z][A-Z ]*$/;

/** The indented lines under each top-level section (`GEM`, `GIT`, `PLATFORMS`...), in file order. */
function sections(text: string): Array<{ name: string; lines: string[] }> {
  const out: Array<{ name: string; lines: string[] }> = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (SECTION.test(line)) out.push({ name: line.trim(), lines: [] });
    else if (line.trim() !== '') out.at(-1)?.lines.push(line);
  }
  return out;
}

/** `nokogiri (1.18.10-x86_64-linux-gnu)` -> [`nokogiri`, `1.18.10`]. */
function spec(line: string): [string, string] | undefined {
  const match = /^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)$/.exec(line);
  if (!match) return undefined;
  const version = match[2]!.replace(/-(x86_64|aarch64|arm64|arm|x64|java|universal|x86)[-\w]*$/, '');
  return [match[1]!, version];
}

export function parseLockfile(text: string): Lockfile {
  const gems = new Map<string, string>();
  const gitGems: string[] = [];
  let platforms: string[] = [];
  let rubyVersion: string | undefined;
  let bundledWith: string | undefined;
  for (const { name, lines } of sections(text)) {
    if (name === 'GEM' || name === 'GIT' || name === 'PATH') {
      for (const line of lines) {
        const found = spec(line);
        if (!found) continue;
        if (!gems.has(found[0])) gems.set(found[0], found[1]);
        if (name === 'GIT' && !gitGems.includes(found[0])) gitGems.push(found[0]);
      }
    } else if (name === 'PLATFORMS') {
      platforms = lines.map((line) => line.trim());
    } else if (name === 'RUBY VERSION') {
      rubyVersion = /ruby (\d+\.\d+(?:\.\d+)?)/.exec(lines[0] ?? '')?.[1];
    } else if (name === 'BUNDLED WITH') {
      bundledWith = lines[0]?.trim();
    }
  }
  return {
    gems,
    gitGems,
    platforms,
    ...(rubyVersion ? { rubyVersion } : {}),
    ...(bundledWith ? { bundledWith } : {}),
  };
}

export type CpuArch = 'x86_64' | 'arm64';

/** The Bundler platform a Fargate task of this CPU architecture runs: glibc (Debian ruby image) or musl (Alpine). */
export function linuxPlatform(arch: CpuArch, libc: 'gnu' | 'musl' = 'gnu'): string {
  return `${arch === 'arm64' ? 'aarch64-linux' : 'x86_64-linux'}${libc === 'musl' ? '-musl' : ''}`;
}

/**
 * What is wrong with the lockfile's PLATFORMS for an image of this architecture, with the command that fixes it.
 * `x86_64-linux-gnu` counts as `x86_64-linux`; a lockfile with only `ruby` still installs (gems compile from
 * source) but slower, so it is flagged too.
 */
export function platformWarnings(platforms: readonly string[], arch: CpuArch, libc: 'gnu' | 'musl' = 'gnu'): string[] {
  const wanted = linuxPlatform(arch, libc);
  if (platforms.some((p) => p === wanted || (libc === 'gnu' && p === `${wanted}-gnu`))) return [];
  const fix = `run \`bundle lock --add-platform ${wanted}\` and commit Gemfile.lock`;
  const why = platforms.includes('ruby')
    ? 'native gems will be compiled from source in the image'
    : '`bundle install` refuses to run in deployment mode (BUNDLE_DEPLOYMENT=1)';
  return [
    `Gemfile.lock PLATFORMS (${platforms.join(', ') || 'none'}) lacks ${wanted}, which the ${arch} ${libc === 'musl' ? 'Alpine (musl) ' : ''}image needs: ${why}; ${fix}.`,
  ];
}
