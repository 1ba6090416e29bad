/**
 * What the app generator and its sub-generators (worker, schedule, ci) share: the slice of Yeoman's config storage
 * they use, and the app generator's path, which each sub-generator composes with to regenerate every file.
 */
import { fileURLToPath } from 'node:url';

/** The slice of Yeoman's config storage we use, keyed by plain strings. */
export interface Store {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  getAll(): Record<string, unknown>;
}

/** The app generator's module, for `composeWith` from a sub-generator. */
export const APP_GENERATOR = fileURLToPath(new URL('./index.js', import.meta.url));
