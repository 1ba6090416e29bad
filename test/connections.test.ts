import assert from 'node:assert/strict';
import { connectionsNeeded, instanceMemoryGiB, maxConnections } from '../src/aws/rds-connections.js';
import { RDS_INSTANCE_CLASSES } from '../src/aws/rds.js';
import { checkConnections } from '../src/plan/connections.js';

describe('database connections', () => {
  it('knows the memory of every class it accepts', () => {
    for (const c of RDS_INSTANCE_CLASSES) assert.ok(instanceMemoryGiB(c), c);
    assert.equal(instanceMemoryGiB('db.t4g.micro'), 1);
    assert.equal(instanceMemoryGiB('db.m7g.large'), 8);
    assert.equal(instanceMemoryGiB('db.r6i.16xlarge'), 512);
    assert.equal(instanceMemoryGiB('db.x2g.large'), undefined);
  });

  it('default max_connections: PostgreSQL memory/9531392 capped at 5000, MySQL memory/12582880', () => {
    // 1 GiB = 1073741824 bytes: / 9531392 = 112.65; / 12582880 = 85.33.
    assert.equal(maxConnections('postgres', 'db.t4g.micro'), 112);
    assert.equal(maxConnections('mysql', 'db.t4g.micro'), 85);
    assert.equal(maxConnections('postgres', 'db.t4g.medium'), 450);
    assert.equal(maxConnections('mysql', 'db.m7g.large'), 682);
    assert.equal(maxConnections('postgres', 'db.r7g.16xlarge'), 5000);
    assert.equal(maxConnections('mysql', 'db.r7g.16xlarge'), 43690);
  });

  it('counts web at its maximum, doubled during deployments, workers likewise, plus migrate, per database', () => {
    assert.deepEqual(connectionsNeeded({ webMaxCount: 6, webPool: 5, workers: [{ name: 'jobs', count: 1, pool: 5 }], databases: 1 }), {
      web: 60, workers: 10, migrate: 5, total: 75,
    });
    assert.deepEqual(connectionsNeeded({ webMaxCount: 6, webPool: 5, workers: [{ name: 'jobs', count: 1, pool: 5 }], databases: 4 }), {
      web: 240, workers: 40, migrate: 20, total: 300,
    });
  });

  it('no warning when the class has room', () => {
    const check = checkConnections({ engine: 'postgres', instanceClass: 'db.t4g.micro', webMaxCount: 6, workers: [{ name: 'jobs', count: 1 }], extraDatabases: [] });
    assert.deepEqual(check, { needed: { web: 60, workers: 10, migrate: 5, total: 75 }, max: 112 });
  });

  it('warns with the numbers and the fixes: the smallest class of the family that fits, fewer tasks, fewer threads', () => {
    const check = checkConnections({
      engine: 'postgres', instanceClass: 'db.t4g.micro', webMaxCount: 6, workers: [{ name: 'jobs', count: 1 }], extraDatabases: ['cache', 'queue', 'cable'],
    });
    assert.equal(
      check.warning,
      'the app may open up to 300 database connections at its peak (web 240: 6 tasks x 2 during a deployment x 5 per task x 4 databases; ' +
        'workers 40; migrate 20), but a db.t4g.micro PostgreSQL database accepts about 112 by default. ' +
        'Choose --db-instance-class db.t4g.medium (about 450), or a lower --web-max-count (each web task adds 40 during a deployment), ' +
        'or fewer worker tasks, or RAILS_MAX_THREADS below 5.',
    );
    const mysql = checkConnections({ engine: 'mysql', instanceClass: 'db.t4g.micro', webMaxCount: 10, workers: [], extraDatabases: [] });
    assert.equal(mysql.needed.total, 105);
    assert.match(mysql.warning ?? '', /accepts about 85 by default\. Choose --db-instance-class db\.t4g\.small \(about 170\)/);
  });
});
