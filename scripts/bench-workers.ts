/**
 * The scale part of `npm run bench`: the pure core (plan + render of every file) with 1, 10 and 50 workers, its
 * median time and the size of app.yml beside CloudFormation's limits for a template deployed from S3.
 */
import { TEMPLATE_URL_LIMITS } from '../src/assemble.js';
import type { Answers } from '../src/answers/questions.js';
import type { AppFacts } from '../src/rails/detect.js';
import { plan } from '../src/plan.js';
import type { AppInputs } from '../src/plan/app-inputs.js';
import type { Workers } from '../src/plan/workers.js';
import { renderFiles } from '../src/render.js';

export const WORKER_COUNTS = [1, 10, 50] as const;

/** `count` workers: q01 .. qNN, each draining its own queue. */
export function benchWorkers(count: number): Workers {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => {
    const name = `q${String(i + 1).padStart(2, '0')}`;
    return [name, { command: ['bin/rails', 'runner', `Queues.drain(:${name})`], cpu: 512, memory: 1024, count: 1 }];
  }));
}

export interface WorkerBenchRow {
  readonly workers: number;
  readonly medianMs: number;
  readonly appBytes: number;
  readonly resources: number;
  readonly outputs: number;
}

export function benchWorkerCounts(answers: Answers, inputs: AppInputs, facts: AppFacts, runs: number): WorkerBenchRow[] {
  return WORKER_COUNTS.map((workers) => {
    const render = () => renderFiles(plan(answers, inputs, benchWorkers(workers)), facts);
    const result = render();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      render();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    const mid = Math.floor(samples.length / 2);
    const medianMs = samples.length % 2 ? samples[mid]! : (samples[mid - 1]! + samples[mid]!) / 2;
    const app = result.rendered.find((r) => r.stack.key === 'app')!;
    return {
      workers,
      medianMs,
      appBytes: Buffer.byteLength(app.text),
      resources: Object.keys(app.template.Resources ?? {}).length,
      outputs: Object.keys(app.template.Outputs ?? {}).length,
    };
  });
}

export function printWorkerBench(rows: readonly WorkerBenchRow[]): void {
  const { bytes, resources, outputs } = TEMPLATE_URL_LIMITS;
  console.log(`\nscale: pure core with N workers; app.yml against CloudFormation's S3 limits (${bytes} bytes, ${resources} resources, ${outputs} outputs)`);
  const header = ['workers', 'median ms', 'app.yml bytes', 'of limit', 'resources', 'outputs'];
  const table = rows.map((r) => [String(r.workers), r.medianMs.toFixed(1), String(r.appBytes), `${((100 * r.appBytes) / bytes).toFixed(1)}%`, String(r.resources), String(r.outputs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  for (const row of [header, ...table]) console.log(row.map((c, i) => c.padStart(widths[i]!)).join('  '));
  // What one more worker adds to app.yml (its task definition, service and log group), between the first and last row.
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first && last && last.workers > first.workers) {
    console.log(`per worker: ${((last.appBytes - first.appBytes) / (last.workers - first.workers)).toFixed(0)} bytes of app.yml`);
  }
}
