/**
 * What the app already schedules (src/rails/schedules.ts) and where it runs (src/plan/schedule-advice.ts), on the
 * realistic files of test/fixtures/schedules: whenever, Solid Queue recurring tasks, sidekiq-cron,
 * sidekiq-scheduler and clockwork.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { adviceLines, scheduleAdvice } from '../src/plan/schedule-advice.js';
import { diskRepo, memoryRepo } from '../src/rails/repo.js';
import { detectSchedules, wheneverExpression } from '../src/rails/schedules.js';
import { REPO_ROOT } from './support/paths.js';

const fixture = (name: string) => detectSchedules(diskRepo(join(REPO_ROOT, 'test/fixtures/schedules', name)));
const JOBS = { jobs: { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 } };
const SIDEKIQ = { sidekiq: { command: ['bundle', 'exec', 'sidekiq', '-C', 'config/sidekiq.yml'], cpu: 512, memory: 1024, count: 1 } };

describe('what the app already schedules', () => {
  it('whenever: each job, and the EventBridge expression and command where it translates plainly', () => {
    const [file] = fixture('whenever');
    assert.equal(file!.source, 'whenever');
    assert.deepEqual(file!.jobs, [
      { name: 'sitemap-refresh', when: "every 1.day, at: '4:30 am'", runs: 'rake sitemap:refresh', expression: 'cron(30 4 * * ? *)', command: ['bin/rails', 'sitemap:refresh'] },
      { name: 'subscription-expire-overdue', when: 'every :hour', runs: 'runner Subscription.expire_overdue', expression: 'rate(1 hour)', command: ['bin/rails', 'runner', 'Subscription.expire_overdue'] },
      { name: 'weeklydigest-deliver-all', when: "every :sunday, at: '12pm'", runs: 'runner WeeklyDigest.deliver_all', expression: 'cron(0 12 ? * SUN *)', command: ['bin/rails', 'runner', 'WeeklyDigest.deliver_all'] },
      { name: 'usr-bin-env-bash-lc-bin-rails-bi', when: "every '0 3 1 * *'", runs: "command /usr/bin/env bash -lc 'bin/rails billing:close_month'", expression: 'cron(0 3 1 * ? *)', command: ['/usr/bin/env', 'bash', '-lc', 'bin/rails billing:close_month'] },
      { name: 'feeds-poll', when: 'every 10.minutes', runs: 'rake feeds:poll', expression: 'rate(10 minutes)', command: ['bin/rails', 'feeds:poll'] },
      { name: 'backup-snapshot', when: "every 1.day, at: ['4:30 am', '6:00 pm']", runs: 'runner Backup.snapshot', command: ['bin/rails', 'runner', 'Backup.snapshot'] },
    ]);
  });

  it('whenever shortcuts as expressions', () => {
    const cases: [string, string | undefined, string | undefined][] = [
      ['1.day', '4:30 am', 'cron(30 4 * * ? *)'],
      [':day', '11:05 pm', 'cron(5 23 * * ? *)'],
      [':day', '12 am', 'cron(0 0 * * ? *)'],
      ['2.hours', undefined, 'rate(2 hours)'],
      [':monday', '9:00', 'cron(0 9 ? * MON *)'],
      ["'15 6 * * 1-5'", undefined, undefined],
      ["'15 6 * * MON-FRI'", undefined, 'cron(15 6 ? * MON-FRI *)'],
      [':month', undefined, undefined],
      [':reboot', undefined, undefined],
    ];
    assert.deepEqual(cases.map(([every, at]) => [every, at, wheneverExpression(every, at)]), cases);
  });

  it('Solid Queue, sidekiq-cron, sidekiq-scheduler and clockwork: the jobs of each file', () => {
    assert.deepEqual(fixture('solid-queue'), [{
      source: 'solid_queue',
      file: 'config/recurring.yml',
      jobs: [
        { name: 'clear_solid_queue_finished_jobs', when: 'every hour at minute 12', runs: 'SolidQueue::Job.clear_finished_in_batches(sleep_between_batches: 0.3)' },
        { name: 'send_daily_digest', when: 'at 7am every day', runs: 'DailyDigestJob' },
      ],
    }]);
    assert.deepEqual(fixture('sidekiq-cron'), [{
      source: 'sidekiq-cron',
      file: 'config/schedule.yml',
      jobs: [
        { name: 'purge_stale_carts', when: '*/30 * * * *', runs: 'PurgeStaleCartsJob' },
        { name: 'nightly_export', when: '0 2 * * *', runs: 'NightlyExportJob' },
      ],
    }]);
    assert.deepEqual(fixture('sidekiq-scheduler'), [{
      source: 'sidekiq-scheduler',
      file: 'config/sidekiq.yml',
      jobs: [
        { name: 'refresh_exchange_rates', when: '1h', runs: 'RefreshExchangeRatesJob' },
        { name: 'weekly_report', when: '0 8 * * 1', runs: 'WeeklyReportJob' },
      ],
    }]);
    assert.deepEqual(fixture('clockwork'), [{
      source: 'clockwork',
      file: 'config/clock.rb',
      jobs: [
        { name: 'PingUptimeJob', when: 'every 10.minutes', runs: 'PingUptimeJob' },
        { name: 'ReconcilePaymentsJob', when: 'every 1.day at 02:15', runs: 'ReconcilePaymentsJob' },
        { name: 'WeeklyNewsletterJob', when: 'every 1.week at Monday 09:00', runs: 'WeeklyNewsletterJob' },
      ],
    }]);
    // A sidekiq.yml without a scheduler section schedules nothing; an app with no file, nothing.
    assert.deepEqual(detectSchedules(memoryRepo({ 'config/sidekiq.yml': ':queues:\n  - default\n' })), []);
    assert.deepEqual(detectSchedules(memoryRepo({})), []);
  });

  it('says which already run inside a worker and which need one, or a schedule here', () => {
    assert.deepEqual(adviceLines(scheduleAdvice(fixture('solid-queue'), JOBS, {})), [
      'config/recurring.yml (solid_queue): 2 job(s) already run inside the jobs worker (the Solid Queue supervisor runs recurring tasks); no schedule needed here.',
      '  - clear_solid_queue_finished_jobs: every hour at minute 12 -> SolidQueue::Job.clear_finished_in_batches(sleep_between_batches: 0.3)',
      '  - send_daily_digest: at 7am every day -> DailyDigestJob',
    ]);
    assert.deepEqual(adviceLines(scheduleAdvice(fixture('sidekiq-cron'), {}, {})), [
      'config/schedule.yml (sidekiq-cron): 2 job(s) need Sidekiq runs sidekiq-cron, and no worker runs it: add the worker (or make each a schedule here).',
      '  - purge_stale_carts: */30 * * * * -> PurgeStaleCartsJob',
      '  - nightly_export: 0 2 * * * -> NightlyExportJob',
      '  yo rails-fargate:worker sidekiq',
    ]);
    assert.equal(scheduleAdvice(fixture('sidekiq-scheduler'), SIDEKIQ, {})[0]!.runsIn, 'sidekiq');
    assert.deepEqual(scheduleAdvice(fixture('clockwork'), JOBS, {})[0]!.commands, ['yo rails-fargate:worker clock --command "bundle exec clockwork config/clock.rb"']);
    const clock = { clock: { command: ['bundle', 'exec', 'clockwork', 'config/clock.rb'], cpu: 256, memory: 512, count: 1 } };
    assert.equal(scheduleAdvice(fixture('clockwork'), clock, {})[0]!.runsIn, 'clock');
    // whenever: a schedule here for each job, except those already scheduled here (same command).
    const scheduled = { 'feeds-poll': { expression: 'rate(10 minutes)', timezone: 'UTC', command: ['bin/rails', 'feeds:poll'], cpu: 256, memory: 512 } };
    const whenever = scheduleAdvice(fixture('whenever'), JOBS, scheduled)[0]!;
    assert.match(whenever.verdict, /^5 job\(s\) need a schedule here \(1 already are\): whenever writes a crontab, and no cron runs in a Fargate task/);
    assert.deepEqual(whenever.commands, [
      'yo rails-fargate:schedule sitemap-refresh --cron "30 4 * * ? *" --command "bin/rails sitemap:refresh"',
      'yo rails-fargate:schedule subscription-expire-overdue --rate "1 hour" --command "bin/rails runner Subscription.expire_overdue"',
      'yo rails-fargate:schedule weeklydigest-deliver-all --cron "0 12 ? * SUN *" --command "bin/rails runner WeeklyDigest.deliver_all"',
      'yo rails-fargate:schedule usr-bin-env-bash-lc-bin-rails-bi --cron "0 3 1 * ? *" --command "/usr/bin/env bash -lc \'bin/rails billing:close_month\'"',
      'yo rails-fargate:schedule backup-snapshot --cron "..." --command "..."   # every 1.day, at: [\'4:30 am\', \'6:00 pm\']: runner Backup.snapshot',
    ]);
  });
});
