/**
 * Whether a file may be rewritten. The generator records a hash of every file it writes (in `.yo-rc.json`); a file
 * on disk that still has that hash is ours and is regenerated silently, one that does not was edited by the user
 * (or was theirs to begin with) and is never overwritten without their say. Their say is remembered: the hash of the
 * version they declined ("keep mine") is stored too, and the same offer is not made again until ours changes.
 */
import { createHash } from 'node:crypto';

/**
 * `kept`: edited, but ours is what we last wrote or what they last declined, so there is nothing new to offer.
 * `declined`: edited, offered, and they kept theirs (set by the generator after asking).
 */
export type WriteDecision = 'create' | 'identical' | 'regenerate' | 'edited' | 'kept' | 'declined';

export function contentHash(content: string): string {
  return `sha256-${createHash('sha256').update(content).digest('base64')}`;
}

export function decideWrite(disk: string | undefined, recordedHash: string | undefined, next: string, declinedHash?: string): WriteDecision {
  if (disk === undefined) return 'create';
  if (disk === next) return 'identical';
  if (recordedHash !== undefined && contentHash(disk) === recordedHash) return 'regenerate';
  const ours = contentHash(next);
  if (ours === recordedHash || ours === declinedHash) return 'kept';
  return 'edited';
}

/** The files among `paths` that are on disk exactly as the generator last wrote them (their recorded hash). */
export function uneditedFiles(paths: readonly string[], read: (file: string) => string | undefined, recorded: Readonly<Record<string, string>>): Set<string> {
  return new Set(paths.filter((path) => {
    const disk = read(path);
    return disk !== undefined && recorded[path] !== undefined && contentHash(disk) === recorded[path];
  }));
}
