import assert from 'node:assert/strict';
import { applyWorkerChange, splitCommand, wholeNumber } from '../src/plan/workers.js';
import type { WorkerChange, Workers } from '../src/plan/workers.js';

const JOBS = { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 };
const START: Workers = { jobs: JOBS };

describe('splitCommand: exec-form words', () => {
  const cases: [string, string[]][] = [
    ['bundle exec sidekiq', ['bundle', 'exec', 'sidekiq']],
    ['  bundle   exec\tsidekiq  ', ['bundle', 'exec', 'sidekiq']],
    ['bundle exec sidekiq -q "low priority"', ['bundle', 'exec', 'sidekiq', '-q', 'low priority']],
    ["bin/rails runner 'Job.run(1, 2)'", ['bin/rails', 'runner', 'Job.run(1, 2)']],
    ['say "it\'s"', ['say', "it's"]],
    ['QUEUE="a b"c', ['QUEUE=a bc']],
  ];
  for (const [text, words] of cases) it(text, () => assert.deepEqual(splitCommand(text), words));

  const bad: [string, RegExp][] = [
    ['', /Invalid command: "" \(from --command\)\. Allowed: a non-empty command/],
    ['run ""', /Invalid command: "run \\"\\"".*non-empty words/],
    ["run 'open", /Invalid command: .*each quote closed \(the ' is not\)/],
  ];
  for (const [text, message] of bad) it(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => splitCommand(text), message));
});

describe('wholeNumber', () => {
  it('reads strings and numbers, passes undefined through', () => {
    assert.deepEqual([wholeNumber('cpu', '1024', ''), wholeNumber('cpu', 256, ''), wholeNumber('cpu', undefined, '')], [1024, 256, undefined]);
  });
  for (const value of ['1.5', 'x', '', '-2', 2.5]) {
    it(`refuses ${JSON.stringify(value)}`, () => assert.throws(() => wholeNumber('count', value, 'a whole number'), /Invalid count: .* \(from --count\)\. Allowed: a whole number\./));
  }
});

describe('applyWorkerChange', () => {
  const cases: [string, Workers, WorkerChange, Workers][] = [
    ['adds with the default size', START, { name: 'mail', command: ['bin/mail'] }, { jobs: JOBS, mail: { command: ['bin/mail'], cpu: 512, memory: 1024, count: 1 } }],
    ['adds a backend worker with its usual command', START, { name: 'sidekiq' }, { jobs: JOBS, sidekiq: { command: ['bundle', 'exec', 'sidekiq'], cpu: 512, memory: 1024, count: 1 } }],
    ['adds with the size given', {}, { name: 'good-job', cpu: 1024, memory: 2048, count: 3 }, { 'good-job': { command: ['bundle', 'exec', 'good_job', 'start'], cpu: 1024, memory: 2048, count: 3 } }],
    ['updates only the count', START, { name: 'jobs', count: 0 }, { jobs: { ...JOBS, count: 0 } }],
    ['updates only the size', START, { name: 'jobs', cpu: 256, memory: 512 }, { jobs: { ...JOBS, cpu: 256, memory: 512 } }],
    ['updates only the memory', START, { name: 'jobs', memory: 4096 }, { jobs: { ...JOBS, memory: 4096 } }],
    ['updates only the command', START, { name: 'jobs', command: ['bin/rails', 'solid_queue:start'] }, { jobs: { ...JOBS, command: ['bin/rails', 'solid_queue:start'] } }],
    ['with nothing given, changes nothing', START, { name: 'jobs' }, START],
    ['removes', { jobs: JOBS, mail: JOBS }, { name: 'mail', remove: true }, START],
  ];
  for (const [title, workers, change, expected] of cases) {
    it(title, () => {
      const result = applyWorkerChange(workers, change);
      // Stored as JSON: compare the text, so the key order counts too.
      assert.equal(JSON.stringify(result), JSON.stringify(expected));
    });
  }

  it('sorts names and spec keys, whatever order they came in', () => {
    const messy = { zed: { count: 1, memory: 1024, cpu: 512, command: ['z'] }, alpha: { ...JOBS } } as unknown as Workers;
    const result = applyWorkerChange(messy, { name: 'mid', command: ['m'] });
    assert.deepEqual(Object.keys(result), ['alpha', 'mid', 'zed']);
    assert.deepEqual(Object.keys(result.zed!), ['command', 'cpu', 'memory', 'count']);
  });

  it('does not change the workers it was given', () => {
    const workers = { jobs: { ...JOBS } };
    applyWorkerChange(workers, { name: 'jobs', remove: true });
    applyWorkerChange(workers, { name: 'jobs', count: 5 });
    assert.deepEqual(workers, START);
  });

  const bad: [string, Workers, WorkerChange, RegExp][] = [
    ['bad name', START, { name: '9lives', command: ['x'] }, /Invalid worker name: "9lives" \(from the NAME argument\)/],
    ['trailing dash', START, { name: 'mail-', command: ['x'] }, /Invalid worker name: "mail-"/],
    ['reserved name', START, { name: 'migrate', command: ['x'] }, /Invalid worker name: "migrate".*not web or migrate/],
    ['dash collision', { 'solid-queue': JOBS }, { name: 'solidqueue', command: ['x'] }, /Invalid worker name: "solidqueue".*differs from the worker "solid-queue" by more than dashes/],
    ['new without a command', START, { name: 'mail' }, /Invalid command: nothing \(from --command\)/],
    ['empty command words', START, { name: 'mail', command: [] }, /Invalid command: \[\]/],
    ['unknown CPU', START, { name: 'jobs', cpu: 3000 }, /Invalid cpu: 3000 \(from --cpu\)\. Allowed: Fargate has no CPU size 3000/],
    ['bad pair', START, { name: 'jobs', cpu: 512, memory: 512 }, /Invalid memory: 512 \(from --memory\)\. Allowed: Fargate does not run 512 CPU units with 512 MiB/],
    ['stored memory does not fit the new CPU', START, { name: 'jobs', cpu: 4096 }, /Invalid memory: 1024 \(from \.yo-rc\.json "workers\.jobs\.memory"\)/],
    ['count too high', START, { name: 'jobs', count: 101 }, /Invalid count: 101.*from 0 to 100/],
    ['count negative', START, { name: 'jobs', count: -1 }, /Invalid count: -1.*from 0 to 100/],
    ['remove unknown', START, { name: 'mail', remove: true }, /Invalid worker name: "mail" \(from --remove\)\. Allowed: the name of a worker to remove; the workers are: jobs\./],
    ['remove from none', {}, { name: 'mail', remove: true }, /the workers are: none\./],
    ['remove with options', START, { name: 'jobs', remove: true, cpu: 256 }, /Invalid remove: "jobs".*takes no --cpu/],
  ];
  for (const [title, workers, change, message] of bad) {
    it(`refuses: ${title}`, () => assert.throws(() => applyWorkerChange(workers, change), message));
  }
});
