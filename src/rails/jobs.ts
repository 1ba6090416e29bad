/**
 * The background job backend and the command that runs it: Sidekiq, Solid Queue (and whether it runs inside Puma),
 * GoodJob, delayed_job, Resque; plus the worker lines of the app's Procfile.
 */
import type { Fact } from './fact.js';
import { parseProcfile, procfileCommand, workerEntries } from './procfile.js';
import type { ProcfileEntry } from './procfile.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';

export type JobBackendKind = 'sidekiq' | 'solid_queue' | 'good_job' | 'delayed_job' | 'resque';

export interface JobBackend {
  readonly kind: JobBackendKind;
  /** The worker container's command, as an exec-form array. */
  readonly command: readonly string[];
  /** config/sidekiq.yml and the like, when the command uses one. */
  readonly configFile?: string;
  readonly needsRedis: boolean;
  /**
   * Solid Queue only: `always` when config/puma.rb loads the plugin unconditionally (the web tasks then run jobs
   * too), `env` when it depends on SOLID_QUEUE_IN_PUMA (we leave that unset and run a worker), `never` otherwise.
   */
  readonly inPuma?: 'always' | 'env' | 'never';
}

export interface JobFacts {
  readonly backend?: JobBackend;
  readonly procfileWorkers: readonly ProcfileEntry[];
  /** The Procfile `release:` command (Heroku's migration step): the `migrate` task runs it. */
  readonly release?: string;
}

/** The job backend a command runs, if any: `bundle exec sidekiq -C ...` -> sidekiq. */
export function backendOfCommand(command: readonly string[]): JobBackendKind | undefined {
  const words = command.flatMap((word) => word.split(/\s+/)).map((word) => word.replace(/^.*\//, ''));
  if (words.includes('sidekiq') || words.includes('sidekiqswarm')) return 'sidekiq';
  if (words.includes('jobs') && command.some((w) => /(^|\/)bin\/jobs$/.test(w))) return 'solid_queue';
  if (words.includes('solid_queue:start')) return 'solid_queue';
  if (words.includes('good_job')) return 'good_job';
  if (words.some((w) => w === 'jobs:work' || w === 'delayed_job')) return 'delayed_job';
  if (words.some((w) => /^resque:work(ers)?$/.test(w))) return 'resque';
  return undefined;
}

/** `config.active_job.queue_adapter = :sidekiq` in production.rb or application.rb. */
function configuredAdapter(repo: Repo): Fact<string> | undefined {
  for (const file of ['config/environments/production.rb', 'config/application.rb']) {
    const text = stripRubyComments(repo.read(file) ?? '');
    const adapter = /queue_adapter\s*=\s*:?["']?(\w+)/.exec(text)?.[1];
    if (adapter) return { value: adapter, from: file };
  }
  return undefined;
}

function solidQueueInPuma(repo: Repo): 'always' | 'env' | 'never' {
  const puma = stripRubyComments(repo.read('config/puma.rb') ?? '');
  const line = /^\s*plugin\s+:solid_queue\b(.*)$/m.exec(puma);
  if (!line) return 'never';
  return /\bif\b|\bunless\b/.test(line[1] ?? '') ? 'env' : 'always';
}

function backend(kind: JobBackendKind, repo: Repo): JobBackend {
  switch (kind) {
    case 'sidekiq': {
      const configFile = repo.exists('config/sidekiq.yml') ? 'config/sidekiq.yml' : undefined;
      return {
        kind,
        command: ['bundle', 'exec', 'sidekiq', ...(configFile ? ['-C', configFile] : [])],
        ...(configFile ? { configFile } : {}),
        needsRedis: true,
      };
    }
    case 'solid_queue':
      return {
        kind,
        command: repo.exists('bin/jobs') ? ['./bin/jobs'] : ['bundle', 'exec', 'rake', 'solid_queue:start'],
        ...(repo.exists('config/queue.yml') ? { configFile: 'config/queue.yml' } : {}),
        needsRedis: false,
        inPuma: solidQueueInPuma(repo),
      };
    case 'good_job':
      return { kind, command: ['bundle', 'exec', 'good_job', 'start'], needsRedis: false };
    case 'delayed_job':
      return { kind, command: ['bundle', 'exec', 'rake', 'jobs:work'], needsRedis: false };
    case 'resque':
      return { kind, command: ['bundle', 'exec', 'rake', 'resque:work'], needsRedis: true };
  }
}

const GEMS: Array<[string, JobBackendKind]> = [
  ['sidekiq', 'sidekiq'],
  ['solid_queue', 'solid_queue'],
  ['good_job', 'good_job'],
  ['delayed_job_active_record', 'delayed_job'],
  ['delayed_job', 'delayed_job'],
  ['resque', 'resque'],
];

const ADAPTER_KINDS: Record<string, JobBackendKind> = {
  sidekiq: 'sidekiq',
  solid_queue: 'solid_queue',
  good_job: 'good_job',
  delayed_job: 'delayed_job',
  resque: 'resque',
};

export function detectJobs(repo: Repo, gems: ReadonlyMap<string, string>): Fact<JobFacts> {
  const procfileText = repo.read('Procfile');
  const entries = procfileText ? parseProcfile(procfileText) : [];
  const procfileWorkers = workerEntries(entries);
  const release = entries.find((entry) => entry.name === 'release')?.command;
  const configured = configuredAdapter(repo);
  const fromConfig = configured && ADAPTER_KINDS[configured.value];
  const fromGem = GEMS.find(([gem]) => gems.has(gem));
  const kind = fromConfig ?? fromGem?.[1];
  const from = fromConfig ? configured.from : fromGem ? 'Gemfile.lock' : procfileText ? 'Procfile' : 'Gemfile.lock';
  // The app's own command for its backend, as its Procfile writes it (`sidekiq -C config/sidekiq.yml -q mailers`).
  const own = kind && procfileWorkers.map((entry) => procfileCommand(entry.command)).find((command) => backendOfCommand(command) === kind);
  const found = kind ? { ...backend(kind, repo), ...(own ? { command: own } : {}) } : undefined;
  return { value: { ...(found ? { backend: found } : {}), procfileWorkers, ...(release ? { release } : {}) }, from };
}
