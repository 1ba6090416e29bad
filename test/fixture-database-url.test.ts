/**
 * Rails takes the adapter from DATABASE_URL's scheme, so for every sample app the URLs the containers and
 * `bin/fargate console` build must name the app's own adapter (`postgres` standing for postgresql): an app that
 * bundles only trilogy must not get `mysql2://`. The URLs are built by running the generated scripts, not by
 * reading them.
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
      const { files } = renderFiles(plan(answers, inputs, seedWorkers(answers.worker, inputs.jobs)), facts);
      const adapter = facts.database.value.adapter;
      const names = ['DATABASE_URL', ...facts.database.value.extraDatabases.map((d) => d.envVar)].sort();

      const app = parseCfnYaml(files.find((f) => f.path.endsWith('/app.yml'))!.content, 'app.yml') as {
        Resources: Record<string, { Type: string; Properties: { ContainerDefinitions?: Array<{ Command: string[] }> } }>;
      };
      const commands = Object.values(app.Resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition').flatMap((r) => r.Properties.ContainerDefinitions!.map((c) => c.Command));
      assert.ok(commands.length >= 2, 'web and migrate at least');
      const runs = [...commands.map((c) => containerUrls(c[2]!)), consoleUrls(files.find((f) => f.path === 'bin/fargate')!.content)];
      for (const urls of runs) {
        assert.deepEqual(Object.keys(urls).sort(), names);
        for (const url of Object.values(urls)) assert.equal(adapterOf(url), adapter, url);
      }
    });
  }
});
