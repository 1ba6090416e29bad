/**
 * `yo rails-fargate:schedule NAME`: run with yeoman-test in a copy of the sample app that `yo rails-fargate --yes`
 * set up first. Every step checks .yo-rc.json, that app.yml gained or lost exactly the schedule's own resources and
 * outputs, that nothing else moved, and that a re-run of `yo rails-fargate --yes` writes byte-identical files.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import type { RunResult } from 'yeoman-test';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { APP_GENERATOR, SAMPLE_APP } from './support/paths.js';
import { CfnLintBatch } from './support/cfn-lint.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';

const SCHEDULE_GENERATOR = fileURLToPath(new URL('../generators/schedule/index.js', import.meta.url));
const WORKER_GENERATOR = fileURLToPath(new URL('../generators/worker/index.js', import.meta.url));
const NAMESPACE = 'generator-rails-fargate';
const FILES = [
  '.yo-rc.json', 'infra/README.md', 'infra/cloudformation/network.yml', 'infra/cloudformation/registry.yml',
  'infra/cloudformation/data.yml', 'infra/cloudformation/app.yml', 'bin/fargate', 'Dockerfile', '.dockerignore',
  'bin/docker-entrypoint',
];
const UNTOUCHED = ['infra/cloudformation/network.yml', 'infra/cloudformation/registry.yml', 'infra/cloudformation/data.yml', 'Dockerfile', '.dockerignore', 'bin/docker-entrypoint'];
const APP_YML = 'infra/cloudformation/app.yml';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Template = { Resources: Record<string, Resource>; Outputs: Record<string, unknown> };
type Snapshot = Record<string, string>;

function snapshot(dir: string): Snapshot {
  return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function template(files: Snapshot): Template {
  return parseCfnYaml(files[APP_YML]!, APP_YML) as Template;
}

function stored(files: Snapshot): Record<string, unknown> {
  return (JSON.parse(files['.yo-rc.json']!) as Record<string, Record<string, unknown>>)[NAMESPACE]!;
}

async function setUp(): Promise<RunResult> {
  return helpers
    .run(APP_GENERATOR)
    .inTmpDir((tmp) => cpSync(SAMPLE_APP, tmp, { recursive: true }))
    .withOptions({ yes: true, region: 'eu-west-1' } as never);
}

function schedule(result: RunResult, name: string | undefined, options: Record<string, unknown> = {}) {
  return result.create(SCHEDULE_GENERATOR, {}, { force: false } as never).withArguments(name === undefined ? [] : [name]).withOptions(options as never);
}

function app(result: RunResult) {
  return result.create(APP_GENERATOR, {}, { force: false } as never).withOptions({ yes: true } as never);
}

const OWN = (id: string) => ({
  resources: [`${id}LogGroup`, `${id}LogPolicy`, `${id}Schedule`, `${id}SchedulerRole`, `${id}TaskDefinition`],
  outputs: [`${id}LogGroupName`, `${id}ScheduleName`, `${id}TaskDefinitionArn`],
});

/** From `before` to `after` only the schedule with logical-ID prefix `id` changed. */
function assertOnlyScheduleChanged(before: Snapshot, after: Snapshot, id: string, change: 'added' | 'removed' | 'changed'): void {
  for (const file of UNTOUCHED) assert.equal(after[file], before[file], `${file} is byte-identical`);
  const [was, now] = [template(before), template(after)];
  const own = OWN(id);
  const isOwn = (key: string) => own.resources.includes(key) || own.outputs.includes(key);
  const diff = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).filter((key) => !(key in b)).sort();
  assert.deepEqual(diff(now.Resources, was.Resources), change === 'added' ? own.resources : []);
  assert.deepEqual(diff(was.Resources, now.Resources), change === 'removed' ? own.resources : []);
  assert.deepEqual(diff(now.Outputs, was.Outputs), change === 'added' ? own.outputs : []);
  assert.deepEqual(diff(was.Outputs, now.Outputs), change === 'removed' ? own.outputs : []);
  for (const [key, resource] of Object.entries(was.Resources)) {
    if (isOwn(key) || !(key in now.Resources)) continue;
    assert.deepEqual(now.Resources[key], resource, `${key} unchanged`);
  }
  for (const [key, output] of Object.entries(was.Outputs)) {
    if (!isOwn(key) && key in now.Outputs) assert.deepEqual(now.Outputs[key], output, `output ${key}`);
  }
}

const importOf = (stackParam: string, output: string) => ({ 'Fn::ImportValue': { 'Fn::Sub': `\${${stackParam}}-${output}` } });

describe('yo rails-fargate:schedule (yeoman-test)', () => {
  it('adds a schedule, changes it, removes it: each step changes only that schedule, and a re-run of yo rails-fargate --yes changes nothing', async () => {
    const first = await setUp();
    const initial = snapshot(first.cwd);
    assert.equal(stored(initial).schedules, undefined, 'an app without schedules stores no key');

    await schedule(first, 'nightly-report', { cron: '30 2 * * ? *', command: 'bin/rails reports:nightly', timezone: 'Europe/Paris' });
    const added = snapshot(first.cwd);
    assert.deepEqual(stored(added).schedules, {
      'nightly-report': { expression: 'cron(30 2 * * ? *)', timezone: 'Europe/Paris', command: ['bin/rails', 'reports:nightly'], cpu: 512, memory: 1024 },
    });
    assertOnlyScheduleChanged(initial, added, 'ScheduleNightlyReport', 'added');
    const resources = template(added).Resources;
    const rule = resources.ScheduleNightlyReportSchedule!.Properties!;
    assert.equal(rule.ScheduleExpression, 'cron(30 2 * * ? *)');
    assert.equal(rule.ScheduleExpressionTimezone, 'Europe/Paris');
    assert.deepEqual(rule.State, { 'Fn::If': ['ServicesOn', 'ENABLED', 'DISABLED'] });
    assert.deepEqual(rule.Target, {
      Arn: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
      RoleArn: { 'Fn::GetAtt': ['ScheduleNightlyReportSchedulerRole', 'Arn'] },
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
      EcsParameters: {
        TaskDefinitionArn: { Ref: 'ScheduleNightlyReportTaskDefinition' },
        TaskCount: 1,
        LaunchType: 'FARGATE',
        PlatformVersion: 'LATEST',
        EnableECSManagedTags: true,
        PropagateTags: 'TASK_DEFINITION',
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            AssignPublicIp: 'DISABLED',
            SecurityGroups: [importOf('NetworkStackName', 'AppSecurityGroupId')],
            Subnets: [importOf('NetworkStackName', 'PrivateSubnetAId'), importOf('NetworkStackName', 'PrivateSubnetBId')],
          },
        },
      },
    });
    // The role may run exactly this family in this cluster, and pass exactly the execution and task roles.
    const role = resources.ScheduleNightlyReportSchedulerRole!.Properties as { Policies: { PolicyDocument: { Statement: unknown[] } }[] };
    assert.deepEqual(role.Policies[0]!.PolicyDocument.Statement, [
      {
        Effect: 'Allow',
        Action: 'ecs:RunTask',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/${AWS::StackName}-nightly-report:*' },
        Condition: { ArnLike: { 'ecs:cluster': { 'Fn::GetAtt': ['Cluster', 'Arn'] } } },
      },
      {
        Effect: 'Allow',
        Action: 'ecs:TagResource',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*' },
        Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
      },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: [{ 'Fn::GetAtt': ['ExecutionRole', 'Arn'] }, { 'Fn::GetAtt': ['TaskRole', 'Arn'] }],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
    ]);
    // The same image, environment and secrets as the jobs worker; its own command.
    type Container = { Image: unknown; Environment: unknown; Secrets: unknown; Command: string[] };
    const container = (id: string) => (resources[id]!.Properties as { ContainerDefinitions: Container[] }).ContainerDefinitions[0]!;
    const [own, jobs] = [container('ScheduleNightlyReportTaskDefinition'), container('WorkerJobsTaskDefinition')];
    assert.deepEqual([own.Image, own.Environment, own.Secrets], [jobs.Image, jobs.Environment, jobs.Secrets]);
    assert.deepEqual(own.Command, ['bin/rails', 'reports:nightly']);
    assert.match(added['bin/fargate']!, /^SCHEDULES=\('nightly-report'\)$/m);
    assert.match(added['bin/fargate']!, /^SCHEDULE_IDS=\('ScheduleNightlyReport'\)$/m);
    assert.match(added['infra/README.md']!, /nightly-report/);
    const again = await app(first);
    assert.deepEqual(again.askedQuestions, [], 'nothing asked');
    assert.deepEqual(snapshot(first.cwd), added, 'a re-run writes byte-identical files');

    await schedule(first, 'nightly-report', { rate: '6 hours', cpu: '256', memory: '512' });
    const changed = snapshot(first.cwd);
    assert.deepEqual(stored(changed).schedules, {
      'nightly-report': { expression: 'rate(6 hours)', timezone: 'Europe/Paris', command: ['bin/rails', 'reports:nightly'], cpu: 256, memory: 512 },
    });
    assertOnlyScheduleChanged(added, changed, 'ScheduleNightlyReport', 'changed');
    await app(first);
    assert.deepEqual(snapshot(first.cwd), changed, 'a re-run writes byte-identical files');

    await schedule(first, 'nightly-report', { remove: true });
    const removed = snapshot(first.cwd);
    assert.equal(stored(removed).schedules, undefined);
    assertOnlyScheduleChanged(changed, removed, 'ScheduleNightlyReport', 'removed');
    // Back to no schedules: back to the first files.
    assert.deepEqual(removed, initial);
  });

  it('every variant validates with zero findings in cfn-lint and the offline validator', async () => {
    const first = await setUp();
    await schedule(first, 'every-five', { rate: '5 minutes', command: 'bin/rails runner "Pinger.ping"' });
    await schedule(first, 'weekday-digest', { cron: '0 9 ? * MON-FRI *', command: 'bin/rails digests:send', timezone: 'America/New_York', cpu: '1024', memory: '2048' });
    await schedule(first, 'month-end', { cron: '0 23 L * ? *', command: 'bin/rails billing:close' });
    const text = snapshot(first.cwd)[APP_YML]!;
    const ids = Object.keys(template(snapshot(first.cwd)).Resources).filter((id) => id.endsWith('Schedule')).sort();
    assert.deepEqual(ids, ['ScheduleEveryFiveSchedule', 'ScheduleMonthEndSchedule', 'ScheduleWeekdayDigestSchedule']);
    const findings = validateTemplate(text, 'eu-west-1');
    assert.deepEqual(findings, [], formatFindings(findings));
    // NAT mode none: the tasks run in the public subnets with a public IP, like the services.
    const none = await helpers
      .run(APP_GENERATOR)
      .inTmpDir((tmp) => cpSync(SAMPLE_APP, tmp, { recursive: true }))
      .withOptions({ yes: true, region: 'us-east-1', nat: 'none', 'az-count': '3' } as never);
    await schedule(none, 'hourly', { rate: '1 hour', command: 'bin/rails cleanup' });
    const publicText = snapshot(none.cwd)[APP_YML]!;
    const network = (template(snapshot(none.cwd)).Resources.ScheduleHourlySchedule!.Properties!.Target as { EcsParameters: { NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: string; Subnets: unknown[] } } } }).EcsParameters.NetworkConfiguration.AwsvpcConfiguration;
    assert.equal(network.AssignPublicIp, 'ENABLED');
    assert.deepEqual(network.Subnets, ['A', 'B', 'C'].map((az) => importOf('NetworkStackName', `PublicSubnet${az}Id`)));
    assert.deepEqual(validateTemplate(publicText, 'us-east-1'), []);
    const lint = new CfnLintBatch();
    lint.add('schedules, private subnets', text, 'eu-west-1');
    lint.add('schedule, NAT none', publicText, 'us-east-1');
    lint.assertClean();
  });

  it('without NAME: lists the schedules and what the app already schedules, and writes nothing', async () => {
    const first = await setUp();
    mkdirSync(join(first.cwd, 'config'), { recursive: true });
    writeFileSync(join(first.cwd, 'config/recurring.yml'), 'production:\n  clear_solid_queue_finished_jobs:\n    command: "SolidQueue::Job.clear_finished_in_batches"\n    schedule: every hour at minute 12\n');
    writeFileSync(join(first.cwd, 'config/schedule.rb'), "every 1.day, at: '4:30 am' do\n  rake 'sitemap:refresh'\nend\n");
    const before = snapshot(first.cwd);
    const lines: string[] = [];
    await schedule(first, undefined).onGenerator((generator) => {
      (generator as unknown as { log: (line: string) => void }).log = (line) => lines.push(line);
    });
    assert.deepEqual(lines, [
      'No schedule here yet: yo rails-fargate:schedule NAME --cron "0 3 * * ? *" --command "bin/rails reports:daily"',
      'What the app already schedules:',
      "  config/schedule.rb (whenever): 1 job(s) need a schedule here: whenever writes a crontab, and no cron runs in a Fargate task. Its times are the server's clock: pass --timezone with the zone they meant.",
      "    - sitemap-refresh: every 1.day, at: '4:30 am' -> rake sitemap:refresh",
      '    yo rails-fargate:schedule sitemap-refresh --cron "30 4 * * ? *" --command "bin/rails sitemap:refresh"',
      '  config/recurring.yml (solid_queue): 1 job(s) already run inside the jobs worker (the Solid Queue supervisor runs recurring tasks); no schedule needed here.',
      '    - clear_solid_queue_finished_jobs: every hour at minute 12 -> SolidQueue::Job.clear_finished_in_batches',
    ]);
    assert.deepEqual(snapshot(first.cwd), before);
  });

  describe('bad input: a message naming the field, the value and what is allowed, and no file changed', () => {
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
      ['Unix cron (five fields)', 'nightly', { cron: '0 3 * * *', command: 'bin/rails x' }, /Invalid cron: "0 3 \* \* \*" \(from --cron\)\. Allowed: six fields: minutes hours day-of-month month day-of-week year .*that looks like Unix cron's five fields: in EventBridge, cron\(0 3 \* \* \? \*\)/],
      ['an hour out of range', 'nightly', { cron: '0 24 * * ? *', command: 'bin/rails x' }, /Invalid cron hours: "24" \(from --cron\)\. Allowed: 0-23, with the wildcards , - \* \//],
      ['both day fields set', 'nightly', { cron: '0 3 1 * MON *', command: 'bin/rails x' }, /Invalid cron day-of-month\/day-of-week: "1 MON" \(from --cron\)\. Allowed: a \? in exactly one of the two/],
      ['a day name that does not exist', 'nightly', { cron: '0 3 ? * FUN *', command: 'bin/rails x' }, /Invalid cron day-of-week: "FUN" \(from --cron\)\. Allowed: 1-7 or SUN-SAT/],
      ['a rate with a plural for 1', 'nightly', { rate: '1 hours', command: 'bin/rails x' }, /Invalid rate unit: "1 hours" \(from --rate\)\. Allowed: hour with 1/],
      ['a rate in seconds', 'nightly', { rate: '30 seconds', command: 'bin/rails x' }, /Invalid rate: "30 seconds" \(from --rate\)\. Allowed: a whole number of minutes, hours or days/],
      ['both --cron and --rate', 'nightly', { cron: '0 3 * * ? *', rate: '1 day', command: 'bin/rails x' }, /Invalid cron\/rate: .*Allowed: one of --cron and --rate, not both/],
      ['an unknown time zone', 'nightly', { cron: '0 3 * * ? *', command: 'bin/rails x', timezone: 'Europe/Pariss' }, /Invalid timezone: "Europe\/Pariss" \(from --timezone\)\. Allowed: an IANA time zone name such as UTC/],
      ['a new schedule without a command', 'nightly', { cron: '0 3 * * ? *' }, /Invalid command: nothing \(from --command\)\. Allowed: what the new schedule "nightly" runs/],
      ['a new schedule without an expression', 'nightly', { command: 'bin/rails x' }, /Invalid cron: nothing \(from --cron or --rate\)\. Allowed: when the new schedule "nightly" runs/],
      ['the name of a worker', 'jobs', { rate: '1 day', command: 'bin/rails x' }, /Invalid schedule name: "jobs" \(from the NAME argument\)\. Allowed: a name no worker has/],
      ['a reserved name', 'migrate', { rate: '1 day', command: 'bin/rails x' }, /Invalid schedule name: "migrate".*not web or migrate/],
      ['a memory Fargate does not pair with the CPU', 'nightly', { rate: '1 day', command: 'bin/rails x', cpu: '256', memory: '4096' }, /Invalid memory: 4096 \(from --memory\)/],
      ['removing a schedule that does not exist', 'nightly', { remove: true }, /Invalid schedule name: "nightly" \(from --remove\)\. Allowed: the name of a schedule to remove; the schedules are: none/],
      ['--remove with a cron', 'nightly', { remove: true, cron: '0 3 * * ? *' }, /Invalid remove: "nightly".*--remove alone: it takes no --cron\/--rate/],
    ];
    for (const [title, name, options, message] of cases) {
      it(title, async () => {
        const first = await setUp();
        const before = snapshot(first.cwd);
        await assert.rejects(schedule(first, name, options), message);
        assert.deepEqual(snapshot(first.cwd), before);
      });
    }

    it('a worker named like a schedule is refused too', async () => {
      const first = await setUp();
      await schedule(first, 'reports', { rate: '1 day', command: 'bin/rails reports' });
      const before = snapshot(first.cwd);
      await assert.rejects(
        first.create(WORKER_GENERATOR, {}, { force: false } as never).withArguments(['reports']).withOptions({ command: 'bin/reports' } as never),
        /Invalid schedule name: "reports" \(from \.yo-rc\.json "schedules"\)\. Allowed: a name no worker has/,
      );
      assert.deepEqual(snapshot(first.cwd), before);
    });
  });
});
