/** Procfile (Heroku/Foreman format): `name: command` per line. Procfile.dev is ignored (development only). */

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
