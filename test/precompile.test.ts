/**
 * The build's precompiled fragment library and answer validators (src/precompile.ts): they give what the run-time
 * compilation gives, are used only while they match their sources, and the generator's start-up loads neither ajv
 * nor the AWS SDK.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersFingerprint, COMPILED_ANSWERS } from '../src/answers/resolve.js';
import { loadCompiled } from '../src/compiled.js';
import { compileLibrary } from '../src/fragments/compile.js';
import { COMPILED_FRAGMENTS, FragmentLibrary } from '../src/fragments/library.js';
import { readFragmentSources } from '../src/fragments/sources.js';
import { FRAGMENTS_DIR, SCHEMAS_DIR } from '../src/paths.js';
import { precompile } from '../src/precompile.js';
import { APP_GENERATOR, REPO_ROOT } from './support/paths.js';

describe('precompiled fragment library and answer validators', function () {
  this.timeout(120_000);
  let dir = '';
  before(() => {
    // Inside the package, as in dist/src/compiled/: the standalone code requires ajv's small runtime helpers.
    dir = mkdtempSync(join(REPO_ROOT, 'dist', 'precompiled-test-'));
    assert.deepEqual(precompile(dir), { fragments: readFragmentSources(FRAGMENTS_DIR, SCHEMAS_DIR).fragments.length, answers: 22 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the same fragments as parsing the YAML at run time', () => {
    const sources = readFragmentSources(FRAGMENTS_DIR, SCHEMAS_DIR);
    const compiled = loadCompiled(COMPILED_FRAGMENTS, sources.fingerprint, dir);
    assert.ok(compiled, 'the compiled library matches the sources it was built from');
    assert.deepEqual(compiled.fragments, compileLibrary(sources).fragments);
    assert.equal((compiled.fragments as readonly { id: string }[]).find((f) => f.id === 'network/vpc')?.id, 'network/vpc');
  });

  it('its standalone validators refuse what ajv refuses, with the same messages', () => {
    const compiled = loadCompiled(COMPILED_FRAGMENTS, readFragmentSources(FRAGMENTS_DIR, SCHEMAS_DIR).fingerprint, dir)!;
    const validate = compiled.validators['network/public-subnet']!;
    assert.equal(validate({ az: 'G', azIndex: 0, cidr: '10.0.0.0/24', tags: [] }), false);
    assert.deepEqual(validate.errors?.map((e) => `${e.instancePath} ${e.message}`), ['/az must be equal to one of the allowed values']);
    assert.equal(compiled.validators['network/vpc']!({ cidr: '10.0.0.0/16', tags: [{ Key: 'app', Value: 'x' }] }), true);
  });

  it('is not used once a fragment changes: the library compiles that copy at run time', () => {
    assert.equal(loadCompiled(COMPILED_FRAGMENTS, 'not-the-fingerprint', dir), undefined);
    const copy = mkdtempSync(join(tmpdir(), 'fragments-changed-'));
    cpSync(FRAGMENTS_DIR, join(copy, 'fragments'), { recursive: true });
    cpSync(SCHEMAS_DIR, join(copy, 'schemas'), { recursive: true });
    writeFileSync(join(copy, 'fragments/registry/repository.yml'), 'Fragment:\n  Description: changed after the build\nResources: {}\n');
    try {
      const library = new FragmentLibrary(join(copy, 'fragments'), join(copy, 'schemas'));
      assert.equal(library.get('registry/repository').description, 'changed after the build');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('answer validators coerce a flag\'s string as ajv does, and refuse a bad one', () => {
    const compiled = loadCompiled(COMPILED_ANSWERS, answersFingerprint(), dir);
    assert.ok(compiled, 'the compiled answer validators match the questions');
    const holder: { value: unknown } = { value: '3' };
    assert.equal(compiled.validators.azCount!(holder), true);
    assert.equal(holder.value, 3);
    assert.equal(compiled.validators.azCount!({ value: 'three' }), false);
    assert.equal(compiled.validators.nat!({ value: 'per-az' }), true);
    assert.equal(compiled.validators.nat!({ value: 'some' }), false);
  });

  it('after the build step, loading the generator and the library loads neither ajv nor the AWS SDK', () => {
    precompile();
    const script = [
      "import { createRequire } from 'node:module';",
      `await import(${JSON.stringify(APP_GENERATOR)});`,
      `const { fragmentLibrary } = await import(${JSON.stringify(join(REPO_ROOT, 'dist/src/fragments/library.js'))});`,
      `const { validateAnswers } = await import(${JSON.stringify(join(REPO_ROOT, 'dist/src/answers/resolve.js'))});`,
      "fragmentLibrary().instantiate('network/vpc', { cidr: '10.0.0.0/16', tags: [] });",
      "validateAnswers({ appName: 'bookshelf', region: 'us-east-1' });",
      "const loaded = Object.keys(createRequire(import.meta.url).cache);",
      "console.log(JSON.stringify(loaded.filter((f) => /node_modules\\/(ajv\\/dist\\/(ajv|core|compile)|@aws-sdk)/.test(f))));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(out.trim(), '[]');
  });
});
