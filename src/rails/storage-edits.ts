/**
 * The edits that put Active Storage on the data stack's bucket, offered like the force_ssl one (Yeoman's conflict
 * prompt; printed, not applied, under --yes):
 * - an app on a disk service (`:local`) switches production.rb to an S3 entry, and storage.yml gains one if it has
 *   none (a task's disk is lost when the task stops, and each task sees its own);
 * - an app already on S3 whose entry names a bucket of its own, or takes access keys from credentials (which
 *   override the task role), reads the bucket from S3_BUCKET and lets the task role sign.
 */
import type { StorageUse } from './storage.js';
import { amazonEntryLines, readS3Entry } from './storage-yml.js';
import type { S3Entry } from './storage-yml.js';

/** Active Storage kinds whose files live on the task's own disk. */
const DISK_KINDS = new Set(['Disk']);

/** The storage kinds that keep files outside the task (another cloud): no edit, a note says the bucket is spare. */
export function keepsFilesElsewhere(storage: StorageUse): boolean {
  return storage.kind !== undefined && storage.kind !== 'S3' && !DISK_KINDS.has(storage.kind);
}

export interface StoragePlan {
  /** production.rb with the service switched, and why; absent when it needs no change. */
  readonly production?: { readonly content: string; readonly why: string };
  /** config/storage.yml's new content, and why; absent when it needs no change. */
  readonly storageYml?: { readonly content: string; readonly why: string };
}

const BUCKET_LINE = 'bucket: <%= ENV["S3_BUCKET"] %>';

/** Point an existing S3 entry at the data stack's bucket and the task role, if it does not already. */
function fixEntry(text: string, entry: S3Entry): { text: string; whys: string[] } {
  const rows = text.split('\n');
  const whys: string[] = [];
  // The keys first: they are edited in place, and a bucket line inserted above them would move them.
  for (const line of entry.keyLines) rows[line - 1] = rows[line - 1]!.replace(/^(\s*)/, '$1# (the task role signs for S3; keys here would override it) ');
  if (entry.bucket.kind !== 'env') {
    const said = entry.bucket.kind === 'literal' ? `"${entry.bucket.value}"` : entry.bucket.kind === 'ruby' ? entry.bucket.source : 'no bucket';
    if (entry.bucketLine !== undefined) rows[entry.bucketLine - 1] = `${/^\s*/.exec(rows[entry.bucketLine - 1]!)![0]}${BUCKET_LINE}`;
    else rows.splice(entry.line, 0, `  ${BUCKET_LINE}`);
    whys.push(
      `config/storage.yml's ${entry.name} entry names ${said} as its bucket, but the task role may use only the data stack's bucket, ` +
        `which the tasks get in S3_BUCKET: ${BUCKET_LINE}` +
        (entry.bucket.kind === 'literal' ? ` (copy the files first: aws s3 sync s3://${entry.bucket.value} s3://NEW-BUCKET)` : ''),
    );
  }
  if (entry.keyLines.length > 0) {
    whys.push(`config/storage.yml's ${entry.name} entry takes access keys that override the task role's: comment out access_key_id and secret_access_key`);
  }
  return { text: rows.join('\n'), whys };
}

/** The edits for the detected storage, given production.rb and storage.yml as they are (storage.yml may be missing). */
export function storageEdits(storage: StorageUse, production: string, storageYml: string | undefined): StoragePlan {
  if (!storage.service || keepsFilesElsewhere(storage)) return {};
  if (storage.kind === 'S3') {
    if (!storage.s3 || storageYml === undefined) return {};
    const fixed = fixEntry(storageYml, storage.s3);
    return fixed.whys.length > 0 ? { storageYml: { content: fixed.text, why: fixed.whys.join('; ') } } : {};
  }
  // On the task's disk: switch to an S3 entry, the app's own if it has one.
  const text = storageYml ?? '';
  const existing = readS3Entry(text);
  let name = existing?.name ?? 'amazon';
  if (!existing && /^amazon:/m.test(text)) name = 'amazon_s3';
  const serviceLine = /^(\s*)config\.active_storage\.service\s*=.*$/m;
  const switched = production.replace(serviceLine, `$1config.active_storage.service = :${name} # the data stack's S3 bucket (was :${storage.service}; generator-rails-fargate)`);
  const fixed = existing ? fixEntry(text, existing) : { text: `${text.replace(/\n*$/, text === '' ? '' : '\n\n')}${amazonEntryLines(name).join('\n')}\n`, whys: [] };
  const lost = `Active Storage files stored with :${storage.service}${storage.kind ? ` (${storage.kind})` : ''} sit on the task's own disk, lost when the task stops and seen by no other task`;
  return {
    production: { content: switched, why: `${lost}: use the data stack's S3 bucket: config.active_storage.service = :${name}` },
    ...(fixed.text !== storageYml
      ? { storageYml: { content: fixed.text, why: existing ? fixed.whys.join('; ') : `${lost}: add an entry \`${name}\` reading ENV["S3_BUCKET"] and ENV["AWS_REGION"]` } }
      : {}),
  };
}
