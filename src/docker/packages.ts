/**
 * Debian packages for the image, as the Dockerfile Rails generates chooses them: runtime packages in the base
 * stage (curl for health checks, jemalloc, the database clients, image libraries), build packages in the build
 * stage only. Each production gem that links a system library brings it: a second database gem the app locks
 * for production (mysql2 next to pg, for an import) must compile too.
 */
import type { AppFacts } from '../rails/detect.js';

export interface AptPackages {
  readonly runtime: readonly string[];
  readonly build: readonly string[];
}

/** Client library (runtime) and headers (build) per adapter; trilogy is pure C and needs neither. */
const DATABASE: Record<string, { runtime?: string; build?: string }> = {
  postgresql: { runtime: 'postgresql-client', build: 'libpq-dev' },
  postgis: { runtime: 'postgresql-client', build: 'libpq-dev' },
  mysql2: { runtime: 'default-mysql-client', build: 'default-libmysqlclient-dev' },
  trilogy: {},
};

/** Production gem -> the packages it needs at run time and at build time. */
const GEM_PACKAGES: ReadonlyArray<[string, { runtime?: string; build?: string }]> = [
  ['pg', DATABASE.postgresql!],
  ['mysql2', DATABASE.mysql2!],
  ['sqlite3', { runtime: 'libsqlite3-0' }],
  // image_processing brings mini_magick along; ImageMagick itself only when the app uses it (facts.imagemagick).
  ['ruby-vips', { runtime: 'libvips' }],
  ['rmagick', { runtime: 'imagemagick', build: 'libmagickwand-dev' }],
];

export function aptPackages(facts: AppFacts): AptPackages {
  const db = DATABASE[facts.database.value.adapter] ?? {};
  const node = facts.node.value;
  const gems = new Set(facts.productionGems?.value ?? []);
  const fromGems = GEM_PACKAGES.filter(([gem]) => gems.has(gem)).map(([, packages]) => packages);
  const unique = (list: ReadonlyArray<string | undefined>): string[] => [...new Set(list.filter((p): p is string => p !== undefined))];
  const magick = facts.imagemagick?.value ? ['imagemagick'] : [];
  const runtime = unique(['curl', 'libjemalloc2', ...(facts.libvips.value ? ['libvips'] : []), db.runtime, ...fromGems.map((p) => p.runtime), ...magick]);
  const build = unique([
    'build-essential',
    'git',
    'libyaml-dev',
    'pkg-config',
    db.build,
    ...fromGems.map((p) => p.build),
    ...(node.needed && node.packageManager !== 'bun' ? ['python-is-python3'] : []),
    ...(node.needed && node.packageManager === 'bun' ? ['unzip'] : []),
  ]);
  return { runtime, build };
}
