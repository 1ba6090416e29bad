import assert from 'node:assert/strict';
import { validateAnswers } from '../src/answers/resolve.js';
import { InputError } from '../src/errors.js';
import { costInputs } from '../src/plan/cost-inputs.js';
import {
  PRICES,
  US_EAST_1,
  compareNatModes,
  estimateCost,
  roundCents,
  topLines,
  type CostEstimate,
  type CostInputs,
  type Price,
  type PriceTable,
} from '../src/cost/index.js';

/**
 * us-east-1 prices used in the arithmetic below (src/cost/prices.ts): NAT gateway $0.045/h and $0.045/GB, public
 * IPv4 $0.005/h, ALB $0.0225/h and $0.008/LCU-h, Fargate x86_64 $0.04048/vCPU-h and $0.004445/GB-h, Fargate arm64
 * $0.03238/vCPU-h and $0.00356/GB-h, RDS PostgreSQL db.t4g.micro $0.016/h, db.m7g.large $0.168/h, gp3 $0.115/GB-month,
 * ElastiCache Valkey cache.t4g.small $0.0256/h, Secrets Manager $0.40/secret-month, CloudWatch Logs $0.50/GB
 * ingested and $0.03/GB-month stored. Every month is 730 hours.
 */

/** (a) The demo's default answers: us-east-1, 2 AZs, per-AZ NAT, web 512/1024 x2, one worker 512/1024 x1. */
const DEFAULTS: CostInputs = {
  region: 'us-east-1',
  azCount: 2,
  nat: 'per-az',
  cpuArch: 'x86_64',
  services: [
    { name: 'web', cpu: 512, memoryMiB: 1024, count: 2 },
    { name: 'worker', cpu: 512, memoryMiB: 1024, count: 1 },
  ],
  db: { engine: 'postgres', instanceClass: 'db.t4g.micro', storageGiB: 20, multiAz: false },
  secrets: 2,
  logsGiBPerMonth: 5,
  natGiBPerMonth: 20,
  albLcu: 1,
  domain: false,
};

function amounts(estimate: CostEstimate): Record<string, number | null> {
  return Object.fromEntries(estimate.lines.map((line) => [line.item, line.monthlyUsd]));
}

describe('cost estimate', () => {
  it('prices the default answers line by line', () => {
    const estimate = estimateCost(DEFAULTS);
    assert.equal(estimate.region, 'us-east-1');
    assert.deepEqual(estimate.notes, []);
    assert.deepEqual(amounts(estimate), {
      'NAT gateways (per-az)': 65.7, //                       2 x 730 x 0.045 = 65.70
      'NAT gateway data processing': 0.9, //                 20 GB x 0.045 = 0.90
      'Public IPv4 addresses': 14.6, //                      (2 NAT EIPs + 2 ALB) x 730 x 0.005 = 14.60
      'Application Load Balancer (hours)': 16.43, //         730 x 0.0225 = 16.425 -> 16.43 (half up)
      'Application Load Balancer (capacity units)': 5.84, // 1 LCU x 730 x 0.008 = 5.84
      // web: 2 x 0.5 vCPU x 730 = 730 vCPU-h x 0.04048 = 29.5504; 2 x 1 GB x 730 = 1460 GB-h x 0.004445 = 6.4897
      'Fargate: web (x86_64)': 36.04, //    29.5504 + 6.4897 = 36.0401
      'Fargate: worker (x86_64)': 18.02, // 365 x 0.04048 = 14.7752; 730 x 0.004445 = 3.24485; 18.02005
      'RDS PostgreSQL db.t4g.micro (Single-AZ)': 11.68, //   730 x 0.016 = 11.68
      'RDS gp3 storage (Single-AZ)': 2.3, //                 20 x 0.115 = 2.30
      'Secrets Manager secrets': 0.8, //                     2 x 0.40 = 0.80
      'CloudWatch Logs ingestion': 2.5, //                   5 x 0.50 = 2.50
      'CloudWatch Logs storage': 0.15, //                    5 GB kept 30 days = 5 GB-months x 0.03 = 0.15
    });
    // 65.70 + 0.90 + 14.60 + 16.43 + 5.84 + 36.04 + 18.02 + 11.68 + 2.30 + 0.80 + 2.50 + 0.15 = 174.96
    assert.equal(estimate.totalUsd, 174.96);
    assert.equal(estimate.complete, true);
  });

  it('stores the logs as long as the retention says: 14 and 90 days, literal figures', () => {
    const storage = (days: number) => estimateCost({ ...DEFAULTS, logRetentionDays: days }).lines.find((l) => l.item === 'CloudWatch Logs storage');
    // 5 GB a month kept 14 days = 5 x 14 / 30 = 2.333 GB-months x $0.03 = 0.07
    assert.equal(storage(14)?.monthlyUsd, 0.07);
    // 90 days = 15 GB-months x $0.03 = 0.45
    assert.equal(storage(90)?.monthlyUsd, 0.45);
    assert.equal(storage(90)?.quantity, '5 GB a month kept 90 days = 15 GB-months stored');
    // 174.96 - 0.15 (30 days) + 0.45 (90 days) = 175.26
    assert.equal(estimateCost({ ...DEFAULTS, logRetentionDays: 90 }).totalUsd, 175.26);
    // 174.96 - 0.15 + 0.07 = 174.88
    assert.equal(estimateCost({ ...DEFAULTS, logRetentionDays: 14 }).totalUsd, 174.88);
    // Ingestion does not depend on retention: 5 x 0.50 = 2.50 either way.
    assert.equal(estimateCost({ ...DEFAULTS, logRetentionDays: 90 }).lines.find((l) => l.item === 'CloudWatch Logs ingestion')?.monthlyUsd, 2.5);
  });

  it('the log retention answer reaches the estimate of a plan (costInputs), literal figures', () => {
    const answers = validateAnswers({ appName: 'shop', region: 'us-east-1', logRetentionDays: 90 });
    const estimate = estimateCost(costInputs(answers, {}, 'postgres', false));
    // 5 GB a month kept 90 days = 15 GB-months x $0.03 = 0.45
    assert.equal(amounts(estimate)['CloudWatch Logs storage'], 0.45);
    assert.match(estimate.assumptions.join('\n'), /kept 90 days/);
  });

  it('shows the arithmetic and the unit prices in each line', () => {
    const [natHours, , ipv4] = estimateCost(DEFAULTS).lines;
    assert.equal(natHours?.quantity, '2 NAT gateways x 730 h = 1,460 NAT gateway-hours');
    assert.equal(natHours?.unitPrice, '$0.045 per NAT gateway-hour');
    assert.equal(natHours?.prices[0]?.source, 'https://aws.amazon.com/vpc/pricing/');
    assert.equal(
      ipv4?.quantity,
      '2 NAT gateway Elastic IPs + 2 ALB addresses (one per AZ) = 4 addresses x 730 h = 2,920 address-hours',
    );
    const web = estimateCost(DEFAULTS).lines.find((line) => line.item === 'Fargate: web (x86_64)');
    assert.equal(web?.unitPrice, '$0.04048 per vCPU-hour + $0.004445 per GB-hour');
  });

  it('differs between NAT modes exactly by the NAT gateways, their addresses and the task addresses', () => {
    const perAz = estimateCost(DEFAULTS);
    const single = estimateCost({ ...DEFAULTS, nat: 'single' });
    const none = estimateCost({ ...DEFAULTS, nat: 'none' });
    // single: one NAT gateway (730 x 0.045 = 32.85) and one EIP (730 x 0.005 = 3.65) fewer: 174.96 - 36.50 = 138.46
    assert.equal(amounts(single)['NAT gateways (single)'], 32.85);
    assert.equal(amounts(single)['Public IPv4 addresses'], 10.95); // (1 EIP + 2 ALB) x 730 x 0.005
    assert.equal(single.totalUsd, 138.46);
    // none: no NAT lines (65.70 + 0.90) and no EIPs (7.30), but the 3 running tasks get public IPs:
    // (2 ALB + 3 tasks) x 730 x 0.005 = 18.25 for IPv4; 174.96 - 65.70 - 0.90 - 14.60 + 18.25 = 112.01
    assert.equal(none.lines.some((line) => line.item.startsWith('NAT')), false);
    assert.equal(amounts(none)['Public IPv4 addresses'], 18.25);
    assert.equal(none.totalUsd, 112.01);
    assert.deepEqual(compareNatModes(DEFAULTS), [
      { nat: 'per-az', totalUsd: 174.96 },
      { nat: 'single', totalUsd: 138.46 },
      { nat: 'none', totalUsd: 112.01 },
    ]);
    assert.equal(roundCents(perAz.totalUsd - single.totalUsd), 36.5);
  });

  it('prices arm64 (Graviton) Fargate below x86_64', () => {
    const arm = estimateCost({ ...DEFAULTS, cpuArch: 'arm64' });
    // web: 730 vCPU-h x 0.03238 = 23.6374 + 1460 GB-h x 0.00356 = 5.1976 -> 28.835 -> 28.84 (half up)
    assert.equal(amounts(arm)['Fargate: web (arm64)'], 28.84);
    // worker: 365 x 0.03238 = 11.8187 + 730 x 0.00356 = 2.5988 -> 14.4175 -> 14.42
    assert.equal(amounts(arm)['Fargate: worker (arm64)'], 14.42);
    // x86_64 Fargate 36.04 + 18.02 = 54.06; arm64 28.84 + 14.42 = 43.26; 174.96 - 10.80 = 164.16
    assert.equal(arm.totalUsd, 164.16);
    assert.equal(roundCents(estimateCost(DEFAULTS).totalUsd - arm.totalUsd), 10.8);
  });

  it('doubles both database lines with Multi-AZ', () => {
    const multi = estimateCost({ ...DEFAULTS, db: { ...DEFAULTS.db, multiAz: true } });
    // 2 instances x 730 x 0.016 = 23.36; 20 GB x 2 copies x 0.115 = 4.60; 174.96 + 11.68 + 2.30 = 188.94
    assert.equal(amounts(multi)['RDS PostgreSQL db.t4g.micro (Multi-AZ)'], 23.36);
    assert.equal(amounts(multi)['RDS gp3 storage (Multi-AZ)'], 4.6);
    assert.equal(multi.totalUsd, 188.94);
  });

  it('prices the cheapest correct answers: NAT none, db.t4g.micro, one 256/512 web task, no worker', () => {
    const cheapest = estimateCost({
      ...DEFAULTS,
      nat: 'none',
      services: [{ name: 'web', cpu: 256, memoryMiB: 512, count: 1 }],
    });
    // IPv4 (2 ALB + 1 task) x 730 x 0.005 = 10.95; ALB 16.43 + 5.84;
    // web 182.5 vCPU-h x 0.04048 = 7.3876 + 365 GB-h x 0.004445 = 1.622425 -> 9.010025 -> 9.01;
    // RDS 11.68 + 2.30; secrets 0.80; logs 2.50 + 0.15
    // 10.95 + 16.43 + 5.84 + 9.01 + 11.68 + 2.30 + 0.80 + 2.50 + 0.15 = 59.66
    assert.equal(amounts(cheapest)['Fargate: web (x86_64)'], 9.01);
    assert.equal(cheapest.totalUsd, 59.66);
  });

  it('prices a production-ish set: 3 AZs, per-AZ NAT, Multi-AZ db.m7g.large, 3 web + 2 workers, 2 cache nodes', () => {
    const production = estimateCost({
      ...DEFAULTS,
      azCount: 3,
      services: [
        { name: 'web', cpu: 1024, memoryMiB: 2048, count: 3 },
        { name: 'worker', cpu: 1024, memoryMiB: 2048, count: 2 },
      ],
      db: { engine: 'postgres', instanceClass: 'db.m7g.large', storageGiB: 100, multiAz: true },
      redis: { nodeType: 'cache.t4g.small', nodes: 2 },
      secrets: 3,
    });
    assert.deepEqual(amounts(production), {
      'NAT gateways (per-az)': 98.55, //                    3 x 730 x 0.045
      'NAT gateway data processing': 0.9,
      'Public IPv4 addresses': 21.9, //                     (3 EIPs + 3 ALB) x 730 x 0.005
      'Application Load Balancer (hours)': 16.43,
      'Application Load Balancer (capacity units)': 5.84,
      'Fargate: web (x86_64)': 108.12, //    2190 vCPU-h x 0.04048 = 88.6512 + 4380 GB-h x 0.004445 = 19.4691
      'Fargate: worker (x86_64)': 72.08, //  1460 x 0.04048 = 59.1008 + 2920 x 0.004445 = 12.9794
      'RDS PostgreSQL db.m7g.large (Multi-AZ)': 245.28, //  2 x 730 x 0.168
      'RDS gp3 storage (Multi-AZ)': 23, //                  100 x 2 x 0.115
      'ElastiCache Valkey cache.t4g.small': 37.38, //       2 x 730 x 0.0256 = 37.376
      'Secrets Manager secrets': 1.2,
      'CloudWatch Logs ingestion': 2.5,
      'CloudWatch Logs storage': 0.15,
    });
    // 98.55 + 0.90 + 21.90 + 16.43 + 5.84 + 108.12 + 72.08 + 245.28 + 23.00 + 37.38 + 1.20 + 2.50 + 0.15 = 633.33
    assert.equal(production.totalUsd, 633.33);
    assert.deepEqual(
      topLines(production, 3).map((line) => line.item),
      ['RDS PostgreSQL db.m7g.large (Multi-AZ)', 'Fargate: web (x86_64)', 'NAT gateways (per-az)'],
    );
  });

  it('prices Redis OSS nodes above Valkey nodes', () => {
    const redis = estimateCost({ ...DEFAULTS, redis: { engine: 'redis', nodeType: 'cache.t4g.small', nodes: 2 } });
    assert.equal(amounts(redis)['ElastiCache Redis OSS cache.t4g.small'], 46.72); // 2 x 730 x 0.032
  });

  it('falls back to us-east-1 prices for a Region the table lacks, and says so', () => {
    const mumbai = estimateCost({ ...DEFAULTS, region: 'ap-south-1' });
    assert.equal(mumbai.requestedRegion, 'ap-south-1');
    assert.equal(mumbai.region, 'us-east-1');
    assert.deepEqual(mumbai.notes, [
      'The price table has no prices for ap-south-1: the estimate uses us-east-1 prices.',
    ]);
    assert.equal(mumbai.totalUsd, 174.96);
    assert.ok(mumbai.lines.every((line) => line.prices.every((used) => used.region === 'us-east-1')));
  });

  it('uses a listed Region\'s own prices, borrowing only the ones it lacks', () => {
    const ireland = estimateCost({ ...DEFAULTS, region: 'eu-west-1' });
    assert.equal(ireland.region, 'eu-west-1');
    assert.deepEqual(ireland.notes, []);
    // NAT 2 x 730 x 0.048 = 70.08, 20 x 0.048 = 0.96; IPv4 14.60; ALB 730 x 0.0252 = 18.396 -> 18.40, LCU 5.84;
    // Fargate as us-east-1 36.04 + 18.02; RDS 730 x 0.017 = 12.41, gp3 20 x 0.127 = 2.54; secrets 0.80;
    // logs 5 x 0.57 = 2.85 + 0.15 = 182.69
    assert.equal(ireland.totalUsd, 182.69);

    const m7g = { ...DEFAULTS.db, instanceClass: 'db.m7g.large' };
    const frankfurt = estimateCost({ ...DEFAULTS, region: 'eu-central-1', db: m7g });
    const rds = frankfurt.lines.find((line) => line.item.startsWith('RDS PostgreSQL'));
    assert.equal(rds?.prices[0]?.region, 'us-east-1');
    assert.equal(rds?.monthlyUsd, 122.64); // 730 x 0.168, the us-east-1 price
    assert.deepEqual(frankfurt.notes, [
      'The price table has no eu-central-1 price for db.m7g.large (PostgreSQL): that line uses the us-east-1 price.',
    ]);
  });

  it('reads any price table it is given', () => {
    const flat = (usd: number): Price => ({
      usd,
      unit: 'unit',
      taken: '2026-01-01',
      source: 'https://example.test',
      confirmed: true,
    });
    const table: PriceTable = { ...PRICES, regions: { 'xx-test-1': { natGatewayHour: flat(1) } } };
    const estimate = estimateCost({ ...DEFAULTS, region: 'xx-test-1' }, table);
    assert.equal(estimate.lines[0]?.monthlyUsd, 1460); // 2 x 730 x $1
    assert.equal(estimate.totalUsd, roundCents(174.96 - 65.7 + 1460));
    // Every other price used is borrowed from us-east-1 and said once (the Fargate prices serve two services): NAT GB,
    // IPv4, ALB hour, LCU, Fargate vCPU, Fargate GB, db.t4g.micro, gp3, secret, logs ingestion, logs storage = 11.
    assert.equal(estimate.notes.length, 11);
    assert.ok(
      estimate.notes.includes(
        'The price table has no xx-test-1 price for db.t4g.micro (PostgreSQL): that line uses the us-east-1 price.',
      ),
    );
  });

  it('leaves an instance class the table lacks unpriced, out of the total, and names it', () => {
    const estimate = estimateCost({ ...DEFAULTS, db: { ...DEFAULTS.db, instanceClass: 'db.m6i.large' } });
    const rds = estimate.lines.find((line) => line.item === 'RDS PostgreSQL db.m6i.large (Single-AZ)');
    assert.equal(rds?.monthlyUsd, null);
    assert.equal(rds?.unitPrice, 'not in the price table');
    assert.equal(estimate.complete, false);
    assert.equal(estimate.totalUsd, 163.28); // 174.96 - 11.68
    assert.deepEqual(estimate.notes, [
      'db.instanceClass db.m6i.large (PostgreSQL) is not in the price table: ' +
        'the RDS instance line is unpriced and left out of the total.',
    ]);
    assert.ok(!topLines(estimate, 20).includes(rds!));
  });

  it('refuses inputs no estimate can be made from, naming the field and the value', () => {
    const cases: [Partial<CostInputs>, RegExp][] = [
      [{ services: [{ name: 'web', cpu: 300, memoryMiB: 512, count: 1 }] }, /Invalid services\[0\]\.cpu: 300/],
      [{ services: [{ name: 'web', cpu: 256, memoryMiB: 512, count: -1 }] }, /Invalid services\[0\]\.count: -1/],
      [{ db: { ...DEFAULTS.db, storageGiB: 5 } }, /Invalid db\.storageGiB: 5/],
      [{ db: { ...DEFAULTS.db, instanceClass: 'm5.large' } }, /Invalid db\.instanceClass: "m5\.large"/],
      [{ nat: 'both' as never }, /Invalid nat: "both"/],
      [{ natGiBPerMonth: Number.NaN }, /Invalid natGiBPerMonth/],
    ];
    for (const [change, message] of cases) {
      assert.throws(() => estimateCost({ ...DEFAULTS, ...change } as CostInputs), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, message);
        return true;
      });
    }
  });

  it('rounds each line to the cent, half up, and totals the rounded lines', () => {
    assert.equal(roundCents(0.005), 0.01);
    assert.equal(roundCents(0.0049999), 0);
    assert.equal(roundCents(730 * 0.045), 32.85); // 32.849999999999994 in binary floating point
    assert.equal(roundCents(16.425), 16.43);
    // 0.01 GB of logs: ingestion 0.01 x 0.50 = 0.005 -> 0.01; storage 0.01 x 0.03 = 0.0003 -> 0.00.
    const tiny = estimateCost({ ...DEFAULTS, logsGiBPerMonth: 0.01 });
    assert.equal(amounts(tiny)['CloudWatch Logs ingestion'], 0.01);
    assert.equal(amounts(tiny)['CloudWatch Logs storage'], 0);
    // The total is the sum of the rounded lines: 174.96 - 2.50 - 0.15 + 0.01 = 172.32 (unrounded sum: 172.3153...)
    assert.equal(tiny.totalUsd, 172.32);
    assert.ok(tiny.assumptions.some((text) => text.startsWith('Rounding: each line is rounded to the cent (half up)')));
  });

  it('returns the top lines, most expensive first', () => {
    assert.deepEqual(
      topLines(estimateCost(DEFAULTS), 3).map((line) => [line.item, line.monthlyUsd]),
      [
        ['NAT gateways (per-az)', 65.7],
        ['Fargate: web (x86_64)', 36.04],
        ['Fargate: worker (x86_64)', 18.02],
      ],
    );
    assert.equal(topLines(estimateCost(DEFAULTS), 0).length, 0);
  });

  it('notes what storage autoscaling may add, priced at the ceiling, without counting it in the total', () => {
    const grows = (db: Partial<CostInputs['db']>) =>
      estimateCost({ ...DEFAULTS, db: { ...DEFAULTS.db, ...db } }).assumptions.filter((text) => text.startsWith('RDS storage autoscaling'));
    // (100 - 20) GB x $0.115 = $9.20; Multi-AZ stores two copies: $18.40.
    assert.deepEqual(grows({ maxStorageGiB: 100 }), [
      'RDS storage autoscaling may grow the database from 20 GB to 100 GB as data fills it; the estimate counts 20 GB. ' +
        'At the ceiling, storage would add $9.20 a month ($0.115 per GB-month).',
    ]);
    assert.match(grows({ maxStorageGiB: 100, multiAz: true })[0]!, /would add \$18\.40 a month \(\$0\.115 per GB-month, two copies\)/);
    assert.deepEqual(grows({}), []);
    assert.equal(estimateCost({ ...DEFAULTS, db: { ...DEFAULTS.db, maxStorageGiB: 100 } }).totalUsd, estimateCost(DEFAULTS).totalUsd);
    assert.throws(() => estimateCost({ ...DEFAULTS, db: { ...DEFAULTS.db, maxStorageGiB: 10 } }), /Invalid db\.maxStorageGiB: 10/);
  });

  it('the Active Storage bucket: a note with the S3 Standard price, outside the total (it is billed by use)', () => {
    const withBucket = estimateCost({ ...DEFAULTS, storageBucket: { noncurrentDays: 30 } });
    assert.deepEqual(withBucket.assumptions.filter((a) => /bucket/.test(a)), [
      'Active Storage bucket: billed by use, not in the total: $0.023 per GB-month stored in S3 Standard (a replaced or deleted file\'s old version counts for 30 days more), plus requests.',
    ]);
    assert.equal(withBucket.totalUsd, estimateCost(DEFAULTS).totalUsd);
    assert.equal(estimateCost(DEFAULTS).assumptions.some((a) => /Active Storage/.test(a)), false);
  });

  it('prices the CloudWatch alarms per alarm metric a month', () => {
    const with5 = estimateCost({ ...DEFAULTS, alarms: 5 });
    const alarmLine = with5.lines.find((l) => l.item === 'CloudWatch alarms')!;
    assert.equal(alarmLine.quantity, '5 alarm metrics x 1 month');
    assert.equal(alarmLine.monthlyUsd, 0.5);
    assert.equal(with5.totalUsd, Math.round((estimateCost(DEFAULTS).totalUsd + 0.5) * 100) / 100);
    assert.equal(estimateCost(DEFAULTS).lines.some((l) => l.item === 'CloudWatch alarms'), false);
    assert.throws(() => estimateCost({ ...DEFAULTS, alarms: -1 }), /Invalid alarms: -1/);
  });

  it('states its assumptions: hours, GB, usage figures, domain, exclusions', () => {
    const texts = estimateCost({ ...DEFAULTS, domain: true }).assumptions;
    const has = (pattern: RegExp) =>
      assert.ok(
        texts.some((text) => pattern.test(text)),
        `${pattern} in ${texts.join(' | ')}`,
      );
    has(/^730 hours a month/);
    has(/1 GB = 1,024 MB/);
    has(/20 GB a month through the NAT gateway/);
    has(/1 LCU on average/);
    has(/5 GB ingested a month, kept 30 days/);
    has(/Route 53 hosted zone .* not counted.*DNS query charges are ignored/);
    has(/^Not included: data transfer out/);
    has(/Prices taken 2026-11-26/);
  });

  it('ships a price table whose every price has a unit, a date and an AWS pricing page', () => {
    const all: Price[] = [];
    const collect = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      if ('usd' in value) all.push(value as Price);
      else Object.values(value).forEach(collect);
    };
    collect(PRICES.regions);
    assert.ok(all.length > 100);
    for (const price of all) {
      assert.ok(price.usd > 0 && price.usd < 1, `${price.unit} ${price.usd}`);
      assert.ok(price.unit.length > 0);
      assert.match(price.taken, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(price.source, /^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/pricing\/$/);
    }
    assert.equal(PRICES.regions['us-east-1'], US_EAST_1);
    assert.deepEqual(Object.keys(PRICES.regions).sort(), ['eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
  });
});

describe('checkCostInputs: every refusal names the field, the value and what is allowed', () => {
  const refused: [Record<string, unknown>, string][] = [
    [{ region: ''}, 'Invalid region: "" (from cost estimate). Allowed: an AWS Region name.'],
    [{ region: 3}, 'Invalid region: 3 (from cost estimate). Allowed: an AWS Region name.'],
    [{ azCount: 7}, 'Invalid azCount: 7 (from cost estimate). Allowed: a whole number from 1 to 6.'],
    [{ azCount: 0}, 'Invalid azCount: 0 (from cost estimate). Allowed: a whole number from 1 to 6.'],
    [{ azCount: 2.5}, 'Invalid azCount: 2.5 (from cost estimate). Allowed: a whole number from 1 to 6.'],
    [{ nat: 'gateway'}, 'Invalid nat: "gateway" (from cost estimate). Allowed: per-az, single or none.'],
    [{ cpuArch: 'arm'}, 'Invalid cpuArch: "arm" (from cost estimate). Allowed: x86_64 or arm64.'],
    [{ services: [{ name: '', cpu: 512, memoryMiB: 1024, count: 1}]}, 'Invalid services[0].name: "" (from cost estimate). Allowed: a service name.'],
    [{ services: [{ name: 7, cpu: 512, memoryMiB: 1024, count: 1}]}, 'Invalid services[0].name: 7 (from cost estimate). Allowed: a service name.'],
    [{ services: [{ name: 'web', cpu: 500, memoryMiB: 1024, count: 1}]}, 'Invalid services[0].cpu: 500 (from cost estimate). Allowed: Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384.'],
    [{ services: [{ name: 'web', cpu: 512, memoryMiB: 511, count: 1}]}, 'Invalid services[0].memoryMiB: 511 (from cost estimate). Allowed: a whole number from 512 to 122880.'],
    [{ services: [{ name: 'web', cpu: 512, memoryMiB: 122881, count: 1}]}, 'Invalid services[0].memoryMiB: 122881 (from cost estimate). Allowed: a whole number from 512 to 122880.'],
    [{ services: [{ name: 'web', cpu: 512, memoryMiB: 1024, count: -1}]}, 'Invalid services[0].count: -1 (from cost estimate). Allowed: a whole number at least 0.'],
    [{ db: {engine: 'oracle', instanceClass: 'db.t4g.micro', storageGiB: 20, multiAz: false}}, 'Invalid db.engine: "oracle" (from cost estimate). Allowed: postgres or mysql.'],
    [{ db: {engine: 'postgres', instanceClass: 'xdb.t4g.micro', storageGiB: 20, multiAz: false}}, 'Invalid db.instanceClass: "xdb.t4g.micro" (from cost estimate). Allowed: a DB instance class such as db.t4g.micro.'],
    [{ db: {engine: 'postgres', instanceClass: 'db.t4g.micro ', storageGiB: 20, multiAz: false}}, 'Invalid db.instanceClass: "db.t4g.micro " (from cost estimate). Allowed: a DB instance class such as db.t4g.micro.'],
    [{ db: {engine: 'postgres', instanceClass: 'db.t4g.micro', storageGiB: 19, multiAz: false}}, 'Invalid db.storageGiB: 19 (from cost estimate). Allowed: a whole number from 20 to 65536.'],
    [{ redis: {engine: 'memcached', nodeType: 'cache.t4g.small', nodes: 1}}, 'Invalid redis.engine: "memcached" (from cost estimate). Allowed: valkey or redis.'],
    [{ redis: {engine: 'valkey', nodeType: 'xcache.t4g.small', nodes: 1}}, 'Invalid redis.nodeType: "xcache.t4g.small" (from cost estimate). Allowed: an ElastiCache node type such as cache.t4g.micro.'],
    [{ redis: {engine: 'valkey', nodeType: 'cache.t4g.small!', nodes: 1}}, 'Invalid redis.nodeType: "cache.t4g.small!" (from cost estimate). Allowed: an ElastiCache node type such as cache.t4g.micro.'],
    [{ redis: {engine: 'valkey', nodeType: 'cache.t4g.small', nodes: 7}}, 'Invalid redis.nodes: 7 (from cost estimate). Allowed: a whole number from 1 to 6.'],
    [{ secrets: -1}, 'Invalid secrets: -1 (from cost estimate). Allowed: a whole number at least 0.'],
    [{ logsGiBPerMonth: -0.5}, 'Invalid logsGiBPerMonth: -0.5 (from cost estimate). Allowed: a number of 0 or more.'],
    [{ logsGiBPerMonth: Infinity}, 'Invalid logsGiBPerMonth: null (from cost estimate). Allowed: a number of 0 or more.'],
    [{ logsGiBPerMonth: '5'}, 'Invalid logsGiBPerMonth: "5" (from cost estimate). Allowed: a number of 0 or more.'],
    [{ logRetentionDays: 0}, 'Invalid logRetentionDays: 0 (from cost estimate). Allowed: a whole number at least 1.'],
    [{ natGiBPerMonth: -1}, 'Invalid natGiBPerMonth: -1 (from cost estimate). Allowed: a number of 0 or more.'],
    [{ albLcu: -1}, 'Invalid albLcu: -1 (from cost estimate). Allowed: a number of 0 or more.'],
  ];
  for (const [change, message] of refused) {
    it(message.replace(/ \(from.*/, ''), () => {
      assert.throws(() => estimateCost({ ...DEFAULTS, ...change } as CostInputs), (error: unknown) => error instanceof InputError && error.message === message);
    });
  }

  it('accepts the edges: 1 and 6 AZs, no secrets, no logs, 1 day of retention, 122,880 MiB, a service at 0 tasks', () => {
    assert.doesNotThrow(() => estimateCost({ ...DEFAULTS, ...{logsGiBPerMonth: 0} }));
    assert.doesNotThrow(() => estimateCost({ ...DEFAULTS, ...{secrets: 0} }));
    assert.doesNotThrow(() => estimateCost({ ...DEFAULTS, ...{azCount: 6} }));
    assert.doesNotThrow(() => estimateCost({ ...DEFAULTS, ...{azCount: 1} }));
    assert.doesNotThrow(() => estimateCost({ ...DEFAULTS, ...{logRetentionDays: 1} }));
    assert.doesNotThrow(() => estimateCost({ ...DEFAULTS, ...{services: [{ name: 'web', cpu: 512, memoryMiB: 122880, count: 0}]} }));
  });
});

describe('cost lines: quantity, unit price and amount of every line, written out', () => {
  const rows = (estimate: CostEstimate) => estimate.lines.map((l) => [l.item, l.quantity, l.unitPrice, l.monthlyUsd]);

  it('NAT none over 3 AZs, arm64, a service at 0 tasks, Multi-AZ MySQL 100 GB, 2 Valkey nodes, 1 secret', () => {
    const estimate = estimateCost({
      ...DEFAULTS,
      nat: 'none',
      azCount: 3,
      cpuArch: 'arm64',
      services: [{ name: 'web', cpu: 1024, memoryMiB: 2048, count: 1 }, { name: 'idle', cpu: 256, memoryMiB: 512, count: 0 }],
      db: { engine: 'mysql', instanceClass: 'db.t4g.micro', storageGiB: 100, multiAz: true },
      redis: { engine: 'valkey', nodeType: 'cache.t4g.micro', nodes: 2 },
      secrets: 1,
    });
    // IPv4 4 x 730 x 0.005 = 14.60; web 730 x 0.03238 + 1460 x 0.00356 = 28.835 -> 28.84; RDS 1460 x 0.016 = 23.36;
    // gp3 200 x 0.115 = 23.00; Valkey 1460 x 0.0128 = 18.688 -> 18.69; the idle service (0 tasks) has no line.
    assert.deepEqual(rows(estimate), [
      ['Public IPv4 addresses', '3 ALB addresses (one per AZ) + 1 task address (NAT none: tasks get public IPs) = 4 addresses x 730 h = 2,920 address-hours', '$0.005 per public IPv4 address-hour', 14.6],
      ['Application Load Balancer (hours)', '1 load balancer x 730 h = 730 ALB-hours', '$0.0225 per ALB-hour', 16.43],
      ['Application Load Balancer (capacity units)', '1 LCU on average (assumption) x 730 h = 730 LCU-hours', '$0.008 per LCU-hour', 5.84],
      ['Fargate: web (arm64)', '1 task x 1 vCPU x 730 h = 730 vCPU-hours; 1 x 2 GB x 730 h = 1,460 GB-hours', '$0.03238 per vCPU-hour + $0.00356 per GB-hour', 28.84],
      ['RDS MySQL db.t4g.micro (Multi-AZ)', '2 instances (primary + standby) x 730 h = 1,460 instance-hours', '$0.016 per instance-hour', 23.36],
      ['RDS gp3 storage (Multi-AZ)', '100 GB x 2 copies (primary + standby) = 200 GB-months', '$0.115 per GB-month', 23],
      ['ElastiCache Valkey cache.t4g.micro', '2 nodes x 730 h = 1,460 node-hours', '$0.0128 per node-hour', 18.69],
      ['Secrets Manager secrets', '1 secret x 1 month', '$0.40 per secret-month', 0.4],
      ['CloudWatch Logs ingestion', '5 GB a month (assumption)', '$0.50 per GB ingested', 2.5],
      ['CloudWatch Logs storage', '5 GB a month kept 30 days = 5 GB-months stored', '$0.03 per GB-month stored', 0.15],
    ]);
    // 14.60 + 16.43 + 5.84 + 28.84 + 23.36 + 23.00 + 18.69 + 0.40 + 2.50 + 0.15 = 133.81
    assert.equal(estimate.totalUsd, 133.81);
    assert.equal(estimate.complete, true);
  });

  it('NAT single, no secrets, a cache node type not in the table: unpriced, left out, said so', () => {
    const estimate = estimateCost({ ...DEFAULTS, nat: 'single', secrets: 0, redis: { engine: 'valkey', nodeType: 'cache.x9.huge', nodes: 1 } });
    assert.deepEqual(rows(estimate), [
      ['NAT gateways (single)', '1 NAT gateway x 730 h = 730 NAT gateway-hours', '$0.045 per NAT gateway-hour', 32.85],
      ['NAT gateway data processing', '20 GB a month through NAT (assumption)', '$0.045 per GB processed', 0.9],
      ['Public IPv4 addresses', '1 NAT gateway Elastic IP + 2 ALB addresses (one per AZ) = 3 addresses x 730 h = 2,190 address-hours', '$0.005 per public IPv4 address-hour', 10.95],
      ['Application Load Balancer (hours)', '1 load balancer x 730 h = 730 ALB-hours', '$0.0225 per ALB-hour', 16.43],
      ['Application Load Balancer (capacity units)', '1 LCU on average (assumption) x 730 h = 730 LCU-hours', '$0.008 per LCU-hour', 5.84],
      ['Fargate: web (x86_64)', '2 tasks x 0.5 vCPU x 730 h = 730 vCPU-hours; 2 x 1 GB x 730 h = 1,460 GB-hours', '$0.04048 per vCPU-hour + $0.004445 per GB-hour', 36.04],
      ['Fargate: worker (x86_64)', '1 task x 0.5 vCPU x 730 h = 365 vCPU-hours; 1 x 1 GB x 730 h = 730 GB-hours', '$0.04048 per vCPU-hour + $0.004445 per GB-hour', 18.02],
      ['RDS PostgreSQL db.t4g.micro (Single-AZ)', '1 instance x 730 h = 730 instance-hours', '$0.016 per instance-hour', 11.68],
      ['RDS gp3 storage (Single-AZ)', '20 GB x 1 copy = 20 GB-months', '$0.115 per GB-month', 2.3],
      ['ElastiCache Valkey cache.x9.huge', '1 node x 730 h = 730 node-hours', 'not in the price table', null],
      ['CloudWatch Logs ingestion', '5 GB a month (assumption)', '$0.50 per GB ingested', 2.5],
      ['CloudWatch Logs storage', '5 GB a month kept 30 days = 5 GB-months stored', '$0.03 per GB-month stored', 0.15],
    ]);
    // 32.85 + 0.90 + 10.95 + 16.43 + 5.84 + 36.04 + 18.02 + 11.68 + 2.30 + 2.50 + 0.15 = 137.66
    assert.equal(estimate.totalUsd, 137.66);
    assert.equal(estimate.complete, false);
    assert.deepEqual(estimate.notes, ['redis.nodeType cache.x9.huge (Valkey) is not in the price table: the ElastiCache line is unpriced and left out of the total.']);
  });

  it('the defaults: every quantity and unit price', () => {
    assert.deepEqual(rows(estimateCost(DEFAULTS)), [
      ['NAT gateways (per-az)', '2 NAT gateways x 730 h = 1,460 NAT gateway-hours', '$0.045 per NAT gateway-hour', 65.7],
      ['NAT gateway data processing', '20 GB a month through NAT (assumption)', '$0.045 per GB processed', 0.9],
      ['Public IPv4 addresses', '2 NAT gateway Elastic IPs + 2 ALB addresses (one per AZ) = 4 addresses x 730 h = 2,920 address-hours', '$0.005 per public IPv4 address-hour', 14.6],
      ['Application Load Balancer (hours)', '1 load balancer x 730 h = 730 ALB-hours', '$0.0225 per ALB-hour', 16.43],
      ['Application Load Balancer (capacity units)', '1 LCU on average (assumption) x 730 h = 730 LCU-hours', '$0.008 per LCU-hour', 5.84],
      ['Fargate: web (x86_64)', '2 tasks x 0.5 vCPU x 730 h = 730 vCPU-hours; 2 x 1 GB x 730 h = 1,460 GB-hours', '$0.04048 per vCPU-hour + $0.004445 per GB-hour', 36.04],
      ['Fargate: worker (x86_64)', '1 task x 0.5 vCPU x 730 h = 365 vCPU-hours; 1 x 1 GB x 730 h = 730 GB-hours', '$0.04048 per vCPU-hour + $0.004445 per GB-hour', 18.02],
      ['RDS PostgreSQL db.t4g.micro (Single-AZ)', '1 instance x 730 h = 730 instance-hours', '$0.016 per instance-hour', 11.68],
      ['RDS gp3 storage (Single-AZ)', '20 GB x 1 copy = 20 GB-months', '$0.115 per GB-month', 2.3],
      ['Secrets Manager secrets', '2 secrets x 1 month', '$0.40 per secret-month', 0.8],
      ['CloudWatch Logs ingestion', '5 GB a month (assumption)', '$0.50 per GB ingested', 2.5],
      ['CloudWatch Logs storage', '5 GB a month kept 30 days = 5 GB-months stored', '$0.03 per GB-month stored', 0.15],
    ]);
  });

  it('states its assumptions, and what changes with NAT none and a domain', () => {
    assert.deepEqual(estimateCost(DEFAULTS).assumptions, [
      '730 hours a month (24 x 365 / 12), every resource running all month.',
      'On-demand list prices in USD before tax: no free tier, Savings Plans or reserved capacity.',
      "Prices taken 2026-11-26 from the AWS pricing pages each line's prices name.",
      'GB is a binary gigabyte (1 GB = 1,024 MB): Fargate memory converts at 1,024 MiB = 1 GB; CPU at 1,024 units = 1 vCPU.',
      'NAT data processing: 20 GB a month through the NAT gateway(s), in total.',
      "Public IPv4 addresses: NAT gateway Elastic IPs and the ALB's one address per AZ.",
      'Load balancer: 1 LCU on average.',
      'CloudWatch Logs: 5 GB ingested a month, kept 30 days, stored volume counted uncompressed (an upper bound).',
      'Multi-AZ RDS runs a standby: instance hours and gp3 storage count twice.',
      "No domain: the app is served on the ALB's DNS name; no Route 53 or ACM charges.",
      "Not included: data transfer out to the internet and between AZs, ECR image storage, RDS backup storage beyond the free amount equal to the database size, KMS keys, CloudWatch metrics, the alarms' free tier, Secrets Manager API calls, extra tasks during deployments.",
      'Rounding: each line is rounded to the cent (half up); the total is the sum of the rounded lines.',
    ]);
    const [, , , , nat, ipv4, , , , domain] = estimateCost({ ...DEFAULTS, nat: 'none', domain: true }).assumptions;
    assert.equal(nat, 'NAT none: no NAT gateways; every running task has its own public IPv4 address.');
    assert.equal(ipv4, "Public IPv4 addresses: NAT gateway Elastic IPs and the ALB's one address per AZ and each task.");
    assert.equal(
      domain,
      'Domain: the Route 53 hosted zone already exists (its $0.50 a month is not counted), DNS query charges are ignored (alias queries to the ALB are free) and the ACM certificate is free.',
    );
  });
});

describe('price table fallbacks', () => {
  const INPUTS: CostInputs = {
    ...DEFAULTS,
    region: 'xx-test-1',
    cpuArch: 'arm64',
    services: [{ name: 'web', cpu: 512, memoryMiB: 1024, count: 2 }],
    redis: { engine: 'valkey', nodeType: 'cache.t4g.small', nodes: 1 },
  };
  // A Region listed with no prices of its own, and a fallback price taken on another date.
  const TABLE = {
    ...PRICES,
    regions: { ...PRICES.regions, 'xx-test-1': {} },
    fallback: { ...PRICES.fallback, albHour: { ...PRICES.fallback.albHour, taken: '2026-01-02' } },
  } as PriceTable;

  it('borrows every us-east-1 price with a note naming the line, and lists both dates', () => {
    const estimate = estimateCost(INPUTS, TABLE);
    assert.equal(estimate.region, 'xx-test-1');
    const notes = [
      'NAT gateway hours', 'NAT gateway data processing', 'public IPv4 addresses', 'ALB hours', 'ALB capacity units',
      'Fargate arm64 vCPU', 'Fargate arm64 memory', 'db.t4g.micro (PostgreSQL)', 'RDS gp3 storage', 'cache.t4g.small (Valkey)',
      'Secrets Manager secrets', 'CloudWatch Logs ingestion', 'CloudWatch Logs storage',
    ].map((label) => `The price table has no xx-test-1 price for ${label}: that line uses the us-east-1 price.`);
    assert.deepEqual(estimate.notes, notes);
    assert.deepEqual(estimate.lines.map((l) => l.prices.map((p) => `${p.key}@${p.region}`)), [
      ['natGatewayHour@us-east-1'], ['natGatewayGb@us-east-1'], ['publicIpv4Hour@us-east-1'], ['albHour@us-east-1'],
      ['albLcuHour@us-east-1'], ['fargateArmVcpuHour@us-east-1', 'fargateArmGbHour@us-east-1'],
      ['rdsInstanceHour.postgres.db.t4g.micro@us-east-1'], ['rdsGp3GbMonth@us-east-1'],
      ['cacheNodeHour.valkey.cache.t4g.small@us-east-1'], ['secretMonth@us-east-1'], ['logsIngestGb@us-east-1'],
      ['logsStorageGbMonth@us-east-1'],
    ]);
    assert.equal(estimate.assumptions[2], "Prices taken 2026-01-02, 2026-11-26 from the AWS pricing pages each line's prices name.");
    // Borrowed prices are us-east-1's: the same total as in us-east-1 itself.
    assert.equal(estimate.totalUsd, estimateCost({ ...INPUTS, region: 'us-east-1' }).totalUsd);
  });

  it('a fallback Region missing a price is a broken table, said plainly', () => {
    const broken = { ...TABLE, fallback: { ...PRICES.fallback, albHour: undefined } } as unknown as PriceTable;
    assert.throws(() => estimateCost(INPUTS, broken), { message: 'Price table incomplete: us-east-1 has no albHour' });
  });
});

describe('costInputs: the secrets the stacks create', () => {
  it('the database URL secret is one more, $0.40 a month; a data stack generated before it has none', () => {
    const answers = validateAnswers({ appName: 'shop', region: 'us-east-1' });
    // The database's master secret and the master key; the URLs; with a cache, its token and REDIS_URL.
    assert.equal(costInputs(answers, {}, 'postgres', false).secrets, 3);
    assert.equal(costInputs(answers, {}, 'postgres', false, 'secret').secrets, 3);
    assert.equal(costInputs(answers, {}, 'postgres', true).secrets, 5);
    assert.equal(costInputs(answers, {}, 'postgres', false, 'wrapper').secrets, 2);
    assert.equal(costInputs(answers, {}, 'mysql', true, 'wrapper').secrets, 4);
  });
});
