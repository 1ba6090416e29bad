/** A detected fact and the file it came from, so messages and notes can point at it. */
export interface Fact<T> {
  readonly value: T;
  /** Repo-relative path of the file the value was read from (or `default` when nothing said otherwise). */
  readonly from: string;
}

/** `7.1.3.4` >= `7.1`? Numeric, segment by segment; missing segments count as 0. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const b = minimum.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
