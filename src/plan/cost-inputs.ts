/** The plan, as the cost estimate reads it. */
import type { Answers } from '../answers/questions.js';
import { INTERFACE_ENDPOINTS } from '../aws/vpc-endpoints.js';
import type { CostInputs } from '../cost/inputs.js';
import { DEFAULT_USAGE } from '../cost/inputs.js';
import { DEFAULT_CACHE_NODE_TYPE } from '../aws/elasticache.js';
import type { DbEngine } from '../aws/rds.js';
import type { DatabaseUrlMode } from '../stacks/database-url.js';
import { estimateCost } from '../cost/estimate.js';
import { runsPerMonth } from '../cost/schedules.js';
import type { CostEstimate } from '../cost/estimate.js';
import { cacheNodes, needsRedis } from '../plan.js';
import type { Plan } from '../plan.js';
import { NONCURRENT_VERSION_DAYS } from '../stacks/data.js';
import { workerList } from './workers.js';
import type { Workers } from './workers.js';

export function costInputs(answers: Answers, workers: Workers, dbEngine: DbEngine, redis: boolean, databaseUrls: DatabaseUrlMode = 'secret'): CostInputs {
  return {
    region: answers.region,
    azCount: answers.azCount,
    nat: answers.nat,
    interfaceEndpoints: answers.vpcEndpoints ? INTERFACE_ENDPOINTS.length : 0,
    cpuArch: answers.cpuArch,
    services: [
      { name: 'web', cpu: answers.webCpu, memoryMiB: answers.webMemory, count: answers.webCount },
      ...workerList(workers).map(({ name, cpu, memory, count }) => ({ name, cpu, memoryMiB: memory, count })),
    ],
    db: { engine: dbEngine, instanceClass: answers.dbInstanceClass, storageGiB: answers.dbStorage, maxStorageGiB: answers.dbMaxStorage, multiAz: answers.dbMultiAz },
    ...(redis ? { redis: { nodeType: DEFAULT_CACHE_NODE_TYPE, nodes: cacheNodes(answers) } } : {}),
    // The database's master secret (data stack) and the Rails master key (app stack); the database URLs (data stack,
    // except for a stack generated before that secret existed); with a cache, its AUTH token and the REDIS_URL holding
    // it (data stack).
    secrets: 2 + (databaseUrls === 'secret' ? 1 : 0) + (redis ? 2 : 0),
    // Alarm metrics, as CloudWatch bills them (a metric-math alarm pays for each metric it reads). The data stack:
    // database free storage, CPU and connections, one each; with a cache, its memory and evictions. The app stack:
    // the web 5xx rate (requests, app 5xx, load balancer 5xx), unhealthy targets (one) and tasks below desired
    // (desired, running). test/alarms.test.ts counts them in the rendered templates.
    alarms: (redis ? 5 : 3) + 6,
    logsGiBPerMonth: DEFAULT_USAGE.logsGiBPerMonth,
    logRetentionDays: answers.logRetentionDays,
    natGiBPerMonth: DEFAULT_USAGE.natGiBPerMonth,
    albLcu: DEFAULT_USAGE.albLcu,
    domain: answers.domain !== '',
  };
}

/** The monthly estimate of a plan with its app side (what infra/README.md and the closing summary show). */
export function planCost(thePlan: Plan & { readonly app: NonNullable<Plan['app']> }): CostEstimate {
  const { answers, app } = thePlan;
  const workers = Object.fromEntries(app.options.workers.map(({ name, ...spec }) => [name, spec]));
  const scheduledTasks = (app.options.schedules ?? []).map(({ name, cpu, memory, expression }) => {
    const runs = runsPerMonth(expression);
    return { name, cpu, memoryMiB: memory, ...(runs === undefined ? {} : { runsPerMonth: runs }) };
  });
  const inputs = {
    ...costInputs(answers, workers, app.inputs.dbEngine, needsRedis(answers, app.inputs, workers), app.data.urls.mode),
    ...(app.options.bucket ? { storageBucket: { noncurrentDays: NONCURRENT_VERSION_DAYS } } : {}),
  };
  return estimateCost(scheduledTasks.length ? { ...inputs, scheduledTasks } : inputs);
}
