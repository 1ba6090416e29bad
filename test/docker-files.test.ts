import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { existingDockerFiles, existingDockerFindings, JEMALLOC_PATH, renderDockerFiles } from '../src/docker/index.js';
import type { CpuArch } from '../src/docker/index.js';
import { detect } from '../src/rails/detect.js';
import type { AppFacts } from '../src/rails/detect.js';
import { REPO_ROOT } from './support/paths.js';
import { perTest } from './support/per-test.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/rails');
const SUPPORTED = ['rails81-solid', 'rails72-sidekiq', 'rails71-yarn3', 'rails70-no-up', 'mysql-trilogy', 'sample-db-yml'];
const ARCHS: Array<[CpuArch, string]> = [
  ['x86_64', 'linux/amd64'],
  ['arm64', 'linux/arm64'],
];

/** Every instruction's arguments, by keyword, from the parsed Dockerfile. */
function args(dockerfile: Dockerfile, keyword: string): string[] {
  return dockerfile.getInstructions().filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');
}

function env(dockerfile: Dockerfile): Map<string, string> {
  return new Map(dockerfile.getENVs().flatMap((e) => e.getProperties().map((p): [string, string] => [p.getName(), p.getValue() ?? ''])));
}

/** The packages of the `apt-get install` in the stage starting at FROM index `stage`. */
function aptPackagesOf(dockerfile: Dockerfile, stage: number): string[] {
  const froms = dockerfile.getFROMs();
  const start = froms[stage]!.getRange().start.line;
  const end = froms[stage + 1]?.getRange().start.line ?? Infinity;
  const run = dockerfile.getInstructions().find((i) => i.getKeyword() === 'RUN' && i.getRange().start.line > start && i.getRange().start.line < end && /apt-get install/.test(i.getArgumentsContent() ?? ''));
  const words = /apt-get install --no-install-recommends -y ([^&]+)/.exec(run?.getArgumentsContent() ?? '')?.[1];
  return words?.trim().split(/\s+/) ?? [];
}

const DB_PACKAGES: Record<string, { runtime: string[]; build: string[] }> = {
  postgresql: { runtime: ['postgresql-client'], build: ['libpq-dev'] },
  mysql2: { runtime: ['default-mysql-client'], build: ['default-libmysqlclient-dev'] },
  trilogy: { runtime: [], build: [] },
};
const ALL_DB = ['postgresql-client', 'libpq-dev', 'default-mysql-client', 'default-libmysqlclient-dev'];

/** What each fixture locks and serves, written out by hand from its files (not read back through detect()). */
const FIXTURE_FACTS: Record<string, { ruby: string; server: 'thruster' | 'puma'; adapter: 'postgresql' | 'mysql2' | 'trilogy'; js: 'yarn-berry' | 'bun' | null }> = {
  'rails81-solid': { ruby: '3.4.7', server: 'thruster', adapter: 'postgresql', js: null },
  'rails72-sidekiq': { ruby: '3.3.6', server: 'puma', adapter: 'postgresql', js: null },
  'rails71-yarn3': { ruby: '3.2.6', server: 'puma', adapter: 'postgresql', js: 'yarn-berry' },
  'rails70-no-up': { ruby: '3.1.6', server: 'puma', adapter: 'postgresql', js: null },
  'mysql-trilogy': { ruby: '3.3.5', server: 'puma', adapter: 'trilogy', js: null },
  'sample-db-yml': { ruby: '3.3.6', server: 'puma', adapter: 'mysql2', js: 'bun' },
};
const PORT = 3000;

describe('renderDockerFiles: every supported fixture, both CPU architectures', () => {
  for (const name of SUPPORTED) {
    const want = FIXTURE_FACTS[name]!;
    for (const [cpuArch, platform] of ARCHS) {
      describe(`${name} (${cpuArch})`, () => {
        // Rendered inside the tests, not when the file loads (see test/support/per-test.ts).
        const rendered = perTest(() => {
          const facts: AppFacts = detect(join(FIXTURES, name));
          const { files, notes } = renderDockerFiles(facts, { cpuArch });
          const text = files.get('Dockerfile') ?? '';
          return { facts, files, notes, text, dockerfile: DockerfileParser.parse(text) };
        });

        it('writes Dockerfile, .dockerignore and bin/docker-entrypoint', () => {
          const { files, notes } = rendered();
          assert.deepEqual([...files.keys()], ['Dockerfile', '.dockerignore', 'bin/docker-entrypoint']);
          assert.ok(Array.isArray(notes));
        });

        it('parses, and dockerfile-utils finds no problem', () => {
          const { text, dockerfile } = rendered();
          assert.deepEqual(validate(text), []);
          assert.deepEqual(dockerfile.getFROMs().map((f) => f.getBuildStage() ?? null), ['base', 'build', null]);
        });

        it(`builds FROM ruby:${want.ruby}-slim for ${platform}`, () => {
          const { dockerfile } = rendered();
          const [base] = dockerfile.getFROMs();
          assert.equal(base?.getPlatformFlag()?.getValue(), '$IMAGE_PLATFORM');
          assert.equal(base?.getImage(), 'docker.io/library/ruby:$RUBY_VERSION-slim');
          assert.deepEqual(args(dockerfile, 'ARG').slice(0, 2), [`IMAGE_PLATFORM=${platform}`, `RUBY_VERSION=${want.ruby}`]);
        });

        it(`EXPOSEs the agreed port ${PORT} (>= 1024) and the CMD serves on it`, () => {
          const { dockerfile } = rendered();
          const port = PORT;
          assert.deepEqual(args(dockerfile, 'EXPOSE'), [String(port)]);
          assert.ok(port >= 1024);
          const vars = env(dockerfile);
          const cmd = JSON.parse(args(dockerfile, 'CMD')[0] ?? '[]') as string[];
          if (want.server === 'thruster') {
            assert.equal(vars.get('HTTP_PORT'), String(port));
            assert.notEqual(vars.get('TARGET_PORT'), String(port));
            assert.deepEqual(cmd, ['./bin/thrust', './bin/rails', 'server']);
          } else {
            assert.equal(vars.get('PORT'), String(port));
            assert.deepEqual(cmd.slice(-2), ['-p', String(port)]);
          }
        });

        it('deploys gems in deployment mode and preloads jemalloc through an arch-independent path', () => {
          const { facts, text, dockerfile } = rendered();
          const vars = env(dockerfile);
          assert.equal(vars.get('BUNDLE_DEPLOYMENT'), '1');
          assert.equal(vars.get('BUNDLE_WITHOUT'), 'development:test');
          assert.equal(vars.get('LD_PRELOAD'), JEMALLOC_PATH);
          assert.ok(aptPackagesOf(dockerfile, 0).includes('libjemalloc2'));
          assert.match(text, /ln -s \/usr\/lib\/\$\(uname -m\)-linux-gnu\/libjemalloc\.so\.2 \/usr\/local\/lib\/libjemalloc\.so/);
          for (const [name, value] of Object.entries(facts.production.value.env)) assert.equal(vars.get(name), value);
        });

        it(`installs the ${want.adapter} packages and no other database's`, () => {
          const { dockerfile } = rendered();
          const packages = DB_PACKAGES[want.adapter]!;
          const runtime = aptPackagesOf(dockerfile, 0);
          const build = aptPackagesOf(dockerfile, 1);
          assert.deepEqual(runtime.filter((p) => ALL_DB.includes(p)), packages.runtime);
          assert.deepEqual(build.filter((p) => ALL_DB.includes(p)), packages.build);
          assert.ok(runtime.includes('curl'));
          for (const p of ['build-essential', 'git', 'libyaml-dev']) assert.ok(build.includes(p), p);
        });

        it(want.js ? `installs ${want.js} for the asset build` : 'installs no JavaScript runtime', () => {
          const { facts, text, dockerfile } = rendered();
          const js = /node-build|corepack|bun\.sh\/install|yarn install|npm ci|bun install/;
          if (!want.js) {
            assert.doesNotMatch(text, js);
            return;
          }
          const runs = args(dockerfile, 'RUN').join('\n');
          const expected: Record<string, RegExp[]> = {
            'yarn-berry': [/node-build "\$\{NODE_VERSION\}"/, /^corepack enable$/m, /^yarn install --immutable$/m],
            bun: [/bun\.sh\/install/, /^bun install --frozen-lockfile$/m],
          };
          for (const pattern of expected[want.js] ?? []) assert.match(runs, pattern);
          assert.ok(args(dockerfile, 'COPY').includes(`${facts.node.value.installFiles.join(' ')} ./`));
        });

        it('holds the RDS certificate bundle where the database URLs verify the server against it', () => {
          const { text, dockerfile } = rendered();
          assert.deepEqual(args(dockerfile, 'ADD'), ['https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /rails/config/rds-ca.pem']);
          // Readable by the app's user: a file ADDed from a URL is otherwise mode 600, root's.
          assert.match(text, /^ADD --chmod=644 https:/m);
          // In the final stage, after the application copy, so nothing overwrites it.
          assert.ok(text.lastIndexOf('ADD --chmod=644') > text.lastIndexOf('COPY --chown=rails:rails --from=build /rails /rails'));
          assert.ok(text.lastIndexOf('ADD --chmod=644') > text.lastIndexOf('\nFROM base\n'));
        });

        it('precompiles bootsnap (-j 1) and assets the way this Rails version allows', () => {
          const { facts, dockerfile } = rendered();
          const runs = args(dockerfile, 'RUN');
          assert.ok(runs.includes('bundle exec bootsnap precompile -j 1 app/ lib/'));
          const assets = runs.filter((r) => r.includes('assets:precompile'));
          if (!facts.precompileAssets.value) assert.deepEqual(assets, []);
          else if (facts.railsVersion.value.startsWith('7.0')) assert.match(assets[0] ?? '', /^SECRET_KEY_BASE=\S+ \.\/bin\/rails assets:precompile$/);
          else assert.deepEqual(assets, ['SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile']);
        });

        it('installs the gems, then precompiles bootsnap for them with -j 1 --gemfile, as Rails\' own Dockerfile does', () => {
          const { text } = rendered();
          const bundleInstall = [
            'RUN bundle install && \\',
            '    rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache "${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git && \\',
            '    # -j 1: no parallel compilation, which breaks under QEMU when building for the other architecture',
            '    bundle exec bootsnap precompile -j 1 --gemfile',
            '',
          ].join('\n');
          assert.ok(text.includes(bundleInstall), text);
        });

        it('runs as uid 1000 and copies files the Gemfile reads before bundle install', () => {
          const { facts, text, dockerfile } = rendered();
          assert.deepEqual(args(dockerfile, 'USER'), ['1000:1000']);
          assert.match(text, /useradd rails --uid 1000 --gid 1000/);
          const gemCopy = args(dockerfile, 'COPY').find((c) => c.startsWith('Gemfile Gemfile.lock'));
          assert.equal(gemCopy, ['Gemfile', 'Gemfile.lock', ...facts.ruby.value.copyBeforeBundle, './'].join(' '));
        });

        it('.dockerignore keeps secrets, git and local state out', () => {
          const { files } = rendered();
          const lines = (files.get('.dockerignore') ?? '').split('\n');
          for (const pattern of ['/config/master.key', '/config/credentials/*.key', '/.env*', '/.git/', '/node_modules/', '/log/*', '/tmp/*', '/storage/*']) {
            assert.ok(lines.includes(pattern), pattern);
          }
          assert.ok(!lines.some((l) => l.startsWith('!') && /master\.key|\.env|credentials/.test(l)));
        });

        it('bin/docker-entrypoint does not prepare or migrate the database', () => {
          const { files, dockerfile } = rendered();
          const entrypoint = files.get('bin/docker-entrypoint') ?? '';
          assert.match(entrypoint, /^#!\/bin\/bash -e\n/);
          assert.doesNotMatch(entrypoint.replace(/^#.*$/gm, ''), /db:prepare|db:migrate/);
          assert.match(entrypoint, /exec "\$\{@\}"\n$/);
          assert.deepEqual(args(dockerfile, 'ENTRYPOINT'), ['["/rails/bin/docker-entrypoint"]']);
        });
      });
    }
  }
});

describe('renderDockerFiles: notes and existing files', () => {
  it('warns with the exact command when the lockfile lacks the platform of the chosen CPU', () => {
    const facts = detect(join(FIXTURES, 'rails72-sidekiq'));
    assert.ok(renderDockerFiles(facts, { cpuArch: 'arm64' }).notes.some((n) => n.includes('`bundle lock --add-platform aarch64-linux`')));
    assert.ok(!renderDockerFiles(facts, { cpuArch: 'x86_64' }).notes.some((n) => n.includes('--add-platform')));
  });

  it('the Rails 7.2 app keeps its Dockerfile; the findings say what is wrong and how to fix it', () => {
    const facts = detect(join(FIXTURES, 'rails72-sidekiq'));
    assert.deepEqual(existingDockerFiles(facts), ['Dockerfile', '.dockerignore', 'bin/docker-entrypoint']);
    const findings = existingDockerFindings(facts, { cpuArch: 'arm64' });
    const entry = findings.find((f) => f.file === 'bin/docker-entrypoint');
    assert.match(entry?.problem ?? '', /migrations on every boot/);
    assert.match(entry?.fix ?? '', /migrate` task/);
    assert.ok(findings.some((f) => f.fix.includes('--platform linux/arm64')));
    // The URLs in the data stack's secret are written now, so the fix needs a re-run and a deploy.
    assert.deepEqual(findings.find((f) => f.problem.startsWith('no RDS certificate bundle')), {
      file: 'Dockerfile',
      problem: "no RDS certificate bundle at /rails/config/rds-ca.pem, so the database URLs were generated without verifying the server's certificate (still TLS)",
      fix: 'add `ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /rails/config/rds-ca.pem` to the final stage, then re-run yo rails-fargate --yes and bin/fargate deploy to get URLs that verify it',
    });
    // The wrapper looks for the bundle when the container starts: adding it is enough.
    assert.deepEqual(existingDockerFindings(facts, { cpuArch: 'arm64', databaseUrls: 'wrapper' }).find((f) => f.problem.startsWith('no RDS certificate bundle')), {
      file: 'Dockerfile',
      problem: 'no RDS certificate bundle at /rails/config/rds-ca.pem: the app connects to the database over TLS without verifying the server',
      fix: 'add `ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /rails/config/rds-ca.pem` to the final stage',
    });
    assert.ok(renderDockerFiles(facts, { cpuArch: 'arm64' }).notes.some((n) => n.startsWith('Kept your Dockerfile')));
  });

  it('an app without Docker files gets no findings', () => {
    const facts = detect(join(FIXTURES, 'rails81-solid'));
    assert.deepEqual(existingDockerFiles(facts), []);
    assert.deepEqual(existingDockerFindings(facts, { cpuArch: 'x86_64' }), []);
  });

  it('copies the database.yml sample when the real file is not committed', () => {
    const text = renderDockerFiles(detect(join(FIXTURES, 'sample-db-yml')), { cpuArch: 'x86_64' }).files.get('Dockerfile') ?? '';
    assert.ok(args(DockerfileParser.parse(text), 'RUN').includes('test -f config/database.yml || cp config/database.yml.sample config/database.yml'));
  });

  it('renders byte-identical files for the same facts', () => {
    const facts = detect(join(FIXTURES, 'rails71-yarn3'));
    assert.deepEqual(renderDockerFiles(facts, { cpuArch: 'arm64' }), renderDockerFiles(facts, { cpuArch: 'arm64' }));
  });
});

describe('system packages for the gems the app locks for production (issue 9)', () => {
  // fixture -> [runtime packages beyond curl and jemalloc, build packages beyond the compilers]
  const CASES: Array<[string, string[], string[]]> = [
    ['erb-database', ['postgresql-client', 'default-mysql-client'], ['libpq-dev', 'default-libmysqlclient-dev']],
    ['pitchfork-procfile', ['postgresql-client', 'imagemagick'], ['libpq-dev']],
    ['alpine-docker', ['libvips', 'postgresql-client', 'imagemagick'], ['libpq-dev']],
    ['rails72-sidekiq', ['libvips', 'postgresql-client'], ['libpq-dev']],
  ];
  for (const [name, runtime, build] of CASES) {
    it(`${name}: ${[...runtime, ...build].join(', ')}`, () => {
      const text = renderDockerFiles(detect(join(FIXTURES, name)), { cpuArch: 'x86_64' }).files.get('Dockerfile')!;
      const dockerfile = DockerfileParser.parse(text);
      assert.deepEqual(aptPackagesOf(dockerfile, 0).filter((p) => !['curl', 'libjemalloc2'].includes(p)), runtime);
      assert.deepEqual(aptPackagesOf(dockerfile, 1).filter((p) => !['build-essential', 'git', 'libyaml-dev', 'pkg-config'].includes(p)), build);
    });
  }
});
