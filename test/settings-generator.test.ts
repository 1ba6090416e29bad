/**
 * The app's own environment variables and secrets through the generator (yeoman-test): `--env KEY=VALUE`,
 * `--secret NAME` and `--unset NAME` as a user types them (command-line arguments, repeated), stored per environment
 * in .yo-rc.json, honoured by a re-run with --yes, given to every task, and refused clearly with nothing written.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import type { RunResult } from 'yeoman-test';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { APP_GENERATOR, SAMPLE_APP } from './support/paths.js';

const NAMESPACE = 'generator-rails-fargate';
const WRITTEN = [
  '.yo-rc.json', 'infra/README.md', 'infra/cloudformation/network.yml', 'infra/cloudformation/registry.yml',
  'infra/cloudformation/data.yml', 'infra/cloudformation/app.yml', 'bin/fargate', 'Dockerfile', '.dockerignore',
  'bin/docker-entrypoint',
];

interface Container {
  Name: string;
  Environment: { Name: string; Value: unknown }[];
  Secrets: { Name: string; ValueFrom: unknown }[];
}
type AppTemplate = { Resources: Record<string, { Type: string; Properties: any }> };

function run(args: string[], setup?: (dir: string) => void) {
  let dir = '';
  const context = helpers
    .run(APP_GENERATOR)
    .inTmpDir((tmp) => {
      dir = tmp;
      cpSync(SAMPLE_APP, tmp, { recursive: true });
      setup?.(tmp);
    })
    .withArguments(['--yes', '--region', 'us-east-1', ...args]);
  return { context, dir: () => dir };
}

function rerun(result: RunResult, args: string[]) {
  return result.create(APP_GENERATOR, {}, { force: false } as never).withArguments(['--yes', ...args]);
}

const app = (cwd: string) => parseCfnYaml(readFileSync(join(cwd, 'infra/cloudformation/app.yml'), 'utf8')) as AppTemplate;
const containers = (t: AppTemplate): Container[] =>
  Object.values(t.Resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition').flatMap((r) => r.Properties.ContainerDefinitions as Container[]);
const stored = (cwd: string) => (JSON.parse(readFileSync(join(cwd, '.yo-rc.json'), 'utf8')) as Record<string, Record<string, unknown>>)[NAMESPACE]!;
const secretArn = (name: string, suffix = '') => ({
  'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:bookshelf/production/${name}${suffix}`,
});

describe('yo rails-fargate --env / --secret / --unset (yeoman-test)', () => {
  it('stores plain values and secret names per environment, and gives them to web, migrate and every worker', async () => {
    const result = await run([
      '--env', 'SMTP_HOST=smtp.example.com', '--env', 'FEATURE_FLAGS=search=on,beta=off', '--secret', 'STRIPE_API_KEY', '--secret', 'SMTP_PASSWORD',
    ]).context;
    assert.deepEqual(stored(result.cwd).environments, {
      production: { env: { FEATURE_FLAGS: 'search=on,beta=off', SMTP_HOST: 'smtp.example.com' }, secrets: ['SMTP_PASSWORD', 'STRIPE_API_KEY'] },
    });
    const template = app(result.cwd);
    const all = containers(template);
    assert.deepEqual(all.map((c) => c.Name).sort(), ['jobs', 'migrate', 'web']);
    for (const c of all) {
      assert.deepEqual(c.Environment.filter((e) => ['FEATURE_FLAGS', 'SMTP_HOST'].includes(e.Name)), [
        { Name: 'FEATURE_FLAGS', Value: 'search=on,beta=off' },
        { Name: 'SMTP_HOST', Value: 'smtp.example.com' },
      ], c.Name);
      assert.deepEqual(c.Secrets.filter((s) => ['SMTP_PASSWORD', 'STRIPE_API_KEY'].includes(s.Name)), [
        { Name: 'SMTP_PASSWORD', ValueFrom: secretArn('SMTP_PASSWORD') },
        { Name: 'STRIPE_API_KEY', ValueFrom: secretArn('STRIPE_API_KEY') },
      ], c.Name);
      assert.ok(!c.Environment.some((e) => ['SMTP_PASSWORD', 'STRIPE_API_KEY'].includes(e.Name)), `${c.Name}: a secret in the plain environment`);
    }
    const policy = template.Resources.ExecutionRole!.Properties.Policies.find((p: any) => p.PolicyName === 'read-secrets');
    const resources = policy.PolicyDocument.Statement[0].Resource as unknown[];
    assert.deepEqual(resources.slice(-2), [secretArn('SMTP_PASSWORD', '-??????'), secretArn('STRIPE_API_KEY', '-??????')]);
    const script = readFileSync(join(result.cwd, 'bin/fargate'), 'utf8');
    assert.match(script, /^SECRETS=\('SMTP_PASSWORD' 'STRIPE_API_KEY'\)$/m);
    const readme = readFileSync(join(result.cwd, 'infra/README.md'), 'utf8');
    assert.match(readme, /bin\/fargate secrets set STRIPE_API_KEY/);
  });

  it('a re-run with --yes keeps them byte for byte; --unset removes one; a plain value turns into a secret with --unset', async () => {
    const first = await run(['--env', 'SMTP_HOST=smtp.example.com', '--secret', 'STRIPE_API_KEY']).context;
    const before = Object.fromEntries(WRITTEN.map((f) => [f, readFileSync(join(first.cwd, f), 'utf8')]));
    const again = await rerun(first, []);
    assert.deepEqual(Object.fromEntries(WRITTEN.map((f) => [f, readFileSync(join(again.cwd, f), 'utf8')])), before);
    const unset = await rerun(first, ['--unset', 'STRIPE_API_KEY', '--env', 'SMTP_PORT=587']);
    assert.deepEqual(stored(unset.cwd).environments, { production: { env: { SMTP_HOST: 'smtp.example.com', SMTP_PORT: '587' } } });
    assert.ok(containers(app(unset.cwd)).every((c) => !c.Secrets.some((s) => s.Name === 'STRIPE_API_KEY')));
    assert.doesNotMatch(readFileSync(join(unset.cwd, 'infra/cloudformation/app.yml'), 'utf8'), /STRIPE_API_KEY/);
    const moved = await rerun(first, ['--unset', 'SMTP_HOST', '--secret', 'SMTP_HOST']);
    assert.deepEqual(stored(moved.cwd).environments, { production: { env: { SMTP_PORT: '587' }, secrets: ['SMTP_HOST'] } });
    const none = await rerun(first, ['--unset', 'SMTP_PORT', '--unset', 'SMTP_HOST']);
    assert.equal('environments' in stored(none.cwd), false, 'nothing set: no key left behind');
  });

  it('another environment keeps its own settings; only the current one reaches the templates', async () => {
    const result = await run(['--environment', 'staging', '--env', 'SMTP_HOST=staging-smtp.example.com'], (tmp) => {
      writeFileSync(join(tmp, '.yo-rc.json'), JSON.stringify({ [NAMESPACE]: { environments: { production: { secrets: ['STRIPE_API_KEY'] } } } }));
    }).context;
    assert.deepEqual(stored(result.cwd).environments, {
      production: { secrets: ['STRIPE_API_KEY'] },
      staging: { env: { SMTP_HOST: 'staging-smtp.example.com' } },
    });
    assert.doesNotMatch(readFileSync(join(result.cwd, 'infra/cloudformation/app.yml'), 'utf8'), /STRIPE_API_KEY/);
  });

  describe('refuses, naming the flag, the value and what is allowed, and writes nothing', () => {
    const cases: [string, string[], RegExp][] = [
      ['a name the stacks set (DATABASE_URL)', ['--env', 'DATABASE_URL=postgres://x'],
        /Invalid --env: "DATABASE_URL"\. Allowed: a name the generated stacks do not set themselves \(the data stack gives the database URLs, as a secret\)/],
      ['a name the stacks set (RAILS_MASTER_KEY) as a secret', ['--secret', 'RAILS_MASTER_KEY'], /Invalid --secret: "RAILS_MASTER_KEY"\. Allowed: a name the generated stacks do not set themselves/],
      ['a name the stacks set (PORT)', ['--env', 'PORT=8080'], /Invalid --env: "PORT"\. Allowed: a name the generated stacks do not set themselves/],
      ['a name the stacks set (REDIS_URL)', ['--secret', 'REDIS_URL'], /Invalid --secret: "REDIS_URL"/],
      ['a name that is not POSIX', ['--env', 'SMTP-HOST=x'], /Invalid --env: "SMTP-HOST"\. Allowed: letters, digits and underscores, not starting with a digit \(a POSIX name\)/],
      ['a secret name that is not POSIX', ['--secret', '1PASSWORD'], /Invalid --secret: "1PASSWORD"\. Allowed: letters, digits and underscores/],
      ['no = in --env', ['--env', 'SMTP_HOST'], /Invalid --env: "SMTP_HOST"\. Allowed: KEY=VALUE/],
      ['a newline in a value', ['--env', 'GREETING=hello\nworld'], /Invalid --env: "GREETING=hello\\nworld"\. Allowed: a value on one line/],
      ['a secret-looking plain value', ['--env', 'STRIPE_API_KEY=sk_live_x'], /Invalid --env: "STRIPE_API_KEY"\. Allowed: a name that does not look like a secret; declare it with --secret STRIPE_API_KEY/],
      ['the same name as plain value and secret', ['--env', 'SMTP_HOST=x', '--secret', 'SMTP_HOST'], /Invalid --secret: "SMTP_HOST"\. Allowed: a name that is not a plain variable: SMTP_HOST is one \(given with --env too\)/],
      ['--unset of a name never set', ['--unset', 'SMTP_HOST'], /Invalid --unset: "SMTP_HOST"\. Allowed: a name set with --env or --secret; production has none/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const { context, dir } = run(args);
        await assert.rejects(context, message);
        for (const f of WRITTEN) assert.equal(existsSync(join(dir(), f)), false, f);
      });
    }

    it('a hand-edited .yo-rc.json with a reserved name, naming where it is', async () => {
      const broken = `${JSON.stringify({ [NAMESPACE]: { environments: { production: { env: { RAILS_ENV: 'staging' } } } } }, null, 2)}\n`;
      const { context, dir } = run([], (tmp) => writeFileSync(join(tmp, '.yo-rc.json'), broken));
      await assert.rejects(context, /Invalid --env: "RAILS_ENV" \(from \.yo-rc\.json "environments"\.production\)\. Allowed: a name the generated stacks do not set themselves/);
      assert.equal(readFileSync(join(dir(), '.yo-rc.json'), 'utf8'), broken);
      for (const f of WRITTEN.slice(1)) assert.equal(existsSync(join(dir(), f)), false, f);
    });
  });
});
