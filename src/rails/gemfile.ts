/**
 * The Gemfile's groups: the image installs with BUNDLE_WITHOUT=development:test, so a gem declared only in those
 * groups (puma in `group :development`, say) is not there in production.
 */
import { stripRubyComments } from './repo.js';

const DEV_GROUPS = new Set(['development', 'test']);

/** `:development, :test`, `[:development, "test"]`, `%i[development test]` -> the group names. */
function groupNames(text: string): string[] {
  const words = /%[iw][[(]([^\])]*)[\])]/.exec(text);
  if (words) return words[1]!.trim().split(/\s+/);
  return [...text.matchAll(/:(\w+)|["'](\w+)["']/g)].map((m) => m[1] ?? m[2]!);
}

/** Gems the Gemfile declares only in development/test groups (by `group ... do` blocks or a `group:` option). */
export function devOnlyGems(gemfile: string): Set<string> {
  const groups: Array<string[] | undefined> = [];
  const prod = new Set<string>();
  const dev = new Set<string>();
  for (const raw of stripRubyComments(gemfile).split('\n')) {
    const line = raw.trim();
    const block = /^group\s*\(?(.+?)\)?\s+do\s*$/.exec(line);
    if (block) {
      groups.push(groupNames(block[1]!));
      continue;
    }
    if (/\bdo\s*(\|[^|]*\|)?\s*$/.test(line) || /^(if|unless|platforms|install_if|source|git|path)\b.*\bdo\b/.test(line)) {
      groups.push(undefined);
      continue;
    }
    if (/^end\b/.test(line)) {
      groups.pop();
      continue;
    }
    const gem = /^gem\s*\(?\s*["']([^"']+)["'](.*)$/.exec(line);
    if (!gem) continue;
    const option = /\bgroups?:\s*(\[[^\]]*\]|%[iw][[(][^\])]*[\])]|:\w+|["']\w+["'])/.exec(gem[2]!)?.[1];
    const named = [...groups.flatMap((g) => g ?? []), ...(option ? groupNames(option) : [])];
    const inner = groups.filter((g): g is string[] => g !== undefined).at(-1);
    const effective = option ? groupNames(option) : inner ?? named;
    if (effective.length > 0 && effective.every((g) => DEV_GROUPS.has(g))) dev.add(gem[1]!);
    else prod.add(gem[1]!);
  }
  return new Set([...dev].filter((gem) => !prod.has(gem)));
}

/** The locked gems the production image installs: Gemfile.lock minus what only development/test declare. */
export function productionGems(gems: ReadonlyMap<string, string>, gemfile: string): ReadonlyMap<string, string> {
  const dev = devOnlyGems(gemfile);
  return new Map([...gems].filter(([name]) => !dev.has(name)));
}
