/** `npm run build` after `tsc`: the fragment library and the answer validators, compiled into dist/src/compiled/. */
import { COMPILED_DIR } from '../src/paths.js';
import { precompile } from '../src/precompile.js';

const done = precompile();
console.log(`precompiled ${done.fragments} fragments and ${done.answers} answer schemas into ${COMPILED_DIR}`);
