/**
 * How a project's data stack handles the database password and URLs (src/stacks/database-url.ts), decided from
 * `.yo-rc.json`. The app generator stores `dbEngine` on every run and, since DatabaseUrlSecret exists,
 * `databaseUrls` and `databasePassword` too. So a stored `dbEngine` without them is a data stack generated before:
 * - its password may hold punctuation and its GenerateSecretString must never change (a change would generate a new
 *   password the database never gets): `databasePassword` is `punctuation`, for the life of the stack;
 * - its tasks keep the URL-building `wrapper` until the user sets a URL-safe password by hand and `databaseUrls` to
 *   `secret`, as infra/README.md explains.
 * A first run (no `dbEngine`) gets `secret` and `alphanumeric`.
 */
import { InputError } from '../errors.js';
import type { DatabasePasswordRule, DatabaseUrlMode } from '../stacks/database-url.js';

/** The `.yo-rc.json` keys; their values are a DatabaseUrlMode and a DatabasePasswordRule. */
export const DATABASE_URLS_KEY = 'databaseUrls';
export const DATABASE_PASSWORD_KEY = 'databasePassword';

const MODES: readonly DatabaseUrlMode[] = ['secret', 'wrapper'];
const RULES: readonly DatabasePasswordRule[] = ['alphanumeric', 'punctuation'];

function stored<T extends string>(value: unknown, key: string, allowed: readonly T[], fresh: T, before: T, generatedBefore: boolean): T {
  if (value === undefined) return generatedBefore ? before : fresh;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(key, value, `${allowed.join(' or ')} (in .yo-rc.json; see infra/README.md before changing it)`);
}

export interface DatabaseChoices {
  readonly databaseUrls: DatabaseUrlMode;
  readonly databasePassword: DatabasePasswordRule;
}

/** `engineKey`: the key the app generator stores the engine under on every run (ENGINE_KEY). */
export function databaseChoices(config: Readonly<Record<string, unknown>>, engineKey: string): DatabaseChoices {
  const generatedBefore = config[engineKey] !== undefined;
  return {
    databaseUrls: stored(config[DATABASE_URLS_KEY], DATABASE_URLS_KEY, MODES, 'secret', 'wrapper', generatedBefore),
    databasePassword: stored(config[DATABASE_PASSWORD_KEY], DATABASE_PASSWORD_KEY, RULES, 'alphanumeric', 'punctuation', generatedBefore),
  };
}
