/**
 * Workers: the background services, stored in `.yo-rc.json` under `workers` (name -> command and size) and managed
 * with `yo rails-fargate:worker`. On the first run the list is seeded from the `--worker` answer.
 */
import { checkFargateSize, FARGATE_SIZES } from '../aws/fargate.js';
import { InputError } from '../errors.js';
import { backendOfCommand } from '../rails/jobs.js';
import { RESERVED_WORKER_NAMES, WORKER_NAME } from '../stacks/app/options.js';

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

/** The gem each job backend needs in Gemfile.lock, and the backends that need Redis. */
export const BACKEND_GEMS: Readonly<Record<string, string>> = { sidekiq: 'sidekiq', solid_queue: 'solid_queue', good_job: 'good_job', delayed_job: 'delayed_job', resque: 'resque' };
const REDIS_BACKENDS = new Set(['sidekiq', 'resque']);

/** Whether a worker runs a backend that needs Redis (`bundle exec sidekiq ...`, `rake resque:work`). */
export function workersNeedRedis(workers: Workers): boolean {
  return Object.values(workers).some((worker) => REDIS_BACKENDS.has(backendOfCommand(worker.command) ?? ''));
}

/**
 * Every job backend asked for (the `worker` answer, each worker's command) must be a gem the production image
 * installs, or its tasks crash on boot. `gems` undefined: no Rails app to check against (library use).
 */
export function checkWorkerGems(answer: string, workers: Workers, gems: ReadonlySet<string> | undefined, source = '--worker'): void {
  if (!gems) return;
  const asked: Array<[string | undefined, string, string]> = [
    [answer, 'worker', source],
    ...Object.entries(workers).map(([name, worker]): [string | undefined, string, string] => [backendOfCommand(worker.command), `workers.${name}.command`, worker.command.join(' ')]),
  ];
  const have = Object.keys(BACKEND_GEMS).filter((kind) => gems.has(BACKEND_GEMS[kind]!));
  for (const [kind, field, from] of asked) {
    const gem = kind ? BACKEND_GEMS[kind] : undefined;
    if (!gem || gems.has(gem)) continue;
    const redis = REDIS_BACKENDS.has(kind!) ? `; ${kind} needs Redis, which the data stack then adds (ElastiCache, with TLS and an auth token)` : '';
    throw new InputError(
      field,
      field === 'worker' ? kind : from,
      `a job backend the app has: Gemfile.lock does not lock ${gem} for production. Add \`gem "${gem}"\` to the Gemfile (outside the development/test groups), run \`bundle install\`, commit Gemfile.lock and re-run${redis}` +
        `. The app has: ${have.length ? have.join(', ') : 'no job backend'} (or none)`,
      field === 'worker' ? source : 'the worker command',
    );
  }
}

export const DEFAULT_WORKER_SIZE = { cpu: 512, memory: 1024, count: 1 } as const;

/** A process of the app's Procfile: its worker name and its command, verbatim. */
export interface AppProcess {
  readonly name: string;
  readonly command: readonly string[];
}

/**
 * The first run's workers: the Procfile's processes (commands verbatim; one that runs a job backend only when that
 * backend is the answer), then the backend's worker, with the app's own command for it, unless a process runs it.
 */
export function seedWorkers(backend: string, detected?: { kind: string; command: readonly string[] }, processes: readonly AppProcess[] = []): Workers {
  const workers: Record<string, WorkerSpec> = {};
  for (const process of processes) {
    const runs = backendOfCommand(process.command);
    if (runs && runs !== backend) continue;
    workers[process.name] = { command: [...process.command], ...DEFAULT_WORKER_SIZE };
  }
  const known = BACKEND_WORKERS[backend];
  const covered = processes.some((process) => backendOfCommand(process.command) === backend);
  if (known && !covered && !workers[known.name]) {
    const command = detected?.kind === backend ? detected.command : known.command;
    workers[known.name] = { command: [...command], ...DEFAULT_WORKER_SIZE };
  }
  return sortedWorkers(checkWorkers(workers, 'Procfile'));
}

export { WORKER_NAME } from '../stacks/app/options.js';

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
  if (!WORKER_NAME.test(name) || RESERVED_WORKER_NAMES.has(name)) {
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

/** What `yo rails-fargate:worker NAME` asks for: the fields given (the rest stay), or the worker's removal. */
export interface WorkerChange {
  readonly name: string;
  readonly remove?: boolean;
  readonly command?: readonly string[];
  readonly cpu?: number;
  readonly memory?: number;
  readonly count?: number;
}

/**
 * Split a command into exec-form words: spaces separate words, "double" or 'single' quotes keep spaces inside one
 * word (no escapes, no shell). `bundle exec sidekiq -q "low priority"` -> [bundle, exec, sidekiq, -q, low priority].
 */
export function splitCommand(text: string, source = '--command'): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote) throw new InputError('command', text, `words separated by spaces, each quote closed (the ${quote} is not)`, source);
  if (word !== undefined) words.push(word);
  if (words.length === 0 || words.includes('')) {
    throw new InputError('command', text, 'a non-empty command of non-empty words, e.g. "bundle exec sidekiq -q default"', source);
  }
  return words;
}

/** A whole number from an option (Yeoman passes strings); undefined when the option was not given. */
export function wholeNumber(field: string, value: unknown, allowed: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number)) throw new InputError(field, value, allowed, `--${field}`);
  return number;
}

/** The known backend worker of this name (`sidekiq`, `jobs`, `good-job`...), if any. */
function backendWorker(name: string): { readonly name: string; readonly command: readonly string[] } | undefined {
  return Object.values(BACKEND_WORKERS).find((known) => known.name === name);
}

/**
 * The workers after a change: add (needs a command, unless NAME is a job backend's usual worker), update only the
 * fields given, or remove. Throws InputError naming the field, the value and what is allowed. Names come out sorted
 * and every spec in one key order, so the result depends only on the workers, not on the order of the changes.
 */
export function applyWorkerChange(workers: Workers, change: WorkerChange): Workers {
  const { name } = change;
  checkWorkerName(name, 'the NAME argument');
  const existing = workers[name];
  const given = (['command', 'cpu', 'memory', 'count'] as const).filter((field) => change[field] !== undefined);
  const next: Record<string, WorkerSpec> = { ...workers };
  if (change.remove) {
    if (given.length > 0) throw new InputError('remove', name, `--remove alone: it takes no ${given.map((f) => `--${f}`).join(', ')}`, '--remove');
    if (!existing) throw new InputError('worker name', name, existingNames(workers, 'the name of a worker to remove'), '--remove');
    delete next[name];
    return sortedWorkers(next);
  }
  if (!existing) {
    const id = name.replace(/-/g, '');
    const clash = Object.keys(workers).find((other) => other.replace(/-/g, '') === id);
    if (clash) throw new InputError('worker name', name, `a name that differs from the worker "${clash}" by more than dashes (both would give the same logical IDs)`, 'the NAME argument');
  }
  const command = change.command ?? existing?.command ?? backendWorker(name)?.command;
  if (!command) {
    throw new InputError('command', undefined, `a command for the new worker "${name}", e.g. --command "bundle exec sidekiq -q default" (only a job backend's usual worker name, ${Object.values(BACKEND_WORKERS).map((k) => k.name).join(', ')}, has a default)`, '--command');
  }
  if (command.length === 0 || command.some((word) => word === '')) {
    throw new InputError('command', command, 'a non-empty list of non-empty words', '--command');
  }
  const base = existing ?? DEFAULT_WORKER_SIZE;
  const cpu = change.cpu ?? base.cpu;
  const memory = change.memory ?? base.memory;
  const count = change.count ?? base.count;
  const from = (field: 'cpu' | 'memory') => (change[field] !== undefined ? `--${field}` : existing ? `.yo-rc.json "workers.${name}.${field}"` : `the default ${field}`);
  if (!FARGATE_SIZES.has(cpu)) throw new InputError('cpu', cpu, checkFargateSize(cpu, memory) as string, from('cpu'));
  const size = checkFargateSize(cpu, memory);
  if (size !== true) throw new InputError('memory', memory, `${size} (pass --cpu and --memory together to change both)`, from('memory'));
  if (!Number.isInteger(count) || count < 0 || count > 100) throw new InputError('count', count, 'a whole number from 0 to 100', '--count');
  next[name] = { command: [...command], cpu, memory, count };
  return sortedWorkers(checkWorkers(next, 'the change'));
}

function existingNames(workers: Workers, what: string): string {
  const names = Object.keys(workers).sort();
  return `${what}; the workers are: ${names.length ? names.join(', ') : 'none'}`;
}

/** The workers as a list sorted by name: templates and costs never depend on the order workers were added in. */
export function workerList(workers: Workers): (WorkerSpec & { readonly name: string })[] {
  return Object.keys(workers).sort().map((name) => ({ name, ...workers[name]! }));
}

/** Names sorted, each spec's keys in one order: what `.yo-rc.json` stores. */
export function sortedWorkers(workers: Workers): Workers {
  return Object.fromEntries(
    Object.keys(workers)
      .sort()
      .map((name) => {
        const { command, cpu, memory, count } = workers[name]!;
        return [name, { command: [...command], cpu, memory, count }];
      }),
  );
}
