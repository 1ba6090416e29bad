/**
 * `npm run demo`: copy the sample Rails app (examples/bookshelf) to .demo/bookshelf, run the generator there
 * non-interactively, and print what it wrote.
 */
import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerator } from './run-generator.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sample = join(root, 'examples/bookshelf');
const target = join(root, '.demo/bookshelf');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

rmSync(target, { recursive: true, force: true });
cpSync(sample, target, { recursive: true });
const before = new Map(listFiles(target).map((f) => [f, readFileSync(f, 'utf8')]));
const args = process.argv.slice(2);
await runGenerator(target, args.length > 0 ? args : ['--yes', '--region', 'us-east-1']);

const written = listFiles(target).filter((f) => before.get(f) !== readFileSync(f, 'utf8'));
console.log(`\nThe generator wrote ${written.length} files in ${relative(process.cwd(), target) || target}:`);
for (const file of written.sort()) {
  console.log(`  ${relative(target, file).padEnd(40)} ${readFileSync(file).length.toString().padStart(7)} bytes`);
}
console.log(`\nLook at ${join(relative(process.cwd(), target), 'infra/README.md')} first.`);
