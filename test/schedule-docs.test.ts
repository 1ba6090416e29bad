/**
 * Schedules in what the generator writes besides the template: infra/README.md's section, the diagram's node, the
 * cost notes; and the app template with schedules has no INFO finding either.
 */
import assert from 'node:assert/strict';
import { validateAnswers } from '../src/answers/resolve.js';
import { plan } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { planCost } from '../src/plan/cost-inputs.js';
import { seedWorkers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { renderFiles } from '../src/render.js';
import { infoFindings, formatFindings } from './support/cfn-validate.js';
import { SAMPLE_APP } from './support/paths.js';

const SCHEDULES = {
  'hourly-sync': { expression: 'rate(1 hour)', timezone: 'UTC', command: ['bin/rails', 'sync:run'], cpu: 256, memory: 512 },
  'nightly-report': { expression: 'cron(30 2 * * ? *)', timezone: 'Europe/Paris', command: ['bin/rails', 'reports:nightly'], cpu: 512, memory: 1024 },
};

function sample() {
  const facts = detect(SAMPLE_APP);
  const inputs = appInputs(facts);
  const answers = validateAnswers({ region: 'us-east-1' }, 'test', { appName: facts.appName.value, dbEngine: inputs.dbEngine, ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}), env: {} });
  return { facts, thePlan: plan(answers, inputs, seedWorkers(answers.worker, inputs.jobs), SCHEDULES) };
}

describe('schedules in the docs, the diagram and the cost', () => {
  const { facts, thePlan } = sample();
  const { files, rendered } = renderFiles(thePlan, facts);
  const readme = files.find((f) => f.path === 'infra/README.md')!.content;

  it('infra/README.md: a section with each schedule, and how to run one now', () => {
    assert.match(readme, /^## Scheduled tasks$/m);
    assert.match(readme, /^\| `hourly-sync` +\| `rate\(1 hour\)` +\| - +\| `bin\/rails sync:run` +\| 256 CPU, 512 MiB +\|$/m);
    assert.match(readme, /^\| `nightly-report` \| `cron\(30 2 \* \* \? \*\)` \| Europe\/Paris \| `bin\/rails reports:nightly` \| 512 CPU, 1024 MiB \|$/m);
    assert.match(readme, /`bin\/fargate run NAME` starts one now and waits for its\nexit code/);
  });

  it('the diagram: one scheduler node, and an edge to each scheduled task\'s log group', () => {
    assert.match(readme, /^ {4}scheduler\(\["EventBridge Scheduler: 2 schedules, one-off tasks"\]\)$/m);
    assert.match(readme, /^ {2}scheduler -\.->\|"runs hourly-sync"\| ScheduleHourlySyncLogGroup$/m);
    assert.match(readme, /^ {2}scheduler -\.->\|"runs nightly-report"\| ScheduleNightlyReportLogGroup$/m);
    assert.match(readme, /ScheduleNightlyReportLogGroup\["nightly-report log group"\]/);
  });

  it('the cost: EventBridge Scheduler\'s price, and each task per hour it runs (not in the total)', () => {
    const notes = planCost({ ...thePlan, app: thePlan.app! }).notes;
    assert.deepEqual(notes.filter((n) => /Scheduler|Scheduled task/.test(n)), [
      'EventBridge Scheduler: 2 schedules; the first 14 million invocations a month are free, then $1.00 per million.',
      'Scheduled task hourly-sync (0.25 vCPU, 0.5 GB, not in the total): $0.01 per hour it runs, billed by the second (1 minute minimum); 730 runs a month at 5 minutes each would be $0.75.',
      'Scheduled task nightly-report (0.5 vCPU, 1 GB, not in the total): $0.02 per hour it runs, billed by the second (1 minute minimum); how often it runs depends on its cron fields.',
    ]);
    const without = sample();
    const plain = plan(without.thePlan.answers, without.thePlan.app!.inputs, seedWorkers(without.thePlan.answers.worker, without.thePlan.app!.inputs.jobs));
    assert.equal(planCost({ ...plain, app: plain.app! }).totalUsd, planCost({ ...thePlan, app: thePlan.app! }).totalUsd, 'schedules do not move the monthly total');
  });

  it('the app template with schedules has no INFO finding beyond the accepted ones', () => {
    const app = rendered.find((r) => r.stack.key === 'app')!;
    const info = infoFindings(app.text, 'us-east-1');
    assert.deepEqual(info, [], formatFindings(info));
  });
});
