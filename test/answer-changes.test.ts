/**
 * What a re-run may not change (checkChanges) and the NAT prompt's priced choices (natChoices): literal messages and
 * dollar figures worked by hand from the us-east-1 price table.
 */
import assert from 'node:assert/strict';
import { checkChanges } from '../src/answers/changes.js';
import { natChoices } from '../src/answers/nat-choices.js';
import type { Answers } from '../src/answers/questions.js';
import { validateAnswers } from '../src/answers/resolve.js';

/** The new answers: valid defaults with the fields under test set directly (checkChanges reads only those). */
const next = (values: Partial<Answers>): Answers => ({ ...validateAnswers({ appName: 'shop' }), ...values });

describe('checkChanges: what RDS refuses in place', () => {
  it('storage may stay or grow, never shrink', () => {
    assert.doesNotThrow(() => checkChanges({ dbStorage: 50 }, next({ dbStorage: 50 })));
    assert.doesNotThrow(() => checkChanges({ dbStorage: 50 }, next({ dbStorage: 51 })));
    assert.doesNotThrow(() => checkChanges({}, next({ dbStorage: 20 })));
    assert.doesNotThrow(() => checkChanges({ dbStorage: '50' }, next({ dbStorage: 20 })), 'only a stored number is compared');
    assert.throws(() => checkChanges({ dbStorage: 50 }, next({ dbStorage: 49 })), {
      message: 'Invalid db-storage: 49. Allowed: 50 GiB or more: RDS storage can grow but never shrink (it is 50 GiB now).',
    });
  });

  it('the storage ceiling (--db-max-storage) may stay or grow, never shrink; a first ceiling may be anything', () => {
    assert.doesNotThrow(() => checkChanges({ dbStorage: 20, dbMaxStorage: 100 }, next({ dbStorage: 20, dbMaxStorage: 100 })));
    assert.doesNotThrow(() => checkChanges({ dbStorage: 20, dbMaxStorage: 100 }, next({ dbStorage: 20, dbMaxStorage: 200 })));
    assert.doesNotThrow(() => checkChanges({ dbStorage: 20 }, next({ dbStorage: 20, dbMaxStorage: 40 })), 'an earlier version had no ceiling');
    assert.throws(() => checkChanges({ dbStorage: 20, dbMaxStorage: 100 }, next({ dbStorage: 20, dbMaxStorage: 99 })), {
      message: 'Invalid db-max-storage: 99. Allowed: 100 GiB or more: storage autoscaling may already have grown the database up to 100 GiB, and a lower ceiling than its storage is refused.',
    });
  });

  it('the engine version may stay or go up, never down, compared number by number', () => {
    const ok: [string, string][] = [['17', '17'], ['16', '17'], ['8.0', '8.4'], ['16.4', '17'], ['9.6', '17']];
    for (const [before, after] of ok) assert.doesNotThrow(() => checkChanges({ dbEngineVersion: before }, next({ dbEngineVersion: after })), `${before} -> ${after}`);
    assert.throws(() => checkChanges({ dbEngineVersion: '17' }, next({ dbEngineVersion: '16' })), {
      message: 'Invalid db-engine-version: "16". Allowed: 17 or later: RDS cannot downgrade a database\'s engine version.',
    });
    // 16 < 16.4: the missing minor counts as 0. 9 < 17 as numbers, though "9" > "17" as text.
    assert.throws(() => checkChanges({ dbEngineVersion: '16.4' }, next({ dbEngineVersion: '16' })), /16\.4 or later/);
    assert.throws(() => checkChanges({ dbEngineVersion: '17' }, next({ dbEngineVersion: '9' })), /17 or later/);
    assert.doesNotThrow(() => checkChanges({ dbEngineVersion: 17 }, next({ dbEngineVersion: '16' })), 'only a stored string is compared');
  });
});

describe('natChoices: the NAT prompt with monthly totals', () => {
  it('prices each mode for the answers so far (us-east-1, web 512/1024 x2, no worker)', () => {
    // per-az: 174.96 (cost.test DEFAULTS) - 18.02 (its worker) = 156.94; single: 138.46 - 18.02 = 120.44;
    // none: 112.01 - 18.02 - one task's IPv4 (730 x 0.005 = 3.65) = 90.34. Each total also holds a first run's database
    // URL secret ($0.40 a month).
    const endpoints = 'Interface VPC endpoints (--vpc-endpoints: ECR API, ECR Docker, CloudWatch Logs, Secrets Manager, SSM messages (ECS Exec)): ' +
      '5 endpoints x 2 AZs x $0.01/hour (us-east-1) = $0.10/hour, about $73.00/month; the S3 gateway endpoint is free and always there';
    assert.deepEqual(natChoices({ appName: 'shop' }, { env: {} }), [
      { description: endpoints, name: 'per-az: a NAT gateway per AZ: an AZ outage cuts no other AZ off (about $158.24/month in all)', value: 'per-az' },
      { description: endpoints, name: 'single: one NAT gateway: cheaper, but AZ A carries every outbound call (about $121.74/month in all)', value: 'single' },
      {
        description: endpoints,
        name: 'none: no NAT: tasks in public subnets with public IPs (still only reachable from the load balancer) (about $91.64/month in all)',
        value: 'none',
      },
    ]);
  });

  it('counts the seeded worker and prices MySQL, whatever nat the answers so far hold', () => {
    // + the sidekiq worker 512/1024 x1: 18.02; MySQL db.t4g.micro is priced like PostgreSQL in us-east-1 ($0.016/h).
    const choices = natChoices({ appName: 'shop', worker: 'sidekiq', nat: 'none' }, { env: {}, dbEngine: 'mysql' });
    assert.deepEqual(choices.map((c) => c.name.replace(/.*\(about /, '')), ['$176.26/month in all)', '$139.76/month in all)', '$113.31/month in all)']);
  });

  it('a bad answer so far is refused, saying where it came from', () => {
    assert.throws(() => natChoices({ appName: 'shop', azCount: 9 }, { env: {} }), /^InputError: Invalid az-count: 9 \(from the answers so far "azCount"\)/);
  });
});
