import { fileURLToPath } from 'node:url';

/** The package root, from the compiled `dist/src/paths.js`. Fragments and schemas ship beside `dist/`. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FRAGMENTS_DIR = fileURLToPath(new URL('../../fragments/', import.meta.url));
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
/** What the build compiles ahead of time (scripts/precompile.ts), shipped inside dist/src. */
export const COMPILED_DIR = fileURLToPath(new URL('./compiled/', import.meta.url));
