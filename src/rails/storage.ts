/** Active Storage in production: the service production.rb names, its kind in config/storage.yml, and its S3 entry. */
import { isRecord, parseErbYaml } from './erb-yaml.js';
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';
import { readS3Entry } from './storage-yml.js';
import type { S3Entry } from './storage-yml.js';

export interface StorageUse {
  /** `amazon`, `local`... as production.rb names it; undefined when it sets none. */
  readonly service?: string;
  /** The service's kind in config/storage.yml: `S3`, `Disk`, `GCS`... */
  readonly kind?: string;
  /** With kind S3: where the entry takes its bucket, Region and keys from. */
  readonly s3?: S3Entry;
}

export function detectStorage(repo: Repo): Fact<StorageUse> {
  const production = stripRubyComments(repo.read('config/environments/production.rb') ?? '');
  const service = /^\s*config\.active_storage\.service\s*=\s*:?["']?(\w+)/m.exec(production)?.[1];
  if (!service) return { value: {}, from: 'config/environments/production.rb' };
  const text = repo.read('config/storage.yml') ?? '';
  const config = parseErbYaml(text);
  const entry = isRecord(config) ? config[service] : undefined;
  const kind = isRecord(entry) && typeof entry.service === 'string' ? entry.service : undefined;
  const s3 = kind === 'S3' ? readS3Entry(text, service) : undefined;
  return { value: { service, ...(kind ? { kind } : {}), ...(s3 ? { s3 } : {}) }, from: kind ? 'config/storage.yml' : 'config/environments/production.rb' };
}

/**
 * The variables, besides S3_BUCKET and AWS_REGION, under which the app's S3 entry reads the bucket and its Region:
 * the task sets them to the data stack's bucket too.
 */
export function storageEnvNames(storage: StorageUse): { bucket: string[]; region: string[] } {
  const names = (source: S3Entry['bucket'] | undefined, ours: string) => (source?.kind === 'env' ? source.names.filter((n) => n !== ours) : []);
  return { bucket: names(storage.s3?.bucket, 'S3_BUCKET'), region: names(storage.s3?.region, 'AWS_REGION') };
}
