/** Whether the app needs Redis in production, and for what (each reason names the file that said so). */
import { isRecord, parseErbYaml } from './erb-yaml.js';
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';

export interface RedisUse {
  readonly needed: boolean;
  /** `sidekiq (Gemfile.lock)`, `redis_cache_store (config/environments/production.rb)`... */
  readonly reasons: readonly string[];
}

export function detectRedis(repo: Repo, gems: ReadonlyMap<string, string>, jobsNeedRedis: boolean): Fact<RedisUse> {
  const reasons: string[] = [];
  let from = 'Gemfile.lock';
  if (jobsNeedRedis) reasons.push(`${gems.has('sidekiq') ? 'sidekiq' : 'resque'} jobs (Gemfile.lock)`);
  const production = stripRubyComments(repo.read('config/environments/production.rb') ?? '');
  if (/cache_store\s*=\s*:redis_cache_store/.test(production)) {
    reasons.push('redis_cache_store (config/environments/production.rb)');
    if (reasons.length === 1) from = 'config/environments/production.rb';
  }
  const cable = parseErbYaml(repo.read('config/cable.yml') ?? '');
  if (isRecord(cable) && isRecord(cable.production) && cable.production.adapter === 'redis') {
    reasons.push('Action Cable redis adapter (config/cable.yml)');
    if (reasons.length === 1) from = 'config/cable.yml';
  }
  return { value: { needed: reasons.length > 0, reasons }, from };
}
