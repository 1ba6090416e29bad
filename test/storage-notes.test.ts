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

  it('says a Disk service loses files on Fargate, and what to switch to', () => {
    const notes = storageNotes({ service: 'local', kind: 'Disk' }, ['aws-sdk-s3']);
    assert.deepEqual(notes, [
      'config/environments/production.rb stores Active Storage files with :local (Disk), which a Fargate task loses when it stops: ' +
        'the data stack has an S3 bucket for them; set config.active_storage.service = :amazon and give config/storage.yml an amazon entry ' +
        'reading ENV["S3_BUCKET"] and ENV["AWS_REGION"]',
    ]);
  });
});
