/**
 * The contract between the app stack and bin/fargate: every output and parameter the script reads or sets exists
 * in the app template the generator renders, the worker outputs are where the script's config says, and the script
 * runs a whole first deploy (and logs, secrets, console) against the real template with a stub that answers only
 * the outputs that template declares.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, renderTemplate, TEMPLATE_BODY_LIMIT } from '../src/assemble.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { APP_STACK_CONTRACT, fargateScriptBody, NETWORK_STACK_CONTRACT, railsConsoleCommand, renderFargateScript } from '../src/deploy/fargate-script.js';
import type { FargateScriptConfig } from '../src/deploy/fargate-script.js';
import { fragmentLibrary } from '../src/fragments/library.js';
import { planCidr } from '../src/network/cidr-plan.js';
import { appTemplate, taskPlacement } from '../src/stacks/app.js';
import { networkTemplate } from '../src/stacks/network.js';
import type { AppStackOptions } from '../src/stacks/app.js';
import { workerId } from '../src/stacks/app/options.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { argValue, changeSetParameters, createStubWorld, STUB_FIXTURES } from './support/recording-stub.js';
import type { StubWorld } from './support/recording-stub.js';
import { perTest } from './support/per-test.js';

interface Parsed {
  Parameters: Record<string, { Default?: unknown; AllowedValues?: unknown[] }>;
  Resources: Record<string, { Type: string; Properties: any }>;
  Outputs: Record<string, { Export: unknown }>;
}

const EXTRA_DATABASES = ['cache', 'queue', 'cable'];
/** A typical app: two workers, PostgreSQL with the Solid Cache/Queue/Cable databases. */
const OPTIONS: AppStackOptions = {
  appName: 'bookshelf',
  environment: 'production',
  cpuArch: 'arm64',
  containerPort: 3000,
  healthPath: '/up',
  nat: 'single',
  azs: ['A', 'B'],
  web: { cpu: 512, memory: 1024, count: 2, maxCount: 4 },
  workers: [
    { name: 'sidekiq', command: ['bundle', 'exec', 'sidekiq'], cpu: 512, memory: 1024, count: 1 },
    { name: 'solid-queue', command: ['./bin/jobs'], cpu: 256, memory: 512, count: 1 },
  ],
  logRetentionDays: 30,
  environmentVars: { RAILS_ENV: 'production', RAILS_LOG_TO_STDOUT: '1', PORT: '3000' },
  database: { engine: 'postgres', adapter: 'postgresql', extraDatabases: EXTRA_DATABASES },
  redis: true,
  tags: [{ Key: 'app', Value: 'bookshelf' }],
};
// Rendered inside the tests, not when the file loads (see test/support/per-test.ts).
const appText = perTest(() => renderTemplate(assemble(appTemplate(fragmentLibrary(), OPTIONS))));
const appParsed = perTest(() => parseCfnYaml(appText(), 'app.yml') as Parsed);

/** The script config the generator gives for these options. */
const CONFIG: FargateScriptConfig = {
  appName: OPTIONS.appName,
  environments: [OPTIONS.environment],
  region: 'us-east-1',
  cpuArchitecture: 'ARM64',
  stacks: ['registry', 'network', 'data', 'app'].map((key) => ({ key, file: `infra/cloudformation/${key}.yml` })),
  workers: OPTIONS.workers.map((w) => ({ name: w.name, logicalId: workerId(w.name) })),
  statefulLogicalIds: ['Database', 'Repository', 'WebLogGroup', 'MigrateLogGroup', ...OPTIONS.workers.map((w) => `${workerId(w.name)}LogGroup`)],
  dataLogicalIds: ['Database'],
  consoleCommand: railsConsoleCommand(OPTIONS.database.adapter, EXTRA_DATABASES),
};

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);

describe('stack contract: what bin/fargate reads is APP_STACK_CONTRACT', () => {
  // Made inside the tests, not when the file loads (see test/support/per-test.ts).
  const made = perTest(() => {
    const body = fargateScriptBody();
    return { body };
  });

  it('the app outputs it needs, by name and per worker, are exactly the listed ones', () => {
    const { body } = made();
    const needs = [...body.matchAll(/need "\$\w+" ("?[^ )]+"?) (\w+)\)/g)].map((m) => ({ output: m[1]!, stack: m[2]! }));
    assert.deepEqual(sorted(needs.filter((n) => n.stack === 'registry').map((n) => n.output)), ['RepositoryName', 'RepositoryUri']);
    assert.deepEqual(sorted(needs.filter((n) => n.stack === 'network').map((n) => n.output)), [...NETWORK_STACK_CONTRACT.outputs]);
    assert.deepEqual(sorted(needs.map((n) => n.stack)), ['app', 'ci', 'network', 'registry']);
    // ci-setup prints the deploy role the ci stack made.
    assert.deepEqual(needs.filter((n) => n.stack === 'ci').map((n) => n.output), ['DeployRoleArn']);
    // run_task NAME TASKDEF_OUTPUT LOGS_OUTPUT ... reads the two outputs it is given ("$2", "$3"): its callers name them.
    const runTask = [...body.replace(/^\s*#.*$/gm, '').matchAll(/run_task (?:\w+|"\$TARGET") ("?[^ ]+"?) ("?[^ ]+"?) /g)].flatMap((m) => [m[1]!, m[2]!]);
    assert.ok(runTask.length >= 4, 'run_task is called by migrate and by run');
    const appNeeds = [...needs.filter((n) => n.stack === 'app').map((n) => n.output).filter((n) => n !== '"$2"' && n !== '"$3"'), ...runTask];
    const fixed = appNeeds.filter((n) => /^\w+$/.test(n));
    const perSchedule: string[] = [];
    for (const n of appNeeds.filter((o) => !/^\w+$/.test(o))) {
      const schedule = /^"\$\{(?:SCHEDULE_ID|SCHEDULE_IDS\[\$i\])\}(\w+)"$/.exec(n);
      assert.ok(schedule, `an app output the contract cannot name (workers have none): ${n}`);
      perSchedule.push(schedule[1]!);
    }
    // A worker's service and log group: resources, read with need_resource.
    const perWorker = all(body.replace(/^\s*#.*$/gm, ''), /need_resource "\$res" "\$\{(?:id|WORKER_IDS\[\$i\])\}(\w+)"/g);
    assert.deepEqual(sorted(perSchedule), [...APP_STACK_CONTRACT.scheduleOutputSuffixes]);
    const masterKey = all(body, /^MASTER_KEY_OUTPUT='(\w+)'$/gm);
    assert.equal(masterKey.length, 1);
    assert.deepEqual(sorted([...fixed, ...masterKey]), [...APP_STACK_CONTRACT.outputs]);
    assert.deepEqual(sorted(perWorker), [...APP_STACK_CONTRACT.workerResourceSuffixes]);
  });

  it('the parameters it reads back and the ones it sets are exactly the listed ones', () => {
    const { body } = made();
    const read = [...all(body, /current_param (\w+)/g), ...all(body, /pick "\$params" (\w+)/g)];
    assert.deepEqual(sorted(read), [...APP_STACK_CONTRACT.parametersRead]);
    const paramValue = /^param_value\(\) \{\n([\s\S]*?)\n\}$/m.exec(body);
    assert.ok(paramValue, 'param_value() in the body');
    assert.deepEqual(sorted(all(paramValue[1]!, /^ {4}(\w+)\) v=/gm)), [...APP_STACK_CONTRACT.parametersSet]);
    assert.deepEqual(sorted(all(body, /SERVICES_PARAM=(\w+)/g)), [...APP_STACK_CONTRACT.servicesEnabledValues]);
  });
});

describe('stack contract: the app template has what bin/fargate reads', () => {
  it('validates with no finding and fits the inline template limit', () => {
    const findings = validateTemplate(appText(), 'us-east-1');
    assert.equal(findings.length, 0, formatFindings(findings));
    assert.ok(Buffer.byteLength(appText()) <= TEMPLATE_BODY_LIMIT, `${Buffer.byteLength(appText())} bytes`);
  });

  it('every output the script reads exists and is exported as <stack>-<name>', () => {
    for (const name of APP_STACK_CONTRACT.outputs) {
      assert.deepEqual(appParsed().Outputs[name]?.Export, { Name: { 'Fn::Sub': `\${AWS::StackName}-${name}` } }, name);
    }
  });

  it('the worker IDs of the script config name the template\'s worker resources; a worker adds no output', () => {
    assert.deepEqual(CONFIG.workers.map((w) => w.logicalId), ['WorkerSidekiq', 'WorkerSolidQueue']);
    assert.deepEqual(Object.keys(appParsed().Outputs).filter((k) => k.startsWith('Worker')), []);
    for (const w of CONFIG.workers) {
      for (const suffix of APP_STACK_CONTRACT.workerResourceSuffixes) assert.ok(appParsed().Resources[`${w.logicalId}${suffix}`], `${w.logicalId}${suffix}`);
    }
    for (const w of CONFIG.workers) {
      assert.equal(appParsed().Resources[`${w.logicalId}Service`]?.Type, 'AWS::ECS::Service', w.name);
      assert.equal(appParsed().Resources[`${w.logicalId}LogGroup`]?.Type, 'AWS::Logs::LogGroup', w.name);
    }
    for (const id of CONFIG.statefulLogicalIds.filter((i) => i.endsWith('LogGroup'))) assert.ok(id in appParsed().Resources, id);
  });

  it('the script sets every parameter without a default; what it reads and sets exists; ServicesEnabled takes its values', () => {
    const params = appParsed().Parameters;
    for (const name of [...APP_STACK_CONTRACT.parametersRead, ...APP_STACK_CONTRACT.parametersSet]) assert.ok(name in params, name);
    const required = Object.keys(params).filter((k) => params[k]!.Default === undefined);
    for (const name of required) assert.ok((APP_STACK_CONTRACT.parametersSet as readonly string[]).includes(name), name);
    assert.deepEqual([...params.ServicesEnabled!.AllowedValues!].sort(), [...APP_STACK_CONTRACT.servicesEnabledValues]);
    assert.equal(params.ServicesEnabled!.Default, 'true');
  });

  it('console execs into the container named web', () => {
    assert.match(fargateScriptBody(), /ecs execute-command .*--container web /);
    assert.deepEqual(appParsed().Resources.WebTaskDefinition!.Properties.ContainerDefinitions.map((c: any) => c.Name), ['web']);
  });

  it('the script\'s template_params finds exactly the template\'s parameters', () => {
    const fn = /^template_params\(\) \{\n[\s\S]*?\n\}$/m.exec(fargateScriptBody());
    assert.ok(fn, 'template_params() in the body');
    const dir = mkdtempSync(join(tmpdir(), 'contract-'));
    try {
      writeFileSync(join(dir, 'app.yml'), appText());
      const r = spawnSync('bash', ['-c', `${fn[0]}\ntemplate_params "$1"`, 'bash', join(dir, 'app.yml')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n').sort(), Object.keys(appParsed().Parameters).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stack contract: the network stack has what bin/fargate reads', () => {
  for (const nat of ['single', 'none'] as const) {
    it(`nat ${nat}: the migrate task gets the services' subnets and security group from the network stack's outputs`, () => {
      const network = parseCfnYaml(renderTemplate(assemble(networkTemplate(fragmentLibrary(), { nat }, planCidr('10.0.0.0/16', 2), [], { containerPort: 3000, https: false }))), 'network.yml') as Parsed;
      const app = parseCfnYaml(renderTemplate(assemble(appTemplate(fragmentLibrary(), { ...OPTIONS, nat }))), 'app.yml') as Parsed;
      for (const name of NETWORK_STACK_CONTRACT.outputs) assert.ok(name in network.Outputs, name);
      // The script picks PublicSubnetIds exactly when the app's AssignPublicIp output is ENABLED.
      const tier = (app.Outputs.AssignPublicIp as unknown as { Value: string }).Value === 'ENABLED' ? 'Public' : 'Private';
      assert.equal(tier, nat === 'none' ? 'Public' : 'Private');
      assert.equal(taskPlacement(nat, ['A', 'B']).assignPublicIp, nat === 'none' ? 'ENABLED' : 'DISABLED');
      const subnets = (network.Outputs[`${tier}SubnetIds`] as unknown as { Value: { 'Fn::Join': [string, { Ref: string }[]] } }).Value['Fn::Join'][1].map((s) => s.Ref);
      const service = app.Resources.WebService!.Properties.NetworkConfiguration.AwsvpcConfiguration;
      const imported = service.Subnets.map((s: any) => s['Fn::ImportValue']['Fn::Sub'].replace('${NetworkStackName}-', '').replace(/Id$/, ''));
      assert.deepEqual(subnets, imported);
      assert.deepEqual(service.SecurityGroups, [{ 'Fn::ImportValue': { 'Fn::Sub': '${NetworkStackName}-AppSecurityGroupId' } }]);
      // The app stack does not re-export what it imports (cfn-lint W6001).
      assert.equal(app.Outputs.TaskSecurityGroupId, undefined);
      assert.equal(app.Outputs.TaskSubnetIds, undefined);
    });
  }
});

describe('stack contract: bin/fargate on the real app template', function () {
  this.timeout(30_000);
  const value = (key: string) => `value-of-${key}`;
  let root: string;
  let w: StubWorld;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'contract-scenario-'));
    const scenario = join(root, 'real-app.json');
    // The stub answers with exactly the outputs the real template declares: a name the script needs and the
    // template lacks makes the deploy fail.
    writeFileSync(scenario, JSON.stringify({
      extends: join(STUB_FIXTURES, 'scenarios', 'first-deploy.json'),
      rules: [
        { cmd: 'aws', match: ['describe-stacks --stack-name bookshelf-production-app', 'Stacks[0].Outputs'], rows: Object.keys(appParsed().Outputs).map((k) => [k, value(k)]) },
        { cmd: 'aws', match: ['describe-stacks --stack-name bookshelf-production-app', 'Stacks[0].Parameters'], rows: Object.keys(appParsed().Parameters).map((k) => [k, value(k)]) },
        // The services and log groups the template declares (a worker's are found here, it has no outputs).
        { cmd: 'aws', match: ['cloudformation list-stack-resources --stack-name bookshelf-production-app'], rows: Object.entries(appParsed().Resources)
          .filter(([, r]) => r.Type === 'AWS::ECS::Service' || r.Type === 'AWS::Logs::LogGroup')
          .map(([k, r]) => [k, r.Type === 'AWS::ECS::Service' ? `arn:aws:ecs:us-east-1:123456789012:service/cluster/${k}-name` : value(k)]) },
      ],
    }));
    w = createStubWorld({
      script: renderFargateScript(CONFIG),
      scenario,
      stubs: ['aws', 'docker', 'session-manager-plugin'],
      files: { 'infra/cloudformation/app.yml': appText() },
    });
  });
  after(() => {
    w.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('a first deploy creates the app with ServicesEnabled=false, migrates, then turns the services on and waits for them all', () => {
    const r = w.run(['deploy']);
    assert.equal(r.status, 0, r.output);
    const changeSets = w.calls().filter((c) => c.argv.includes('create-change-set') && argValue(c, '--stack-name') === 'bookshelf-production-app');
    assert.equal(changeSets.length, 2);
    const [create, update] = changeSets.map(changeSetParameters);
    const withoutDefault = Object.keys(appParsed().Parameters).filter((k) => appParsed().Parameters[k]!.Default === undefined);
    for (const name of withoutDefault) assert.ok(create!.has(name), name);
    assert.equal(create!.get('ServicesEnabled'), 'false');
    assert.equal(update!.get('ServicesEnabled'), 'true');
    assert.equal(argValue(changeSets[0]!, '--change-set-type'), 'CREATE');
    const summary = w.summary();
    assert.ok(summary.indexOf('aws ecs run-task') < summary.lastIndexOf('aws cloudformation create-change-set bookshelf-production-app'));
    const put = w.calls().find((c) => c.argv.includes('put-secret-value'))!;
    assert.equal(argValue(put, '--secret-id'), value('MasterKeySecretArn'));
    const stable = w.calls().find((c) => c.argv.includes('services-stable'))!.argv;
    assert.deepEqual(stable.slice(stable.indexOf('--services') + 1), [value('WebServiceName'), 'WorkerSidekiqService-name', 'WorkerSolidQueueService-name']);
    assert.doesNotMatch(r.stderr, /no ServicesEnabled parameter/);
  });

  it('logs finds each worker\'s log group by the worker name', () => {
    for (const worker of CONFIG.workers) {
      assert.equal(w.run(['logs', worker.name]).status, 0, worker.name);
      assert.deepEqual(w.calls().at(-1)!.argv.slice(2, 5), ['logs', 'tail', value(`${worker.logicalId}LogGroup`)], 'the resource\'s physical id: a worker has no output');
    }
  });

  it('console runs the configured command in a web task of the cluster', () => {
    assert.equal(w.run(['console']).status, 0);
    const exec = w.calls().at(-1)!;
    assert.equal(argValue(exec, '--cluster'), value('ClusterName'));
    assert.equal(argValue(exec, '--command'), CONFIG.consoleCommand);
    // Plain: the web task's secrets give the console DATABASE_URL and each extra database's URL.
    assert.equal(CONFIG.consoleCommand, 'bin/rails console');
    const web = appParsed().Resources.WebTaskDefinition!.Properties.ContainerDefinitions[0];
    assert.deepEqual(web.Secrets.map((s: { Name: string }) => s.Name).filter((n: string) => n.endsWith('DATABASE_URL')), ['DATABASE_URL', ...EXTRA_DATABASES.map((db) => `${db.toUpperCase()}_DATABASE_URL`)]);
  });
});
