/**
 * `npm run bench`: medians of several runs (these machines are noisy) of
 * - a full non-interactive generation (`yo rails-fargate --yes`) on a fresh copy of the sample app, in this process,
 * - the pure core alone (answers -> plan -> rendered files), with no Yeoman and no disk, and
 * - cold whole processes: the `yo` binary running `rails-fargate --yes`, paired with an empty generator through the
 *   same `yo` (scripts/bench-process.ts); the ratio is what we add to what any generator costs.
 * Usage: node dist/scripts/bench.js [runs]   (default 15)
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAnswers } from '../src/answers/resolve.js';
import { plan } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { seedWorkers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { renderFiles } from '../src/render.js';
import { pairedRuns } from './bench-process.js';
import type { ProcessRun } from './bench-process.js';
import { benchWorkerCounts, printWorkerBench } from './bench-workers.js';
import { runGenerator } from './run-generator.js';

const runs = Number(process.argv[2] ?? 15);
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const sample = join(packageRoot, 'examples', 'bookshelf');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function time(fn: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function measure(name: string, fn: () => Promise<void> | void, count: number) {
  await fn(); // warm-up: module loading and the fragment library are paid once per process
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await time(fn));
  return { name, runs: count, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

const facts = detect(sample);
const inputs = appInputs(facts);
const answers = validateAnswers({ appName: 'bookshelf', region: 'us-east-1', azCount: 6, nat: 'per-az', worker: 'solid_queue' });
const workers = seedWorkers(answers.worker, inputs.jobs);
const results = [
  await measure('generation: yo rails-fargate --yes on examples/bookshelf', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    cpSync(sample, dir, { recursive: true });
    await runGenerator(dir, ['--yes', '--region', 'us-east-1', '--az-count', '6'], true);
    rmSync(dir, { recursive: true, force: true });
  }, runs),
  await measure('pure core: detect + plan + render, 4 stacks and every file (6 AZs)', () => {
    renderFiles(plan(answers, appInputs(detect(sample)), workers), facts);
  }, runs * 10),
];

const header = ['what', 'runs', 'median ms', 'min ms', 'max ms'];
const rows = results.map((r) => [r.name, String(r.runs), r.median.toFixed(1), r.min.toFixed(1), r.max.toFixed(1)]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
for (const row of [header, ...rows]) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));

const pairs = pairedRuns(packageRoot, sample, runs);
const ratios = (pick: (run: ProcessRun) => number) => pairs.generator.map((run, i) => pick(run) / pick(pairs.empty[i]!));
const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
console.log('');
console.log(`cold whole process, ${runs} pairs (medians): yo rails-fargate --yes vs an empty generator through the same yo`);
console.log(`  wall: ${ms(pairs.generator.map((r) => r.wall))} vs ${ms(pairs.empty.map((r) => r.wall))}, ratio ${median(ratios((r) => r.wall)).toFixed(2)}x`);
console.log(`  cpu:  ${ms(pairs.generator.map((r) => r.cpu))} vs ${ms(pairs.empty.map((r) => r.cpu))}, ratio ${median(ratios((r) => r.cpu)).toFixed(2)}x`);
// Scale: 1, 10 and 50 workers (scripts/bench-workers.ts).
printWorkerBench(benchWorkerCounts(answers, inputs, facts, runs));
