/** The one line shown before a conflict prompt: why the generator wants to change a file that is not as it left it. */
import type { OutputFile } from '../render.js';

/**
 * `recordedHash`: what we last wrote there (undefined: we never did, the file is the app's own). `changed`: the
 * answers this run changes, as changedAnswers words them.
 */
export function conflictReason(file: OutputFile, recordedHash: string | undefined, changed: readonly string[]): string {
  if (file.kind === 'suggestion') return `${file.path}: ${file.why ?? 'a change the deployment needs'}`;
  if (recordedHash === undefined) return `${file.path}: the app has its own; ours would replace it`;
  const cause = changed.length > 0 ? `the answers changed (${changed.join(', ')})` : 'the generator or the app changed';
  return `${file.path}: you edited it since the last run, and ours changed since: ${cause}`;
}
