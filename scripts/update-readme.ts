/** `node dist/scripts/update-readme.js`: rewrite the generated parts of README.md (a test checks they are current). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceGenerated } from '../src/docs/readme-sections.js';

const file = fileURLToPath(new URL('../../README.md', import.meta.url));
writeFileSync(file, replaceGenerated(readFileSync(file, 'utf8')));
