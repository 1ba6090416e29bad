/**
 * infra/README.md against the templates it describes, across the answer matrix: the Mermaid diagram parses with
 * Mermaid's own parser and shows every subnet, NAT gateway, service, data store, the registry and the log groups the
 * templates create and nothing else; the subnet and security-group tables list exactly the templates' subnets and
 * inbound rules; the cost section's total is the estimate of what the templates run.
 *
 * What the templates hold is read here from the rendered YAML text (what a reviewer reads), independently of
 * src/docs/topology.ts, which the docs are drawn from.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Answers } from '../src/answers/questions.js';
import { validateAnswers } from '../src/answers/resolve.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { estimateCost } from '../src/cost/estimate.js';
import { DEFAULT_USAGE } from '../src/cost/inputs.js';
import type { CostInputs } from '../src/cost/inputs.js';
import { formatUsd } from '../src/cost/money.js';
import { infraReadme } from '../src/docs/infra-readme.js';
import { writeSummary } from '../src/docs/summary.js';
import { plan, renderStacks } from '../src/plan.js';
import type { Plan, RenderedStack } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import type { AppInputs } from '../src/plan/app-inputs.js';
import type { Workers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { mermaidBlocks, parseFlowchart } from './support/mermaid.js';
import type { Flowchart } from './support/mermaid.js';
import { REPO_ROOT } from './support/paths.js';
import { perTest } from './support/per-test.js';

type Obj = Record<string, unknown>;
type Resource = { Type: string; Properties: Obj };

// ---- the templates, read from the rendered YAML -------------------------------------------------------------

/** `!Ref X`, `!GetAtt X.Attr` -> X; `!ImportValue !Sub '${NetworkStackName}-AppSecurityGroupId'` -> AppSecurityGroup. */
function target(value: unknown): string | undefined {
  const v = value as Obj | undefined;
  if (typeof v?.Ref === 'string') return v.Ref;
  const att = v?.['Fn::GetAtt'];
  if (att !== undefined) return Array.isArray(att) ? String(att[0]) : String(att).split('.')[0];
  const imported = (v?.['Fn::ImportValue'] as Obj | undefined)?.['Fn::Sub'];
  if (typeof imported === 'string') return /-(\w+SecurityGroup)Id$/.exec(imported)?.[1] ?? imported;
  return undefined;
}

interface Expected {
  readonly subnets: { id: string; az: string; tier: 'public' | 'private'; cidr: string }[];
  /** NAT logical ID -> AZ letter of its subnet. */
  readonly nats: Map<string, string>;
  /** AZ letter -> the NAT its private subnet's route table sends 0.0.0.0/0 to. */
  readonly natRoutes: Map<string, string>;
  readonly services: { id: string; tier: 'public' | 'private'; publicIp: boolean; logGroup: string; cpu: number; memory: number; count: number }[];
  readonly db?: { engine: string; instanceClass: string; storage: number; multiAz: boolean };
  readonly cache?: { engine: string; nodeType: string; nodes: number };
  readonly registry: boolean;
  /** VPC endpoints in the network stack (the S3 gateway one is always there). */
  readonly endpoints: number;
  readonly logGroups: { id: string; days: number }[];
  readonly secrets: number;
  readonly alarms: number;
  readonly alarmMetrics: number;
  /** The data stack's Active Storage bucket. */
  readonly bucket: boolean;
  /** The cache takes TLS only, with an AUTH token. */
  readonly cacheTls: boolean;
  readonly loadBalancer: boolean;
  readonly cpuArch?: 'x86_64' | 'arm64';
  /** `to <- from:port`, one per inbound rule. */
  readonly rules: string[];
}

function templatesOf(rendered: readonly RenderedStack[]): Expected {
  const all = rendered.flatMap((r) => Object.entries((parseCfnYaml(r.text) as { Resources: Record<string, Resource> }).Resources));
  const byId = new Map(all);
  const ofType = (type: string) => all.filter(([, r]) => r.Type === type);
  const publicTables = new Set(ofType('AWS::EC2::Route').filter(([, r]) => r.Properties.GatewayId).map(([, r]) => target(r.Properties.RouteTableId)));
  const tableOf = new Map(ofType('AWS::EC2::SubnetRouteTableAssociation').map(([, r]) => [target(r.Properties.SubnetId), target(r.Properties.RouteTableId)]));
  const subnets = ofType('AWS::EC2::Subnet').map(([id, r]) => {
    const select = (r.Properties.AvailabilityZone as Obj)['Fn::Select'] as [number, unknown];
    const tier = publicTables.has(tableOf.get(id)) ? ('public' as const) : ('private' as const);
    return { id, az: 'ABCDEF'[Number(select[0])]!, tier, cidr: String(r.Properties.CidrBlock) };
  });
  const nats = new Map(ofType('AWS::EC2::NatGateway').map(([id, r]) => [id, subnets.find((s) => s.id === target(r.Properties.SubnetId))!.az]));
  const natOfTable = new Map(ofType('AWS::EC2::Route').filter(([, r]) => r.Properties.NatGatewayId).map(([, r]) => [target(r.Properties.RouteTableId), target(r.Properties.NatGatewayId)!]));
  const natRoutes = new Map(subnets.filter((s) => s.tier === 'private' && natOfTable.has(tableOf.get(s.id))).map((s) => [s.az, natOfTable.get(tableOf.get(s.id))!]));
  let cpuArch: Expected['cpuArch'];
  const services = ofType('AWS::ECS::Service').map(([id, r]) => {
    const vpc = (r.Properties.NetworkConfiguration as { AwsvpcConfiguration: Obj }).AwsvpcConfiguration;
    const task = byId.get(target(r.Properties.TaskDefinition)!)!.Properties;
    cpuArch = (task.RuntimePlatform as Obj).CpuArchitecture === 'ARM64' ? 'arm64' : 'x86_64';
    const container = (task.ContainerDefinitions as { LogConfiguration: { Options: Obj } }[])[0]!;
    const desired = (r.Properties.DesiredCount as Obj)['Fn::If'] as [string, number, number];
    return {
      id,
      tier: /-PublicSubnet[A-F]Id/.test(JSON.stringify(vpc.Subnets)) ? ('public' as const) : ('private' as const),
      publicIp: vpc.AssignPublicIp === 'ENABLED',
      logGroup: target(container.LogConfiguration.Options['awslogs-group'])!,
      cpu: Number(task.Cpu),
      memory: Number(task.Memory),
      count: desired[1],
    };
  });
  const dbResource = ofType('AWS::RDS::DBInstance')[0]?.[1].Properties;
  const cacheResource = ofType('AWS::ElastiCache::ReplicationGroup')[0]?.[1].Properties;
  const rules: string[] = [];
  const rule = (to: string | undefined, r: Obj) => {
    assert.equal(r.FromPort, r.ToPort, `${to}: one port per rule`);
    rules.push(`${to} <- ${typeof r.CidrIp === 'string' ? r.CidrIp : target(r.SourceSecurityGroupId)}:${String(r.FromPort)}`);
  };
  for (const [id, r] of ofType('AWS::EC2::SecurityGroup')) for (const inline of (r.Properties.SecurityGroupIngress ?? []) as Obj[]) rule(id, inline);
  for (const [, r] of ofType('AWS::EC2::SecurityGroupIngress')) rule(target(r.Properties.GroupId), r.Properties);
  return {
    subnets,
    nats,
    natRoutes,
    services,
    ...(dbResource
      ? {
          db: {
            engine: String(dbResource.Engine),
            instanceClass: String(dbResource.DBInstanceClass),
            storage: Number(dbResource.AllocatedStorage),
            multiAz: dbResource.MultiAZ === true,
          },
        }
      : {}),
    ...(cacheResource
      ? { cache: { engine: String(cacheResource.Engine), nodeType: String(cacheResource.CacheNodeType), nodes: Number(cacheResource.NumCacheClusters) } }
      : {}),
    // The release repository (the registry stack also holds the build cache's).
    registry: ofType('AWS::ECR::Repository').some(([id]) => id === 'Repository'),
    endpoints: ofType('AWS::EC2::VPCEndpoint').length,
    logGroups: ofType('AWS::Logs::LogGroup').map(([id, r]) => ({ id, days: Number(r.Properties.RetentionInDays) })),
    // The database's master secret is a template resource (data/database-secret), like the Rails master key.
    secrets: ofType('AWS::SecretsManager::Secret').length,
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    // CloudWatch bills an alarm per metric it reads: a metric-math alarm pays for each MetricStat in it.
    alarmMetrics: ofType('AWS::CloudWatch::Alarm')
      .map(([, r]) => (Array.isArray(r.Properties.Metrics) ? (r.Properties.Metrics as { MetricStat?: unknown }[]).filter((m) => m.MetricStat).length : 1))
      .reduce((a, b) => a + b, 0),
    bucket: ofType('AWS::S3::Bucket').some(([id]) => id === 'StorageBucket'),
    cacheTls: cacheResource?.TransitEncryptionEnabled === true && typeof cacheResource.AuthToken === 'object',
    loadBalancer: ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').length === 1,
    ...(cpuArch ? { cpuArch } : {}),
    rules: rules.sort(),
  };
}

// ---- the README, read back ----------------------------------------------------------------------------------

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.notEqual(start, -1, `README has a "${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** The rows of the first Markdown table of a text, header and separator dropped. */
function tableRows(text: string): string[][] {
  const lines = text.split('\n').filter((l) => l.startsWith('| '));
  return lines.slice(2).map((l) => l.slice(2, -2).split(' | '));
}

const GROUP_BY_NAME: Readonly<Record<string, string>> = {
  'load balancer': 'AlbSecurityGroup',
  'app tasks': 'AppSecurityGroup',
  database: 'DatabaseSecurityGroup',
  cache: 'CacheSecurityGroup',
};

function tableRules(markdown: string): string[] {
  return tableRows(section(markdown, 'Who may talk to whom'))
    .map(([to, from, port]) => {
      const source = from === 'anywhere (0.0.0.0/0)' ? '0.0.0.0/0' : GROUP_BY_NAME[from!.replace(/ group$/, '')] ?? `unknown ${from}`;
      return `${GROUP_BY_NAME[to!] ?? `unknown ${to}`} <- ${source}:${port}`;
    })
    .sort();
}

function readmeTotal(markdown: string): number {
  const match = /About \*\*\$([\d,]+\.\d\d) a month\*\*/.exec(section(markdown, 'What it costs'));
  assert.ok(match, 'the cost section states the total');
  return Number(match[1]!.replace(/,/g, ''));
}

// ---- the answer matrix --------------------------------------------------------------------------------------

interface Case {
  readonly name: string;
  readonly answers: Answers;
  readonly inputs?: AppInputs;
  readonly workers: Workers;
}

/** A case by name, made inside the tests (see test/support/per-test.ts); `app` says whether it has app inputs. */
interface CaseSpec {
  readonly name: string;
  readonly app: boolean;
  readonly make: () => Case;
}

const WORKER_SETS: readonly Workers[] = [
  {},
  { jobs: { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 } },
  {
    jobs: { command: ['./bin/jobs'], cpu: 256, memory: 512, count: 2 },
    'mail-sender': { command: ['bundle', 'exec', 'rake', 'mail:send'], cpu: 1024, memory: 2048, count: 1 },
  },
];

function handInputs(engine: 'postgres' | 'mysql', redis: boolean, port: number): AppInputs {
  return {
    containerPort: port,
    healthPath: '/up',
    webCommand: ['./bin/thrust', './bin/rails', 'server'],
    environmentVars: { RAILS_ENV: 'production' },
    dbEngine: engine,
    dbAdapter: engine === 'postgres' ? 'postgresql' : 'trilogy',
    extraDatabases: engine === 'postgres' ? ['cache', 'queue'] : [],
    forceSsl: true,
    redis,
  };
}

function matrix(): CaseSpec[] {
  const cases: CaseSpec[] = [];
  let i = 0;
  for (const nat of ['per-az', 'single', 'none'] as const) {
    for (const azCount of [2, 3, 4]) {
      for (const [w, workers] of WORKER_SETS.entries()) {
        // The other dimensions vary with the case number so each value meets every NAT mode and AZ count.
        const domain = i % 2 === 0;
        const engine = Math.floor(i / 2) % 2 === 0 ? 'postgres' : 'mysql';
        const redis = (i + w) % 3 !== 0;
        const multiAz = Math.floor(i / 3) % 2 === 1;
        const cpuArch = i % 4 === 3 ? 'arm64' : 'x86_64';
        const answers = () => validateAnswers(
          {
            appName: 'shop',
            region: i % 5 === 4 && azCount <= 3 ? 'eu-west-1' : 'us-east-1',
            nat,
            azCount,
            cpuArch,
            dbMultiAz: multiAz,
            worker: 'none',
            ...(domain ? { domain: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } : {}),
          },
          'the test answers',
          { appName: 'shop', dbEngine: engine, env: {} },
        );
        const name = `NAT ${nat}, ${azCount} AZs, ${Object.keys(workers).length} workers, ${engine}${redis ? ', redis' : ''}${multiAz ? ', Multi-AZ' : ''}${domain ? ', domain' : ''}, ${cpuArch}`;
        const port = i % 2 === 0 ? 3000 : 8080;
        cases.push({ name, app: true, make: () => ({ name, answers: answers(), inputs: handInputs(engine, redis, port), workers }) });
        i += 1;
      }
    }
  }
  return cases;
}

function fixtureCase(fixture: string, extra: Readonly<Record<string, unknown>> = {}): CaseSpec {
  const name = `fixture ${fixture} ${JSON.stringify(extra)}`;
  return { name, app: true, make: () => ({ ...fixtureInputs(fixture, extra), name }) };
}

function fixtureInputs(fixture: string, extra: Readonly<Record<string, unknown>>): Omit<Case, 'name'> {
  const facts = detect(join(REPO_ROOT, 'test/fixtures/rails', fixture));
  const inputs = appInputs(facts);
  const context = { appName: facts.appName.value, dbEngine: inputs.dbEngine, ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}), env: {} };
  const answers = validateAnswers({ region: 'us-east-1', ...extra }, 'the test answers', context);
  const backend = inputs.jobs ? { [inputs.jobs.kind === 'solid_queue' ? 'jobs' : inputs.jobs.kind]: { command: inputs.jobs.command, cpu: 512, memory: 1024, count: 1 } } : {};
  return { answers, inputs, workers: backend };
}

const CASES: readonly CaseSpec[] = [
  ...matrix(),
  fixtureCase('rails72-sidekiq', { nat: 'none' }),
  fixtureCase('mysql-trilogy', { nat: 'single', azCount: 3, dbMultiAz: true }),
  fixtureCase('rails81-solid'),
  {
    name: 'network only (no app inputs), NAT single, 3 AZs',
    app: false,
    make: () => ({ name: 'network only', answers: validateAnswers({ appName: 'shop', region: 'us-east-1', nat: 'single', azCount: 3 }), workers: {} }),
  },
];

function render(c: Case): { thePlan: Plan; rendered: RenderedStack[]; readme: string } {
  const thePlan = plan(c.answers, c.inputs, c.workers);
  const rendered = renderStacks(thePlan);
  return { thePlan, rendered, readme: infraReadme(thePlan, rendered) };
}

// ---- the checks ---------------------------------------------------------------------------------------------

function parentOf(chart: Flowchart, node: string): string | undefined {
  return chart.subgraphs.find((s) => s.nodes.includes(node))?.id;
}

function checkDiagram(chart: Flowchart, t: Expected, c: Case): void {
  const azs = [...new Set(t.subnets.map((s) => s.az))].sort();
  const subnetGraphs = chart.subgraphs.filter((s) => /Subnet[A-F]$/.test(s.id));
  assert.deepEqual(subnetGraphs.map((s) => s.id).sort(), t.subnets.map((s) => s.id).sort(), 'one subgraph per template subnet');
  for (const subnet of t.subnets) {
    const graph = subnetGraphs.find((s) => s.id === subnet.id)!;
    assert.equal(graph.title, `${subnet.tier} subnet ${subnet.cidr}`);
    assert.equal(parentOf(chart, subnet.id), `az${subnet.az}`, `${subnet.id} is drawn in AZ ${subnet.az}`);
  }

  // Every node is a resource of the templates, or one of the fixed nodes, or a subnet's placeholder.
  const expected = new Map<string, string>([['internet', ''], ['igw', '']]);
  // The load balancer has a node in each AZ's public subnet.
  if (t.loadBalancer) for (const az of azs) expected.set(`alb${az}`, `PublicSubnet${az}`);
  for (const [nat, az] of t.nats) expected.set(nat, `PublicSubnet${az}`);
  for (const service of t.services) {
    for (const az of azs) expected.set(`${service.id}${az}`, `${service.tier === 'public' ? 'Public' : 'Private'}Subnet${az}`);
  }
  // A private subnet routed to a NAT gateway in another AZ says so in a node instead of E arrows across the AZs.
  for (const [az, nat] of t.natRoutes) {
    if (t.nats.get(nat) !== az && t.services.some((s) => s.tier === 'private')) expected.set(`PrivateSubnet${az}Route`, `PrivateSubnet${az}`);
  }
  if (t.db) expected.set('db', 'vpc');
  if (t.db?.multiAz) expected.set('dbStandby', 'vpc');
  if (t.cache) expected.set('cache', 'vpc');
  if (t.registry) expected.set('ecr', 'region');
  if (t.endpoints > 0) expected.set('vpce', 'vpc');
  if (t.bucket) expected.set('bucket', 'region');
  if (t.alarms > 0) for (const node of ['alarms', 'topic']) expected.set(node, 'region');
  for (const group of t.logGroups) expected.set(group.id, 'logs');
  for (const subnet of t.subnets) {
    if (![...expected.values()].includes(subnet.id)) expected.set(`${subnet.id}Free`, subnet.id);
  }
  assert.deepEqual([...chart.vertices.keys()].sort(), [...expected.keys()].sort(), 'the nodes are exactly the resources of the templates');
  for (const [node, parent] of expected) if (parent !== '') assert.equal(parentOf(chart, node), parent, `${node} is drawn in ${parent}`);

  const labels = [...chart.vertices.values()].join('\n');
  if (t.nats.size === 0) assert.doesNotMatch(labels, /NAT/);
  if (!t.cache) assert.doesNotMatch(labels, /cache|ElastiCache|Valkey|Redis/i);
  if (t.cache) assert.equal(/TLS and AUTH token/.test(chart.vertices.get('cache')!), t.cacheTls, 'the cache node says whether it takes TLS only');
  if (t.alarms > 0) {
    assert.match(chart.vertices.get('alarms')!, new RegExp(`^CloudWatch: ${t.alarms} alarms on the web service, database${t.cache ? ' and cache' : ''}$`));
    assert.equal(chart.vertices.get('topic'), c.answers.alarmEmail ? `SNS alarm topic: mails ${String(c.answers.alarmEmail)}` : 'SNS alarm topic, no subscriber yet');
    assert.ok(chart.edges.some((e) => e.start === 'alarms' && e.end === 'topic'));
  }
  // Every service writes uploads to the bucket, one arrow each from its task in AZ A.
  const toBucket = chart.edges.filter((e) => e.end === 'bucket').map((e) => e.start).sort();
  assert.deepEqual(toBucket, t.bucket ? t.services.map((s) => `${s.id}${azs[0]}`).sort() : []);
  if (!t.db?.multiAz) assert.doesNotMatch(labels, /standby|Multi-AZ/i);
  if (t.db) assert.match(chart.vertices.get('db')!, new RegExp(`${t.db.instanceClass}`));
  if (!c.answers.domain) assert.doesNotMatch(labels, /443|HTTPS/);
  for (const [id, label] of chart.vertices) if (id.endsWith('Free')) assert.doesNotMatch(label, t.cache ? /NAT/ : /NAT|ElastiCache/);

  // Edges: no duplicates, between drawn nodes only, and outbound traffic takes the route the templates give it.
  const keys = chart.edges.map((e) => `${e.start} -> ${e.end} ${e.text}`);
  assert.equal(new Set(keys).size, keys.length, `no duplicated edge: ${keys.join('; ')}`);
  for (const edge of chart.edges) {
    assert.ok(chart.vertices.has(edge.start) && chart.vertices.has(edge.end), `edge ${edge.start} -> ${edge.end} joins drawn nodes`);
  }
  const outbound = (node: string) => chart.edges.filter((e) => e.start === node && e.text.startsWith('E')).map((e) => e.end);
  for (const service of t.services) {
    for (const az of azs) {
      const node = `${service.id}${az}`;
      const nat = t.natRoutes.get(az);
      const drawn = service.publicIp ? ['igw'] : nat && t.nats.get(nat) === az ? [nat] : [];
      assert.deepEqual(outbound(node), drawn, `${node}'s outbound route`);
      if (drawn.length === 0 && nat) assert.equal(chart.vertices.get(`PrivateSubnet${az}Route`), `E: outbound via NAT gateway ${t.nats.get(nat)}`);
      if (t.db) assert.ok(chart.edges.some((e) => e.start === node && e.end === 'db'));
      assert.equal(chart.edges.some((e) => e.start === node && e.end === 'cache'), t.cache !== undefined);
    }
  }
  // One arrow per service into its log group (from its task in AZ A), not one per task.
  assert.deepEqual(
    chart.edges.filter((e) => e.end.endsWith('LogGroup')).map((e) => `${e.start} -> ${e.end}`).sort(),
    t.services.map((s) => `${s.id}A -> ${s.logGroup}`).sort(),
  );
  assert.deepEqual(
    chart.edges.filter((e) => e.text === 'F').map((e) => `${e.start} -> ${e.end}`).sort(),
    [...t.nats.keys()].map((n) => `${n} -> igw`).sort(),
  );
}

function checkSubnetTable(readme: string, t: Expected): void {
  const rows = tableRows(section(readme, 'Subnets'));
  assert.deepEqual(
    rows.map(([az, tier, cidr]) => `${az} ${tier} ${cidr}`).sort(),
    t.subnets.map((s) => `${s.az} ${s.tier} ${s.cidr}`).sort(),
    'one row per template subnet',
  );
  for (const [az, tier, cidr, addresses, usable, lives] of rows) {
    const size = 2 ** (32 - Number(cidr!.split('/')[1]));
    assert.equal(addresses, String(size));
    assert.equal(usable, String(size - 5));
    assert.equal(/NAT gateway/.test(lives!), tier === 'public' && [...t.nats.values()].includes(az!), `${az} ${tier}: NAT gateway iff the template puts one there`);
    assert.equal(/cache/.test(lives!), tier === 'private' && t.cache !== undefined, `${az} ${tier}: cache iff there is one`);
    assert.equal(/database/.test(lives!), tier === 'private' && t.db !== undefined);
    assert.equal(/app tasks/.test(lives!), t.services.some((s) => s.tier === tier));
  }
}

function expectedRules(c: Case): string[] {
  if (!c.inputs) return [];
  const port = c.inputs.dbEngine === 'postgres' ? 5432 : 3306;
  const redis = c.inputs.redis || c.answers.worker === 'sidekiq' || c.answers.worker === 'resque';
  return [
    'AlbSecurityGroup <- 0.0.0.0/0:80',
    ...(c.answers.domain ? ['AlbSecurityGroup <- 0.0.0.0/0:443'] : []),
    `AppSecurityGroup <- AlbSecurityGroup:${c.inputs.containerPort}`,
    `DatabaseSecurityGroup <- AppSecurityGroup:${port}`,
    ...(redis ? ['CacheSecurityGroup <- AppSecurityGroup:6379'] : []),
  ].sort();
}

/** What the templates run, priced: the cost inputs read from the templates, not from the plan the docs use. */
function templateCostInputs(c: Case, t: Expected): CostInputs {
  const azCount = new Set(t.subnets.map((s) => s.az)).size;
  return {
    region: c.answers.region,
    azCount,
    nat: t.nats.size === 0 ? 'none' : t.nats.size === azCount ? 'per-az' : 'single',
    cpuArch: t.cpuArch!,
    services: [...t.services]
      .sort((a, b) => (a.id === 'WebService' ? -1 : b.id === 'WebService' ? 1 : a.id.localeCompare(b.id)))
      .map((s) => ({ name: s.id, cpu: s.cpu, memoryMiB: s.memory, count: s.count })),
    db: { engine: t.db!.engine as 'postgres' | 'mysql', instanceClass: t.db!.instanceClass, storageGiB: t.db!.storage, multiAz: t.db!.multiAz },
    ...(t.cache ? { redis: { engine: t.cache.engine as 'valkey' | 'redis', nodeType: t.cache.nodeType, nodes: t.cache.nodes } } : {}),
    secrets: t.secrets,
    alarms: t.alarmMetrics,
    logsGiBPerMonth: DEFAULT_USAGE.logsGiBPerMonth,
    logRetentionDays: t.logGroups[0]!.days,
    natGiBPerMonth: DEFAULT_USAGE.natGiBPerMonth,
    albLcu: DEFAULT_USAGE.albLcu,
    domain: c.answers.domain !== '',
  };
}

describe('infra/README.md against the templates', function () {
  this.timeout(120000);

  for (const spec of CASES) {
    describe(spec.name, () => {
      const made = perTest(() => {
        const c = spec.make();
        const out = render(c);
        return { c, ...out, t: templatesOf(out.rendered) };
      });

      it('has one Mermaid diagram that Mermaid parses, showing exactly what the templates create', async () => {
        const { c, readme, t } = made();
        const blocks = mermaidBlocks(readme);
        assert.equal(blocks.length, 1);
        checkDiagram(await parseFlowchart(blocks[0]!), t, c);
      });

      it('lists every template subnet once in the subnet table, and nothing else', () => {
        const { readme, t } = made();
        checkSubnetTable(readme, t);
      });

      it("lists every inbound rule of the templates' security groups once, and no other", () => {
        const { c, readme, t } = made();
        assert.deepEqual(t.rules, expectedRules(c), 'the templates admit exactly the flows of the article');
        if (c.inputs) assert.deepEqual(tableRules(readme), t.rules);
        else assert.doesNotMatch(readme, /## Who may talk to whom/);
      });

      if (spec.app) {
        it('states the estimate of what the templates run, and its lines add up to it', () => {
          const { c, readme, t } = made();
          const estimate = estimateCost(templateCostInputs(c, t));
          assert.equal(readmeTotal(readme), estimate.totalUsd);
          const column = tableRows(section(readme, 'What it costs')).map((r) => r[3]!);
          assert.equal(column.length, estimate.lines.length);
          const cents = column.filter((v) => v !== 'unpriced').reduce((sum, v) => sum + Math.round(Number(v.replace(/[$,]/g, '')) * 100), 0);
          assert.equal(formatUsd(cents / 100), formatUsd(estimate.totalUsd));
        });

        it('tells the request flow of this app', () => {
          const { c, readme, t } = made();
          const flow = section(readme, 'How a request flows');
          assert.match(flow, new RegExp(`on port ${c.inputs!.containerPort};`));
          assert.match(flow, c.answers.domain ? /https:\/\/shop\.example\.com|https:\/\/[a-z.-]+/ : /load balancer's DNS name/);
          assert.doesNotMatch(flow, /<[a-z]/, 'no raw <...> that GitHub would swallow as HTML');
          // One list item per step: plain lines would run together into one paragraph on GitHub.
          for (const step of 'ABCDEF') assert.match(flow, new RegExp(`^- \\*\\*${step}\\.\\*\\* `, 'm'));
          assert.equal(/NAT gateway sends them out/.test(flow), t.nats.size > 0);
          assert.equal(/public IP straight to the internet gateway/.test(flow), t.services.some((s) => s.publicIp));
          assert.equal(/6379/.test(flow), t.cache !== undefined);
        });
      }

      it('lists every alarm of the templates once in the Alarms section, with who it notifies', () => {
        const { c, readme, t } = made();
        if (t.alarms === 0) {
          assert.doesNotMatch(readme, /^## Alarms$/m, 'no data stack, no alarms');
          return;
        }
        const alarms = section(readme, 'Alarms');
        const ids = tableRows(alarms).map((r) => r[0]!);
        assert.equal(ids.length, t.alarms);
        assert.ok(ids.includes('`DatabaseFreeStorageAlarm`') && ids.includes('`DatabaseConnectionsAlarm`'), ids.join(' '));
        assert.equal(ids.includes('`CacheEvictionsAlarm`'), t.cache !== undefined);
        assert.match(alarms, c.answers.alarmEmail ? /The topic mails / : /Nobody is subscribed yet: rerun with `--alarm-email ADDRESS`/);
      });

      it("the generator's closing summary lists the template subnets", () => {
        const { thePlan, rendered, t } = made();
        const summary = writeSummary({ plan: thePlan, rendered, files: [], decisions: new Map(), yes: false, warnings: [] }).join('\n');
        for (const subnet of t.subnets) assert.match(summary, new RegExp(`${subnet.az} +${subnet.tier} +${subnet.cidr.replace(/\./g, '\\.')} `));
      });
    });
  }
});

describe('the cost section across NAT modes', () => {
  for (const azCount of [2, 3]) {
    it(`per-az > single > none for the same app with ${azCount} AZs`, () => {
      const totals = (['per-az', 'single', 'none'] as const).map((nat) => {
        const answers = validateAnswers({ appName: 'shop', region: 'us-east-1', nat, azCount });
        const { readme, rendered } = render({ name: nat, answers, inputs: handInputs('postgres', false, 3000), workers: WORKER_SETS[1]! });
        const total = readmeTotal(readme);
        assert.equal(total, estimateCost(templateCostInputs({ name: nat, answers, workers: {} }, templatesOf(rendered))).totalUsd);
        return total;
      });
      assert.ok(totals[0]! > totals[1]! && totals[1]! > totals[2]!, `totals per-az, single, none: ${totals.join(', ')}`);
    });
  }
});
