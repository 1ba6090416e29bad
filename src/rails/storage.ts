/** Active Storage in production: the service production.rb names and its kind in config/storage.yml. */
import { isRecord, parseErbYaml } from './erb-yaml.js';
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';

export interface StorageUse {
  /** `amazon`, `local`... as production.rb names it; undefined when it sets none. */
  readonly service?: string;
  /** The service's kind in config/storage.yml: `S3`, `Disk`, `GCS`... */
  readonly kind?: string;
}

export function detectStorage(repo: Repo): Fact<StorageUse> {
  const production = stripRubyComments(repo.read('config/environments/production.rb') ?? '');
  const service = /^\s*config\.active_storage\.service\s*=\s*:?["']?(\w+)/m.exec(production)?.[1];
  if (!service) return { value: {}, from: 'config/environments/production.rb' };
  const config = parseErbYaml(repo.read('config/storage.yml') ?? '');
  const entry = isRecord(config) ? config[service] : undefined;
  const kind = isRecord(entry) && typeof entry.service === 'string' ? entry.service : undefined;
  return { value: { service, ...(kind ? { kind } : {}) }, from: kind ? 'config/storage.yml' : 'config/environments/production.rb' };
}
