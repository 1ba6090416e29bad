import assert from 'node:assert/strict';
import { envFlagsFromArgv, optionList, parseEnvFlag, resolveSettings } from '../src/answers/settings.js';
import { InputError } from '../src/errors.js';
import { reservedReason } from '../src/stacks/app/settings.js';

describe('the app settings: --env, --secret and --unset against .yo-rc.json', () => {
  it('a repeatable option as Yeoman hands it over: one string, a list, or anything else as nothing', () => {
    assert.deepEqual(optionList('A=1'), ['A=1']);
    assert.deepEqual(optionList(['A=1', 'B=2']), ['A=1', 'B=2']);
    assert.deepEqual(optionList(undefined), []);
    // Yeoman passes its environment object under the name `env`.
    assert.deepEqual(optionList({ cwd: '/tmp', adapter: {} }), []);
  });

  it('reads --env from a yo command line after rails-fargate only (Yeoman overwrites the parsed option)', () => {
    assert.deepEqual(envFlagsFromArgv(['node', '/usr/bin/yo', 'rails-fargate', '--yes', '--env', 'A_B=1', '--env=C_D=x=y', '--region', 'us-east-1']), ['A_B=1', 'C_D=x=y']);
    assert.deepEqual(envFlagsFromArgv(['node', '/usr/bin/yo', 'rails-fargate:worker', 'mailers', '--env', 'A_B=1']), []);
    assert.deepEqual(envFlagsFromArgv(['node', 'mocha', '--env', 'A_B=1']), []);
  });

  it('KEY=VALUE splits at the first =, keeps an empty value', () => {
    assert.deepEqual(parseEnvFlag('FLAGS=a=1,b=2'), ['FLAGS', 'a=1,b=2']);
    assert.deepEqual(parseEnvFlag('EMPTY='), ['EMPTY', '']);
    assert.throws(() => parseEnvFlag('=x'), /Invalid --env: ""\. Allowed: letters, digits and underscores/);
  });

  it('adds to the current environment, sorted, and leaves the others as they are', () => {
    const stored = { staging: { env: { SMTP_HOST: 'staging' } } };
    const r = resolveSettings(stored, { env: ['SMTP_HOST=prod', 'APP_MODE=full'], secret: ['STRIPE_API_KEY'] }, 'production');
    assert.deepEqual(r.settings, { env: { APP_MODE: 'full', SMTP_HOST: 'prod' }, secrets: ['STRIPE_API_KEY'] });
    assert.deepEqual(r.stored, {
      staging: { env: { SMTP_HOST: 'staging' } },
      production: { env: { APP_MODE: 'full', SMTP_HOST: 'prod' }, secrets: ['STRIPE_API_KEY'] },
    });
  });

  it('--unset comes first: it removes, turns a plain value into a secret, and an empty result leaves no key', () => {
    const stored = { production: { env: { SMTP_HOST: 'x' }, secrets: ['STRIPE_API_KEY'] } };
    assert.deepEqual(resolveSettings(stored, { unset: ['SMTP_HOST'], secret: ['SMTP_HOST'] }, 'production').stored, {
      production: { secrets: ['SMTP_HOST', 'STRIPE_API_KEY'] },
    });
    assert.deepEqual(resolveSettings(stored, { unset: ['SMTP_HOST', 'STRIPE_API_KEY'] }, 'production'), {
      settings: { env: {}, secrets: [] },
      stored: undefined,
    });
    assert.deepEqual(resolveSettings(undefined, {}, 'production'), { settings: { env: {}, secrets: [] }, stored: undefined });
  });

  const refusals: [string, unknown, Parameters<typeof resolveSettings>[1], string, RegExp][] = [
    ['an unknown --unset', undefined, { unset: ['NOPE'] }, '--unset', /production has none/],
    ['an --unset naming what is set', { production: { env: { A_B: '1' } } }, { unset: ['NOPE'] }, '--unset', /a name set in production: A_B/],
    ['a secret given as a plain value', { production: { secrets: ['STRIPE_API_KEY'] } }, { env: ['STRIPE_API_KEY=x'] }, '--env', /pass --unset STRIPE_API_KEY too/],
    ['a plain value given as a secret', { production: { env: { SMTP_HOST: 'x' } } }, { secret: ['SMTP_HOST'] }, '--secret', /pass --unset SMTP_HOST too to make it a secret/],
    ['the same --env twice with two values', undefined, { env: ['A_B=1', 'A_B=2'] }, '--env', /A_B once \(it is also given as A_B=1\)/],
    ['a reserved name', undefined, { secret: ['CACHE_DATABASE_URL'] }, '--secret', /the data stack gives the database URLs, as a secret/],
    ['a name ECS sets', undefined, { env: ['ECS_CONTAINER_METADATA_URI_V4=x'] }, '--env', /ECS sets it in every task/],
    ['a carriage return in a value', undefined, { env: ['A_B=x\ry'] }, '--env', /a value on one line/],
    ['a hand-edited store that is not an object', ['production'], {}, 'environments', /an object of environment names/],
    ['a hand-edited store with a number as value', { production: { env: { A_B: 1 } } }, {}, 'env', /NAME: "value" strings/],
    ['a hand-edited store with an unknown key', { production: { vars: {} } }, {}, 'environments', /each \{ "env"/],
  ];
  for (const [name, stored, flags, field, message] of refusals) {
    it(`refuses ${name}, naming the field`, () => {
      assert.throws(() => resolveSettings(stored, flags, 'production'), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.field, field);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('reserves what the stacks and ECS set, and nothing else', () => {
    for (const name of ['DATABASE_URL', 'QUEUE_DATABASE_URL', 'DB_PASSWORD', 'REDIS_URL', 'RAILS_MASTER_KEY', 'S3_BUCKET', 'AWS_REGION', 'RAILS_ENV', 'PORT', 'HTTP_PORT', 'RAILS_FORCE_SSL', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
      assert.notEqual(reservedReason(name), undefined, name);
    }
    for (const name of ['SMTP_HOST', 'DATABASE_POOL', 'REDIS_PROVIDER', 'RAILS_MAX_THREADS', 'WEB_CONCURRENCY', 'AWS_BUCKET_2']) {
      assert.equal(reservedReason(name), undefined, name);
    }
  });
});
