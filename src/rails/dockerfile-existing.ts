/**
 * An existing Dockerfile (and bin/docker-entrypoint): who wrote it (Rails 7.1 / 7.2 / 8.0 / 8.1, dockerfile-rails,
 * or by hand) and what it gets wrong for Fargate. We never overwrite it silently; these findings explain the offer.
 */
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';

export type DockerfileOrigin = 'rails-7.1' | 'rails-7.2' | 'rails-8.0' | 'rails-8.1' | 'dockerfile-rails' | 'custom';

export interface DockerFinding {
  readonly file: string;
  readonly problem: string;
  readonly fix: string;
}

/** The final stage's base image family: what its package manager and C library are. */
export type BaseFamily = 'debian' | 'alpine' | 'other';

export interface ExistingDockerfile {
  readonly origin: DockerfileOrigin;
  /** The final stage's base: Debian (apt, glibc), Alpine (apk, musl) or something else. */
  readonly base: BaseFamily;
  /** Whether it runs bin/docker-entrypoint (ENTRYPOINT, or a COPY of it): if not, we do not write one. */
  readonly callsEntrypoint: boolean;
  /** Whether it puts the RDS CA bundle at /rails/config/rds-ca.pem, where the database URLs look for it. */
  readonly hasRdsCaBundle: boolean;
  /** `ARG RUBY_VERSION=3.3.4` in the file, when present. */
  readonly rubyVersion?: string;
  readonly exposedPorts: readonly number[];
  readonly findings: readonly DockerFinding[];
}

export interface ExistingDockerFiles {
  readonly dockerfile?: ExistingDockerfile;
  readonly hasDockerignore: boolean;
  /** Secret patterns (SECRET_PATTERNS) an existing .dockerignore fails to exclude. */
  readonly dockerignoreGaps: readonly string[];
  readonly hasEntrypoint: boolean;
  /** The app's bin/docker-entrypoint runs migrations (Rails' own does before `./bin/rails server`). */
  readonly entrypointMigrates?: boolean;
}

export function classifyDockerfile(text: string, repo?: Repo): DockerfileOrigin {
  const lock = repo?.read('Gemfile.lock') ?? '';
  if (repo?.exists('config/dockerfile.yml') || /^ {4}dockerfile-rails \(/m.test(lock) || /dockerfile-rails|fly_launch_runtime/.test(text)) {
    return 'dockerfile-rails';
  }
  const railsBase = /FROM (?:docker\.io|registry\.docker\.com)\/library\/ruby:\$RUBY_VERSION-slim (?:AS|as) base/.test(text);
  if (!railsBase) return 'custom';
  if (/\/usr\/local\/lib\/libjemalloc\.so/.test(text) && /COPY --chown=rails:rails --from=build/.test(text)) return 'rails-8.1';
  if (/^# check=error=true/m.test(text)) return 'rails-8.0';
  if (/groupadd --system --gid 1000 rails/.test(text)) return 'rails-7.2';
  if (/useradd rails --create-home/.test(text)) return 'rails-7.1';
  return 'custom';
}

const MIGRATIONS = /\b(db:prepare|db:migrate|db:setup)\b/;

/** The final stage's base image family, from its last FROM line (ARG defaults filled in). */
export function baseFamily(dockerfile: string): BaseFamily {
  const args = Object.fromEntries([...dockerfile.matchAll(/^\s*ARG\s+(\w+)=(\S+)/gim)].map((m) => [m[1]!, m[2]!.replace(/^["']|["']$/g, '')]));
  const from = [...dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].at(-1)?.[1] ?? '';
  const image = from.replace(/\$\{?(\w+)\}?/g, (_m, name: string) => args[name] ?? '');
  if (/alpine/i.test(image)) return 'alpine';
  if (/(^|\/)(ruby|debian|ubuntu|buildpack-deps)(:|$)|bookworm|bullseye|trixie|slim/i.test(image)) return 'debian';
  // A previous stage named here (FROM base): look at how packages are installed.
  if (/\bapk add\b/.test(dockerfile)) return 'alpine';
  if (/\bapt-get\b/.test(dockerfile)) return 'debian';
  return 'other';
}

/** The advice in the base image's own terms. */
const FIXES: Record<BaseFamily, { jemalloc: string; curl: string; user: string }> = {
  debian: {
    jemalloc: 'install libjemalloc2 and preload it (LD_PRELOAD) through an architecture-independent path',
    curl: 'install curl in the final stage (apt-get install --no-install-recommends -y curl)',
    user: 'add a user with uid 1000 and `USER 1000:1000` in the final stage',
  },
  alpine: {
    jemalloc: 'musl\'s malloc is slower still for Ruby: `apk add --no-cache jemalloc` in the final stage and `ENV LD_PRELOAD=/usr/lib/libjemalloc.so.2`',
    curl: 'install curl in the final stage (`apk add --no-cache curl`)',
    user: 'add a user in the final stage (`RUN addgroup -S -g 1000 rails && adduser -S -D -u 1000 -G rails rails`) and `USER 1000:1000`',
  },
  other: {
    jemalloc: 'install jemalloc with the image\'s package manager and preload it (LD_PRELOAD)',
    curl: 'install curl in the final stage with the image\'s package manager',
    user: 'add a user with uid 1000 and `USER 1000:1000` in the final stage',
  },
};

export function dockerfileFindings(dockerfile: string, entrypoint: string | undefined, port: number): DockerFinding[] {
  const findings: DockerFinding[] = [];
  const base = baseFamily(dockerfile);
  const fixes = FIXES[base];
  const exposed = [...dockerfile.matchAll(/^\s*EXPOSE\s+(\d+)/gim)].map((m) => Number(m[1]));
  for (const low of exposed.filter((p) => p < 1024)) {
    findings.push({
      file: 'Dockerfile',
      problem: `EXPOSE ${low}: the container runs as a non-root user and cannot bind a port below 1024 on Fargate`,
      fix: `EXPOSE ${port}, and make the server listen on ${port}`,
    });
  }
  if (/\bthrust\b/.test(dockerfile) && !/HTTP_PORT\s*=\s*"?\d{4,5}/.test(dockerfile)) {
    findings.push({
      file: 'Dockerfile',
      problem: 'Thruster listens on HTTP_PORT, 80 by default, which a non-root process cannot bind',
      fix: `ENV HTTP_PORT="${port}" TARGET_PORT="${port + 1}" (the task definition sets them too)`,
    });
  }
  if (entrypoint !== undefined && MIGRATIONS.test(entrypoint)) {
    findings.push({
      file: 'bin/docker-entrypoint',
      problem: 'runs database migrations on every boot: several web tasks starting at once race to migrate, and a failed migration crash-loops the service',
      fix: 'remove the db:prepare block; bin/fargate deploy runs migrations once, as the `migrate` task, before the services update',
    });
  }
  const cmd = [...dockerfile.matchAll(/^\s*(CMD|ENTRYPOINT)\s+(.+)$/gim)].map((m) => m[2]!).join(' ');
  if (MIGRATIONS.test(cmd)) {
    findings.push({
      file: 'Dockerfile',
      problem: 'CMD/ENTRYPOINT runs database migrations on every container start',
      fix: 'start only the server; migrations run as the one-off `migrate` task',
    });
  }
  if (!/jemalloc/.test(dockerfile) && !/jemalloc/.test(entrypoint ?? '')) {
    findings.push({
      file: 'Dockerfile',
      problem: `no jemalloc: Ruby on ${base === 'alpine' ? 'musl' : 'glibc'} malloc fragments memory, and Fargate tasks are sized by memory`,
      fix: fixes.jemalloc,
    });
  }
  if (!/\bcurl\b/.test(dockerfile)) {
    findings.push({
      file: 'Dockerfile',
      problem: 'curl is not installed, and the web task\'s container health check runs curl: every web task would be marked unhealthy and replaced',
      fix: fixes.curl,
    });
  }
  if (!/^\s*USER\s+(?!root\b|0\b)\S+/im.test(dockerfile)) {
    findings.push({ file: 'Dockerfile', problem: 'runs as root', fix: fixes.user });
  }
  return findings;
}

/** Secrets a .dockerignore must keep out of the build context (and so out of the image). */
export const SECRET_PATTERNS = ['/config/master.key', '/config/credentials/*.key', '/.env*'];

/** The secret patterns an existing .dockerignore does not cover (leading slash optional, `*.key` covers both keys). */
export function dockerignoreGaps(text: string): string[] {
  const lines = new Set(text.split('\n').map((line) => line.trim().replace(/^\//, '').replace(/\/$/, '')));
  const covered = (pattern: string): boolean => {
    const bare = pattern.replace(/^\//, '');
    if (lines.has(bare)) return true;
    if (bare.startsWith('config/') && (lines.has('config/**/*.key') || lines.has('**/*.key') || lines.has('*.key'))) return true;
    return bare === '.env*' && lines.has('.env') && lines.has('.env.*');
  };
  return SECRET_PATTERNS.filter((pattern) => !covered(pattern));
}

export function detectExistingDocker(repo: Repo, port: number): Fact<ExistingDockerFiles> {
  const text = repo.read('Dockerfile');
  const entrypoint = repo.read('bin/docker-entrypoint');
  const ignore = repo.read('.dockerignore');
  const base = {
    hasDockerignore: ignore !== undefined,
    dockerignoreGaps: ignore === undefined ? [] : dockerignoreGaps(ignore),
    hasEntrypoint: entrypoint !== undefined,
    ...(entrypoint !== undefined && MIGRATIONS.test(entrypoint) ? { entrypointMigrates: true } : {}),
  };
  if (text === undefined) return { value: base, from: 'Dockerfile' };
  const rubyVersion = /^ARG RUBY_VERSION=(\S+)/m.exec(text)?.[1];
  const dockerfile: ExistingDockerfile = {
    origin: classifyDockerfile(text, repo),
    base: baseFamily(text),
    callsEntrypoint: /docker-entrypoint/.test(text),
    hasRdsCaBundle: /\/rails\/config\/rds-ca\.pem/.test(text),
    ...(rubyVersion ? { rubyVersion } : {}),
    exposedPorts: [...text.matchAll(/^\s*EXPOSE\s+(\d+)/gim)].map((m) => Number(m[1])),
    findings: dockerfileFindings(text, entrypoint, port),
  };
  return { value: { ...base, dockerfile }, from: 'Dockerfile' };
}
