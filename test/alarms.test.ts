/**
 * The alarms of the rendered stacks: every one notifies the data stack's topic when it fires and when it clears,
 * each metric-math alarm reads exactly the metrics it pays for, the web alarms watch this stack's own load balancer,
 * target group and service, and the 5xx rate alarm fires when (and only when) its expression says a real outage.
 */
import assert from 'node:assert/strict';
import { validateAnswers } from '../src/answers/resolve.js';
import { plan, renderStacks } from '../src/plan.js';
import type { RenderedStack } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { planCost } from '../src/plan/cost-inputs.js';
import { seedWorkers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { SAMPLE_APP } from './support/paths.js';
import { perTest } from './support/per-test.js';

type Query = { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] }; Period: number; Stat: string } };
type Alarm = { Type: string; Properties: Record<string, any> };

const CASES: Record<string, Record<string, unknown>> = {
  'defaults (Solid Queue, no cache)': {},
  'sidekiq, a domain, no NAT': { worker: 'sidekiq', domain: 'shelf.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', nat: 'none' },
};

function rendered(answers: Record<string, unknown>) {
  const facts = detect(SAMPLE_APP);
  const inputs = appInputs(facts);
  const context = { appName: facts.appName.value, dbEngine: inputs.dbEngine, ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}), env: {} };
  const valid = validateAnswers({ region: 'us-east-1', ...answers }, 'alarms', context);
  const thePlan = plan(valid, inputs, seedWorkers(valid.worker, inputs.jobs));
  return { stacks: renderStacks(thePlan), cost: planCost({ ...thePlan, app: thePlan.app! }) };
}

const alarmsOf = (stack: RenderedStack): [string, Alarm][] =>
  Object.entries((stack.template.Resources ?? {}) as Record<string, Alarm>).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
const stackOf = (stacks: RenderedStack[], key: string) => stacks.find((s) => s.stack.key === key)!;
/** The ids a metric-math expression reads (lower-case identifiers that are not functions). */
const idsIn = (expression: string) => new Set([...expression.matchAll(/\b([a-z][A-Za-z0-9_]*)\b(?!\s*\()/g)].map((m) => m[1]!));

/** Evaluates a metric-math expression of IF, FILL(x, 0) and arithmetic on one minute's values (undefined = no data). */
function evaluate(expression: string, values: Record<string, number | undefined>): number {
  const js = expression
    .replace(/FILL\((\w+), 0\)/g, '($1 ?? 0)')
    .replace(/\b([a-z]\w*)\b(?!\s*\()/g, 'v.$1')
    .replace(/\bIF\(/g, 'iff(');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('v', 'iff', `return ${js};`)(values, (c: boolean, a: number, b: number) => (c ? a : b)) as number;
}

for (const [name, answers] of Object.entries(CASES)) {
  describe(`alarms: ${name}`, () => {
    const stacks = perTest(() => rendered(answers));

    it('every alarm notifies the alarm topic when it fires and when it clears', () => {
      const { stacks: all } = stacks();
      const topicImport = { 'Fn::ImportValue': { 'Fn::Sub': '${DataStackName}-AlarmTopicArn' } };
      for (const stack of all) {
        const topic = stack.stack.key === 'data' ? { Ref: 'AlarmTopic' } : topicImport;
        for (const [id, alarm] of alarmsOf(stack)) {
          assert.deepEqual(alarm.Properties.AlarmActions, [topic], `${stack.stack.key} ${id}`);
          assert.deepEqual(alarm.Properties.OKActions, [topic], `${stack.stack.key} ${id}`);
        }
      }
      assert.deepEqual((stackOf(all, 'data').template.Outputs as any).AlarmTopicArn.Export, { Name: { 'Fn::Sub': '${AWS::StackName}-AlarmTopicArn' } });
    });

    it('the app stack watches its web service: 5xx rate, unhealthy targets, tasks below desired', () => {
      const app = stackOf(stacks().stacks, 'app');
      const alarms = Object.fromEntries(alarmsOf(app));
      assert.deepEqual(Object.keys(alarms), ['WebErrorRateAlarm', 'WebUnhealthyTargetsAlarm', 'WebBelowDesiredAlarm']);
      const unhealthy = alarms.WebUnhealthyTargetsAlarm!.Properties;
      assert.deepEqual([unhealthy.Namespace, unhealthy.MetricName, unhealthy.Dimensions], ['AWS/ApplicationELB', 'UnHealthyHostCount', [
        { Name: 'LoadBalancer', Value: { 'Fn::GetAtt': ['LoadBalancer', 'LoadBalancerFullName'] } },
        { Name: 'TargetGroup', Value: { 'Fn::GetAtt': ['TargetGroup', 'TargetGroupFullName'] } },
      ]]);
      assert.deepEqual([unhealthy.Threshold, unhealthy.ComparisonOperator, unhealthy.DatapointsToAlarm, unhealthy.EvaluationPeriods], [0, 'GreaterThanThreshold', 3, 5]);
      assert.match(unhealthy.AlarmDescription['Fn::Sub'], /health check \(\/up\)/);

      const below = alarms.WebBelowDesiredAlarm!.Properties.Metrics as Query[];
      for (const q of below.filter((m) => m.MetricStat)) {
        assert.equal(q.MetricStat!.Metric.Namespace, 'ECS/ContainerInsights');
        assert.deepEqual(q.MetricStat!.Metric.Dimensions, [
          { Name: 'ClusterName', Value: { Ref: 'Cluster' } },
          { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['WebService', 'Name'] } },
        ]);
      }
      // Those metrics exist only with Container Insights on.
      const cluster = (app.template.Resources as Record<string, Alarm>).Cluster!.Properties;
      assert.deepEqual(cluster.ClusterSettings, [{ Name: 'containerInsights', Value: 'enabled' }]);
    });

    it('each metric-math alarm returns one expression and reads every metric it pays for, and no other', () => {
      for (const stack of stacks().stacks) {
        for (const [id, alarm] of alarmsOf(stack)) {
          const queries = alarm.Properties.Metrics as Query[] | undefined;
          if (!queries) {
            assert.ok(alarm.Properties.MetricName, `${id}: one metric or a metric-math list`);
            continue;
          }
          for (const single of ['Namespace', 'MetricName', 'Statistic', 'Period']) assert.equal(alarm.Properties[single], undefined, `${id}.${single}`);
          const returned = queries.filter((q) => q.ReturnData === true);
          assert.equal(returned.length, 1, `${id}: one expression is the alarm's value`);
          const read = idsIn(returned[0]!.Expression!);
          const fetched = queries.filter((q) => q.MetricStat).map((q) => q.Id);
          assert.deepEqual([...read].sort(), [...fetched].sort(), `${id}: the expression reads exactly the metrics fetched`);
          assert.ok(fetched.length <= 10, `${id}: CloudWatch takes at most 10 metrics in an alarm`);
          for (const q of queries.filter((m) => m.MetricStat)) assert.equal(q.MetricStat!.Period, 60, `${id} ${q.Id}: one-minute periods`);
        }
      }
    });

    it('the cost estimate prices every alarm metric the templates create', () => {
      const { stacks: all, cost } = stacks();
      const metrics = all.flatMap(alarmsOf).map(([, a]) => (a.Properties.Metrics ? (a.Properties.Metrics as Query[]).filter((q) => q.MetricStat).length : 1));
      const line = cost.lines.find((l) => l.item === 'CloudWatch alarms')!;
      assert.equal(line.quantity, `${metrics.reduce((a, b) => a + b, 0)} alarm metrics x 1 month`);
    });
  });
}

describe('the web 5xx rate alarm\'s expression', () => {
  const expression = perTest(() => {
    const app = stackOf(rendered({}).stacks, 'app');
    const alarm = Object.fromEntries(alarmsOf(app)).WebErrorRateAlarm!;
    assert.deepEqual([alarm.Properties.Threshold, alarm.Properties.ComparisonOperator, alarm.Properties.DatapointsToAlarm], [5, 'GreaterThanThreshold', 5]);
    return (alarm.Properties.Metrics as Query[]).find((q) => q.ReturnData)!.Expression!;
  });

  it('is the percentage of requests answered with a 5xx by the app or the load balancer', () => {
    assert.equal(evaluate(expression(), { requests: 200, target5xx: 8, elb5xx: undefined }), 4);
    assert.ok(evaluate(expression(), { requests: 100, target5xx: 3, elb5xx: 4 }) > 5, 'app and load balancer errors add up');
  });

  it('counts a load balancer with no healthy target (every request a 503, none reaching a target) as 100%', () => {
    assert.equal(evaluate(expression(), { requests: undefined, target5xx: undefined, elb5xx: 50 }), 100);
  });

  it('stays at 0 in a quiet minute (under 20 requests) and with no traffic at all', () => {
    assert.equal(evaluate(expression(), { requests: 10, target5xx: 5, elb5xx: undefined }), 0);
    assert.equal(evaluate(expression(), { requests: undefined, target5xx: undefined, elb5xx: undefined }), 0);
  });
});
