/**
 * What a re-run may not change, given the answers stored by the previous run: nothing that RDS refuses in place
 * (shrinking storage or its autoscaling ceiling, a major version downgrade) and so would fail the deploy or put the
 * data at risk.
 */
import { InputError } from '../errors.js';
import { QUESTIONS } from './questions.js';
import type { Answers, QuestionDef } from './questions.js';

function major(version: string): number[] {
  return version.split('.').map(Number);
}

function lower(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

export function checkChanges(previous: Readonly<Record<string, unknown>>, next: Answers): void {
  const storage = previous.dbStorage;
  if (typeof storage === 'number' && next.dbStorage < storage) {
    throw new InputError('db-storage', next.dbStorage, `${storage} GiB or more: RDS storage can grow but never shrink (it is ${storage} GiB now)`);
  }
  // Storage autoscaling may already have grown the database past the new ceiling, which RDS then refuses; the
  // generator cannot see how far it grew, so the ceiling only grows.
  const ceiling = previous.dbMaxStorage;
  if (typeof ceiling === 'number' && next.dbMaxStorage < ceiling) {
    throw new InputError('db-max-storage', next.dbMaxStorage, `${ceiling} GiB or more: storage autoscaling may already have grown the database up to ${ceiling} GiB, and a lower ceiling than its storage is refused`);
  }
  const version = previous.dbEngineVersion;
  if (typeof version === 'string' && lower(major(next.dbEngineVersion), major(version))) {
    throw new InputError('db-engine-version', next.dbEngineVersion, `${version} or later: RDS cannot downgrade a database's engine version`);
  }
}

const shown = (value: unknown) => (value === '' ? '""' : String(value));

/** The answers a re-run changes, as `--flag old -> new`, in question order: why our files would change. */
export function changedAnswers(previous: Readonly<Record<string, unknown>>, next: Answers): string[] {
  return (QUESTIONS as readonly QuestionDef[])
    .filter((q) => previous[q.name] !== undefined && previous[q.name] !== next[q.name as keyof Answers])
    .map((q) => `--${q.flag} ${shown(previous[q.name])} -> ${shown(next[q.name as keyof Answers])}`);
}
