/** What --vpc-endpoints costs: its line in the estimate, and the words shown beside the NAT choice. */
import assert from 'node:assert/strict';
import { natChoices } from '../src/answers/nat-choices.js';
import { validateAnswers } from '../src/answers/resolve.js';
import { endpointCostWords } from '../src/cost/endpoints.js';
import { estimateCost, type CostInputs } from '../src/cost/index.js';
import { costInputs } from '../src/plan/cost-inputs.js';

const INPUTS: CostInputs = {
  region: 'us-east-1',
  azCount: 3,
  nat: 'single',
  cpuArch: 'x86_64',
  services: [{ name: 'web', cpu: 512, memoryMiB: 1024, count: 2 }],
  db: { engine: 'postgres', instanceClass: 'db.t4g.micro', storageGiB: 20, multiAz: false },
  secrets: 2,
  logsGiBPerMonth: 5,
  natGiBPerMonth: 20,
  albLcu: 1,
  domain: false,
};

describe('interface VPC endpoints in the cost', () => {
  it('5 endpoints x 3 AZs x 730 h at $0.01 (us-east-1) is $109.50 a month, right after the NAT lines', () => {
    const estimate = estimateCost({ ...INPUTS, interfaceEndpoints: 5 });
    const items = estimate.lines.map((l) => l.item);
    assert.deepEqual(items.slice(0, 3), ['NAT gateways (single)', 'NAT gateway data processing', 'Interface VPC endpoints']);
    const line = estimate.lines[2]!;
    assert.equal(line.quantity, '5 endpoints x 3 AZs x 730 h = 10,950 endpoint AZ-hours');
    assert.equal(line.monthlyUsd, 109.5);
  });

  it('none without --vpc-endpoints, and the answers decide it', () => {
    assert.equal(estimateCost(INPUTS).lines.some((l) => l.item === 'Interface VPC endpoints'), false);
    const answers = validateAnswers({ appName: 'bookshelf', region: 'us-east-1', azCount: 2, vpcEndpoints: true });
    assert.equal(costInputs(answers, {}, 'postgres', false).interfaceEndpoints, 5);
    assert.equal(costInputs({ ...answers, vpcEndpoints: false }, {}, 'postgres', false).interfaceEndpoints, 0);
  });

  it('a count that is not a whole number is refused by name', () => {
    assert.throws(() => estimateCost({ ...INPUTS, interfaceEndpoints: 1.5 }), /interfaceEndpoints/);
  });

  it('the hourly cost is shown beside the NAT choice', () => {
    const words = 'Interface VPC endpoints (--vpc-endpoints: ECR API, ECR Docker, CloudWatch Logs, Secrets Manager, SSM messages (ECS Exec)): 5 endpoints x 3 AZs x $0.01/hour (us-east-1) = $0.15/hour, about $109.50/month; the S3 gateway endpoint is free and always there';
    assert.equal(endpointCostWords('us-east-1', 3), words);
    const choices = natChoices({ appName: 'bookshelf', region: 'us-east-1', azCount: 3 }, { appName: 'bookshelf', env: {} });
    assert.deepEqual(choices.map((c) => [c.value, c.description]), [['per-az', words], ['single', words], ['none', words]]);
  });
});
