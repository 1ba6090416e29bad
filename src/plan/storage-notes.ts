/**
 * What an Active Storage app must change itself for the data stack's bucket, said once each and only when true:
 * the gem the S3 service needs, and that a service on another cloud leaves the bucket empty. Pure: facts in, sentences out.
 */
import { keepsFilesElsewhere } from '../rails/storage-edits.js';
import type { StorageUse } from '../rails/storage.js';

export const AWS_SDK_S3_LINE = 'gem "aws-sdk-s3", require: false';

export function storageNotes(storage: StorageUse, productionGems: readonly string[] | undefined): string[] {
  if (!storage.service) return [];
  const notes: string[] = [];
  if (productionGems && !productionGems.includes('aws-sdk-s3')) {
    notes.push(`Active Storage on S3 needs the aws-sdk-s3 gem, which Gemfile.lock lacks: add \`${AWS_SDK_S3_LINE}\` to the Gemfile and run bundle install`);
  }
  // A disk service, or an S3 entry that cannot reach the data stack's bucket, gets an edit offered instead (with its
  // reason printed when it is not applied: src/rails/storage-edits.ts).
  if (keepsFilesElsewhere(storage)) {
    notes.push(
      `config/environments/production.rb stores Active Storage files with :${storage.service} (${storage.kind}), outside AWS: ` +
        'they outlive the tasks, and the data stack\'s S3 bucket stays empty until you switch the service to an S3 entry reading ENV["S3_BUCKET"]',
    );
  }
  return notes;
}
