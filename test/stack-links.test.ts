/**
 * The links between the stacks and the order of their updates, on the templates the generator renders: switching
 * Sidekiq to Solid Queue drops the data stack's Redis exports that the deployed app imports (app first), the way
 * back adds exports the new app imports (data first), shrinking the AZs drops network exports both import.
 */
import assert from 'node:assert/strict';
import { validateAnswers } from '../src/answers/resolve.js';
import { infraReadme } from '../src/docs/infra-readme.js';
import { InputError } from '../src/errors.js';
import { plan, renderStacks } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { seedWorkers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { stackLinks, templateExports, templateImports, updateOrder } from '../src/stacks/stack-links.js';
import type { StackLinks } from '../src/stacks/stack-links.js';
import { SAMPLE_APP } from './support/paths.js';

const facts = detect(SAMPLE_APP);
const inputs = appInputs(facts);
const context = { appName: facts.appName.value, dbEngine: inputs.dbEngine, ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}), env: {} };

function links(answers: Record<string, unknown>, more: Partial<typeof inputs> = {}): StackLinks[] {
  const valid = validateAnswers({ region: 'us-east-1', ...answers }, 'stack-links', context);
  return renderStacks(plan(valid, { ...inputs, ...more }, seedWorkers(valid.worker, inputs.jobs))).map((r) => stackLinks(r.stack.key, r.template));
}
const of = (all: StackLinks[], key: string) => all.find((l) => l.key === key)!;

describe('stack links', () => {
  const sidekiq = links({ worker: 'sidekiq' });
  const solidQueue = links({ worker: 'solid_queue' });

  it('reads what each template exports and imports', () => {
    assert.deepEqual(of(sidekiq, 'data').exports, [
      'AlarmTopicArn', 'DatabaseEndpoint', 'DatabaseName', 'DatabasePort', 'DatabaseSecretArn', 'DatabaseUrlSecretArn', 'RedisEndpoint', 'RedisPort',
      'RedisUrlSecretArn', 'StorageBucketArn', 'StorageBucketName',
    ]);
    assert.deepEqual(of(solidQueue, 'data').exports, [
      'AlarmTopicArn', 'DatabaseEndpoint', 'DatabaseName', 'DatabasePort', 'DatabaseSecretArn', 'DatabaseUrlSecretArn', 'StorageBucketArn', 'StorageBucketName',
    ]);
    assert.deepEqual(of(sidekiq, 'data').imports.map((i) => `${i.from}:${i.name}`), [
      'network:AppSecurityGroupId', 'network:PrivateSubnetAId', 'network:PrivateSubnetBId', 'network:VpcId',
    ]);
    const appImports = (all: StackLinks[]) => of(all, 'app').imports.filter((i) => i.from === 'data').map((i) => i.name);
    // The URLs whole, from DatabaseUrlSecret: nothing to build them from (no endpoint, no master credentials).
    assert.deepEqual(appImports(sidekiq), ['AlarmTopicArn', 'DatabaseUrlSecretArn', 'RedisUrlSecretArn', 'StorageBucketArn', 'StorageBucketName']);
    assert.deepEqual(appImports(solidQueue), ['AlarmTopicArn', 'DatabaseUrlSecretArn', 'StorageBucketArn', 'StorageBucketName']);
    assert.deepEqual(of(sidekiq, 'network').imports, []);
  });

  it('a data stack generated before the URL secret, moved over: the data stack first (it adds the export the app then imports)', () => {
    const wrapper = links({ worker: 'sidekiq' }, { databaseUrls: 'wrapper', databasePassword: 'punctuation' });
    assert.deepEqual(of(wrapper, 'app').imports.filter((i) => i.from === 'data').map((i) => i.name),
      ['AlarmTopicArn', 'DatabaseEndpoint', 'DatabaseName', 'DatabasePort', 'DatabaseSecretArn', 'RedisUrlSecretArn', 'StorageBucketArn', 'StorageBucketName']);
    assert.ok(!of(wrapper, 'data').exports.includes('DatabaseUrlSecretArn'));
    const moved = links({ worker: 'sidekiq' }, { databaseUrls: 'secret', databasePassword: 'punctuation' });
    assert.deepEqual(updateOrder(wrapper, moved), ['network', 'registry', 'data', 'app']);
  });

  it('Sidekiq to Solid Queue: the app goes before the data stack, which drops the Redis exports the app imports', () => {
    assert.deepEqual(updateOrder(sidekiq, solidQueue), ['network', 'registry', 'app', 'data']);
  });

  it('Solid Queue to Sidekiq, and a first deploy: producers first (the app imports the new Redis export)', () => {
    assert.deepEqual(updateOrder(solidQueue, sidekiq), ['network', 'registry', 'data', 'app']);
    assert.deepEqual(updateOrder([], sidekiq), ['network', 'registry', 'data', 'app']);
    assert.deepEqual(updateOrder(sidekiq, sidekiq), ['network', 'registry', 'data', 'app']);
  });

  it('fewer AZs: the data and app stacks stop importing the last subnets before the network drops them', () => {
    assert.deepEqual(updateOrder(links({ worker: 'sidekiq', azCount: 3 }), sidekiq), ['registry', 'data', 'app', 'network']);
    assert.deepEqual(updateOrder(sidekiq, links({ worker: 'sidekiq', azCount: 3 })), ['network', 'registry', 'data', 'app']);
  });

  it('refuses a cycle: the app needs a new export and still imports one the data stack drops', () => {
    const next = solidQueue.map((l) => (l.key === 'data' ? { ...l, exports: [...l.exports, 'ReportsBucketName'] } : l.key === 'app' ? { ...l, imports: [...l.imports, { from: 'data', name: 'ReportsBucketName' }] } : l));
    assert.throws(() => updateOrder(sidekiq, next), (e: unknown) => e instanceof InputError && e.field === 'stack update order' && /data before app, app before data/.test(e.message));
  });

  it('infra/README.md says which stack goes first and lists the exports in use, with who imports them', () => {
    const valid = validateAnswers({ region: 'us-east-1', worker: 'sidekiq' }, 'stack-links', context);
    const thePlan = plan(valid, inputs, seedWorkers(valid.worker, inputs.jobs));
    const readme = infraReadme(thePlan, renderStacks(thePlan));
    assert.match(readme, /## Updating the stacks/);
    assert.match(readme, /`--yes` refuses it unless\s+`--yes-modify-data` is given as well/);
    assert.match(readme, /the app is released first and the cache is removed afterwards/);
    assert.ok(readme.includes('| `bookshelf-production-data-RedisUrlSecretArn` | data | app |'), readme);
    assert.ok(readme.includes('| `bookshelf-production-network-VpcId` | network | data, app |'));
    // Exports nobody imports are not listed.
    assert.ok(!readme.includes('| `bookshelf-production-app-Url` |'));
  });

  it('refuses an export or an import outside the naming the stacks share, naming it', () => {
    assert.throws(() => templateExports({ Outputs: { X: { Value: 1, Export: { Name: 'fixed-name' } } } }), (e: unknown) => e instanceof InputError && e.field === 'export name of output X');
    assert.throws(() => templateImports({ V: { 'Fn::ImportValue': { 'Fn::Sub': '${OtherStackName}-VpcId' } } }), (e: unknown) => e instanceof InputError && e.field === 'import');
    assert.deepEqual(templateImports({ V: { 'Fn::ImportValue': { 'Fn::Sub': '${NetworkStackName}-VpcId' } }, W: [{ 'Fn::ImportValue': { 'Fn::Sub': '${NetworkStackName}-VpcId' } }] }), [{ from: 'network', name: 'VpcId' }]);
  });
});
