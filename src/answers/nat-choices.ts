/**
 * The NAT prompt's choices, each with what it costs a month for the answers so far (other answers at defaults), and
 * beside them what the interface VPC endpoints (--vpc-endpoints) cost by the hour, the other way to fewer NAT bytes.
 */
import { endpointCostWords } from '../cost/endpoints.js';
import { compareNatModes } from '../cost/estimate.js';
import { formatUsd } from '../cost/money.js';
import { costInputs } from '../plan/cost-inputs.js';
import { seedWorkers } from '../plan/workers.js';
import type { DefaultContext } from './questions.js';
import { validateAnswers } from './resolve.js';

const WORDS = {
  'per-az': 'a NAT gateway per AZ: an AZ outage cuts no other AZ off',
  single: 'one NAT gateway: cheaper, but AZ A carries every outbound call',
  none: 'no NAT: tasks in public subnets with public IPs (still only reachable from the load balancer)',
} as const;

export function natChoices(earlier: Readonly<Record<string, unknown>>, context: DefaultContext) {
  const answers = validateAnswers({ ...earlier, nat: 'per-az' }, 'the answers so far', context);
  const workers = seedWorkers(answers.worker);
  const totals = compareNatModes(costInputs(answers, workers, context.dbEngine ?? 'postgres', false));
  const endpoints = endpointCostWords(answers.region, answers.azCount);
  return totals.map(({ nat, totalUsd }) => ({ name: `${nat}: ${WORDS[nat]} (about ${formatUsd(totalUsd)}/month in all)`, value: nat, description: endpoints }));
}
