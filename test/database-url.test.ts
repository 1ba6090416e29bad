import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  databaseUrl,
  databaseUrls,
  databaseUrlSecretString,
  databaseUrlScript,
  encodeUrlComponent,
  extraDatabaseEnvName,
  RDS_CA_PATH,
  shellQuote,
  withDatabaseUrl,
} from '../src/stacks/database-url.js';
import type { DatabaseAdapter } from '../src/stacks/database-url.js';

const NASTY = '@:/?#%&+';
const PASSWORDS = [
  NASTY,
  `p@ss:w/rd?x#y%z&a+b`,
  `sp ace 'single' "double" $HOME \`tick\` \\back *star [br] !bang (par) ~tilde`,
  'line\nbreak\ttab',
  'ünïcødé-€',
  '%41%',
];

/** Some PASSWORDS percent-encoded by hand (RFC 3986: all but A-Z a-z 0-9 - . _ ~, UTF-8 bytes). */
const ENCODED: Readonly<Record<string, string>> = {
  'p@ss:w/rd?x#y%z&a+b': 'p%40ss%3Aw%2Frd%3Fx%23y%25z%26a%2Bb',
  'line\nbreak\ttab': 'line%0Abreak%09tab',
  'ünïcødé-€': '%C3%BCn%C3%AFc%C3%B8d%C3%A9-%E2%82%AC',
  '%41%': '%2541%25',
};

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** CI (.ci/run, CI=true) installs these: there a missing one fails its tests instead of making them vanish. */
const IN_CI = process.env.CI === 'true';
const CI_TOOLS = new Set(['busybox', 'ruby']);
const mustRun = (name: string): boolean => hasCommand(name) || (IN_CI && CI_TOOLS.has(name));

/** What a database client sees after parsing the URL. */
function parse(url: string) {
  const parsed = new URL(url);
  return {
    scheme: parsed.protocol,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    host: parsed.hostname,
    port: parsed.port,
    name: decodeURIComponent(parsed.pathname.slice(1)),
  };
}

describe('databaseUrl', () => {
  for (const password of PASSWORDS) {
    it(`a password like ${JSON.stringify(password)} parses back to the right host, port, user and password`, () => {
      const url = databaseUrl({ adapter: 'postgresql', user: 'book:shelf@x', password, host: 'db.abc.us-east-1.rds.amazonaws.com', port: 5432, name: 'bookshelf' });
      assert.deepEqual(parse(url), {
        scheme: 'postgres:',
        user: 'book:shelf@x',
        password,
        host: 'db.abc.us-east-1.rds.amazonaws.com',
        port: '5432',
        name: 'bookshelf',
      });
    });
  }

  it('names the app\'s own adapter in the scheme (Rails takes the adapter from it): postgres, postgis, mysql2, trilogy', () => {
    const parts = { user: 'u', password: 'p', host: 'h', port: 3306, name: 'n' };
    assert.equal(databaseUrl({ ...parts, adapter: 'postgresql' }), 'postgres://u:p@h:3306/n?sslmode=verify-full&sslrootcert=/rails/config/rds-ca.pem');
    assert.equal(databaseUrl({ ...parts, adapter: 'postgis' }), 'postgis://u:p@h:3306/n?sslmode=verify-full&sslrootcert=/rails/config/rds-ca.pem');
    assert.equal(databaseUrl({ ...parts, adapter: 'mysql2' }), 'mysql2://u:p@h:3306/n?ssl_mode=verify_identity&sslca=/rails/config/rds-ca.pem');
    assert.equal(databaseUrl({ ...parts, adapter: 'trilogy' }), 'trilogy://u:p@h:3306/n?ssl=true&ssl_mode=VERIFY_IDENTITY&ssl_ca=/rails/config/rds-ca.pem');
  });

  it('every adapter verifies the server: TLS against the RDS bundle the image holds, and the host name', () => {
    const parts = { user: 'u', password: 'p', host: 'h', port: 5432, name: 'n' };
    const query = (adapter: DatabaseAdapter) => Object.fromEntries(new URL(databaseUrl({ ...parts, adapter })).searchParams);
    // libpq (pg): verify-full checks the chain and the host name.
    assert.deepEqual(query('postgresql'), { sslmode: 'verify-full', sslrootcert: RDS_CA_PATH });
    assert.deepEqual(query('postgis'), { sslmode: 'verify-full', sslrootcert: RDS_CA_PATH });
    // Mysql2::Client options ssl_mode and sslca.
    assert.deepEqual(query('mysql2'), { ssl_mode: 'verify_identity', sslca: RDS_CA_PATH });
    // Trilogy options: ssl, ssl_mode (Rails maps VERIFY_IDENTITY to Trilogy::SSL_VERIFY_IDENTITY), ssl_ca.
    assert.deepEqual(query('trilogy'), { ssl: 'true', ssl_mode: 'VERIFY_IDENTITY', ssl_ca: RDS_CA_PATH });
    assert.equal(RDS_CA_PATH, '/rails/config/rds-ca.pem');
  });

  it('without the bundle in the image (the app\'s own Dockerfile), still TLS, unverified', () => {
    const parts = { user: 'u', password: 'p', host: 'h', port: 5432, name: 'n' };
    assert.equal(databaseUrl({ ...parts, adapter: 'postgresql' }, false), 'postgres://u:p@h:5432/n?sslmode=require');
    assert.equal(databaseUrl({ ...parts, adapter: 'mysql2' }, false), 'mysql2://u:p@h:5432/n?ssl_mode=required');
    assert.equal(databaseUrl({ ...parts, adapter: 'trilogy' }, false), 'trilogy://u:p@h:5432/n?ssl=true&ssl_mode=REQUIRED');
    const script = databaseUrlScript('postgresql', [], ['true']);
    assert.ok(script.includes("\nq='?sslmode=verify-full&sslrootcert=/rails/config/rds-ca.pem'\n[ -r /rails/config/rds-ca.pem ] || q='?sslmode=require'\n"), script);
  });

  it('refuses an adapter it has no scheme for, rather than writing undefined://', () => {
    const parts = { user: 'u', password: 'p', host: 'h', port: 3306, name: 'n' };
    assert.throws(() => databaseUrl({ ...parts, adapter: 'sqlite3' as DatabaseAdapter }), /database adapter "sqlite3" must be one of postgresql, postgis, mysql2, trilogy/);
    assert.throws(() => databaseUrlScript('mysql' as DatabaseAdapter, [], ['true']), /database adapter "mysql"/);
  });

  it('encodes every byte but the RFC 3986 unreserved characters, as UTF-8 (table written by hand)', () => {
    for (const [password, encoded] of Object.entries(ENCODED)) assert.equal(encodeUrlComponent(password), encoded, JSON.stringify(password));
  });

  it('encodes everything but the RFC 3986 unreserved characters', () => {
    assert.equal(encodeUrlComponent(`${NASTY} !'()*-._~aZ9`), '%40%3A%2F%3F%23%25%26%2B%20%21%27%28%29%2A-._~aZ9');
  });
});

describe('databaseUrls', () => {
  it('gives each extra Rails database <NAME>_DATABASE_URL pointing at <db>_<name>, with the same credentials', () => {
    const urls = databaseUrls({ adapter: 'postgresql', user: 'app', password: NASTY, host: 'h.example', port: 5432, name: 'bookshelf' }, ['cache', 'queue', 'cable']);
    assert.deepEqual(Object.keys(urls), ['DATABASE_URL', 'CACHE_DATABASE_URL', 'QUEUE_DATABASE_URL', 'CABLE_DATABASE_URL']);
    for (const [name, db] of [['CACHE_DATABASE_URL', 'bookshelf_cache'], ['QUEUE_DATABASE_URL', 'bookshelf_queue'], ['CABLE_DATABASE_URL', 'bookshelf_cable'], ['DATABASE_URL', 'bookshelf']] as const) {
      assert.deepEqual(parse(urls[name]!), { scheme: 'postgres:', user: 'app', password: NASTY, host: 'h.example', port: '5432', name: db });
    }
  });

  it('refuses an extra database name that is not a Rails database key', () => {
    assert.throws(() => extraDatabaseEnvName('Cache'), /extra database name "Cache" must match/);
    assert.throws(() => extraDatabaseEnvName('a b'), /extra database name "a b"/);
    assert.equal(extraDatabaseEnvName('solid_cache'), 'SOLID_CACHE_DATABASE_URL');
  });
});

describe('databaseUrlSecretString (DatabaseUrlSecret, secret mode)', () => {
  it('puts nothing into a URL that would need encoding', () => {
    assert.throws(() => databaseUrlSecretString('postgresql', [], 'rails', 'shop-production', true), /must be letters, digits and underscores/);
    assert.throws(() => databaseUrlSecretString('postgresql', [], 'ra@ils', 'shop', true), /must be letters, digits and underscores/);
    assert.throws(() => databaseUrlSecretString('postgresql', ['Cache'], 'rails', 'shop', true), /extra database name "Cache"/);
  });

  it('is JSON once CloudFormation has filled in the password and endpoint', () => {
    const text = databaseUrlSecretString('trilogy', ['queue'], 'rails', 'shop', false)
      .replaceAll('{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}', 'Pw0rd')
      .replaceAll('${Database.Endpoint.Address}', 'db.internal')
      .replaceAll('${Database.Endpoint.Port}', '3306');
    assert.deepEqual(JSON.parse(text), {
      DATABASE_URL: 'trilogy://rails:Pw0rd@db.internal:3306/shop?ssl=true&ssl_mode=REQUIRED',
      QUEUE_DATABASE_URL: 'trilogy://rails:Pw0rd@db.internal:3306/shop_queue?ssl=true&ssl_mode=REQUIRED',
    });
  });
});

describe('the container script that builds the URLs (wrapper mode)', () => {
  const shells = ['sh', 'dash', 'bash', 'busybox'].filter(mustRun);
  const env = (password: string) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    DB_USERNAME: 'book:shelf',
    DB_PASSWORD: password,
    DB_HOST: 'db.cluster-x.eu-west-1.rds.amazonaws.com',
    DB_PORT: '5432',
    DB_NAME: 'bookshelf',
  });
  const run = (shell: string, script: string, password: string) => {
    const args = shell === 'busybox' ? ['sh', '-c', script] : ['-c', script];
    const result = spawnSync(shell, args, { env: env(password), encoding: 'utf8' });
    assert.ifError(result.error && new Error(`${shell} could not run (${result.error.message}): .ci/run installs it with apt-get`));
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };

  it('is run through sh -c, with the real command exec\'d at its end', () => {
    const command = withDatabaseUrl('postgresql', [], ['./bin/thrust', './bin/rails', 'server']);
    assert.deepEqual(command.slice(0, 2), ['sh', '-c']);
    assert.match(command[2]!, /\nexec \.\/bin\/thrust \.\/bin\/rails server$/);
  });

  for (const shell of shells) {
    for (const adapter of ['postgresql', 'trilogy'] as DatabaseAdapter[]) {
      it(`${shell}: encodes exactly like databaseUrl (${adapter}, every tricky password, extra databases)`, () => {
        const extras = ['cache', 'queue', 'cable'];
        const names = ['DATABASE_URL', 'CACHE_DATABASE_URL', 'QUEUE_DATABASE_URL', 'CABLE_DATABASE_URL'];
        const script = databaseUrlScript(adapter, extras, ['printenv', ...names]);
        for (const password of PASSWORDS) {
          const e = env(password);
          // Verified when this machine has the RDS bundle where the image keeps it, else TLS only (a kept Dockerfile).
          const expected = databaseUrls({ adapter, user: e.DB_USERNAME, password, host: e.DB_HOST, port: e.DB_PORT, name: e.DB_NAME }, extras, existsSync(RDS_CA_PATH));
          assert.deepEqual(run(shell, script, password).split('\n').slice(0, 4), names.map((n) => expected[n]), JSON.stringify(password));
        }
        // No RDS bundle at /rails/config/rds-ca.pem on a test machine: TLS required, not verified (a kept Dockerfile).
        const tls = adapter === 'trilogy' ? '?ssl=true&ssl_mode=REQUIRED' : '?sslmode=require';
        const scheme = adapter === 'trilogy' ? 'trilogy' : 'postgres';
        assert.deepEqual(run(shell, script, 'p@ss:w/rd?x#y%z&a+b').split('\n').slice(0, 2), [
          `${scheme}://book%3Ashelf:p%40ss%3Aw%2Frd%3Fx%23y%25z%26a%2Bb@db.cluster-x.eu-west-1.rds.amazonaws.com:5432/bookshelf${tls}`,
          `${scheme}://book%3Ashelf:p%40ss%3Aw%2Frd%3Fx%23y%25z%26a%2Bb@db.cluster-x.eu-west-1.rds.amazonaws.com:5432/bookshelf_cache${tls}`,
        ]);
      });
    }

    it(`${shell}: execs the command with its words intact`, () => {
      const words = ['printf', '%s|', "it's", 'a b', '$HOME', '*', '"q"'];
      assert.equal(run(shell, databaseUrlScript('postgresql', [], words), 'x'), `it's|a b|$HOME|*|"q"|`);
    });
  }

  it('matches Ruby\'s ERB::Util.url_encode (skipped when ruby is not installed, failed under CI=true)', function () {
    if (!mustRun('ruby')) this.skip();
    for (const password of PASSWORDS) {
      const ruby = spawnSync('ruby', ['-rerb', '-e', 'print ERB::Util.url_encode(ENV.fetch("P"))'], { env: { ...process.env, P: password }, encoding: 'utf8' });
      assert.ifError(ruby.error && new Error(`ruby could not run (${ruby.error.message}): .ci/run installs it with apt-get`));
      assert.equal(ruby.status, 0, ruby.stderr);
      if (password in ENCODED) assert.equal(ruby.stdout, ENCODED[password], JSON.stringify(password));
      assert.equal(ruby.stdout, encodeUrlComponent(password));
    }
  });

  it('shellQuote leaves plain words alone and single-quotes the rest', () => {
    assert.equal(shellQuote('bin/rails'), 'bin/rails');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('a b'), `'a b'`);
  });

  it('refuses an empty command', () => {
    assert.throws(() => databaseUrlScript('postgresql', [], []), /needs a command/);
  });
});

describe('database URLs built in the container, for trilogy', () => {
  it('carry the TLS query on DATABASE_URL and on every extra database, after the database name', async () => {
    const { execFileSync } = await import('node:child_process');
    const { withDatabaseUrl } = await import('../src/stacks/database-url.js');
    const [shell, flag, script] = withDatabaseUrl('trilogy', ['cache', 'queue'], ['env']);
    const out = execFileSync(shell!, [flag!, script!], {
      env: { PATH: process.env.PATH, DB_USERNAME: 'rails', DB_PASSWORD: 'p@ss/w:rd', DB_HOST: 'db.example', DB_PORT: '3306', DB_NAME: 'shop_production' },
      encoding: 'utf8',
    });
    const urls = Object.fromEntries(out.split('\n').filter((l) => /_URL=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const query = existsSync(RDS_CA_PATH) ? '?ssl=true&ssl_mode=VERIFY_IDENTITY&ssl_ca=/rails/config/rds-ca.pem' : '?ssl=true&ssl_mode=REQUIRED';
    assert.equal(urls.DATABASE_URL, `trilogy://rails:p%40ss%2Fw%3Ard@db.example:3306/shop_production${query}`);
    assert.equal(urls.CACHE_DATABASE_URL, `trilogy://rails:p%40ss%2Fw%3Ard@db.example:3306/shop_production_cache${query}`);
    assert.equal(new URL(urls.QUEUE_DATABASE_URL!).pathname, '/shop_production_queue');
  });
});
