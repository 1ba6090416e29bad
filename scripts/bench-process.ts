/**
 * The cold whole-process figure for `npm run bench`: what a user waits for. Each pair runs, through the same `yo`
 * binary and in a fresh copy of the sample app,
 * - `yo rails-fargate --yes`, and
 * - `yo empty`: a generator with one empty method, written to a temp dir for the bench,
 * so the ratio of the two is our own start-up and work on top of what `yo` and Yeoman cost anyway (lookup, the
 * environment, mem-fs). Both generators sit in the same `node_modules` beside the app, so `yo`'s lookup finds the
 * same two packages in both runs. The package under test is laid out as `npm pack` ships it (package.json "files").
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ProcessRun {
  /** Wall time of the whole `yo` process, ms. */
  readonly wall: number;
  /** User + system CPU of the process and its children, ms. */
  readonly cpu: number;
}

export interface PairedRuns {
  readonly generator: ProcessRun[];
  readonly empty: ProcessRun[];
}

const require = createRequire(import.meta.url);

/** `yo`'s own command-line entry, as its package.json "bin" names it. */
function yoCli(): string {
  const manifest = require.resolve('yo/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin.yo!);
}

/** `yo` drops root to uid 1000: everything it reads or writes must be open to that user. */
function openUp(path: string): void {
  chmodSync(path, statSync(path).isDirectory() ? 0o777 : 0o666);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) openUp(join(path, entry));
}

const EMPTY_GENERATOR = `import Generator from 'yeoman-generator';
export default class EmptyGenerator extends Generator {
  writing() {}
}
`;

/** A scratch dir holding node_modules/{generator-rails-fargate, generator-empty, yeoman-generator}. */
export function benchSandbox(packageRoot: string): string {
  const root = mkdtempSync(join(tmpdir(), 'bench-process-'));
  const modules = join(root, 'node_modules');
  const ours = join(modules, 'generator-rails-fargate');
  mkdirSync(ours, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { files: string[] };
  symlinkSync(join(packageRoot, 'package.json'), join(ours, 'package.json'));
  for (const shipped of manifest.files) {
    mkdirSync(dirname(join(ours, shipped)), { recursive: true });
    symlinkSync(join(packageRoot, shipped), join(ours, shipped));
  }
  const empty = join(modules, 'generator-empty');
  mkdirSync(join(empty, 'generators', 'app'), { recursive: true });
  writeFileSync(join(empty, 'package.json'), JSON.stringify({ name: 'generator-empty', version: '0.0.0', type: 'module' }));
  writeFileSync(join(empty, 'generators', 'app', 'index.js'), EMPTY_GENERATOR);
  // The package's own copy (its "exports" hide package.json from require.resolve).
  symlinkSync(join(packageRoot, 'node_modules', 'yeoman-generator'), join(modules, 'yeoman-generator'));
  mkdirSync(join(root, 'home'));
  openUp(root);
  return root;
}

/** Bash's `times` line for the children: "0m0.512s 0m0.081s". */
function childCpu(line: string): number {
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  if (parts.length !== 2) throw new Error(`cannot read CPU times from: ${line}`);
  return parts[0]! + parts[1]!;
}

function runYo(sandbox: string, sample: string, generator: string, args: readonly string[]): ProcessRun {
  const app = join(sandbox, `app-${generator}`);
  rmSync(app, { recursive: true, force: true });
  cpSync(sample, app, { recursive: true });
  openUp(app);
  const command = [process.execPath, yoCli(), generator, ...args].map((w) => `'${w}'`).join(' ');
  const start = process.hrtime.bigint();
  // `times` after the command: the second line is the CPU its children used.
  const result = spawnSync('bash', ['-c', `${command} >/dev/null 2>"$0" || exit $?; times`, join(sandbox, `${generator}.err`)], {
    cwd: app,
    encoding: 'utf8',
    // As test/yo-e2e.test.ts runs it: a HOME of its own (uid 1000 cannot read root's), no update check.
    env: { PATH: process.env.PATH, HOME: join(sandbox, 'home'), NO_UPDATE_NOTIFIER: '1', CI: 'true' },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    const stderr = readFileSync(join(sandbox, `${generator}.err`), 'utf8');
    throw new Error(`yo ${generator} ${args.join(' ')} exited ${String(result.status)}: ${stderr}`);
  }
  const lines = result.stdout.trim().split('\n');
  return { wall, cpu: childCpu(lines[lines.length - 1]!) };
}

/** `count` pairs, alternating which of the two goes first, after one unmeasured pair to warm the disk cache. */
export function pairedRuns(packageRoot: string, sample: string, count: number): PairedRuns {
  const sandbox = benchSandbox(packageRoot);
  const ours = () => runYo(sandbox, sample, 'rails-fargate', ['--yes']);
  const empty = () => runYo(sandbox, sample, 'empty', []);
  try {
    ours();
    empty();
    const runs: PairedRuns = { generator: [], empty: [] };
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0) {
        runs.generator.push(ours());
        runs.empty.push(empty());
      } else {
        runs.empty.push(empty());
        runs.generator.push(ours());
      }
    }
    return runs;
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}
