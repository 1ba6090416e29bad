/**
 * bin/fargate schedules and bin/fargate run NAME, against recording stubs: the calls each makes, the next run it
 * prints (with `date` stubbed to a fixed time), the exit code of a task that fails, and shellcheck on the script.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfigBlock, renderFargateScript } from '../src/deploy/fargate-script.js';
import { argValue, createStubWorld } from './support/recording-stub.js';
import type { StubWorld } from './support/recording-stub.js';
import { SCHEDULES_CONFIG, SCRIPT_CONFIG } from './support/script-config.js';

const SCRIPT = renderFargateScript(SCHEDULES_CONFIG);

let worlds: StubWorld[] = [];
function world(scenario: string, stubs: string[] = ['aws', 'docker']): StubWorld {
  const w = createStubWorld({ script: SCRIPT, scenario, stubs });
  worlds.push(w);
  return w;
}
afterEach(() => {
  for (const w of worlds) w.cleanup();
  worlds = [];
});

/** next_run alone, with `date` answering NOW, for the expression in the zone. */
function nextRun(expression: string, now = '2026 12 01 18 30'): string {
  const body = SCRIPT.slice(SCRIPT.indexOf('next_run() {'), SCRIPT.indexOf('\n}\n', SCRIPT.indexOf('next_run() {')) + 3);
  const r = spawnSync('bash', ['-c', `set -euo pipefail\ndate() { printf '%s\\n' '${now}'; }\n${body}\nnext_run "$1" Europe/Paris`, 'x', expression], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('bin/fargate schedules and run', function () {
  this.timeout(120_000);

  it('the script with schedules is shellcheck-clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fargate-schedules-'));
    try {
      writeFileSync(join(dir, 'fargate'), SCRIPT);
      const r = spawnSync('shellcheck', [join(dir, 'fargate')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the config block holds the schedules, and refuses one named like a worker', () => {
    const r = spawnSync('bash', ['-c', `set -u\n${renderConfigBlock(SCHEDULES_CONFIG)}\nprintf '%s|' "\${SCHEDULES[*]}" "\${SCHEDULE_IDS[*]}"`], { encoding: 'utf8' });
    assert.equal(r.stdout, 'hourly-sync nightly-report|ScheduleHourlySync ScheduleNightlyReport|');
    const none = spawnSync('bash', ['-c', `set -u\n${renderConfigBlock(SCRIPT_CONFIG)}\nprintf '%s' "\${#SCHEDULES[@]}"`], { encoding: 'utf8' });
    assert.equal(none.stdout, '0');
    assert.throws(() => renderConfigBlock({ ...SCRIPT_CONFIG, schedules: [{ name: 'jobs', logicalId: 'ScheduleJobs' }] }), /Invalid schedule name: "jobs"\. Allowed: a name other than web, migrate and the workers' names\./);
    assert.throws(() => renderConfigBlock({ ...SCRIPT_CONFIG, schedules: [{ name: 'Bad', logicalId: 'ScheduleBad' }] }), /Invalid schedule name: "Bad"/);
  });

  it('next run of a cron expression, from Tuesday 2026-12-01 18:30 in its zone', () => {
    const cases: [string, string][] = [
      ['cron(0 3 * * ? *)', '2026-12-02 03:00 Europe/Paris'],
      ['cron(30 18 * * ? *)', '2026-12-02 18:30 Europe/Paris'],
      ['cron(31 18 * * ? *)', '2026-12-01 18:31 Europe/Paris'],
      ['cron(0/15 * * * ? *)', '2026-12-01 18:45 Europe/Paris'],
      ['cron(0 9 ? * MON-FRI *)', '2026-12-02 09:00 Europe/Paris'],
      ['cron(0 9 ? * SAT,SUN *)', '2026-12-05 09:00 Europe/Paris'],
      ['cron(0 23 L * ? *)', '2026-12-31 23:00 Europe/Paris'],
      ['cron(0 8 ? * 2#1 *)', '2026-12-07 08:00 Europe/Paris'],
      ['cron(0 8 ? * 6L *)', '2026-12-25 08:00 Europe/Paris'],
      ['cron(0 8 6W * ? *)', '2026-12-07 08:00 Europe/Paris'],
      ['cron(0 0 1 JAN ? *)', '2027-01-01 00:00 Europe/Paris'],
      ['cron(0 0 29 FEB ? *)', '2028-02-29 00:00 Europe/Paris'],
      ['cron(0 12 * * ? 2025)', 'none in the next 10 years'],
      ['rate(6 hours)', 'every 6 hours'],
    ];
    assert.deepEqual(cases.map(([expression]) => [expression, nextRun(expression)]), cases);
  });

  it('schedules: one get-schedule a schedule, and a table with the next run', () => {
    const w = world('schedules.json', ['aws', 'docker', 'date']);
    const r = w.run(['schedules']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(w.summary().filter((s) => s.startsWith('aws scheduler') || s.startsWith('date')), [
      'aws scheduler get-schedule',
      'aws scheduler get-schedule',
      'date +%Y %m %d %H %M',
    ]);
    assert.deepEqual(w.calls().filter((c) => c.argv.includes('get-schedule')).map((c) => argValue(c, '--name')), [
      'bookshelf-production-app-ScheduleHourlySyncSchedule-8sLm2R',
      'bookshelf-production-app-ScheduleNightlyReportSchedule-4K2pQ9xZ',
    ]);
    const table = r.stdout.slice(r.stdout.lastIndexOf('  SCHEDULE'));
    assert.equal(table, [
      '  SCHEDULE        EXPRESSION                TIME ZONE     STATE    NEXT RUN',
      '  hourly-sync     rate(1 hour)              UTC           ENABLED  every 1 hour',
      '  nightly-report  cron(30 2 ? * MON-FRI *)  Europe/Paris  ENABLED  2026-12-07 02:30 Europe/Paris',
      '',
    ].join('\n'));
  });

  it('schedules, with none: says how to add one, calls nothing', () => {
    const w = createStubWorld({ script: renderFargateScript(SCRIPT_CONFIG), scenario: 'release.json' });
    worlds.push(w);
    const r = w.run(['schedules']);
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /^No schedules\. Add one with: yo rails-fargate:schedule NAME --cron "0 3 \* \* \? \*" --command "bin\/rails \.\.\."$/m);
    assert.deepEqual(w.summary(), []);
  });

  it('run NAME: the schedule\'s task definition, where the services run, and its exit code', () => {
    const w = world('schedules.json');
    const r = w.run(['run', 'hourly-sync']);
    assert.equal(r.status, 0, r.output);
    const run = w.calls().find((c) => c.argv.includes('run-task'))!;
    assert.equal(argValue(run, '--task-definition'), 'arn:aws:ecs:us-east-1:123456789012:task-definition/bookshelf-production-app-hourly-sync:3');
    assert.equal(argValue(run, '--cluster'), 'bookshelf-production-Cluster-Q1w2E3');
    assert.equal(argValue(run, '--launch-type'), 'FARGATE');
    assert.equal(argValue(run, '--network-configuration'), 'awsvpcConfiguration={subnets=[subnet-0aaa1111bbbb2222c,subnet-0ddd3333eeee4444f],securityGroups=[sg-0a1b2c3d4e5f60718],assignPublicIp=DISABLED}');
    assert.deepEqual(w.summary().filter((s) => s.startsWith('aws ecs')), ['aws ecs run-task', 'aws ecs wait tasks-stopped', 'aws ecs describe-tasks']);
    assert.match(r.stdout, /^hourly-sync finished \(exit 0\)$/m);
  });

  it('run NAME: a task that exits 1 exits non-zero, with the exit code and the task\'s log lines', () => {
    const w = world('failed-schedule-run.json');
    const r = w.run(['run', 'hourly-sync']);
    assert.equal(r.status, 1, r.output);
    assert.match(r.stderr, /hourly-sync FAILED: the task ended with a non-zero exit code\./);
    assert.match(r.stderr, /exit code: +1$/m);
    assert.match(r.stderr, /Sync failed: Faraday::ConnectionFailed/);
    assert.match(r.stderr, /run stopped at step "Run hourly-sync now" \(exit 1\)/);
    assert.doesNotMatch(r.stdout, /finished \(exit 0\)/);
    const tail = w.calls().find((c) => c.argv.includes('tail'))!;
    assert.equal(tail.argv[tail.argv.indexOf('tail') + 1], 'bookshelf-production-app-ScheduleHourlySyncLogGroup-P0q9R');
  });

  it('run with an unknown or no NAME: says which schedules exist, calls nothing', () => {
    const w = world('schedules.json');
    const unknown = w.run(['run', 'weekly']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no schedule 'weekly'; the schedules are: hourly-sync nightly-report/);
    const none = w.run(['run']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /run needs a schedule: bin\/fargate run NAME \(hourly-sync nightly-report\)/);
    assert.deepEqual(w.summary(), []);
  });

  it('logs NAME follows a schedule\'s log group', () => {
    const w = world('schedules.json');
    const r = w.run(['logs', 'nightly-report']);
    assert.equal(r.status, 0, r.output);
    const tail = w.calls().find((c) => c.argv.includes('tail'))!;
    assert.equal(tail.argv[tail.argv.indexOf('tail') + 1], 'bookshelf-production-app-ScheduleNightlyReportLogGroup-Zk3mW');
  });
});
