/**
 * Active Storage onto the data stack's bucket: reading an S3 entry of config/storage.yml (where its bucket, Region
 * and keys come from), the variables the task sets for an app already on S3, and the edits offered to an app on a
 * disk service or with an entry that cannot reach the bucket.
 */
import assert from 'node:assert/strict';
import { storageNotes } from '../src/plan/storage-notes.js';
import { storageEdits } from '../src/rails/storage-edits.js';
import { storageEnvNames } from '../src/rails/storage.js';
import { readS3Entry } from '../src/rails/storage-yml.js';

const DISKS = `test:
  service: Disk
  root: <%= Rails.root.join("tmp/storage") %>

local:
  service: Disk
  root: <%= Rails.root.join("storage") %>
`;

const CREDENTIALS_ENTRY = `${DISKS}
amazon:
  service: S3
  access_key_id: <%= Rails.application.credentials.dig(:aws, :access_key_id) %>
  secret_access_key: <%= Rails.application.credentials.dig(:aws, :secret_access_key) %>
  region: <%= ENV.fetch("AWS_S3_REGION", "us-east-1") %>
  bucket: <%= ENV.fetch("AWS_BUCKET") { "ledger-#{Rails.env}" } %>
`;

const PRODUCTION = `Rails.application.configure do
  config.eager_load = true
  config.active_storage.service = :local
end
`;

describe('config/storage.yml: an S3 entry, read', () => {
  it('finds where the bucket, the Region and the keys come from', () => {
    const entry = readS3Entry(CREDENTIALS_ENTRY, 'amazon')!;
    assert.deepEqual(entry.bucket, { kind: 'env', names: ['AWS_BUCKET'] });
    assert.deepEqual(entry.region, { kind: 'env', names: ['AWS_S3_REGION'] });
    assert.deepEqual(entry.keyLines, [11, 12], 'the credentials lines, 1-based');
    assert.equal(entry.name, 'amazon');
    assert.equal(entry.line, 9);
    assert.equal(entry.bucketLine, 14);
  });

  it('tells a literal bucket, other Ruby and a missing one apart; ENV[] with either quote', () => {
    const entry = (bucket: string) => readS3Entry(`amazon:\n  service: S3\n${bucket}  region: <%= ENV['REGION'] %>\n`)!;
    assert.deepEqual(entry('  bucket: "ledger-uploads"\n').bucket, { kind: 'literal', value: 'ledger-uploads' });
    assert.deepEqual(entry('  bucket: <%= Rails.application.credentials.bucket %>\n').bucket, { kind: 'ruby', source: '<%= Rails.application.credentials.bucket %>' });
    assert.deepEqual(entry('').bucket, { kind: 'missing' });
    assert.deepEqual(entry('').region, { kind: 'env', names: ['REGION'] });
  });

  it('only S3 entries, the named one when a name is given; keys read from ENV are left alone', () => {
    assert.equal(readS3Entry(DISKS), undefined);
    assert.equal(readS3Entry(CREDENTIALS_ENTRY, 'local'), undefined);
    const text = 'amazon:\n  service: "S3"\n  access_key_id: <%= ENV["AWS_ACCESS_KEY_ID"] %>\n  bucket: <%= ENV["BUCKET"] %>\n';
    assert.deepEqual(readS3Entry(text)!.keyLines, []);
    assert.equal(readS3Entry('# amazon:\n#   service: S3\n'), undefined, 'a commented-out entry is not an entry');
  });
});

describe('the variables the task sets for the bucket', () => {
  it('an app already on S3: its own names besides S3_BUCKET and AWS_REGION', () => {
    const s3 = readS3Entry(CREDENTIALS_ENTRY, 'amazon')!;
    assert.deepEqual(storageEnvNames({ service: 'amazon', kind: 'S3', s3 }), { bucket: ['AWS_BUCKET'], region: ['AWS_S3_REGION'] });
    const ours = readS3Entry('amazon:\n  service: S3\n  bucket: <%= ENV["S3_BUCKET"] %>\n  region: <%= ENV["AWS_REGION"] %>\n')!;
    assert.deepEqual(storageEnvNames({ service: 'amazon', kind: 'S3', s3: ours }), { bucket: [], region: [] });
    assert.deepEqual(storageEnvNames({ service: 'local', kind: 'Disk' }), { bucket: [], region: [] });
  });
});

describe('the storage edits offered', () => {
  it('a disk service: production.rb switches to :amazon and storage.yml gains the entry, its disks kept', () => {
    const plan = storageEdits({ service: 'local', kind: 'Disk' }, PRODUCTION, DISKS);
    assert.match(plan.production!.content, /^ {2}config\.active_storage\.service = :amazon # the data stack's S3 bucket \(was :local; generator-rails-fargate\)$/m);
    assert.equal(plan.production!.content.split('\n').length, PRODUCTION.split('\n').length, 'one line changed');
    const yml = plan.storageYml!.content;
    assert.ok(yml.startsWith(DISKS), 'the existing entries are kept as they were');
    const entry = readS3Entry(yml, 'amazon')!;
    assert.deepEqual([entry.bucket, entry.region, entry.keyLines], [{ kind: 'env', names: ['S3_BUCKET'] }, { kind: 'env', names: ['AWS_REGION'] }, []]);
    assert.match(plan.production!.why, /:local \(Disk\) sit on the task's own disk, lost when the task stops/);
    assert.match(plan.storageYml!.why, /add an entry `amazon` reading ENV\["S3_BUCKET"\] and ENV\["AWS_REGION"\]/);
  });

  it('no storage.yml: one is written with the entry alone', () => {
    const plan = storageEdits({ service: 'local' }, PRODUCTION, undefined);
    assert.equal(plan.storageYml!.content.split('\n')[1], 'amazon:');
    assert.ok(readS3Entry(plan.storageYml!.content, 'amazon'));
  });

  it('an `amazon` entry that is not S3: the new entry gets another name, and production.rb names it', () => {
    const text = 'amazon:\n  service: Disk\n  root: /mnt/files\n';
    const plan = storageEdits({ service: 'amazon', kind: 'Disk' }, PRODUCTION.replace(':local', ':amazon'), text);
    assert.ok(readS3Entry(plan.storageYml!.content, 'amazon_s3'));
    assert.match(plan.production!.content, /service = :amazon_s3 /);
  });

  it('a disk service beside an S3 entry of its own: production.rb switches to that entry, which is fixed if it must be', () => {
    const plan = storageEdits({ service: 'local', kind: 'Disk' }, PRODUCTION, CREDENTIALS_ENTRY);
    assert.match(plan.production!.content, /service = :amazon /);
    assert.match(plan.storageYml!.content, /^ {2}# \(the task role signs for S3; keys here would override it\) access_key_id:/m);
    const clean = CREDENTIALS_ENTRY.replace(/^ {2}(access_key_id|secret_access_key):.*\n/gm, '');
    assert.equal(storageEdits({ service: 'local', kind: 'Disk' }, PRODUCTION, clean).storageYml, undefined, 'an entry that reaches the bucket is used as it is');
  });

  it('already on S3: the credentials keys are commented out, the app\'s own bucket variable kept', () => {
    const s3 = readS3Entry(CREDENTIALS_ENTRY, 'amazon')!;
    const plan = storageEdits({ service: 'amazon', kind: 'S3', s3 }, PRODUCTION, CREDENTIALS_ENTRY);
    assert.equal(plan.production, undefined);
    const rows = plan.storageYml!.content.split('\n');
    assert.equal(rows.length, CREDENTIALS_ENTRY.split('\n').length);
    assert.match(rows[10]!, /^ {2}# \(the task role signs for S3; keys here would override it\) access_key_id: /);
    assert.match(rows[11]!, /^ {2}# \(the task role signs for S3; keys here would override it\) secret_access_key: /);
    assert.equal(rows[13], '  bucket: <%= ENV.fetch("AWS_BUCKET") { "ledger-#{Rails.env}" } %>');
    assert.match(plan.storageYml!.why, /access keys that override the task role's/);
  });

  it('already on S3 with a literal bucket: it reads S3_BUCKET, and the why says how to copy the files', () => {
    const text = 'amazon:\n  service: S3\n  region: us-east-1\n  bucket: ledger-uploads\n';
    const plan = storageEdits({ service: 'amazon', kind: 'S3', s3: readS3Entry(text)! }, PRODUCTION, text);
    assert.equal(plan.storageYml!.content, 'amazon:\n  service: S3\n  region: us-east-1\n  bucket: <%= ENV["S3_BUCKET"] %>\n');
    assert.match(plan.storageYml!.why, /names "ledger-uploads" as its bucket.*aws s3 sync s3:\/\/ledger-uploads s3:\/\/NEW-BUCKET/);
    const missing = 'amazon:\n  service: S3\n  region: us-east-1\n';
    assert.equal(storageEdits({ service: 'amazon', kind: 'S3', s3: readS3Entry(missing)! }, PRODUCTION, missing).storageYml!.content,
      'amazon:\n  bucket: <%= ENV["S3_BUCKET"] %>\n  service: S3\n  region: us-east-1\n');
  });

  it('already on S3 through the variables: nothing to change', () => {
    const text = 'amazon:\n  service: S3\n  bucket: <%= ENV["S3_BUCKET"] %>\n';
    assert.deepEqual(storageEdits({ service: 'amazon', kind: 'S3', s3: readS3Entry(text)! }, PRODUCTION, text), {});
  });

  it('another cloud (GCS): no edit, a note that the bucket stays empty', () => {
    assert.deepEqual(storageEdits({ service: 'google', kind: 'GCS' }, PRODUCTION, DISKS), {});
    assert.deepEqual(storageNotes({ service: 'google', kind: 'GCS' }, ['aws-sdk-s3']), [
      'config/environments/production.rb stores Active Storage files with :google (GCS), outside AWS: they outlive the tasks, and the data stack\'s S3 bucket stays empty until you switch the service to an S3 entry reading ENV["S3_BUCKET"]',
    ]);
    assert.deepEqual(storageNotes({ service: 'local', kind: 'Disk' }, ['aws-sdk-s3']), [], 'a disk service gets the edit, not a note');
  });
});
