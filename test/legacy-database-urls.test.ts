/**
 * A project whose data stack was generated before DatabaseUrlSecret existed (`.yo-rc.json` with `dbEngine` but no
 * `databaseUrls`): its password may hold punctuation and its GenerateSecretString must never change, so a re-run keeps
 * the `sh -c` wrapper and writes the templates byte for byte as the previous version did. The fixtures are that
 * version's own output for the sample app (test/fixtures/legacy-bookshelf, written by `npm run demo` at c18c4fd).
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import { APP_GENERATOR, REPO_ROOT, SAMPLE_APP } from './support/paths.js';

const LEGACY = join(REPO_ROOT, 'test/fixtures/legacy-bookshelf');
const TEMPLATES = ['network', 'registry', 'data', 'app'];

function run(yoRc?: string) {
  let dir = '';
  return {
    run: helpers.run(APP_GENERATOR).inTmpDir((tmp) => {
      dir = tmp;
      cpSync(SAMPLE_APP, tmp, { recursive: true });
      if (yoRc) writeFileSync(join(tmp, '.yo-rc.json'), yoRc);
    }).withOptions({ yes: true } as never),
    dir: () => dir,
  };
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const stored = (dir: string) => (JSON.parse(read(dir, '.yo-rc.json')) as Record<string, Record<string, unknown>>)['generator-rails-fargate']!;

describe('a data stack generated before the database URL secret', function () {
  this.timeout(120_000);

  it('a re-run writes the previous version\'s templates byte for byte, and its wrapped console', async () => {
    const { run: context, dir } = run(read(LEGACY, 'yo-rc.json'));
    await context;
    for (const key of TEMPLATES) {
      assert.equal(read(dir(), `infra/cloudformation/${key}.yml`), read(LEGACY, `${key}.yml`), `${key}.yml`);
    }
    const console = read(dir(), 'bin/fargate').split('\n').find((l) => l.startsWith('CONSOLE_COMMAND='));
    assert.equal(`${console}\n`, read(LEGACY, 'console-command.txt'));
    // Stored, so the choice is explicit from now on: the wrapper, and the password rule for the life of the stack.
    assert.equal(stored(dir()).databaseUrls, 'wrapper');
    assert.equal(stored(dir()).databasePassword, 'punctuation');
    // The README says how to move over.
    const readme = read(dir(), 'infra/README.md');
    assert.match(readme, /set `"databaseUrls": "secret"` in `\.yo-rc\.json`, run `yo rails-fargate --yes` and\n`bin\/fargate deploy`/);
    assert.match(readme, /^printf '\{"username":"rails","password":"%s"\}' "\$NEW" \| aws secretsmanager put-secret-value --region us-east-1 --secret-id "\$DATABASE_SECRET"/m);
    assert.doesNotMatch(readme, /URL_SECRET/);
  });

  it('moved over by hand ("databaseUrls": "secret"): the URL secret and plain commands, the old GenerateSecretString kept', async () => {
    const yoRc = JSON.parse(read(LEGACY, 'yo-rc.json')) as Record<string, Record<string, unknown>>;
    yoRc['generator-rails-fargate']!.databaseUrls = 'secret';
    const { run: context, dir } = run(JSON.stringify(yoRc));
    await context;
    const data = read(dir(), 'infra/cloudformation/data.yml');
    const legacyData = read(LEGACY, 'data.yml');
    const secretBlock = (text: string) => text.slice(text.indexOf('  DatabaseSecret:'), text.indexOf('  DatabaseSecurityGroup:'));
    assert.equal(secretBlock(data), secretBlock(legacyData));
    assert.match(data, /^ {2}DatabaseUrlSecret:$/m);
    assert.doesNotMatch(read(dir(), 'infra/cloudformation/app.yml'), /- sh\n\s+- -c/);
    assert.match(read(dir(), 'bin/fargate'), /^CONSOLE_COMMAND=\$'bin\/rails console'$/m);
    assert.equal(stored(dir()).databasePassword, 'punctuation');
  });

  it('a first run stores the URL secret and the URL-safe password', async () => {
    const { run: context, dir } = run();
    await context;
    assert.equal(stored(dir()).databaseUrls, 'secret');
    assert.equal(stored(dir()).databasePassword, 'alphanumeric');
    assert.match(read(dir(), 'infra/cloudformation/data.yml'), /ExcludePunctuation: true/);
    // A password changed by hand goes into the URL secret too: CloudFormation resolves it only when the template changes.
    const readme = read(dir(), 'infra/README.md');
    assert.match(readme, /^NEW=\$\(aws secretsmanager get-random-password --region us-east-1 --exclude-punctuation --password-length 32 /m);
    assert.match(readme, /\| sed "s\/:\$OLD@\/:\$NEW@\/g" \| aws secretsmanager put-secret-value --region us-east-1 --secret-id "\$URL_SECRET" --secret-string file:\/\/\/dev\/stdin/);
    assert.match(readme, /^aws rds modify-db-instance --region us-east-1 --db-instance-identifier "\$DATABASE" --master-user-password "\$NEW" --apply-immediately/m);
  });

  it('refuses a value it does not know, naming the key', async () => {
    const yoRc = JSON.parse(read(LEGACY, 'yo-rc.json')) as Record<string, Record<string, unknown>>;
    yoRc['generator-rails-fargate']!.databaseUrls = 'plain';
    await assert.rejects(run(JSON.stringify(yoRc)).run, /databaseUrls.*"plain".*secret or wrapper/s);
  });
});
