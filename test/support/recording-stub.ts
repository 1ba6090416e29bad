/**
 * Recording stubs of `aws`, `docker` (and any other command) for running bin/fargate in tests, nothing ever
 * reaching AWS. Each stub is a small bash script (bash, so a deploy of ~50 calls takes well under a second) that
 * appends its argv as one JSON line to $STUB_LOG and answers from the scenario at $STUB_SCENARIO, a JSON file of
 * rules:
 *
 *   { "extends": "release.json",                 // optional: its rules come after these
 *     "rules": [ { "cmd": "aws",                 // which stub
 *                  "match": ["describe-stacks", "Outputs"],   // substrings of the argv joined by spaces, all needed
 *                  "after": "execute-change-set --stack-name x",  // optional: only once an earlier call had this
 *                  "before": "...",              // optional: only while no earlier call had this
 *                  "stdout": "text" | ["line", ...], "rows": [["tab", "separated"], ...],
 *                  "stderr": "...", "exit": 0 } ] }
 *
 * bash reads no JSON, so the world compiles the scenario once into $STUB_RULES (one test function per rule, the
 * answers as files). The first rule that matches answers; a call no rule matches fails with exit 97, so a fixture gap
 * is loud. A secret passed as `--secret-string file://...` (a file or /dev/stdin) is never logged: only its SHA-256.
 *
 * Faults: with STUB_FAIL_CALL=N in the run's env the Nth call of the run fails (or, with STUB_FAIL_MATCH=text, the
 * first call whose command line contains text), with exit STUB_FAIL_EXIT and STUB_FAIL_STDERR, whatever the rules say.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STUB_FIXTURES = fileURLToPath(new URL('../../../test/fixtures/aws-stub/', import.meta.url));
const STUB_PROGRAM = join(STUB_FIXTURES, 'stub.sh');

export interface StubRule {
  readonly cmd: string;
  readonly match: readonly string[];
  readonly after?: string;
  readonly before?: string;
  readonly stdout?: string | readonly string[];
  readonly rows?: readonly (readonly string[])[];
  readonly stderr?: string;
  readonly exit?: number;
}

export interface StubCall {
  readonly cmd: string;
  readonly argv: readonly string[];
  /** SHA-256 of the value a `--secret-string` carried (file or stdin), never the value. */
  readonly secretSha256?: string;
}

/** The rules of a scenario file, its `extends` chain resolved (own rules first). */
export function loadScenario(file: string): StubRule[] {
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as { extends?: string; rules: StubRule[] };
  const inherited = scenario.extends ? loadScenario(resolve(dirname(file), scenario.extends)) : [];
  return [...scenario.rules, ...inherited];
}

function readLog(file: string): StubCall[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as StubCall);
}

function answer(rule: StubRule): { stdout: string; stderr: string; exit: number } {
  let stdout = '';
  if (rule.rows) stdout = rule.rows.map((r) => r.join('\t')).join('\n') + '\n';
  else if (Array.isArray(rule.stdout)) stdout = rule.stdout.join('\n') + '\n';
  else if (typeof rule.stdout === 'string') stdout = rule.stdout === '' ? '' : `${rule.stdout}\n`;
  return { stdout, stderr: rule.stderr ? `${rule.stderr}\n` : '', exit: rule.exit ?? 0 };
}

const bashQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The scenario as bash for stub.sh: rule_N test functions, RULE_EXIT, and the answers as files, in `dir`. */
export function compileScenario(rules: readonly StubRule[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lines = [`RULE_COUNT=${rules.length}`, `RULE_EXIT=(${rules.map((r) => r.exit ?? 0).join(' ')})`];
  rules.forEach((rule, i) => {
    const tests = [
      `[[ $CMD == ${bashQuote(rule.cmd)} ]]`,
      ...rule.match.map((m) => `[[ $LINE == *${bashQuote(m)}* ]]`),
      ...(rule.after === undefined ? [] : [`after ${bashQuote(rule.after)}`]),
      ...(rule.before === undefined ? [] : [`before ${bashQuote(rule.before)}`]),
    ];
    lines.push(`rule_${i}() { ${tests.join(' && ')}; }`);
    const { stdout, stderr } = answer(rule);
    writeFileSync(join(dir, `${i}.out`), stdout);
    writeFileSync(join(dir, `${i}.err`), stderr);
  });
  writeFileSync(join(dir, 'rules.sh'), lines.join('\n') + '\n');
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
}

export interface StubWorld {
  /** The fake Rails repo the script runs in (bin/fargate inside, git committed). */
  readonly repo: string;
  readonly logFile: string;
  /** The content of config/master.key, unless `files` gave another. */
  readonly masterKey: string;
  /** Runs bin/fargate; `closedStdin` runs it with stdin closed, so that any read of it fails loudly. */
  run(args: readonly string[], options?: { input?: string; env?: Record<string, string>; closedStdin?: boolean }): RunResult;
  /** Forget the calls so far (and any fault already injected): the next run starts a new log. */
  resetLog(): void;
  /** Put these rules before the scenario's (a rule that needs a value known only once the world exists). */
  prependRules(rules: readonly StubRule[]): void;
  calls(): StubCall[];
  /** The short form of every call: `aws cloudformation create-change-set bookshelf-production-app`. */
  summary(): string[];
  /** The full command lines, as a user would type them. */
  commandLines(): string[];
  git(...args: string[]): string;
  cleanup(): void;
}

export interface WorldOptions {
  /** The rendered bin/fargate. */
  readonly script: string;
  /** A scenario file name under test/fixtures/aws-stub/scenarios, or an absolute path. */
  readonly scenario: string;
  /** Commands to stub; aws and docker by default. */
  readonly stubs?: readonly string[];
  /** Extra files in the repo, path -> content (written before the commit); config/master.key is random by default. */
  readonly files?: Readonly<Record<string, string>>;
}

/** A fake repo in a temp dir (a copy of fixtures/aws-stub/repo, committed), with the stubs first on PATH. */
export function createStubWorld(options: WorldOptions): StubWorld {
  const root = mkdtempSync(join(tmpdir(), 'fargate-stub-'));
  const repo = join(root, 'repo');
  const bin = join(root, 'stub-bin');
  const logFile = join(root, 'calls.jsonl');
  cpSync(join(STUB_FIXTURES, 'repo'), repo, { recursive: true });
  mkdirSync(join(repo, 'bin'), { recursive: true });
  writeFileSync(join(repo, 'bin', 'fargate'), options.script, { mode: 0o755 });
  // As in a Rails repo: the keys exist locally and git ignores them.
  writeFileSync(join(repo, '.gitignore'), '/config/master.key\n/config/credentials/*.key\n');
  const masterKey = randomBytes(16).toString('hex');
  const files = { 'config/master.key': masterKey, ...options.files };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  mkdirSync(bin);
  for (const cmd of options.stubs ?? ['aws', 'docker']) {
    writeFileSync(join(bin, cmd), `#!/bin/bash\nsource '${STUB_PROGRAM}' '${cmd}' "$@"\n`);
    chmodSync(join(bin, cmd), 0o755);
  }
  const scenario = options.scenario.startsWith('/') ? options.scenario : join(STUB_FIXTURES, 'scenarios', options.scenario);
  let rules = loadScenario(scenario);
  compileScenario(rules, join(root, 'rules'));
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: root,
    LANG: 'C',
    STUB_LOG: logFile,
    STUB_SCENARIO: scenario,
    STUB_RULES: join(root, 'rules'),
    FARGATE_POLL_SECONDS: '0',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  const calls = () => readLog(logFile);
  return {
    repo,
    logFile,
    masterKey: files['config/master.key'] ?? '',
    run(args, runOptions = {}) {
      const script = join(repo, 'bin', 'fargate');
      // `exec 0<&-` closes stdin: a read fails with "Bad file descriptor" instead of reading an empty pipe.
      const [file, argv] = runOptions.closedStdin ? ['/bin/bash', ['-c', 'exec "$@" 0<&-', 'bash', script, ...args]] : [script, [...args]];
      const r = spawnSync(file, argv, {
        cwd: repo,
        env: { ...env, ...runOptions.env },
        input: runOptions.input ?? '',
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
    },
    calls,
    resetLog: () => {
      for (const f of [logFile, `${logFile}.lines`, `${logFile}.failed`, `${logFile}.count`]) rmSync(f, { force: true });
    },
    prependRules: (extra) => {
      rules = [...extra, ...rules];
      compileScenario(rules, join(root, 'rules'));
    },
    summary: () => calls().map(summarize),
    commandLines: () => calls().map((c) => [c.cmd, ...c.argv.map(shellQuote)].join(' ')),
    git,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** `aws <service> <operation> [<waiter>] [<stack name>]`, `docker buildx build`: the words before the first option. */
export function summarize(call: StubCall): string {
  const argv = call.argv[0] === '--region' ? call.argv.slice(2) : call.argv;
  const end = argv.findIndex((a) => a.startsWith('-'));
  const words = end < 0 ? argv : end === 0 ? argv.slice(0, 1) : argv.slice(0, end);
  const stack = argValue(call, '--stack-name');
  return [call.cmd, ...words, ...(stack ? [stack] : [])].join(' ');
}

/** The value of `--flag` in a call. */
export function argValue(call: StubCall, flag: string): string | undefined {
  const at = call.argv.indexOf(flag);
  return at >= 0 ? call.argv[at + 1] : undefined;
}

/** The `ParameterKey=K,ParameterValue=V` values of a create-change-set call, as a map. */
export function changeSetParameters(call: StubCall): Map<string, string> {
  const params = new Map<string, string>();
  const at = call.argv.indexOf('--parameters');
  if (at < 0) return params;
  for (const arg of call.argv.slice(at + 1)) {
    const m = /^ParameterKey=([^,]+),(?:ParameterValue=(.*)|UsePreviousValue=true)$/.exec(arg);
    if (!m) break;
    params.set(m[1]!, m[2] ?? '(previous)');
  }
  return params;
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

