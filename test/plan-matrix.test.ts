/**
 * The whole plan across the answer matrix (NAT modes x AZ counts x domain or not x job backends x PostgreSQL/MySQL x
 * Multi-AZ): every template validates with no FATAL/ERROR/WARN finding and fits an inline deploy, the
 * security groups admit exactly the article's flows, and the data and app stacks import only what the network stack
 * exports, one subnet per AZ.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { validateAnswers } from '../src/answers/resolve.js';
import { TEMPLATE_BODY_LIMIT } from '../src/assemble.js';
import { readTopology } from '../src/docs/topology.js';
import { plan, renderStacks } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { seedWorkers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { formatFindings, infoFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';
import { exportsOf, importsFrom } from './support/exports.js';
import { SAMPLE_APP } from './support/paths.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/rails/', import.meta.url));
const APPS = {
  'bookshelf (PostgreSQL, Solid Queue, Thruster)': SAMPLE_APP,
  'rails72-sidekiq (PostgreSQL, Sidekiq, Redis)': join(FIXTURES, 'rails72-sidekiq'),
  'mysql-trilogy (MySQL, Resque)': join(FIXTURES, 'mysql-trilogy'),
};

describe('the plan across the answer matrix', () => {
  const lint = new CfnLintBatch();
  for (const [name, dir] of Object.entries(APPS)) {
    const facts = detect(dir);
    const inputs = appInputs(facts);
    const context = { appName: facts.appName.value, dbEngine: inputs.dbEngine, ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}), env: {} };
    for (const nat of ['per-az', 'single', 'none']) {
      for (const azCount of [2, 3]) {
        for (const domain of ['', 'shop.example.com']) {
          for (const dbMultiAz of [false, true]) {
            const label = `${name}: NAT ${nat}, ${azCount} AZs, ${domain || 'no domain'}, ${dbMultiAz ? 'Multi-AZ' : 'single-AZ'}`;
            it(label, () => {
              const answers = validateAnswers(
                { region: 'us-east-1', nat, azCount, domain, hostedZoneId: domain ? 'Z0123456789ABCDEFGHIJ' : '', dbMultiAz },
                'matrix',
                context,
              );
              const rendered = renderStacks(plan(answers, inputs, seedWorkers(answers.worker, inputs.jobs)));
              assert.deepEqual(rendered.map((r) => r.stack.key), ['network', 'registry', 'data', 'app']);
              for (const { stack, text } of rendered) {
                assert.ok(Buffer.byteLength(text) < TEMPLATE_BODY_LIMIT, `${stack.key}: ${Buffer.byteLength(text)} bytes`);
                lint.add(`${label}: ${stack.key}`, text, answers.region);
                const findings = validateTemplate(text, answers.region);
                assert.equal(findings.length, 0, `${stack.key}\n${formatFindings(findings)}`);
                const info = infoFindings(text, answers.region);
                assert.equal(info.length, 0, `${stack.key}: INFO not in ACCEPTED_INFO\n${formatFindings(info)}`);
              }
              const topology = readTopology(Object.fromEntries(rendered.map((r) => [r.stack.key, r.template])));
              const rules = topology.rules.map((r) => `${r.from} -> ${r.to}:${r.port}`).sort();
              const dbPort = inputs.dbEngine === 'postgres' ? 5432 : 3306;
              const expected = [
                `0.0.0.0/0 -> AlbSecurityGroup:80`,
                ...(domain ? ['0.0.0.0/0 -> AlbSecurityGroup:443'] : []),
                `AlbSecurityGroup -> AppSecurityGroup:${inputs.containerPort}`,
                `AppSecurityGroup -> DatabaseSecurityGroup:${dbPort}`,
                ...(topology.cache ? ['AppSecurityGroup -> CacheSecurityGroup:6379'] : []),
              ].sort();
              assert.deepEqual(rules, expected, 'nothing else is admitted');
              assert.equal(topology.database?.multiAz, dbMultiAz);
              // The cache follows the database: a replica with automatic failover when the database is Multi-AZ.
              if (topology.cache) assert.equal(topology.cache.nodes, dbMultiAz ? 2 : 1);
              const data = rendered.find((r) => r.stack.key === 'data')!.template as { Resources: Record<string, { Properties: Record<string, unknown> }> };
              if (topology.cache) assert.equal(data.Resources.Cache!.Properties.AutomaticFailoverEnabled, dbMultiAz);
              // REDIS_URL reaches the tasks as a secret only.
              const app = rendered.find((r) => r.stack.key === 'app')!.text;
              assert.equal(/Name: REDIS_URL\n\s+Value:/.test(app), false, 'REDIS_URL is never a plain variable');
              assert.equal(app.includes('RedisUrlSecretArn'), Boolean(topology.cache));
              // Active Storage (production.rb names a service): the data stack's bucket, the app's access to it.
              assert.equal('StorageBucket' in data.Resources, inputs.activeStorage === true);
              assert.equal(app.includes('StorageBucketArn'), inputs.activeStorage === true);
              assert.equal(topology.https, domain !== '');
              assert.equal(topology.services.every((s) => s.publicIp === (nat === 'none')), true);

              const network = exportsOf(rendered.find((r) => r.stack.key === 'network')!.template);
              const letters = 'ABCDEF'.slice(0, azCount).split('');
              const subnets = (tier: string) => letters.map((az) => `${tier}Subnet${az}Id`);
              const expectedSubnets = { data: subnets('Private'), app: nat === 'none' ? subnets('Public') : [...subnets('Public'), ...subnets('Private')] };
              for (const key of ['data', 'app'] as const) {
                const imports = importsFrom(rendered.find((r) => r.stack.key === key)!.template, 'NetworkStackName');
                for (const name of imports) assert.ok(network.has(name), `${key} imports ${name}, which the network stack exports`);
                assert.deepEqual([...new Set(imports.filter((n) => n.includes('Subnet')))].sort(), expectedSubnets[key].sort(), key);
              }
            });
          }
        }
      }
    }
  }

  it('cfn-lint finds nothing in any template above', function () {
    this.timeout(600_000);
    lint.assertClean();
  });
});
