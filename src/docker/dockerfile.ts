/**
 * The production Dockerfile, following the one Rails 8.1 generates: base / build / final stages on
 * ruby:<version>-slim, gems installed in deployment mode, jemalloc preloaded, bootsnap and assets precompiled in
 * the build stage, a non-root user (uid 1000), and the one port the task definition and target group use.
 */
import type { AppFacts } from '../rails/detect.js';
import { versionAtLeast } from '../rails/fact.js';
import { aptPackages } from './packages.js';
import { installLines, runtimeLines } from './javascript.js';
import { dockerPlatform } from './platform.js';
import { RDS_CA_PATH } from '../stacks/database-url.js';
import type { CpuArch } from './platform.js';

/** Every RDS certificate authority of every commercial Region, in one file (docs: "Using SSL/TLS to encrypt a connection to a DB instance"). */
export const RDS_CA_BUNDLE_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

/** Where the build links jemalloc, whatever the architecture's library directory (x86_64- or aarch64-linux-gnu). */
export const JEMALLOC_PATH = '/usr/local/lib/libjemalloc.so';

function aptInstall(packages: readonly string[], extra: readonly string[] = []): string[] {
  return [
    'RUN apt-get update -qq && \\',
    `    apt-get install --no-install-recommends -y ${packages.join(' ')} && \\`,
    ...extra.map((line) => `    ${line} && \\`),
    '    rm -rf /var/lib/apt/lists /var/cache/apt/archives',
  ];
}

/** `ENV A="1" \` continuation lines, sorted by the order given. */
function envBlock(env: ReadonlyArray<[string, string]>): string[] {
  return env.map(([name, value], i) => `${i === 0 ? 'ENV ' : '    '}${name}="${value}"${i < env.length - 1 ? ' \\' : ''}`);
}

function assetLines(facts: AppFacts): string[] {
  if (!facts.precompileAssets.value) return [];
  return versionAtLeast(facts.railsVersion.value, '7.1')
    ? ['# Precompile assets without the real secret key (RAILS_MASTER_KEY is only given to running tasks)', 'RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile', '']
    : [
        '# Precompile assets with a throw-away secret key (Rails before 7.1 has no SECRET_KEY_BASE_DUMMY)',
        'RUN SECRET_KEY_BASE=precompile-only-not-a-secret ./bin/rails assets:precompile',
        '',
      ];
}

export function renderDockerfile(facts: AppFacts, cpuArch: CpuArch): string {
  const { runtime, build } = aptPackages(facts);
  const node = facts.node.value;
  const server = facts.server.value;
  const ruby = facts.ruby.value;
  const env: Array<[string, string]> = [
    ['RAILS_ENV', 'production'],
    ['BUNDLE_DEPLOYMENT', '1'],
    ['BUNDLE_PATH', '/usr/local/bundle'],
    ['BUNDLE_WITHOUT', 'development:test'],
    ['LD_PRELOAD', JEMALLOC_PATH],
    ...Object.entries(facts.production.value.env),
    ...Object.entries(server.env),
  ];
  const sample = facts.database.value.sampleFile;
  const lines = [
    '# syntax=docker/dockerfile:1',
    '# check=error=true',
    '',
    `# Production image for ${facts.appModule.value}, written by generator-rails-fargate after the Dockerfile Rails 8.1`,
    '# generates. `bin/fargate deploy` builds and pushes it; database migrations run once per release as the',
    '# `migrate` task, never when a container boots.',
    '',
    `# The Fargate task definition runs ${dockerPlatform(cpuArch)} (--cpu-arch ${cpuArch}): build for the same platform.`,
    `ARG IMAGE_PLATFORM=${dockerPlatform(cpuArch)}`,
    `# Ruby from ${facts.ruby.from}`,
    `ARG RUBY_VERSION=${ruby.version}`,
    'FROM --platform=$IMAGE_PLATFORM docker.io/library/ruby:$RUBY_VERSION-slim AS base',
    '',
    '# Rails app lives here',
    'WORKDIR /rails',
    '',
    '# Runtime packages; jemalloc is linked to one path on every architecture so LD_PRELOAD can name it',
    ...aptInstall(runtime, [`ln -s /usr/lib/$(uname -m)-linux-gnu/libjemalloc.so.2 ${JEMALLOC_PATH}`]),
    '',
    '# Production environment, gems in deployment mode, jemalloc for lower memory use and latency',
    ...envBlock(env),
    '',
    '# Throw-away build stage to keep compilers out of the final image',
    'FROM base AS build',
    '',
    `# Packages needed to build gems${node.needed ? ' and node modules' : ''}`,
    ...aptInstall(build),
    '',
    ...(node.needed ? [...runtimeLines(node), ''] : []),
    '# Install application gems',
    `COPY Gemfile Gemfile.lock ${ruby.copyBeforeBundle.join(' ')}`.trimEnd() + ' ./',
    'RUN bundle install && \\',
    `    rm -rf ~/.bundle/ "\${BUNDLE_PATH}"/ruby/*/cache "\${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git${facts.bootsnap.value ? ' && \\' : ''}`,
    ...(facts.bootsnap.value
      ? ['    # -j 1: no parallel compilation, which breaks under QEMU when building for the other architecture', '    bundle exec bootsnap precompile -j 1 --gemfile']
      : []),
    '',
    ...(node.needed ? [...installLines(node), ''] : []),
    '# Copy application code',
    'COPY . .',
    '',
    ...(sample ? [`# config/database.yml is not committed: start from ${sample}; DATABASE_URL configures the primary database`, `RUN test -f config/database.yml || cp ${sample} config/database.yml`, ''] : []),
    ...(facts.bootsnap.value ? ['# Precompile bootsnap code for faster boot times', 'RUN bundle exec bootsnap precompile -j 1 app/ lib/', ''] : []),
    ...assetLines(facts),
    ...(node.needed ? ['RUN rm -rf node_modules', ''] : []),
    '# Final stage for the app image',
    'FROM base',
    '',
    '# Run and own only the runtime files as a non-root user (uid 1000)',
    'RUN groupadd --system --gid 1000 rails && \\',
    '    useradd rails --uid 1000 --gid 1000 --create-home --shell /bin/bash',
    'USER 1000:1000',
    '',
    '# Built artifacts: gems, application',
    'COPY --chown=rails:rails --from=build "${BUNDLE_PATH}" "${BUNDLE_PATH}"',
    'COPY --chown=rails:rails --from=build /rails /rails',
    '',
    '# The RDS certificate authorities: the database URLs verify the server\'s certificate and host name against them',
    `ADD --chmod=644 ${RDS_CA_BUNDLE_URL} ${RDS_CA_PATH}`,
    '',
    '# The entrypoint only sets up the process; it does not touch the database',
    'ENTRYPOINT ["/rails/bin/docker-entrypoint"]',
    '',
    `# ${server.kind === 'thruster' ? `Thruster on ${server.port} in front of Puma on ${server.env.TARGET_PORT}` : `The server listens on ${server.port}`}: the task definition and the target group use the same port`,
    `EXPOSE ${server.port}`,
    `CMD [${server.command.map((part) => JSON.stringify(part)).join(', ')}]`,
  ];
  return `${lines.join('\n')}\n`;
}
