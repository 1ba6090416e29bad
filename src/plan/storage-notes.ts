/**
 * What an Active Storage app must change itself for the data stack's bucket, said once each and only when true:
 * the gem the S3 service needs, and the service production.rb should use. Pure: facts in, sentences out.
 */
import type { StorageUse } from '../rails/storage.js';

export const AWS_SDK_S3_LINE = 'gem "aws-sdk-s3", require: false';

export function storageNotes(storage: StorageUse, productionGems: readonly string[] | undefined): string[] {
  if (!storage.service) return [];
  const notes: string[] = [];
  if (productionGems && !productionGems.includes('aws-sdk-s3')) {
    notes.push(`Active Storage on S3 needs the aws-sdk-s3 gem, which Gemfile.lock lacks: add \`${AWS_SDK_S3_LINE}\` to the Gemfile and run bundle install`);
  }
  if (storage.kind !== 'S3') {
    notes.push(
      `config/environments/production.rb stores Active Storage files with :${storage.service}` +
        `${storage.kind ? ` (${storage.kind})` : ''}, which a Fargate task loses when it stops: the data stack has an S3 bucket for them; ` +
        'set config.active_storage.service = :amazon and give config/storage.yml an amazon entry reading ENV["S3_BUCKET"] and ENV["AWS_REGION"]',
    );
  }
  return notes;
}
