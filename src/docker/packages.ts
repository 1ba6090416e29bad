/**
 * Debian packages for the image, as the Rails 8.1 Dockerfile chooses them: runtime packages in the base stage
 * (curl for health checks, jemalloc, the database client), build packages in the build stage only.
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

export function aptPackages(facts: AppFacts): AptPackages {
  const db = DATABASE[facts.database.value.adapter] ?? {};
  const node = facts.node.value;
  const runtime = ['curl', 'libjemalloc2', ...(facts.libvips.value ? ['libvips'] : []), ...(db.runtime ? [db.runtime] : [])];
  const build = [
    'build-essential',
    'git',
    'libyaml-dev',
    'pkg-config',
    ...(db.build ? [db.build] : []),
    ...(node.needed && node.packageManager !== 'bun' ? ['python-is-python3'] : []),
    ...(node.needed && node.packageManager === 'bun' ? ['unzip'] : []),
  ];
  return { runtime, build };
}
