import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../src/errors.js';
import { appNameFromModule, detect, detectRepo, lockedVersion } from '../src/rails/detect.js';
import type { AppFacts } from '../src/rails/detect.js';
import { baseFamily, classifyDockerfile, dockerignoreGaps } from '../src/rails/dockerfile-existing.js';
import { parseErbYaml, renderErb, stripErb } from '../src/rails/erb-yaml.js';
import { parseLockfile, platformWarnings } from '../src/rails/gemfile-lock.js';
import { RACK_HEALTH_ROUTE, RAILS_HEALTH_ROUTE, readRoutes } from '../src/rails/health.js';
import { memoryRepo } from '../src/rails/repo.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { checkWorkerGems, seedWorkers } from '../src/plan/workers.js';
import { needsRedis } from '../src/plan.js';
import { procfileCommand } from '../src/rails/procfile.js';
import { REPO_ROOT } from './support/paths.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/rails');
const fixture = (name: string): string => join(FIXTURES, name);

/** The facts a row of the table states, in one line. */
function summary(facts: AppFacts): Record<string, unknown> {
  const jobs = facts.jobs.value.backend;
  return {
    rails: facts.railsVersion.value,
    ruby: `${facts.ruby.value.version} ${facts.ruby.from}`,
    db: `${facts.database.value.adapter} ${facts.database.from}`,
    extraDbs: facts.database.value.extraDatabases.map((db) => db.envVar),
    jobs: jobs ? `${jobs.kind}: ${jobs.command.join(' ')}` : '-',
    redis: facts.redis.value.needed,
    node: facts.node.value.needed ? facts.node.value.packageManager : '-',
    health: `${facts.health.value.kind} ${facts.health.value.path}`,
    server: `${facts.server.value.kind}:${facts.server.value.port}`,
    env: { ...facts.production.value.env, ...facts.server.value.env },
    dockerfile: facts.docker.value.dockerfile?.origin ?? '-',
    fixes: facts.production.value.problems.flatMap((p) => p.linesToAdd),
  };
}

const UP = 'config.ssl_options = { redirect: { exclude: ->(request) { request.path == "/up" } } }';
const HOSTS = 'config.host_authorization = { exclude: ->(request) { request.path == "/healthz" } }';

// fixture -> expected facts, one line per case
const TABLE: Array<[string, Record<string, unknown>]> = [
  ['rails81-solid', { rails: '8.1.1', ruby: '3.4.7 .ruby-version', db: 'postgresql config/database.yml', extraDbs: ['CACHE_DATABASE_URL', 'QUEUE_DATABASE_URL', 'CABLE_DATABASE_URL'], jobs: 'solid_queue: ./bin/jobs', redis: false, node: '-', health: 'rails-health /up', server: 'thruster:3000', env: { HTTP_PORT: '3000', TARGET_PORT: '3001' }, dockerfile: '-', fixes: [] }],
  ['rails72-sidekiq', { rails: '7.2.2.2', ruby: '3.3.6 .ruby-version', db: 'postgresql config/database.yml', extraDbs: [], jobs: 'sidekiq: bundle exec sidekiq -C config/sidekiq.yml', redis: true, node: '-', health: 'rails-health /up', server: 'puma:3000', env: { PORT: '3000' }, dockerfile: 'rails-7.2', fixes: [] }],
  ['rails71-yarn3', { rails: '7.1.5.1', ruby: '3.2.6 .tool-versions', db: 'postgresql config/database.yml', extraDbs: [], jobs: 'good_job: bundle exec good_job start', redis: false, node: 'yarn-berry', health: 'existing /healthz', server: 'puma:3000', env: { RAILS_SERVE_STATIC_FILES: '1', PORT: '3000' }, dockerfile: '-', fixes: [HOSTS] }],
  ['rails70-no-up', { rails: '7.0.8.7', ruby: '3.1.6 Gemfile', db: 'postgresql config/database.yml', extraDbs: [], jobs: 'delayed_job: bundle exec rake jobs:work', redis: false, node: '-', health: 'add /up', server: 'puma:3000', env: { RAILS_LOG_TO_STDOUT: '1', RAILS_SERVE_STATIC_FILES: '1', PORT: '3000' }, dockerfile: '-', fixes: [UP] }],
  ['mysql-trilogy', { rails: '8.0.3', ruby: '3.3.5 Gemfile.lock', db: 'trilogy config/database.yml', extraDbs: [], jobs: 'resque: bundle exec rake resque:work', redis: true, node: '-', health: 'rails-health /up', server: 'puma:3000', env: { PORT: '3000' }, dockerfile: '-', fixes: [] }],
  ['sample-db-yml', { rails: '7.2.2.2', ruby: '3.3.6 .ruby-version', db: 'mysql2 config/database.yml.sample', extraDbs: [], jobs: '-', redis: false, node: 'bun', health: 'rails-health /up', server: 'puma:3000', env: { PORT: '3000' }, dockerfile: '-', fixes: [] }],
  // Apps as they are written (issue 9): ERB in database.yml and a namespaced health route; Pitchfork, Procfile
  // processes and the app's own SSL switch; an Alpine Dockerfile and Solid databases chosen by env.
  ['erb-database', { rails: '7.2.2.2', ruby: '3.3.6 .ruby-version', db: 'postgresql config/database.yml', extraDbs: [], jobs: '-', redis: false, node: '-', health: 'existing /internal/ping', server: 'puma:3000', env: { RAILS_SERVE_STATIC_FILES: '1', PORT: '3000' }, dockerfile: '-', fixes: [] }],
  ['pitchfork-procfile', { rails: '7.2.2.2', ruby: '3.3.6 .ruby-version', db: 'postgresql config/database.yml', extraDbs: [], jobs: 'sidekiq: bundle exec sidekiq -C config/sidekiq.yml', redis: true, node: '-', health: 'existing /ops/healthz', server: 'pitchfork:8080', env: { PORT: '8080' }, dockerfile: '-', fixes: [] }],
  ['alpine-docker', { rails: '8.0.2', ruby: '3.4.5 .ruby-version', db: 'postgresql config/database.yml', extraDbs: ['CACHE_DATABASE_URL', 'QUEUE_DATABASE_URL', 'CABLE_DATABASE_URL'], jobs: 'solid_queue: ./bin/jobs', redis: false, node: '-', health: 'rails-health /up', server: 'puma:3000', env: { PORT: '3000' }, dockerfile: 'custom', fixes: [] }],
];

describe('detect(dir): facts per fixture', () => {
  for (const [name, expected] of TABLE) {
    it(name, () => assert.deepEqual(summary(detect(fixture(name))), expected));
  }

  it('keeps appModule / appName for the generator, from config/application.rb', () => {
    const facts = detect(fixture('rails72-sidekiq'));
    assert.deepEqual(facts.appModule, { value: 'CrmPortal', from: 'config/application.rb' });
    assert.deepEqual(facts.appName, { value: 'crm-portal', from: 'config/application.rb' });
  });

  it('rails81-solid: Solid Queue runs in Puma only with SOLID_QUEUE_IN_PUMA; bootsnap; assets', () => {
    const facts = detect(fixture('rails81-solid'));
    assert.equal(facts.jobs.value.backend?.inPuma, 'env');
    assert.equal(facts.jobs.from, 'config/environments/production.rb');
    assert.deepEqual(facts.database.value.extraDatabases[1], { name: 'queue', envVar: 'QUEUE_DATABASE_URL', migrationsPaths: 'db/queue_migrate' });
    assert.equal(facts.bootsnap.value, true);
    assert.equal(facts.precompileAssets.value, true);
    assert.equal(facts.bundlerVersion?.value, '2.7.2');
    assert.deepEqual(facts.platforms.value, ['aarch64-linux', 'arm64-darwin-24', 'x86_64-linux']);
  });

  it('rails72-sidekiq: Gemfile `ruby file:` is copied before bundle install; Redis reasons; the Dockerfile findings', () => {
    const facts = detect(fixture('rails72-sidekiq'));
    assert.deepEqual(facts.ruby.value.copyBeforeBundle, ['.ruby-version']);
    assert.deepEqual(facts.redis.value.reasons, [
      'sidekiq jobs (Gemfile.lock)',
      'redis_cache_store (config/environments/production.rb)',
      'Action Cable redis adapter (config/cable.yml)',
    ]);
    assert.equal(facts.libvips.value, true);
    const docker = facts.docker.value;
    assert.equal(docker.hasEntrypoint, true);
    assert.deepEqual(docker.dockerignoreGaps, []);
    assert.equal(docker.dockerfile?.rubyVersion, '3.3.6');
    assert.deepEqual(docker.dockerfile?.exposedPorts, [3000]);
    assert.deepEqual(docker.dockerfile?.findings.map((f) => f.file), ['bin/docker-entrypoint']);
    assert.match(docker.dockerfile?.findings[0]?.problem ?? '', /migrations on every boot/);
  });

  it('rails71-yarn3: yarn berry through corepack, build scripts, bundler gems, node from .tool-versions, Procfile worker', () => {
    const node = detect(fixture('rails71-yarn3')).node.value;
    assert.deepEqual(
      [node.packageManagerSpec, node.lockfile, node.nodeVersion, node.buildScript, node.installFiles, node.bundlerGems],
      ['yarn@3.6.4', 'yarn.lock', '20.18.1', 'build', ['package.json', 'yarn.lock', '.yarnrc.yml'], ['jsbundling-rails', 'cssbundling-rails']],
    );
    assert.deepEqual(detect(fixture('rails71-yarn3')).jobs.value.procfileWorkers, [{ name: 'worker', command: 'bundle exec good_job start' }]);
  });

  it('rails70-no-up: the route to add is a Rack endpoint (no rails/health before 7.1); 7.1+ gets rails/health#show', () => {
    assert.equal(detect(fixture('rails70-no-up')).health.value.routeToAdd, RACK_HEALTH_ROUTE);
    const files = { 'config/application.rb': 'module Shop\nend\n', 'Gemfile.lock': lock('7.1.3', 'pg'), '.ruby-version': '3.3.0', 'config/routes.rb': 'Rails.application.routes.draw do\n  root "home#index"\nend\n' };
    assert.equal(detectRepo(memoryRepo(files)).health.value.routeToAdd, RAILS_HEALTH_ROUTE);
  });

  it('mysql-trilogy: API-only skips assets; gems from git are listed', () => {
    const facts = detect(fixture('mysql-trilogy'));
    assert.equal(facts.apiOnly.value, true);
    assert.equal(facts.precompileAssets.value, false);
    assert.deepEqual(facts.gitGems.value, ['api-pagination']);
    assert.equal(facts.database.value.engine, 'mysql');
  });

  it('sample-db-yml: only the .sample exists, bun with its pinned version', () => {
    const facts = detect(fixture('sample-db-yml'));
    assert.equal(facts.database.value.sampleFile, 'config/database.yml.sample');
    assert.equal(facts.node.value.bunVersion, '1.2.5');
    assert.deepEqual(facts.node.value.installFiles, ['package.json', 'bun.lock']);
    assert.match(facts.warnings.join('\n'), /config\/database\.yml\.sample/);
  });

  it('a read replica (replica: true) in database.yml is not an extra database: no URL of its own', () => {
    const yml = [
      'production:',
      '  primary:',
      '    adapter: postgresql',
      '    database: shop_production',
      '  primary_replica:',
      '    adapter: postgresql',
      '    database: shop_production',
      '    replica: true',
      '  cache:',
      '    adapter: postgresql',
      '    database: shop_production_cache',
      '    migrations_paths: db/cache_migrate',
      '  cache_replica:',
      '    adapter: postgresql',
      '    database: shop_production_cache',
      '    replica: true',
      '',
    ].join('\n');
    const facts = detectRepo(memoryRepo(app({ 'config/database.yml': yml })));
    assert.deepEqual(facts.database.value.extraDatabases, [{ name: 'cache', envVar: 'CACHE_DATABASE_URL', migrationsPaths: 'db/cache_migrate' }]);
  });

  it('the example app (examples/bookshelf) is detected', () => {
    const facts = detect(join(REPO_ROOT, 'examples/bookshelf'));
    assert.equal(facts.database.value.extraDatabases.length, 3);
    assert.equal(facts.server.value.kind, 'thruster');
  });
});

/** A minimal but well-formed Gemfile.lock locking rails and the given gems. */
function lock(rails: string, ...gems: string[]): string {
  const specs = [`    rails (${rails})`, `    railties (${rails})`, ...gems.map((gem) => `    ${gem} (1.0.0)`)].join('\n');
  return `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs}\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  rails\n\nBUNDLED WITH\n   2.6.9\n`;
}

function app(extra: Record<string, string>): Record<string, string> {
  return { 'config/application.rb': 'module Shop\n  class Application < Rails::Application\n  end\nend\n', '.ruby-version': '3.3.6\n', 'Gemfile.lock': lock('8.0.2', 'pg'), ...extra };
}

function throwsInput(fn: () => unknown, field: string, value: unknown, ...allowed: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.deepEqual(error.value, value);
    assert.ok(error.message.includes(field), 'message names the field');
    if (value !== undefined) assert.ok(error.message.includes(JSON.stringify(value)), 'message names the value');
    for (const pattern of allowed) assert.match(error.message, pattern);
    return true;
  });
}

describe('detect(dir): refusals name the field, the value and what is allowed', () => {
  it('sqlite: SQLite in production, with why and the steps to switch', () => {
    throwsInput(() => detect(fixture('sqlite')), 'database adapter', 'sqlite3', /Allowed: postgresql/, /mysql2\/trilogy/, /short-lived tasks/, /gem "pg"/, /adapter: postgresql/);
  });
  it('plain-gem: not a Rails app', () => {
    throwsInput(() => detect(fixture('plain-gem')), 'directory', fixture('plain-gem'), /config\/application\.rb is missing/);
  });
  it('an adapter RDS does not run', () => {
    const files = app({ 'config/database.yml': 'production:\n  adapter: sqlserver\n  database: shop\n' });
    throwsInput(() => detectRepo(memoryRepo(files)), 'database adapter', 'sqlserver', /postgresql/, /PostgreSQL or MySQL only/);
  });
  it('two database gems and no database.yml to choose', () => {
    throwsInput(() => detectRepo(memoryRepo(app({ 'Gemfile.lock': lock('8.0.2', 'pg', 'mysql2') }))), 'database adapter', 'pg and mysql2', /set `adapter:` under production/);
  });
  it('no database at all', () => {
    throwsInput(() => detectRepo(memoryRepo(app({ 'Gemfile.lock': lock('8.0.2') }))), 'database adapter', undefined, /none of pg, mysql2, trilogy/);
  });
  it('a Puma port below 1024', () => {
    throwsInput(() => detectRepo(memoryRepo(app({ 'config/puma.rb': 'port 80\n' }))), 'Puma port', 80, /1024 or above/, /ENV\.fetch\("PORT", 3000\)/);
  });
  it('no Gemfile.lock', () => {
    const files = app({ Gemfile: 'source "https://rubygems.org"\ngem "rails"\n' });
    delete files['Gemfile.lock'];
    throwsInput(() => detectRepo(memoryRepo(files, '/srv/shop')), 'directory', '/srv/shop', /bundle lock/);
  });
  it('no Ruby version anywhere', () => {
    const files = app({});
    delete files['.ruby-version'];
    throwsInput(() => detectRepo(memoryRepo(files)), 'Ruby version', undefined, /\.ruby-version/, /RUBY VERSION/);
  });
});

describe('detect helpers', () => {
  it('reads ERB before parsing YAML, keeping merge keys', () => {
    const text = 'default: &d\n  adapter: postgresql\n  pool: <%= ENV.fetch("X") { 5 } %>\n  host: <%= Rails.application.credentials.db_host %>\n<% if true %>\nproduction:\n  <<: *d\n  database: x\n<% end %>\n';
    assert.doesNotMatch(stripErb(text), /<%/);
    const expected = { adapter: 'postgresql', pool: 5, host: '__erb__' };
    assert.deepEqual(parseErbYaml(text), { default: expected, production: { ...expected, database: 'x' } });
  });
  it('reads lockfile versions without platform suffixes', () => {
    const parsed = parseLockfile(readFileSync(join(FIXTURES, 'rails81-solid/Gemfile.lock'), 'utf8'));
    assert.equal(parsed.gems.get('pg'), '1.6.2');
    assert.equal(parsed.gems.get('nokogiri'), '1.18.9');
    assert.equal(parsed.rubyVersion, '3.4.7');
  });
  it('platform warnings give the exact fix command per CPU architecture', () => {
    assert.deepEqual(platformWarnings(['aarch64-linux', 'x86_64-linux'], 'arm64'), []);
    assert.deepEqual(platformWarnings(['x86_64-linux-gnu'], 'x86_64'), []);
    assert.match(platformWarnings(['arm64-darwin-23', 'x86_64-linux'], 'arm64')[0] ?? '', /`bundle lock --add-platform aarch64-linux`/);
    const [warning] = platformWarnings(['arm64-darwin-23'], 'x86_64');
    assert.match(warning ?? '', /`bundle lock --add-platform x86_64-linux`/);
    assert.match(warning ?? '', /refuses to run in deployment mode/);
    assert.match(platformWarnings(['ruby'], 'x86_64')[0] ?? '', /compiled from source/);
  });
  it('classifies Rails-generated Dockerfiles by their markers', () => {
    const rails81 = 'FROM docker.io/library/ruby:$RUBY_VERSION-slim AS base\nRUN ln -s x /usr/local/lib/libjemalloc.so\nCOPY --chown=rails:rails --from=build /rails /rails\n';
    const rails80 = '# syntax=docker/dockerfile:1\n# check=error=true\nFROM docker.io/library/ruby:$RUBY_VERSION-slim AS base\n';
    const rails71 = 'FROM registry.docker.com/library/ruby:$RUBY_VERSION-slim as base\nRUN useradd rails --create-home --shell /bin/bash\n';
    assert.deepEqual([rails81, rails80, rails71, 'FROM ruby:3.3\n'].map((t) => classifyDockerfile(t)), ['rails-8.1', 'rails-8.0', 'rails-7.1', 'custom']);
    assert.equal(classifyDockerfile(rails71, memoryRepo({ 'config/dockerfile.yml': 'options: {}\n' })), 'dockerfile-rails');
  });
  it('finds the secrets an existing .dockerignore lets through', () => {
    assert.deepEqual(dockerignoreGaps('/.git\n/log/*\n'), ['/config/master.key', '/config/credentials/*.key', '/.env*']);
    assert.deepEqual(dockerignoreGaps('config/master.key\nconfig/credentials/*.key\n.env*\n'), []);
  });
});

describe('src/rails and src/docker stay pure', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
    });
  const files = [...sources(join(REPO_ROOT, 'src/rails')), ...sources(join(REPO_ROOT, 'src/docker'))];

  it('has source files to check', () => assert.ok(files.length >= 15, `found ${files.length}`));
  for (const file of files) {
    const rel = file.slice(REPO_ROOT.length);
    it(`${rel}: no Yeoman import; only repo.ts reads the disk`, () => {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from ['"](yeoman-generator|yeoman-environment|@yeoman\/[^'"]+|yeoman-test)['"]/);
      if (!rel.endsWith('src/rails/repo.ts')) assert.doesNotMatch(text, /from ['"]node:fs['"]|from ['"]fs['"]/);
    });
  }
});

describe('existing Dockerfile findings', () => {
  // Dockerfile text -> the problems reported (by their first words).
  const cases: [string, string, RegExp[]][] = [
    ['complete', 'FROM ruby:3.3-slim\nRUN apt-get install -y curl libjemalloc2\nUSER 1000:1000\nEXPOSE 3000\n', []],
    ['no curl for the health check', 'FROM ruby:3.3-slim\nRUN apt-get install -y libjemalloc2\nUSER 1000\nEXPOSE 3000\n', [/^curl is not installed/]],
    ['root, port 80, no jemalloc', 'FROM ruby:3.3-slim\nRUN apt-get install -y curl\nEXPOSE 80\n', [/^EXPOSE 80/, /^no jemalloc/, /^runs as root/]],
  ];
  for (const [name, dockerfile, expected] of cases) {
    it(name, async () => {
      const { dockerfileFindings } = await import('../src/rails/dockerfile-existing.js');
      const problems = dockerfileFindings(dockerfile, undefined, 3000).map((f) => f.problem);
      assert.equal(problems.length, expected.length, problems.join('\n'));
      expected.forEach((re, i) => assert.match(problems[i]!, re));
    });
  }
});

describe('config/database.yml read as Rails reads it, with only our variables set', () => {
  // ERB expression -> what Rails renders with an empty environment (and with the variable set).
  const VALUES: Array<[string, string, string]> = [
    ['ENV.fetch("DB_HOST", "db.internal")', 'db.internal', 'set'],
    ['ENV.fetch("DB_HOST") { "db.internal" }', 'db.internal', 'set'],
    ['ENV["DB_HOST"] || "db.internal"', 'db.internal', 'set'],
    ['ENV["DB_HOST"].presence || "db.internal"', 'db.internal', 'set'],
    ['ENV.fetch("RAILS_MAX_THREADS", 5).to_i', '5', 'set'],
    ['ENV["DB_HOST"]', '', 'set'],
    ['Rails.application.credentials.dig(:db, :host)', '__erb__', '__erb__'],
  ];
  for (const [expr, empty, withVar] of VALUES) {
    it(`<%= ${expr} %> -> ${JSON.stringify(empty)}`, () => {
      assert.equal(renderErb(`host: <%= ${expr} %>`).text, `host: ${empty}`);
      assert.equal(renderErb(`host: <%= ${expr} %>`, { DB_HOST: 'set', RAILS_MAX_THREADS: 'set' }).text, `host: ${withVar}`);
    });
  }

  it('keeps the if/elsif/else branch our variables select, line for line', () => {
    const text = '<% if ENV["DATABASE_URL"].present? %>\na: url\n<% elsif ENV.key?("PGHOST") %>\na: host\n<% else %>\na: sqlite\n<% end %>\n';
    assert.equal(renderErb(text, { DATABASE_URL: 'x' }).text, '\na: url\n\n\n\n\n\n');
    assert.equal(renderErb(text, { PGHOST: 'x' }).text, '\n\n\na: host\n\n\n\n');
    assert.equal(renderErb(text).text, '\n\n\n\n\na: sqlite\n\n');
    assert.equal(renderErb('<% unless Rails.env.production? %>\na: dev\n<% end %>\n').text, '\n\n\n');
  });

  it('erb-database: the adapter chosen by DATABASE_ADAPTER, the DATABASE_URL branch over the SQLite one', () => {
    const db = detect(fixture('erb-database')).database;
    assert.equal(db.value.adapter, 'postgresql');
    assert.deepEqual(db.value.env, { DATABASE_ADAPTER: 'postgresql' });
    assert.match(db.value.evidence ?? '', /^config\/database\.yml:5: `adapter: <%= ENV\.fetch\("DATABASE_ADAPTER", "sqlite3"\) %>`, with DATABASE_ADAPTER=postgresql set in every task$/);
  });

  it('no production section, only DATABASE_URL: the adapter comes from the gem', () => {
    const yml = 'default: &default\n  adapter: postgresql\n  encoding: unicode\n\ndevelopment:\n  <<: *default\n  database: shop_development\n';
    const db = detectRepo(memoryRepo(app({ 'config/database.yml': yml, 'Gemfile.lock': lock('8.0.2', 'pg', 'sqlite3') }))).database;
    assert.deepEqual([db.value.adapter, db.from], ['postgresql', 'Gemfile.lock']);
    assert.match(db.value.evidence ?? '', /no production section/);
  });

  it('Rails 8 databases chosen by env: every database gets its URL variable', () => {
    const yml = [
      'default: &default', '  adapter: postgresql', '  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 3 } %>', '',
      'production:', '  primary: &primary_production', '    <<: *default', '    url: <%= ENV["DATABASE_URL"] %>',
      '<% if ENV["CACHE_DATABASE_URL"] %>', '  cache:', '    <<: *primary_production', '    url: <%= ENV["CACHE_DATABASE_URL"] %>', '    migrations_paths: db/cache_migrate', '<% end %>',
      '<% unless ENV["QUEUE_DATABASE_URL"].blank? %>', '  queue:', '    <<: *primary_production', '    url: <%= ENV["QUEUE_DATABASE_URL"] %>', '    migrations_paths: db/queue_migrate', '<% end %>',
      '  replica:', '    <<: *primary_production', '    replica: true', '',
    ].join('\n');
    const db = detectRepo(memoryRepo(app({ 'config/database.yml': yml }))).database;
    assert.deepEqual(db.value.extraDatabases.map((d) => d.envVar), ['CACHE_DATABASE_URL', 'QUEUE_DATABASE_URL']);
    assert.match(db.value.evidence ?? '', /^config\/database\.yml:2: `adapter: postgresql`$/);
    assert.equal(db.value.warnings, undefined);
    const other = yml.replace('ENV["QUEUE_DATABASE_URL"] %>', 'ENV["SOLID_QUEUE_DATABASE_URL"] %>');
    assert.deepEqual(detectRepo(memoryRepo(app({ 'config/database.yml': other }))).warnings, [
      'config/database.yml: production.queue reads SOLID_QUEUE_DATABASE_URL, but every task sets QUEUE_DATABASE_URL: write url: <%= ENV["QUEUE_DATABASE_URL"] %> there.',
    ]);
  });

  it('SQLite refused with the evidence line and steps from the app\'s own file; no "add pg" when pg is locked', () => {
    const yml = 'production:\n  adapter: sqlite3\n  database: db/shop.sqlite3\n';
    throwsInput(() => detectRepo(memoryRepo(app({ 'config/database.yml': yml }))), 'database adapter', 'sqlite3', /from config\/database\.yml:2: `adapter: sqlite3`/, /remove `database: db\/shop\.sqlite3`/);
    assert.throws(() => detectRepo(memoryRepo(app({ 'config/database.yml': yml }))), (e: Error) => !/gem "pg"/.test(e.message) && !/storage\/production/.test(e.message));
  });
});

describe('the health path: full routes through namespace, scope and draw', () => {
  const routesApp = (routes: string, more: Record<string, string> = {}) => app({ 'config/routes.rb': `Rails.application.routes.draw do\n${routes}\nend\n`, ...more });
  // routes.rb body -> the health check path and how it was found
  const CASES: Array<[string, string, string]> = [
    ['namespace :internal do\n    get \'ping\', to: \'health#ping\'\n  end', 'existing /internal/ping', 'config/routes.rb'],
    ['scope "ops" do\n    get "healthz" => "ops#health"\n  end', 'existing /ops/healthz', 'config/routes.rb'],
    ['scope path: "/monitoring", module: :monitoring do\n    get :status, to: proc { [200, {}, ["ok"]] }\n  end', 'existing /monitoring/status', 'config/routes.rb'],
    ['namespace :api, path: "v" do\n    namespace :system do\n      get "health", to: "checks#show"\n    end\n  end', 'existing /v/system/health', 'config/routes.rb'],
    ['resources :orders do\n    get :status\n  end\n  get "up" => "rails/health#show"', 'rails-health /up', 'config/routes.rb'],
    ['get "status", to: "pages#status"\n  get "health_check" => "health#show"', 'existing /health_check', 'config/routes.rb'],
    ['get "ping", to: proc { |env|\n    [200, {}, ["pong"]]\n  }\n  namespace :admin do\n    get "dashboard" => "dash#show"\n  end', 'existing /ping', 'config/routes.rb'],
    ['scope "(:locale)", locale: /en|de/ do\n    resources :posts\n  end\n  namespace :internal do\n    draw(:monitoring)\n  end', 'rails-health /internal/up', 'config/routes/monitoring.rb'],
  ];
  for (const [routes, expected, from] of CASES) {
    it(`${routes.split('\n')[0]} -> ${expected}`, () => {
      const files = routesApp(routes, { 'config/routes/monitoring.rb': 'get "up" => "rails/health#show", as: :rails_health_check\n' });
      const health = detectRepo(memoryRepo(files)).health;
      assert.equal(`${health.value.kind} ${health.value.path}`, expected);
      assert.equal(health.from, from);
    });
  }

  it('erb-database: `namespace :internal do get \'ping\'` is /internal/ping, a route of the app', () => {
    const facts = detect(fixture('erb-database'));
    assert.deepEqual(facts.health.value, { path: '/internal/ping', kind: 'existing' });
    assert.ok(readRoutes(memoryRepo({ 'config/routes.rb': readFileSync(join(fixture('erb-database'), 'config/routes.rb'), 'utf8') })).some((r) => r.path === facts.health.value.path));
  });
});

describe('the app server: from the production gems, its config file and the Procfile web line', () => {
  const gemfile = (prod: string[], dev: string[]) => `source "https://rubygems.org"\ngem "rails"\n${prod.map((g) => `gem "${g}"\n`).join('')}group :development, :test do\n${dev.map((g) => `  gem "${g}"\n`).join('')}end\n`;
  const server = (files: Record<string, string>, locked: string[]) => {
    const facts = detectRepo(memoryRepo(app({ 'Gemfile.lock': lock('7.2.2', 'pg', ...locked), ...files }))).server.value;
    return `${facts.kind}:${facts.port} ${facts.command.join(' ')}`;
  };

  it('pitchfork-procfile: Pitchfork from the web line, its port from config/pitchfork.rb (puma is development-only)', () => {
    const facts = detect(fixture('pitchfork-procfile')).server;
    assert.deepEqual([facts.value.kind, facts.value.port, facts.value.command.join(' '), facts.from], ['pitchfork', 8080, 'bundle exec pitchfork -c config/pitchfork.rb', 'Procfile']);
  });
  it('unicorn in production, puma only for development: unicorn on its config\'s listen port', () => {
    assert.equal(server({ Gemfile: gemfile(['unicorn'], ['puma']), 'config/unicorn.rb': 'worker_processes 3\nlisten "0.0.0.0:5000", tcp_nopush: true\n' }, ['unicorn', 'puma']), 'unicorn:5000 bundle exec unicorn -c config/unicorn.rb');
  });
  it('unicorn without a listen line listens on 8080, and says so with -p', () => {
    assert.equal(server({ Gemfile: gemfile(['unicorn'], []) }, ['unicorn']), 'unicorn:8080 bundle exec unicorn -p 8080');
  });
  it('falcon from the Procfile web line, $PORT filled in', () => {
    assert.equal(server({ Gemfile: gemfile(['falcon', 'puma'], []), Procfile: 'web: bundle exec falcon serve --bind http://0.0.0.0:$PORT\n' }, ['falcon', 'puma']), 'falcon:3000 bundle exec falcon serve --bind http://0.0.0.0:3000');
  });
  it('puma from a Procfile web line with its own port', () => {
    assert.equal(server({ Gemfile: gemfile(['puma'], []), Procfile: 'web: bundle exec puma -C config/puma.rb -p 5000\n' }, ['puma']), 'puma:5000 bundle exec puma -C config/puma.rb -p 5000');
  });
  it('puma only in development/test and no other server: refused, naming the Gemfile and the fix', () => {
    throwsInput(() => detectRepo(memoryRepo(app({ Gemfile: gemfile([], ['puma']), 'Gemfile.lock': lock('7.2.2', 'pg', 'puma') }))), 'app server', 'puma', /development\/test group/, /move `gem "puma"`/);
  });
});

describe('the Procfile: each process a proposed worker, its command verbatim; release is the migration', () => {
  it('pitchfork-procfile: sidekiq -C, clockwork and rails runner as written; release runs the migration', () => {
    const inputs = appInputs(detect(fixture('pitchfork-procfile')));
    assert.deepEqual(inputs.jobs?.command, ['bundle', 'exec', 'sidekiq', '-C', 'config/sidekiq.yml']);
    assert.deepEqual(inputs.migrateCommand, ['bin/rails', 'db:migrate']);
    const workers = seedWorkers('sidekiq', inputs.jobs, inputs.processes);
    assert.deepEqual(Object.fromEntries(Object.entries(workers).map(([name, w]) => [name, w.command.join(' ')])), {
      clock: 'bundle exec clockwork config/clock.rb',
      feeds: 'bin/rails runner SupplierFeed.poll_forever',
      worker: 'bundle exec sidekiq -C config/sidekiq.yml',
    });
    assert.deepEqual(Object.keys(seedWorkers('none', inputs.jobs, inputs.processes)), ['clock', 'feeds'], 'no sidekiq process when the answer is none');
  });
  it('a backend with no Procfile line still gets its usual worker', () => {
    assert.deepEqual(Object.keys(seedWorkers('sidekiq', undefined, [{ name: 'clock', command: ['bundle', 'exec', 'clockwork', 'clock.rb'] }])), ['clock', 'sidekiq']);
  });
  it('commands are exec words; shell syntax runs under sh -c', () => {
    assert.deepEqual(procfileCommand('bundle exec sidekiq -q critical -q "low priority"'), ['bundle', 'exec', 'sidekiq', '-q', 'critical', '-q', 'low priority']);
    assert.deepEqual(procfileCommand('bin/rails runner "Feed.poll" && echo done'), ['sh', '-c', 'bin/rails runner "Feed.poll" && echo done']);
    assert.deepEqual(procfileCommand('bundle exec sidekiq -c $SIDEKIQ_CONCURRENCY'), ['sh', '-c', 'bundle exec sidekiq -c $SIDEKIQ_CONCURRENCY']);
  });
});

describe('a worker the app can run: its backend gem is locked; one that needs Redis adds Redis', () => {
  const sidekiq = { mailers: { command: ['bundle', 'exec', 'sidekiq', '-q', 'mailers'], cpu: 512, memory: 1024, count: 1 } };
  it('refuses a sidekiq worker without the sidekiq gem, naming the worker and the fix', () => {
    throwsInput(() => checkWorkerGems('none', sidekiq, new Set(['rails', 'pg'])), 'workers.mailers.command', 'bundle exec sidekiq -q mailers', /does not lock sidekiq/, /Add `gem "sidekiq"`/, /Redis/);
    assert.doesNotThrow(() => checkWorkerGems('sidekiq', sidekiq, new Set(['rails', 'pg', 'sidekiq'])));
  });
  it('a sidekiq worker adds Redis even when the app itself does not use it', () => {
    const inputs = appInputs(detect(fixture('rails70-no-up')));
    assert.equal(needsRedis({ worker: 'none' }, inputs), false);
    assert.equal(needsRedis({ worker: 'none' }, inputs, sidekiq), true);
  });
});

describe('SSL and hosts switches: the app\'s own variables, warnings only when plain HTTP really breaks', () => {
  const config = (production: string, health = 'get "up" => "rails/health#show"') =>
    detectRepo(memoryRepo(app({ 'config/environments/production.rb': `Rails.application.configure do\n${production}\nend\n`, 'config/routes.rb': `Rails.application.routes.draw do\n  ${health}\nend\n` }))).production.value;
  // production.rb lines -> [the switches the task sets (on = with a domain, off = without), the problems' first words]
  const CASES: Array<[string, string, { on: Record<string, string>; off: Record<string, string> } | undefined, string[]]> = [
    ['FORCE_SSL present? (off by default)', '  config.assume_ssl = ENV["FORCE_SSL"].present?\n  config.force_ssl = ENV["FORCE_SSL"].present?', { on: { FORCE_SSL: 'true' }, off: {} }, []],
    ['DISABLE_SSL (on by default)', '  config.assume_ssl = ENV["DISABLE_SSL"].blank?\n  config.force_ssl = ENV["DISABLE_SSL"].blank?', { on: {}, off: { DISABLE_SSL: 'true' } }, []],
    ['RAILS_FORCE_SSL fetched with "true"', '  config.assume_ssl = true\n  config.force_ssl = ENV.fetch("RAILS_FORCE_SSL", "true") == "true"', { on: {}, off: { RAILS_FORCE_SSL: 'false' } }, []],
    ['assume_ssl fetched with true: no 301', '  config.assume_ssl = ENV.fetch("RAILS_ASSUME_SSL", true)\n  config.force_ssl = true', undefined, []],
    ['a multi-line redirect exclusion that covers the health path', '  config.force_ssl = true\n  config.ssl_options = {\n    redirect: {\n      exclude: ->(request) { request.path.start_with?("/up") }\n    }\n  }', undefined, []],
    ['a multi-line redirect exclusion for another path', '  config.force_ssl = true\n  config.ssl_options = {\n    redirect: {\n      exclude: ->(request) { request.path == "/status" }\n    }\n  }', undefined, ['config.force_ssl is on']],
    ['hosts from a variable, empty when unset', '  config.hosts = ENV.fetch("APP_HOSTS", "").split(",")', undefined, []],
    ['a literal host and a multi-line exclusion for the health path', '  config.hosts << "shop.example.com"\n  config.host_authorization = {\n    exclude: ->(request) { request.path == "/up" }\n  }', undefined, []],
    ['a literal host, no exclusion', '  config.hosts << "shop.example.com"', undefined, ['config.hosts is set']],
  ];
  for (const [title, lines, switches, problems] of CASES) {
    it(title, () => {
      const production = config(lines);
      assert.deepEqual(production.sslSwitches, switches);
      assert.deepEqual(production.problems.map((p) => p.problem.split(' ').slice(0, 3).join(' ')), problems);
    });
  }
});

describe('an existing Dockerfile: advice in its base image\'s own terms', () => {
  it('tells the base family from the final stage', () => {
    assert.deepEqual(
      ['ARG RUBY_VERSION=3.4.5\nFROM ruby:${RUBY_VERSION}-alpine3.21 AS build\nFROM ruby:${RUBY_VERSION}-alpine3.21\n', 'FROM ruby:3.3-slim\n', 'FROM docker.io/library/ruby:$RUBY_VERSION-slim AS base\nFROM base\nRUN apt-get update\n', 'FROM ruby:3.3-alpine AS base\nFROM base\nRUN apk add curl\n', 'FROM ghcr.io/acme/rails-base:7\n'].map(baseFamily),
      ['alpine', 'debian', 'debian', 'alpine', 'other'],
    );
  });
  it('alpine-docker: apk and musl, not apt-get and glibc; the kept Dockerfile never calls an entrypoint', () => {
    const docker = detect(fixture('alpine-docker')).docker.value.dockerfile!;
    assert.deepEqual([docker.base, docker.callsEntrypoint], ['alpine', false]);
    const advice = docker.findings.map((f) => `${f.problem} ${f.fix}`).join('\n');
    assert.match(advice, /apk add --no-cache jemalloc/);
    assert.match(advice, /apk add --no-cache curl/);
    assert.match(advice, /adduser -S -D -u 1000/);
    assert.match(advice, /musl malloc/);
    assert.doesNotMatch(advice, /apt-get|glibc|libjemalloc2/);
  });
  it('an Alpine image needs the musl platform in Gemfile.lock', () => {
    assert.match(platformWarnings(['x86_64-linux'], 'x86_64', 'musl')[0] ?? '', /lacks x86_64-linux-musl, which the x86_64 Alpine \(musl\) image needs.*bundle lock --add-platform x86_64-linux-musl/);
    assert.deepEqual(platformWarnings(['x86_64-linux-musl'], 'x86_64', 'musl'), []);
  });
});

describe('the Gemfile groups the image leaves out', () => {
  it('block groups, group: and groups: options, %i[] lists; a gem also declared for production stays', async () => {
    const { devOnlyGems } = await import('../src/rails/gemfile.js');
    const gemfile = [
      'gem "rails"', 'gem "pg"', 'gem "sqlite3", groups: %i[development test]', 'gem "web-console", group: :development',
      'gem "listen", group: [:development, "test"]', 'group :development, :test do', '  gem "puma"', '  gem "debug"', 'end',
      'group :production do', '  gem "lograge"', 'end', 'group :test do', '  gem "pg"', 'end', '',
    ].join('\n');
    assert.deepEqual([...devOnlyGems(gemfile)].sort(), ['debug', 'listen', 'puma', 'sqlite3', 'web-console']);
  });
});

describe('detection details, one line each', () => {
  const facts = (extra: Record<string, string>) => detectRepo(memoryRepo(app(extra)));
  const db = (yml: string, lockGems = ['pg']) => facts({ 'config/database.yml': yml, 'Gemfile.lock': lock('8.0.2', ...lockGems) }).database;

  it('derives the app name from the module: dashes at case changes, lowercase, at most 32 characters', () => {
    const table: [string, string][] = [
      ['BookShelf', 'book-shelf'], ['HRApp2', 'hr-app2'], ['Shop', 'shop'], ['ABCDef', 'abc-def'], ['My_App', 'my-app'],
      ['A__B', 'a-b'], ['Api2Go', 'api2-go'], ['X'.repeat(40), 'x'.repeat(32)], ['___', 'app'],
      // Cut at 32 characters, then no trailing dash.
      ['Abcdefghijklmnopqrstuvwxyz12345Xyz', 'abcdefghijklmnopqrstuvwxyz12345'],
    ];
    for (const [module, name] of table) assert.equal(appNameFromModule(module), name, module);
  });

  it('reads a locked version by exact gem name (dots are not wildcards)', () => {
    assert.equal(lockedVersion(lock('8.0.2', 'sprockets-rails'), 'sprockets-rails'), '1.0.0');
    assert.equal(lockedVersion(lock('8.0.2'), 'rails'), '8.0.2');
    assert.equal(lockedVersion(lock('8.0.2'), 'rail'), undefined);
    assert.equal(lockedVersion(lock('8.0.2', 'fooxbar'), 'foo.bar'), undefined);
  });

  it('takes the Rails version from railties when rails itself is not locked', () => {
    const railtiesOnly = lock('8.0.2', 'pg').replace('    rails (8.0.2)\n', '').replace('railties (8.0.2)', 'railties (7.2.1)');
    assert.equal(facts({ 'Gemfile.lock': railtiesOnly }).railsVersion.value, '7.2.1');
    const neither = lock('8.0.2', 'pg').replace('    rails (8.0.2)\n', '').replace('    railties (8.0.2)\n', '');
    throwsInput(() => facts({ 'Gemfile.lock': neither }), 'directory', '(memory)', /Gemfile\.lock locks neither rails nor railties\.$/);
  });

  it('without Gemfile.lock, says whether the Gemfile names rails', () => {
    const noLock = (gemfile: string) => () => detectRepo(memoryRepo({ 'config/application.rb': 'module Shop\nend\n', Gemfile: gemfile }));
    throwsInput(noLock("source 'x'\n  gem 'rails', '~> 8.0'\n"), 'directory', '(memory)', /Gemfile\.lock is missing: run `bundle lock` and commit it/);
    throwsInput(noLock("source 'x'\ngem 'sinatra'\n# gem 'rails'\n"), 'directory', '(memory)', /neither Gemfile\.lock nor Gemfile names rails or railties\.$/);
  });

  it('needs a module line; it may be indented; api_only counts unless commented out', () => {
    throwsInput(() => facts({ 'config/application.rb': 'class Shop\nend\n' }), 'config/application.rb', '(memory)', /a file that declares `module YourApp`/);
    const indented = facts({ 'config/application.rb': '  module   HRApp2  \n  class Application < Rails::Application\n    config.api_only = true\n  end\nend\n' });
    assert.equal(indented.appName.value, 'hr-app2');
    assert.deepEqual(indented.apiOnly, { value: true, from: 'config/application.rb' });
    assert.deepEqual(indented.precompileAssets, { value: false, from: 'config/application.rb' });
    const commented = facts({ 'config/application.rb': 'module Shop\n  # config.api_only = true\nend\n', 'Gemfile.lock': lock('8.0.2', 'pg', 'propshaft') });
    assert.equal(commented.apiOnly.value, false);
    assert.deepEqual(commented.precompileAssets, { value: true, from: 'Gemfile.lock' });
    assert.deepEqual(facts({}).precompileAssets, { value: false, from: 'Gemfile.lock' }, 'no asset gem, nothing to precompile');
  });

  it('warns about a Bundler 1 lockfile, and only then', () => {
    const old = lock('8.0.2', 'pg').replace('   2.6.9', '   1.17.2');
    assert.deepEqual(facts({ 'Gemfile.lock': old }).warnings, [
      "Gemfile.lock was written by Bundler 1.17.2: run `bundle update --bundler` so the image's Bundler 2 installs it as locked.",
    ]);
    assert.deepEqual(facts({}).warnings, []);
  });

  it('database.yml: url schemes, an ERB adapter, no production entry, the first named entry as primary', () => {
    assert.deepEqual(db('production:\n  url: postgres://u@h/db\n'), { value: { engine: 'postgresql', adapter: 'postgresql', extraDatabases: [], evidence: 'config/database.yml' }, from: 'config/database.yml' });
    assert.deepEqual(db('production:\n  url: mysql://u@h/db\n').value.adapter, 'mysql2');
    assert.deepEqual(db('production:\n  url: trilogy://u@h/db\n').value, { engine: 'mysql', adapter: 'trilogy', extraDatabases: [], evidence: 'config/database.yml' });
    assert.deepEqual(db('production:\n  url: <%= ENV["DATABASE_URL"] %>\n  adapter: postgis\n').value.adapter, 'postgis');
    // An adapter chosen by a variable: a supported one, which every task sets.
    assert.deepEqual(db('production:\n  adapter: <%= ENV["DB_ADAPTER"] %>\n  database: shop\n'), {
      value: {
        engine: 'postgresql', adapter: 'postgresql', extraDatabases: [], env: { DB_ADAPTER: 'postgresql' },
        evidence: 'config/database.yml:2: `adapter: <%= ENV["DB_ADAPTER"] %>`, with DB_ADAPTER=postgresql set in every task',
      },
      from: 'config/database.yml',
    });
    // A database name alone, or no production entry: the lockfile decides.
    for (const [yml, evidence] of [
      ['production:\n  database: shop\n', 'Gemfile.lock gem pg; config/database.yml production names no adapter (DATABASE_URL sets it)'],
      ['development:\n  adapter: sqlite3\n', 'Gemfile.lock gem pg; config/database.yml has no production section (DATABASE_URL configures it)'],
      ['production: 3\n', 'Gemfile.lock gem pg; config/database.yml has no production section (DATABASE_URL configures it)'],
    ]) {
      assert.deepEqual(db(yml!), { value: { engine: 'postgresql', adapter: 'postgresql', extraDatabases: [], evidence }, from: 'Gemfile.lock' }, yml);
    }
    assert.deepEqual(db('production:\n  main:\n    adapter: postgresql\n  solid-cache.store:\n    adapter: postgresql\n').value.extraDatabases, [
      { name: 'solid-cache.store', envVar: 'SOLID_CACHE_STORE_DATABASE_URL' },
    ]);
  });

  it('refuses SQLite by either name, an extra database on another engine, and three server gems', () => {
    throwsInput(() => db('production:\n  adapter: sqlite\n  database: x\n'), 'database adapter', 'sqlite', /\(from config\/database\.yml:2: `adapter: sqlite`\)/, /short-lived tasks/);
    throwsInput(() => facts({ 'Gemfile.lock': lock('8.0.2', 'sqlite3') }), 'database adapter', 'sqlite3', /\(from Gemfile\.lock\)/, /short-lived tasks/);
    throwsInput(
      () => db('production:\n  primary:\n    adapter: postgresql\n  cache:\n    adapter: mysql2\n'),
      'database adapter', 'mysql2', /\(from config\/database\.yml \(production\.cache\)\)/, /PostgreSQL or MySQL only\.$/,
    );
    throwsInput(() => facts({ 'Gemfile.lock': lock('8.0.2', 'pg', 'mysql2', 'trilogy') }), 'database adapter', 'pg and mysql2 and trilogy', /\(from Gemfile\.lock\)/, /one production database/);
  });

  it('the lockfile: SQLite beside a server is dev-only; mysql2 and trilogy together are one MySQL', () => {
    assert.deepEqual(facts({ 'Gemfile.lock': lock('8.0.2', 'pg', 'sqlite3') }).database.value, {
      engine: 'postgresql', adapter: 'postgresql', extraDatabases: [], evidence: 'Gemfile.lock gem pg; no config/database.yml',
    });
    assert.deepEqual(facts({ 'Gemfile.lock': lock('8.0.2', 'mysql2', 'trilogy') }).database.value, {
      engine: 'mysql', adapter: 'mysql2', extraDatabases: [], evidence: 'Gemfile.lock gem mysql2; no config/database.yml',
    });
  });

  it('a database.yml.example only: copied into the image, and said so', () => {
    const sample = facts({ 'config/database.yml.example': 'production:\n  adapter: postgresql\n' });
    assert.deepEqual(sample.database, {
      value: {
        engine: 'postgresql', adapter: 'postgresql', extraDatabases: [], sampleFile: 'config/database.yml.example',
        evidence: 'config/database.yml.example:2: `adapter: postgresql`',
      },
      from: 'config/database.yml.example',
    });
    assert.deepEqual(sample.warnings, [
      'config/database.yml is missing (gitignored?): the image copies config/database.yml.example to config/database.yml, and DATABASE_URL configures the primary database.',
    ]);
  });
});

describe('detection details found by mutation testing', () => {
  const facts = (extra: Record<string, string>) => detectRepo(memoryRepo(app(extra)));

  it('warns when Puma runs Solid Queue unconditionally, not when an env var gates it', () => {
    const solid = { 'Gemfile.lock': lock('8.0.2', 'pg', 'solid_queue') };
    assert.deepEqual(facts({ ...solid, 'config/puma.rb': 'plugin :solid_queue\n' }).warnings, [
      'config/puma.rb runs Solid Queue inside Puma unconditionally: every web task also runs jobs. Make it `plugin :solid_queue if ENV["SOLID_QUEUE_IN_PUMA"]` to run jobs in the worker service only.',
    ]);
    assert.deepEqual(facts({ ...solid, 'config/puma.rb': 'plugin :solid_queue if ENV["SOLID_QUEUE_IN_PUMA"]\n' }).warnings, []);
  });

  it('api_only needs its own line, with or without spaces; Bundler 2.1 is not Bundler 1', () => {
    assert.equal(facts({ 'config/application.rb': 'module Shop\n  config.api_only=true\nend\n' }).apiOnly.value, true);
    assert.equal(facts({ 'config/application.rb': 'module Shop\n  other_config.api_only = true\nend\n' }).apiOnly.value, false);
    assert.deepEqual(facts({ 'Gemfile.lock': lock('8.0.2', 'pg').replace('   2.6.9', '   2.1.4') }).warnings, []);
    assert.equal(appNameFromModule('99Bottles'), 'bottles');
  });

  it('the primary database is the one named primary, wherever it is listed', () => {
    const yml = 'production:\n  cache:\n    adapter: postgresql\n  primary:\n    adapter: postgresql\n';
    assert.deepEqual(facts({ 'config/database.yml': yml }).database.value.extraDatabases, [{ name: 'cache', envVar: 'CACHE_DATABASE_URL' }]);
  });

  it('pg with mysql2 is two databases: refused', () => {
    throwsInput(() => facts({ 'Gemfile.lock': lock('8.0.2', 'pg', 'mysql2') }), 'database adapter', 'pg and mysql2', /one production database/);
  });

  it('no adapter anywhere, with a database.yml: the refusal points at it', () => {
    const files = { 'config/database.yml': 'development:\n  adapter: postgresql\n', 'Gemfile.lock': lock('8.0.2') };
    throwsInput(() => facts(files), 'database adapter', undefined, /\(from config\/database\.yml\)/, /none of pg, mysql2, trilogy in Gemfile\.lock/);
  });

  it('a production entry with neither a database key nor named databases falls back to the lockfile', () => {
    assert.deepEqual(facts({ 'config/database.yml': 'production:\n  pool: 5\n' }).database, {
      value: { engine: 'postgresql', adapter: 'postgresql', extraDatabases: [], evidence: 'Gemfile.lock gem pg; config/database.yml production names no adapter (DATABASE_URL sets it)' },
      from: 'Gemfile.lock',
    });
  });

  it('no database.yml and no database gem: the refusal points at Gemfile.lock', () => {
    throwsInput(() => facts({ 'Gemfile.lock': lock('8.0.2') }), 'database adapter', undefined, /\(from Gemfile\.lock\)/);
  });

  it('a Gemfile naming rails with extra spaces still counts', () => {
    const noLock = () => detectRepo(memoryRepo({ 'config/application.rb': 'module Shop\nend\n', Gemfile: 'gem   "rails", "~> 8.0"\n' }));
    throwsInput(noLock, 'directory', '(memory)', /Gemfile\.lock is missing/);
  });

  it('a url: that is only ERB names no adapter: the lockfile decides', () => {
    assert.deepEqual(facts({ 'config/database.yml': 'production:\n  url: <%= ENV["DATABASE_URL"] %>\n' }).database, {
      value: { engine: 'postgresql', adapter: 'postgresql', extraDatabases: [], evidence: 'Gemfile.lock gem pg; config/database.yml production names no adapter (DATABASE_URL sets it)' },
      from: 'Gemfile.lock',
    });
  });
});

