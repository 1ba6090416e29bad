/** The plan, as the cost estimate reads it. */
import type { Answers } from '../answers/questions.js';
import type { CostInputs } from '../cost/inputs.js';
import { DEFAULT_USAGE } from '../cost/inputs.js';
import { DEFAULT_CACHE_NODE_TYPE } from '../aws/elasticache.js';
import type { DbEngine } from '../aws/rds.js';
import type { Workers } from './workers.js';

export function costInputs(answers: Answers, workers: Workers, dbEngine: DbEngine, redis: boolean): CostInputs {
  return {
    region: answers.region,
    azCount: answers.azCount,
    nat: answers.nat,
    cpuArch: answers.cpuArch,
    services: [
      { name: 'web', cpu: answers.webCpu, memoryMiB: answers.webMemory, count: answers.webCount },
      ...Object.keys(workers).sort().map((name) => ({ name, cpu: workers[name]!.cpu, memoryMiB: workers[name]!.memory, count: workers[name]!.count })),
    ],
    db: { engine: dbEngine, instanceClass: answers.dbInstanceClass, storageGiB: answers.dbStorage, multiAz: answers.dbMultiAz },
    ...(redis ? { redis: { nodeType: DEFAULT_CACHE_NODE_TYPE, nodes: 1 } } : {}),
    // The database's master secret (data stack) and the Rails master key (app stack).
    secrets: 2,
    logsGiBPerMonth: DEFAULT_USAGE.logsGiBPerMonth,
    logRetentionDays: answers.logRetentionDays,
    natGiBPerMonth: DEFAULT_USAGE.natGiBPerMonth,
    albLcu: DEFAULT_USAGE.albLcu,
    domain: answers.domain !== '',
  };
}
