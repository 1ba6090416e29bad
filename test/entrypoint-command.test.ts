/**
 * Rails' own bin/docker-entrypoint runs `./bin/rails db:prepare` before `./bin/rails server`. With the app's own
 * command in the task (no sh -c wrapper), a kept entrypoint like that would migrate in every web task; the web command
 * is then written `bin/rails server` (src/docker/entrypoint.ts serverCommand). Proven by running the entrypoints.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAnswers } from '../src/answers/resolve.js';
import { serverCommand } from '../src/docker/entrypoint.js';
import { plan } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { detect } from '../src/rails/detect.js';
import { renderFiles } from '../src/render.js';
import { REPO_ROOT } from './support/paths.js';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/rails/rails72-sidekiq');
/** Rails 7.2/8's test: the last two arguments. (The 7.1 form, the first two, is the fixture's.) */
const RAILS8_ENTRYPOINT = `#!/bin/bash -e
if [ "\${@: -2:1}" == "./bin/rails" ] && [ "\${@: -1:1}" == "server" ]; then
  ./bin/rails db:prepare
fi
exec "\${@}"
`;

/** Runs `entrypoint command...` in a directory whose bin/rails and bin/thrust log their arguments; the log. */
function run(entrypoint: string, command: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'entrypoint-'));
  try {
    mkdirSync(join(dir, 'bin'));
    for (const name of ['rails', 'thrust']) {
      writeFileSync(join(dir, 'bin', name), `#!/bin/sh\necho "${name} $*" >> "$LOG"\n`);
      chmodSync(join(dir, 'bin', name), 0o755);
    }
    writeFileSync(join(dir, 'entrypoint'), entrypoint);
    chmodSync(join(dir, 'entrypoint'), 0o755);
    const r = spawnSync('./entrypoint', command, { cwd: dir, env: { PATH: '/usr/bin:/bin', LOG: join(dir, 'log') }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(join(dir, 'log'), 'utf8').trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the web command and an entrypoint that migrates', () => {
  const rails71 = readFileSync(join(FIXTURE, 'bin/docker-entrypoint'), 'utf8');

  it('Rails\' entrypoints migrate before ./bin/rails server, and not before bin/rails server', () => {
    assert.deepEqual(run(rails71, ['./bin/rails', 'server']), ['rails db:prepare', 'rails server']);
    assert.deepEqual(run(rails71, ['bin/rails', 'server']), ['rails server']);
    assert.deepEqual(run(RAILS8_ENTRYPOINT, ['./bin/thrust', './bin/rails', 'server']), ['rails db:prepare', 'thrust ./bin/rails server']);
    assert.deepEqual(run(RAILS8_ENTRYPOINT, ['./bin/thrust', 'bin/rails', 'server']), ['thrust bin/rails server']);
  });

  it('serverCommand rewrites ./bin/rails before server only when the entrypoint migrates', () => {
    assert.deepEqual(serverCommand(['./bin/thrust', './bin/rails', 'server'], true), ['./bin/thrust', 'bin/rails', 'server']);
    assert.deepEqual(serverCommand(['./bin/rails', 'server', '-b', '0.0.0.0'], true), ['bin/rails', 'server', '-b', '0.0.0.0']);
    assert.deepEqual(serverCommand(['./bin/rails', 'server'], false), ['./bin/rails', 'server']);
    assert.deepEqual(serverCommand(['bundle', 'exec', 'puma'], true), ['bundle', 'exec', 'puma']);
  });

  it('an app that keeps such an entrypoint: the web task runs bin/rails server, and a note says why', () => {
    const facts = detect(FIXTURE);
    const inputs = appInputs(facts);
    assert.equal(inputs.entrypointMigrates, true);
    const answers = validateAnswers({ region: 'us-east-1' }, 'test', { appName: facts.appName.value, dbEngine: inputs.dbEngine, env: {} });
    const secret = plan(answers, inputs);
    assert.deepEqual(secret.app!.options.web.command, ['bin/rails', 'server', '-b', '0.0.0.0', '-p', '3000']);
    assert.ok(renderFiles(secret, facts).notes.some((n) => n.startsWith('The web task runs `bin/rails server -b 0.0.0.0 -p 3000` where yours says `./bin/rails server -b 0.0.0.0 -p 3000` (the same program)')));
    // The wrapper's sh -c never matched the entrypoint's test: its command stays as it was.
    const wrapper = plan(answers, { ...inputs, databaseUrls: 'wrapper' });
    assert.deepEqual(wrapper.app!.options.web.command, ['./bin/rails', 'server', '-b', '0.0.0.0', '-p', '3000']);
    assert.ok(!renderFiles(wrapper, facts).notes.some((n) => n.startsWith('The web task runs')));
  });
});
