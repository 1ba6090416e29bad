/** The closing summary's first block: what was read from the app, in one look, each with where it came from. */
import type { Plan } from '../plan.js';
import type { AppFacts } from '../rails/detect.js';

export function detectedLines(facts: AppFacts, thePlan: Plan): string[] {
  const db = facts.database.value;
  const server = facts.server.value;
  const health = facts.health.value;
  const options = thePlan.app?.options;
  const storage = facts.storage?.value;
  const processes = [
    ...(options?.workers ?? []).map((w) => `${w.name}: ${w.command.join(' ')}`),
    `migrate: ${(options?.migrateCommand ?? ['./bin/rails', 'db:prepare']).join(' ')}`,
  ];
  const redis = thePlan.app?.data.redis ? `yes (${facts.redis.value.reasons.join(', ') || 'a worker\'s job backend'})` : 'no';
  const healthHow = health.kind === 'add' ? 'not served yet: the route to add is shown below' : `${health.kind === 'rails-health' ? 'rails/health#show' : 'an existing route'}, ${facts.health.from}`;
  return [
    `Detected in ${facts.appModule.value}:`,
    `  Ruby ${facts.ruby.value.version} (${facts.ruby.from}), Rails ${facts.railsVersion.value}`,
    `  Database: ${db.adapter} (${db.evidence ?? facts.database.from})${db.extraDatabases.length ? `; also ${db.extraDatabases.map((d) => d.envVar).join(', ')}` : ''}`,
    `  Server: ${server.kind} on port ${server.port} (${server.evidence ?? facts.server.from}): ${server.command.join(' ')}`,
    `  Health check: ${health.path} (${healthHow})`,
    `  Processes: ${processes.join('; ')}`,
    `  Redis: ${redis}`,
    `  Storage: ${storage?.service ? `Active Storage :${storage.service}${storage.kind ? ` (${storage.kind}${storage.kind === 'Disk' ? ': files on a task\'s disk are lost when it is replaced' : ''})` : ''}, ${facts.storage!.from}` : 'no Active Storage service set in production'}`,
    '',
  ];
}
