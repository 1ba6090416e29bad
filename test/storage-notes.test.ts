import assert from 'node:assert/strict';
import { storageNotes } from '../src/plan/storage-notes.js';

describe('Active Storage notes', () => {
  it('nothing for an app without Active Storage, or already on S3 with aws-sdk-s3 locked', () => {
    assert.deepEqual(storageNotes({}, []), []);
    assert.deepEqual(storageNotes({ service: 'amazon', kind: 'S3' }, ['aws-sdk-s3', 'rails']), []);
  });

  it('names the Gemfile line when aws-sdk-s3 is not locked', () => {
    assert.deepEqual(storageNotes({ service: 'amazon', kind: 'S3' }, ['rails']), [
      'Active Storage on S3 needs the aws-sdk-s3 gem, which Gemfile.lock lacks: add `gem "aws-sdk-s3", require: false` to the Gemfile and run bundle install',
    ]);
  });

  it('a Disk service gets no note: the production.rb and storage.yml edits carry the reason (test/storage-edits.test.ts)', () => {
    assert.deepEqual(storageNotes({ service: 'local', kind: 'Disk' }, ['aws-sdk-s3']), []);
  });
});
