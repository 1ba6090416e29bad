import assert from 'node:assert/strict';
import { InputError } from '../src/errors.js';
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
      assert.throws(() => estimateCost({ ...DEFAULTS, ...change }), (error: unknown) => {
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

  it('prices the CloudWatch alarms per alarm-month', () => {
    const with5 = estimateCost({ ...DEFAULTS, alarms: 5 });
    const alarmLine = with5.lines.find((l) => l.item === 'CloudWatch alarms')!;
    assert.equal(alarmLine.quantity, '5 alarms x 1 month');
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
