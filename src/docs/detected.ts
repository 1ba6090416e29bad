/**
 * What was read from the app, in one look, each with where it came from: printed before the first question, so the
 * user sees what the answers' defaults and the files rest on (and can stop if something was misread).
 */
import { existingDockerFiles } from '../docker/findings.js';
import { defaultCpuArch } from '../docker/platform.js';
import { renderDockerFiles } from '../docker/render.js';
import type { AppFacts } from '../rails/detect.js';

/** Which CPU architecture the tasks default to, and why (the lockfile's platforms, this machine's architecture). */
function cpuLine(facts: AppFacts, machineArch: string): string {
  const platforms = facts.platforms.value;
  const arch = defaultCpuArch(platforms, machineArch);
  const why = arch === 'arm64'
    ? 'arm64 by default (Graviton, about 20% cheaper)'
    : 'x86_64 by default; for arm64 (Graviton, about 20% cheaper) run `bundle lock --add-platform aarch64-linux`';
  return `  Platforms: ${platforms.length > 0 ? platforms.join(', ') : 'none listed'} (${facts.platforms.from}): ${why}`;
}

export function detectedLines(facts: AppFacts, machineArch: string): string[] {
  const db = facts.database.value;
  const server = facts.server.value;
  const health = facts.health.value;
  const storage = facts.storage?.value;
  const jobs = facts.jobs.value;
  const redis = facts.redis.value;
  const healthHow = health.kind === 'add' ? 'not served yet: the route to add is shown at the end' : `${health.kind === 'rails-health' ? 'rails/health#show' : 'an existing route'}, ${facts.health.from}`;
  const procfile = jobs.procfileWorkers.length > 0 ? `; Procfile: ${jobs.procfileWorkers.map((p) => p.name).join(', ')}` : '';
  const kept = existingDockerFiles(facts);
  // Which files we write does not depend on the CPU architecture, only their contents do.
  const written = [...renderDockerFiles(facts, { cpuArch: 'x86_64' }).files.keys()].filter((file) => !kept.includes(file));
  const docker = [
    ...(kept.length > 0 ? [`the app's own ${kept.join(', ')} kept (ours is offered file by file, never under --yes)`] : []),
    ...(written.length > 0 ? [`${written.join(', ')} written by the generator`] : []),
  ];
  return [
    `Detected in ${facts.appModule.value}:`,
    `  Rails ${facts.railsVersion.value} (${facts.railsVersion.from}), Ruby ${facts.ruby.value.version} (${facts.ruby.from})`,
    `  Database: ${db.adapter} (${db.evidence ?? facts.database.from})${db.extraDatabases.length ? `; also ${db.extraDatabases.map((d) => d.envVar).join(', ')}` : ''}`,
    `  Jobs: ${jobs.backend ? `${jobs.backend.kind} (${jobs.backend.command.join(' ')})` : 'no job backend'}${procfile}`,
    `  Redis: ${redis.needed ? `needed (${redis.reasons.join(', ')})` : 'not needed'}`,
    `  Server: ${server.kind} on port ${server.port} (${server.evidence ?? facts.server.from}): ${server.command.join(' ')}`,
    `  Health check: ${health.path} (${healthHow})`,
    `  Storage: ${storage?.service ? `Active Storage :${storage.service}${storage.kind ? ` (${storage.kind}${storage.kind === 'Disk' ? ': files on a task\'s disk are lost when it is replaced' : ''})` : ''}, ${facts.storage!.from}` : 'no Active Storage service set in production'}`,
    cpuLine(facts, machineArch),
    `  Docker: ${docker.join('; ')}`,
    '',
  ];
}
