/**
 * The JavaScript toolchain the asset build needs: package manager (npm, Yarn 1, Yarn 2+ through corepack, pnpm,
 * Bun), its lockfile, the build script and the Rails gems that call it. Importmap-only apps need none.
 */
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';

export type PackageManager = 'npm' | 'yarn1' | 'yarn-berry' | 'pnpm' | 'bun';

export interface NodeFacts {
  /** Whether the image build must install Node (or Bun) and the packages. */
  readonly needed: boolean;
  readonly packageManager: PackageManager;
  /** `yarn@3.6.4` from package.json `packageManager` (corepack reads it), when set. */
  readonly packageManagerSpec?: string;
  /** Files to copy before installing packages: package.json, the lockfile, .yarnrc.yml, .yarn/releases... */
  readonly installFiles: readonly string[];
  readonly lockfile?: string;
  /** An exact Node version from .node-version, .nvmrc, .tool-versions or package.json engines. */
  readonly nodeVersion?: string;
  /** An exact Bun version (packageManager `bun@x` or .bun-version). */
  readonly bunVersion?: string;
  readonly buildScript?: string;
  /** jsbundling-rails, cssbundling-rails, vite_ruby, shakapacker, webpacker present in Gemfile.lock. */
  readonly bundlerGems: readonly string[];
}

const BUNDLER_GEMS = ['jsbundling-rails', 'cssbundling-rails', 'vite_ruby', 'vite_rails', 'shakapacker', 'webpacker'];
const EXACT = /^v?(\d+\.\d+\.\d+)$/;

interface PackageJson {
  packageManager?: unknown;
  scripts?: Record<string, unknown>;
  engines?: Record<string, unknown>;
}

function manager(repo: Repo, spec: string | undefined): PackageManager {
  const name = spec?.split('@')[0];
  if (name === 'yarn') return /^yarn@1\./.test(spec ?? '') ? 'yarn1' : 'yarn-berry';
  if (name === 'pnpm' || name === 'bun' || name === 'npm') return name;
  if (repo.exists('bun.lockb') || repo.exists('bun.lock')) return 'bun';
  if (repo.exists('pnpm-lock.yaml')) return 'pnpm';
  if (repo.exists('yarn.lock')) return repo.exists('.yarnrc.yml') ? 'yarn-berry' : 'yarn1';
  return 'npm';
}

const LOCKFILES: Record<PackageManager, readonly string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn1: ['yarn.lock'],
  'yarn-berry': ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
  bun: ['bun.lock', 'bun.lockb'],
};

function nodeVersion(repo: Repo, pkg: PackageJson): Fact<string> | undefined {
  const candidates: Array<[string, string | undefined]> = [
    ['.node-version', repo.read('.node-version')?.trim()],
    ['.nvmrc', repo.read('.nvmrc')?.trim()],
    ['.tool-versions', /^nodejs\s+(\S+)/m.exec(repo.read('.tool-versions') ?? '')?.[1]],
    ['package.json', typeof pkg.engines?.node === 'string' ? pkg.engines.node.trim() : undefined],
  ];
  for (const [from, raw] of candidates) {
    const exact = raw && EXACT.exec(raw)?.[1];
    if (exact) return { value: exact, from };
  }
  return undefined;
}

export function detectNode(repo: Repo, gems: ReadonlyMap<string, string>): Fact<NodeFacts> {
  const bundlerGems = BUNDLER_GEMS.filter((gem) => gems.has(gem));
  const text = repo.read('package.json');
  if (text === undefined) {
    return { value: { needed: false, packageManager: 'npm', installFiles: [], bundlerGems }, from: 'package.json' };
  }
  let pkg: PackageJson = {};
  try {
    pkg = JSON.parse(text) as PackageJson;
  } catch {
    pkg = {};
  }
  const spec = typeof pkg.packageManager === 'string' ? pkg.packageManager.replace(/\+.*$/, '') : undefined;
  const packageManager = manager(repo, spec);
  const lockfile = LOCKFILES[packageManager].find((file) => repo.exists(file));
  const berryFiles = packageManager === 'yarn-berry' ? ['.yarnrc.yml', '.yarn/releases', '.yarn/plugins'].filter((f) => repo.exists(f)) : [];
  const scripts = pkg.scripts ?? {};
  const buildScript = ['build', 'build:css'].find((name) => typeof scripts[name] === 'string');
  const node = nodeVersion(repo, pkg);
  const bun = packageManager === 'bun' ? (/^bun@(\d+\.\d+\.\d+)/.exec(spec ?? '')?.[1] ?? repo.read('.bun-version')?.trim()) : undefined;
  return {
    value: {
      needed: buildScript !== undefined || bundlerGems.length > 0,
      packageManager,
      ...(spec ? { packageManagerSpec: spec } : {}),
      installFiles: ['package.json', ...(lockfile ? [lockfile] : []), ...berryFiles],
      ...(lockfile ? { lockfile } : {}),
      ...(node ? { nodeVersion: node.value } : {}),
      ...(bun && EXACT.test(bun) ? { bunVersion: bun.replace(/^v/, '') } : {}),
      ...(buildScript ? { buildScript } : {}),
      bundlerGems,
    },
    from: 'package.json',
  };
}
