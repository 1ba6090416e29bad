/**
 * `npm run diagram`: run the generator on a copy of the sample Rails app (examples/bookshelf), take the Mermaid
 * diagram from the infra/README.md it writes, render it with Mermaid in headless Chromium (/usr/bin/chromium,
 * Debian's package) and write docs/diagram.png. `node dist/scripts/diagram.js --text` prints the Mermaid text
 * instead; `node dist/scripts/diagram.js FILE.mmd OUT.png` renders any Mermaid file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mermaidBlocks } from '../test/support/mermaid.js';
import { MermaidRenderer } from '../test/support/mermaid-render.js';
import { runGenerator } from './run-generator.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function sampleDiagram(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bookshelf-'));
  try {
    cpSync(join(root, 'examples/bookshelf'), dir, { recursive: true });
    await runGenerator(dir, ['--yes', '--region', 'us-east-1'], true);
    const blocks = mermaidBlocks(readFileSync(join(dir, 'infra/README.md'), 'utf8'));
    if (blocks.length !== 1) throw new Error(`expected one Mermaid block in infra/README.md, found ${blocks.length}`);
    return blocks[0]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--text') {
  process.stdout.write(await sampleDiagram());
} else {
  const [input, output = join(root, 'docs/diagram.png')] = args;
  const text = input ? readFileSync(input, 'utf8') : await sampleDiagram();
  const renderer = await MermaidRenderer.start();
  try {
    const rendered = await renderer.render(text);
    if (rendered.error) throw new Error('Mermaid drew its error diagram');
    await renderer.png(text, output);
    console.log(`wrote ${output}`);
  } finally {
    await renderer.close();
  }
}
