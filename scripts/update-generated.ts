/**
 * `node dist/scripts/update-generated.js`: rewrite what is generated from the code and committed: the README's
 * options and fragments tables, and schemas/answers.schema.json. Tests fail when either is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answersSchema } from '../src/answers/resolve.js';
import { replaceGenerated } from '../src/docs/readme-sections.js';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
writeFileSync(readme, replaceGenerated(readFileSync(readme, 'utf8')));
const schema = fileURLToPath(new URL('../../schemas/answers.schema.json', import.meta.url));
writeFileSync(schema, `${JSON.stringify(answersSchema(), null, 2)}\n`);
