/**
 * `yo rails-fargate:worker NAME`: run with yeoman-test in a copy of the sample app that `yo rails-fargate --yes` set
 * up first. Every step checks .yo-rc.json, that app.yml gained or lost exactly the worker's own resources and
 * outputs, and that nothing else moved.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import type { RunResult } from 'yeoman-test';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { workerId } from '../src/stacks/app/options.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';
import { APP_GENERATOR, SAMPLE_APP } from './support/paths.js';

const WORKER_GENERATOR = fileURLToPath(new URL('../generators/worker/index.js', import.meta.url));
const NAMESPACE = 'generator-rails-fargate';
const FILES = [
  '.yo-rc.json', 'infra/README.md', 'infra/cloudformation/network.yml', 'infra/cloudformation/registry.yml',
  'infra/cloudformation/data.yml', 'infra/cloudformation/app.yml', 'bin/fargate', 'Dockerfile', '.dockerignore',
  'bin/docker-entrypoint',
];
const UNTOUCHED = ['infra/cloudformation/network.yml', 'infra/cloudformation/registry.yml', 'infra/cloudformation/data.yml', 'Dockerfile', '.dockerignore', 'bin/docker-entrypoint'];
const APP_YML = 'infra/cloudformation/app.yml';

type Template = { Resources: Record<string, { Type: string; Properties?: unknown }>; Outputs: Record<string, unknown> };
type Snapshot = Record<string, string>;

function snapshot(dir: string): Snapshot {
  return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function template(files: Snapshot, file = APP_YML): Template {
  return parseCfnYaml(files[file]!, file) as Template;
}

function storedWorkers(files: Snapshot): Record<string, unknown> {
  return (JSON.parse(files['.yo-rc.json']!) as Record<string, Record<string, Record<string, unknown>>>)[NAMESPACE]!.workers!;
}

/** `yo rails-fargate --yes` in a fresh copy of the sample app (its detected Solid Queue gives the worker `jobs`). */
async function setUp(): Promise<RunResult> {
  return helpers
    .run(APP_GENERATOR)
    .inTmpDir((tmp) => cpSync(SAMPLE_APP, tmp, { recursive: true }))
    .withOptions({ yes: true, region: 'eu-west-1' } as never);
}

/** `yo rails-fargate:worker NAME ...` in the folder of a previous run, with Yeoman's real conflict handling. */
function worker(result: RunResult, name: string, options: Record<string, unknown> = {}) {
  return result.create(WORKER_GENERATOR, {}, { force: false } as never).withArguments([name]).withOptions(options as never);
}

function app(result: RunResult) {
  return result.create(APP_GENERATOR, {}, { force: false } as never).withOptions({ yes: true } as never);
}

/** The resource and output IDs of one worker: no output (bin/fargate finds its service and log group among the resources). */
function ownIds(name: string): { resources: string[]; outputs: string[] } {
  const id = workerId(name);
  return {
    resources: [`${id}LogGroup`, `${id}LogPolicy`, `${id}Service`, `${id}TaskDefinition`],
    outputs: [],
  };
}

/**
 * From `before` to `after` only the worker `name` changed: the other templates and image files are byte-identical,
 * and in app.yml every other resource and output keeps its ID, Type and Properties.
 */
function assertOnlyWorkerChanged(before: Snapshot, after: Snapshot, name: string, change: 'added' | 'removed' | 'resized'): void {
  for (const file of UNTOUCHED) assert.equal(after[file], before[file], `${file} is byte-identical`);
  const [was, now] = [template(before), template(after)];
  const own = ownIds(name);
  const prefix = workerId(name);
  const isOwn = (id: string) => own.resources.includes(id) || own.outputs.includes(id);
  const diff = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).filter((id) => !(id in b)).sort();
  const [addedResources, removedResources] = [diff(now.Resources, was.Resources), diff(was.Resources, now.Resources)];
  const [addedOutputs, removedOutputs] = [diff(now.Outputs, was.Outputs), diff(was.Outputs, now.Outputs)];
  assert.deepEqual(addedResources, change === 'added' ? own.resources : []);
  assert.deepEqual(removedResources, change === 'removed' ? own.resources : []);
  assert.deepEqual(addedOutputs, change === 'added' ? own.outputs : []);
  assert.deepEqual(removedOutputs, change === 'removed' ? own.outputs : []);
  for (const [id, resource] of Object.entries(was.Resources)) {
    if (isOwn(id) || !(id in now.Resources)) continue;
    assert.equal(now.Resources[id]!.Type, resource.Type, `${id} Type`);
    assert.deepEqual(now.Resources[id]!.Properties, resource.Properties, `${id} Properties`);
  }
  for (const [id, output] of Object.entries(was.Outputs)) {
    if (!isOwn(id) && id in now.Outputs) assert.deepEqual(now.Outputs[id], output, `output ${id}`);
  }
  if (change === 'resized') {
    assert.ok(now.Resources[`${prefix}TaskDefinition`], `${prefix}TaskDefinition is still there`);
  }
}

function workersLine(files: Snapshot): string {
  return files['bin/fargate']!.split('\n').find((line) => line.startsWith('WORKERS='))!;
}

describe('yo rails-fargate:worker (yeoman-test)', () => {
  it('adds a worker, resizes it, removes it: each step changes only that worker', async () => {
    const first = await setUp();
    const initial = snapshot(first.cwd);
    assert.deepEqual(storedWorkers(initial), { jobs: { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 } });

    await worker(first, 'mailers', { command: 'bin/rails runner "Mailers.drain limit: 5"' });
    const added = snapshot(first.cwd);
    assert.deepEqual(storedWorkers(added), {
      jobs: { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 },
      mailers: { command: ['bin/rails', 'runner', 'Mailers.drain limit: 5'], cpu: 512, memory: 1024, count: 1 },
    });
    assertOnlyWorkerChanged(initial, added, 'mailers', 'added');
    const task = template(added).Resources.WorkerMailersTaskDefinition!.Properties as { Cpu: string; Memory: string; ContainerDefinitions: { Command: string[] }[] };
    assert.deepEqual([task.Cpu, task.Memory], ['512', '1024']);
    // The app's own words, as given: the quoted one stays one word, with no shell in between.
    assert.deepEqual(task.ContainerDefinitions[0]!.Command, ['bin/rails', 'runner', 'Mailers.drain limit: 5']);
    assert.match(workersLine(added), /\bmailers\b/);
    assert.match(workersLine(added), /\bjobs\b/);

    await worker(first, 'mailers', { cpu: '1024', memory: '3072', count: '2' });
    const resized = snapshot(first.cwd);
    assert.deepEqual(storedWorkers(resized), {
      jobs: { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 },
      mailers: { command: ['bin/rails', 'runner', 'Mailers.drain limit: 5'], cpu: 1024, memory: 3072, count: 2 },
    });
    assertOnlyWorkerChanged(added, resized, 'mailers', 'resized');
    const bigger = template(resized).Resources;
    assert.deepEqual([(bigger.WorkerMailersTaskDefinition!.Properties as { Cpu: string }).Cpu, (bigger.WorkerMailersTaskDefinition!.Properties as { Memory: string }).Memory], ['1024', '3072']);
    assert.deepEqual((bigger.WorkerMailersService!.Properties as { DesiredCount: unknown }).DesiredCount, { 'Fn::If': ['ServicesOn', 2, 0] });

    await worker(first, 'mailers', { remove: true });
    const removed = snapshot(first.cwd);
    assert.deepEqual(storedWorkers(removed), storedWorkers(initial));
    assertOnlyWorkerChanged(resized, removed, 'mailers', 'removed');
    assert.doesNotMatch(workersLine(removed), /mailers/);
    // Back to the first workers: back to the first files.
    assert.deepEqual(removed, initial);
  });

  it('a job backend\'s usual worker name needs no --command; --count alone updates only the count', async () => {
    const first = await setUp();
    const initial = snapshot(first.cwd);
    // The backend must be a gem the app locks (see the next test): lock good_job, which needs no Redis.
    const lock = join(first.cwd, 'Gemfile.lock');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace(/^(    globalid \()/m, '    good_job (4.11.1)\n$1'));
    await worker(first, 'good-job');
    const added = snapshot(first.cwd);
    assert.deepEqual(storedWorkers(added)['good-job'], { command: ['bundle', 'exec', 'good_job', 'start'], cpu: 512, memory: 1024, count: 1 });
    assertOnlyWorkerChanged(initial, added, 'good-job', 'added');
    await worker(first, 'jobs', { count: '0' });
    const stopped = snapshot(first.cwd);
    assert.deepEqual(storedWorkers(stopped).jobs, { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 0 });
    assertOnlyWorkerChanged(added, stopped, 'jobs', 'resized');
  });

  it('its messages fit its own run: no detection block, no stored-answers line, and a review hint that names yo rails-fargate', async () => {
    const first = await setUp();
    const readme = join(first.cwd, 'infra/README.md');
    writeFileSync(readme, '# our own notes\n');
    const lines: string[] = [];
    // Everything logged through Yeoman's adapter, the composed app generator's summary included.
    const spyFactory = ({ returns }: { returns?: unknown }) => (...args: unknown[]) => {
      if (returns === undefined) lines.push(String(args[0]));
      return returns;
    };
    await worker(first, 'mailers', { command: "bin/rails runner 'Mailer.run'" }).withAdapterOptions({ spyFactory } as never);
    assert.equal(readFileSync(readme, 'utf8'), '# our own notes\n');
    assert.ok(lines.includes('Kept your edits (not overwritten): infra/README.md. Run yo rails-fargate to review the changes.'), lines.join('\n'));
    const text = lines.join('\n');
    assert.doesNotMatch(text, /without --yes/);
    assert.doesNotMatch(text, /^Detected in /m);
    assert.doesNotMatch(text, /^Using \d+ answers stored/m);
  });

  it('after any worker change, yo rails-fargate --yes writes byte-identical files', async () => {
    const first = await setUp();
    const steps: [string, Record<string, unknown>][] = [
      ['mailers', { command: "bin/rails runner 'Mailer.run'" }],
      ['mailers', { cpu: '256', memory: '512' }],
      ['jobs', { remove: true }],
    ];
    for (const [name, options] of steps) {
      await worker(first, name, options);
      const after = snapshot(first.cwd);
      const again = await app(first);
      assert.deepEqual(again.askedQuestions, [], 'nothing asked');
      assert.deepEqual(snapshot(first.cwd), after, `${name} ${JSON.stringify(options)}`);
    }
  });

  it('adds workers one by one up to 50: each step changes only that worker; 2, 10, 25 and 50 workers have no finding', async function () {
    this.timeout(3_600_000);
    const lint = new CfnLintBatch();
    const first = await setUp();
    let before = snapshot(first.cwd);
    const sizes: number[] = [];
    // The sample app's `jobs` is the first; 49 more make 50.
    for (let i = 2; i <= 50; i++) {
      const name = `q${String(i).padStart(2, '0')}`;
      await worker(first, name, { command: `bin/rails runner Queues.drain(:${name})` });
      const after = snapshot(first.cwd);
      assertOnlyWorkerChanged(before, after, name, 'added');
      assert.equal(Object.keys(storedWorkers(after)).length, i);
      // Both validators at a few sizes, not all 49: a template repeats each worker's resources, and cfn-lint takes
      // seconds per 100 KB; every step is still checked to change nothing but that worker.
      if ([2, 10, 25, 50].includes(i)) {
        assert.equal(formatFindings(validateTemplate(after[APP_YML]!, 'eu-west-1')), '', `${i} workers`);
        lint.add(`${i} workers`, after[APP_YML]!, 'eu-west-1');
      }
      sizes.push(Buffer.byteLength(after[APP_YML]!));
      before = after;
    }
    const last = template(before);
    assert.equal(Object.keys(last.Resources).filter((id) => id.endsWith('Service')).length, 51, 'web and 50 workers');
    // From S3, CloudFormation takes 1,000,000 bytes; inline, 51,200 (the sixth worker passed it).
    assert.ok(sizes.at(-1)! < 1_000_000, `${sizes.at(-1)} bytes`);
    assert.ok(sizes.at(-1)! > 51_200, `${sizes.at(-1)} bytes`);
    lint.assertClean();
  });

  it('stability: different orders of changes that end with the same workers end with the same files', async () => {
    type Step = [string, Record<string, unknown>];
    const sequences: Step[][] = [
      [['alpha', { command: 'bin/alpha' }], ['beta', { command: 'bin/beta', count: '2' }], ['alpha', { cpu: '1024', memory: '2048' }], ['jobs', { remove: true }]],
      [['jobs', { remove: true }], ['beta', { command: 'bin/beta' }], ['alpha', { command: 'bin/alpha', cpu: '1024', memory: '2048' }], ['beta', { count: '2' }]],
      [['beta', { command: 'bin/other', count: '5' }], ['alpha', { command: 'bin/alpha', cpu: '2048', memory: '4096' }], ['jobs', { remove: true }],
        ['gamma', { command: 'bin/gamma' }], ['beta', { command: 'bin/beta', count: '2' }], ['alpha', { cpu: '1024', memory: '2048' }], ['gamma', { remove: true }]],
    ];
    const ends: Snapshot[] = [];
    for (const sequence of sequences) {
      const first = await setUp();
      const initial = snapshot(first.cwd);
      const stateful = (files: Snapshot) => {
        const data = template(files, 'infra/cloudformation/data.yml').Resources;
        const logGroups = Object.fromEntries(Object.entries(template(files).Resources).filter(([id, r]) => r.Type === 'AWS::Logs::LogGroup' && id.startsWith('Worker')));
        return { data, registry: files['infra/cloudformation/registry.yml'], logGroups };
      };
      let previous = snapshot(first.cwd);
      for (const [name, options] of sequence) {
        await worker(first, name, options);
        const now = snapshot(first.cwd);
        const [was, is] = [stateful(previous), stateful(now)];
        assert.deepEqual(is.data, was.data, 'the data stack (database, cache) does not change');
        assert.equal(is.data.Database!.Type, 'AWS::RDS::DBInstance');
        assert.equal(is.registry, was.registry);
        // Every other worker's log group keeps its ID, Type and Properties.
        for (const [id, group] of Object.entries(was.logGroups)) {
          if (id !== `${workerId(name)}LogGroup` && id in is.logGroups) assert.deepEqual(is.logGroups[id], group, id);
        }
        const change = options.remove ? 'removed' : name in storedWorkers(previous) ? 'resized' : 'added';
        assertOnlyWorkerChanged(previous, now, name, change);
        previous = now;
      }
      assert.equal(previous['infra/cloudformation/data.yml'], initial['infra/cloudformation/data.yml']);
      ends.push(previous);
    }
    assert.deepEqual(storedWorkers(ends[0]!), {
      alpha: { command: ['bin/alpha'], cpu: 1024, memory: 2048, count: 1 },
      beta: { command: ['bin/beta'], cpu: 512, memory: 1024, count: 2 },
    });
    for (const end of ends.slice(1)) assert.deepEqual(end, ends[0]);
  });

  describe('bad input: a message naming the field, the value and what is allowed, and no file changed', () => {
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
      ['a name with capitals', 'Mailers', { command: 'bin/mail' }, /Invalid worker name: "Mailers" \(from the NAME argument\)\. Allowed: lowercase letters, digits and dashes/],
      ['a name with an underscore', 'mail_ers', { command: 'bin/mail' }, /Invalid worker name: "mail_ers".*lowercase letters, digits and dashes/],
      ['a reserved name', 'web', { command: 'bin/web' }, /Invalid worker name: "web".*not web or migrate/],
      ['a name that differs from another only by dashes', 'j-obs', { command: 'bin/jobs' }, /Invalid worker name: "j-obs".*differs from the worker "jobs" by more than dashes/],
      ['a new worker without a command', 'mailers', {}, /Invalid command: nothing \(from --command\)\. Allowed: a command for the new worker "mailers".*sidekiq, jobs, good-job/],
      ['an unclosed quote', 'mailers', { command: 'bin/mail "oops' }, /Invalid command: "bin\/mail \\"oops".*the " is not/],
      ['an empty command', 'mailers', { command: '   ' }, /Invalid command: "   ".*non-empty command/],
      ['a CPU Fargate has no size for', 'mailers', { command: 'bin/mail', cpu: '300' }, /Invalid cpu: 300 \(from --cpu\)\. Allowed: Fargate has no CPU size 300; allowed CPU units: 256, 512, 1024/],
      ['a CPU that is not a number', 'jobs', { cpu: 'lots' }, /Invalid cpu: "lots" \(from --cpu\)\. Allowed: a whole number of CPU units: 256, 512/],
      ['a memory Fargate does not pair with the CPU', 'mailers', { command: 'bin/mail', cpu: '256', memory: '4096' }, /Invalid memory: 4096 \(from --memory\)\. Allowed: Fargate does not run 256 CPU units with 4096 MiB; with 256 CPU units, memory \(MiB\) must be one of: 512, 1024, 2048/],
      ['a CPU the stored memory does not fit', 'jobs', { cpu: '2048' }, /Invalid memory: 1024 \(from \.yo-rc\.json "workers\.jobs\.memory"\)\. Allowed: .*with 2048 CPU units, memory \(MiB\) must be one of: 4096.*pass --cpu and --memory together/],
      ['a count above 100', 'jobs', { count: '101' }, /Invalid count: 101 \(from --count\)\. Allowed: a whole number from 0 to 100/],
      ['a negative count', 'jobs', { count: '-1' }, /Invalid count: "-1" \(from --count\)\. Allowed: a whole number from 0 to 100/],
      ['removing a worker that does not exist', 'mailers', { remove: true }, /Invalid worker name: "mailers" \(from --remove\)\. Allowed: the name of a worker to remove; the workers are: jobs/],
      ['--remove with a size', 'jobs', { remove: true, count: '2' }, /Invalid remove: "jobs".*--remove alone: it takes no --count/],
    ];
    cases.push(
      ['a backend the app has no gem for (issue 9)', 'sidekiq', {}, /Invalid workers\.sidekiq\.command: "bundle exec sidekiq" \(from the worker command\)\. Allowed: a job backend the app has: Gemfile\.lock does not lock sidekiq for production\. Add `gem "sidekiq"` .*Redis.*The app has: solid_queue/],
      ['a --command running a backend the app has no gem for', 'mailers', { command: 'bundle exec rake resque:work QUEUE=mail' }, /Invalid workers\.mailers\.command: .*does not lock resque/],
    );
    for (const [title, name, options, message] of cases) {
      it(title, async () => {
        const first = await setUp();
        const before = snapshot(first.cwd);
        await assert.rejects(worker(first, name, options), message);
        assert.deepEqual(snapshot(first.cwd), before);
      });
    }

    it('the app generator never ran: says to run yo rails-fargate first, writes nothing', async () => {
      let dir = '';
      const run = helpers
        .run(WORKER_GENERATOR)
        .inTmpDir((tmp) => {
          dir = tmp;
          cpSync(SAMPLE_APP, tmp, { recursive: true });
        })
        .withArguments(['sidekiq']);
      await assert.rejects(run, /Invalid \.yo-rc\.json: nothing \(from .*\.yo-rc\.json\)\. Allowed: the answers `yo rails-fargate` stores: run `yo rails-fargate` first/);
      for (const file of FILES) assert.throws(() => readFileSync(join(dir, file)), { code: 'ENOENT' }, file);
    });
  });
});
