/**
 * Procfile (Heroku/Foreman format): `name: command` per line. The `web` line is the server, `release` the
 * migration, the rest are the app's background processes. Procfile.dev is development only and never read.
 */

export interface ProcfileEntry {
  readonly name: string;
  readonly command: string;
}

export function parseProcfile(text: string): ProcfileEntry[] {
  return text
    .split('\n')
    .map((line) => /^([A-Za-z0-9_-]+):\s*(.+?)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1]!, command: match[2]! }));
}

/** Entries other than `web` and `release`: the background processes the app runs. */
export function workerEntries(entries: readonly ProcfileEntry[]): ProcfileEntry[] {
  return entries.filter((entry) => entry.name !== 'web' && entry.name !== 'release');
}

/**
 * A Procfile command as exec-form words, verbatim: `bin/rails runner "Feed.poll"` -> [bin/rails, runner, Feed.poll].
 * A command that needs a shell (`$VAR`, `&&`, pipes, redirects) runs as `sh -c '<command>'`.
 */
export function procfileCommand(command: string): string[] {
  if (/[;&|<>`$\\]/.test(command) || (command.match(/["']/g) ?? []).length % 2 !== 0) return ['sh', '-c', command];
  const words: string[] = [];
  for (const match of command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

/** A worker name from a Procfile name: `mailer_digest` -> `mailer-digest` (lowercase, dashes, starts with a letter). */
export function processName(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 32);
  return clean === '' || clean === 'web' || clean === 'migrate' ? `proc-${clean || 'worker'}` : clean;
}
