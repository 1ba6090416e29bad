/**
 * Rails takes the adapter from DATABASE_URL's scheme, so for every sample app the URLs must name the app's own adapter
 * (`postgres` standing for postgresql): an app that bundles only trilogy must not get `mysql2://`. In `secret` mode
 * the URLs are the data stack's DatabaseUrlSecret, read here with its deploy-time values filled in; in `wrapper` mode
 * they are built by running the generated scripts of the containers and `bin/fargate console`, not by reading them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAnswers } from '../src/answers/resolve.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { InputError } from '../src/errors.js';
import { plan } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { seedWorkers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { renderFiles } from '../src/render.js';
import { REPO_ROOT, SAMPLE_APP } from './support/paths.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/rails');
/** Fixtures the generator refuses, and why: they have no app stack to check. */
const REFUSED: Record<string, RegExp> = {
  'plain-gem': /Invalid directory/,
  sqlite: /Invalid database adapter: "sqlite3"/,
};
const DB_ENV = { DB_USERNAME: 'rails', DB_PASSWORD: 'p@ss:w/rd', DB_HOST: 'db.example.internal', DB_PORT: '5432', DB_NAME: 'shop' };

/** The `*DATABASE_URL` variables `env` prints, by name. */
function urlsIn(output: string): Record<string, string> {
  return Object.fromEntries(output.split('\n').filter((l) => /^[A-Z_]*DATABASE_URL=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Runs a container's `sh -c` script with its final exec replaced by `env`. */
function containerUrls(script: string): Record<string, string> {
  const lines = script.split('\n');
  assert.match(lines.at(-1)!, /^exec /);
  const r = spawnSync('sh', ['-c', [...lines.slice(0, -1), 'exec env'].join('\n')], { env: { PATH: '/usr/bin:/bin', ...DB_ENV }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return urlsIn(r.stdout);
}

/** Runs bin/fargate's CONSOLE_COMMAND (as bash reads it) in a directory whose bin/rails prints its environment. */
function consoleUrls(fargateScript: string): Record<string, string> {
  const block = fargateScript.split('\n').find((l) => l.startsWith('CONSOLE_COMMAND='));
  assert.ok(block, 'bin/fargate sets CONSOLE_COMMAND');
  const read = spawnSync('bash', ['-c', `${block}\nprintf '%s' "$CONSOLE_COMMAND"`], { encoding: 'utf8' });
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  try {
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'rails'), '#!/bin/sh\nexec env\n');
    chmodSync(join(dir, 'bin', 'rails'), 0o755);
    const r = spawnSync('sh', ['-c', read.stdout], { cwd: dir, env: { PATH: '/usr/bin:/bin', ...DB_ENV }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return urlsIn(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Template {
  Resources: Record<string, { Type: string; Properties: { SecretString?: { 'Fn::Sub': string }; ContainerDefinitions?: Array<{ Command: string[]; Secrets?: Array<{ Name: string }> }> } }>;
}

/** DatabaseUrlSecret's URLs, with what CloudFormation fills in at deploy time: a password, the endpoint. */
function secretUrls(data: Template): Record<string, string> {
  const text = data.Resources.DatabaseUrlSecret!.Properties.SecretString!['Fn::Sub']
    .replaceAll('{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}', 'Abc123')
    .replaceAll('${Database.Endpoint.Address}', 'db.example.internal')
    .replaceAll('${Database.Endpoint.Port}', '5432');
  assert.doesNotMatch(text, /\$\{/);
  return JSON.parse(text) as Record<string, string>;
}

/** The adapter Rails reads from a URL: its scheme, with `postgres` meaning postgresql. */
function adapterOf(url: string): string {
  const scheme = new URL(url).protocol.slice(0, -1);
  return scheme === 'postgres' ? 'postgresql' : scheme;
}

describe('DATABASE_URL names the detected adapter, for every sample app', () => {
  const apps = [['bookshelf', SAMPLE_APP], ...readdirSync(FIXTURES).sort().map((name) => [name, join(FIXTURES, name)])];
  for (const [name, dir] of apps as Array<[string, string]>) {
    it(name, () => {
      const refused = REFUSED[name];
      if (refused) {
        assert.throws(() => detect(dir), (e: unknown) => e instanceof InputError && refused.test(e.message));
        return;
      }
      const facts = detect(dir);
      const inputs = appInputs(facts);
      const context = { appName: facts.appName.value, dbEngine: inputs.dbEngine, ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}), env: {} };
      const answers = validateAnswers({ region: 'us-east-1' }, 'test', context);
      const adapter = facts.database.value.adapter;
      const names = ['DATABASE_URL', ...facts.database.value.extraDatabases.map((d) => d.envVar)].sort();
      const render = (databaseUrls: 'secret' | 'wrapper') => renderFiles(plan(answers, { ...inputs, databaseUrls }, seedWorkers(answers.worker, inputs.jobs)), facts).files;
      const parse = (files: ReturnType<typeof render>, stack: string) => parseCfnYaml(files.find((f) => f.path.endsWith(`/${stack}.yml`))!.content, `${stack}.yml`) as Template;
      const containersOf = (t: Template) => Object.values(t.Resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition').flatMap((r) => r.Properties.ContainerDefinitions!);

      // secret: each URL from the data stack's secret, by name; the containers and the console build nothing.
      const files = render('secret');
      const urls = secretUrls(parse(files, 'data'));
      assert.deepEqual(Object.keys(urls).sort(), names);
      for (const url of Object.values(urls)) assert.equal(adapterOf(url), adapter, url);
      const containers = containersOf(parse(files, 'app'));
      assert.ok(containers.length >= 2, 'web and migrate at least');
      for (const c of containers) {
        assert.notEqual(c.Command[0], 'sh');
        assert.deepEqual(c.Secrets!.map((e) => e.Name).filter((n) => n.endsWith('DATABASE_URL')).sort(), names);
      }
      assert.match(files.find((f) => f.path === 'bin/fargate')!.content, /^CONSOLE_COMMAND=\$'bin\/rails console'$/m);

      // wrapper: the scripts build the same names, with the same adapter.
      const legacy = render('wrapper');
      const commands = containersOf(parse(legacy, 'app')).map((c) => c.Command);
      const runs = [...commands.map((c) => containerUrls(c[2]!)), consoleUrls(legacy.find((f) => f.path === 'bin/fargate')!.content)];
      for (const built of runs) {
        assert.deepEqual(Object.keys(built).sort(), names);
        for (const url of Object.values(built)) assert.equal(adapterOf(url), adapter, url);
      }
    });
  }
});
