/**
 * Whether a file may be rewritten. The generator records a hash of every file it writes (in `.yo-rc.json`); a file
 * on disk that still has that hash is ours and is regenerated silently, one that does not was edited by the user
 * (or was theirs to begin with) and is never overwritten without their say.
 */
import { createHash } from 'node:crypto';

export type WriteDecision = 'create' | 'identical' | 'regenerate' | 'edited';

export function contentHash(content: string): string {
  return `sha256-${createHash('sha256').update(content).digest('base64')}`;
}

export function decideWrite(disk: string | undefined, recordedHash: string | undefined, next: string): WriteDecision {
  if (disk === undefined) return 'create';
  if (disk === next) return 'identical';
  if (recordedHash !== undefined && contentHash(disk) === recordedHash) return 'regenerate';
  return 'edited';
}
