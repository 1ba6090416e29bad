import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { replaceGenerated } from '../src/docs/readme-sections.js';
import { REPO_ROOT } from './support/paths.js';

function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(REPO_ROOT, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('project', () => {
  it('README.md generated sections (options, fragments) are current: run node dist/scripts/update-generated.js', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.equal(replaceGenerated(readme), readme);
  });

  it('README.md commands exist: npm run demo, npm test, npm run bench, npm run diagram', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    assert.match(readme, /npm ci && npm run demo/);
    assert.match(readme, /npm ci && npm test/);
    assert.match(readme, /npm run diagram/);
    for (const name of ['demo', 'test', 'bench', 'build', 'diagram']) assert.ok(scripts[name], name);
  });

  it('.ci/run installs what the tests need and runs the README test command', () => {
    const run = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
    assert.match(run, /apt-get install -y[^\n]*shellcheck/);
    assert.match(run, /apt-get install -y[^\n]* ruby( |$)/m);
    assert.match(run, /apt-get install -y[^\n]* busybox( |$)/m);
    assert.match(run, /apt-get install -y[^\n]* chromium( |$)/m);
    assert.match(run, /^npm ci && npm test$/m);
  });

  it('the pure core has no Yeoman import', () => {
    for (const file of sources('src')) {
      assert.doesNotMatch(readFileSync(join(REPO_ROOT, file), 'utf8'), /from ['"](yeoman-|@yeoman\/)/, file);
    }
  });

  it('no source file is much over a few hundred lines', () => {
    for (const file of [...sources('src'), ...sources('generators')]) {
      const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n').length;
      assert.ok(lines <= 400, `${file} has ${lines} lines`);
    }
  });
});
