import { fileURLToPath } from 'node:url';

/** The package root, from the compiled `dist/src/paths.js`. Fragments and schemas ship beside `dist/`. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FRAGMENTS_DIR = fileURLToPath(new URL('../../fragments/', import.meta.url));
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
