/**
 * Workers: the background services, stored in `.yo-rc.json` under `workers` (name -> command and size) and managed
 * with `yo rails-fargate:worker`. On the first run the list is seeded from the `--worker` answer.
 */
import { checkFargateSize } from '../aws/fargate.js';
import { InputError } from '../errors.js';

export interface WorkerSpec {
  readonly command: readonly string[];
  readonly cpu: number;
  readonly memory: number;
  readonly count: number;
}

export type Workers = Readonly<Record<string, WorkerSpec>>;

/** The usual name and command of each job backend's worker. */
export const BACKEND_WORKERS: Readonly<Record<string, { readonly name: string; readonly command: readonly string[] }>> = {
  sidekiq: { name: 'sidekiq', command: ['bundle', 'exec', 'sidekiq'] },
  solid_queue: { name: 'jobs', command: ['./bin/jobs'] },
  good_job: { name: 'good-job', command: ['bundle', 'exec', 'good_job', 'start'] },
  delayed_job: { name: 'delayed-job', command: ['./bin/rails', 'jobs:work'] },
  resque: { name: 'resque', command: ['bundle', 'exec', 'rake', 'resque:work', 'QUEUE=*'] },
};

export const DEFAULT_WORKER_SIZE = { cpu: 512, memory: 1024, count: 1 } as const;

/** The first run's workers: the backend's worker, with the app's own command for it when detected. */
export function seedWorkers(backend: string, detected?: { kind: string; command: readonly string[] }): Workers {
  const known = BACKEND_WORKERS[backend];
  if (!known) return {};
  const command = detected?.kind === backend ? detected.command : known.command;
  return { [known.name]: { command: [...command], ...DEFAULT_WORKER_SIZE } };
}

export const WORKER_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$/;
const RESERVED = new Set(['web', 'migrate']);

/** Validate workers read from `.yo-rc.json` (hand-edited, perhaps); throws InputError naming the worker and field. */
export function checkWorkers(value: unknown, source = '.yo-rc.json "workers"'): Workers {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('workers', value, 'an object of worker name -> { command, cpu, memory, count }', source);
  }
  const ids = new Map<string, string>();
  for (const [name, spec] of Object.entries(value as Record<string, unknown>)) {
    checkWorkerName(name, source);
    const id = name.replace(/-/g, '');
    if (ids.has(id)) throw new InputError('worker name', name, `names that differ from "${ids.get(id)}" by more than dashes`, source);
    ids.set(id, name);
    checkWorkerSpec(name, spec, source);
  }
  return value as Workers;
}

export function checkWorkerName(name: string, source = 'the worker name'): void {
  if (!WORKER_NAME.test(name) || RESERVED.has(name)) {
    throw new InputError('worker name', name, 'lowercase letters, digits and dashes, starting with a letter, up to 32 characters, not web or migrate', source);
  }
}

export function checkWorkerSpec(name: string, spec: unknown, source: string): asserts spec is WorkerSpec {
  const s = spec as Partial<WorkerSpec> | null;
  if (!s || !Array.isArray(s.command) || s.command.length === 0 || s.command.some((w) => typeof w !== 'string' || w === '')) {
    throw new InputError(`workers.${name}.command`, s?.command, 'a non-empty list of words, e.g. ["bundle", "exec", "sidekiq"]', source);
  }
  const size = checkFargateSize(Number(s.cpu), Number(s.memory));
  if (size !== true) throw new InputError(`workers.${name}.cpu/memory`, { cpu: s.cpu, memory: s.memory }, size, source);
  if (!Number.isInteger(s.count) || s.count! < 0 || s.count! > 100) {
    throw new InputError(`workers.${name}.count`, s.count, 'a whole number from 0 to 100', source);
  }
}
