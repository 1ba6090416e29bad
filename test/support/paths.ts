import { fileURLToPath } from 'node:url';

/** Paths for tests, from the compiled `dist/test/support/paths.js`. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const APP_GENERATOR = fileURLToPath(new URL('../../generators/app/index.js', import.meta.url));
export const SAMPLE_APP = fileURLToPath(new URL('../../../examples/bookshelf/', import.meta.url));
