/**
 * The architecture diagram rendered by Mermaid itself (mermaid from node_modules, in Debian's headless Chromium),
 * for plans across AZ counts and NAT modes: Mermaid draws no error, the AZs stand left to right in order, each
 * public subnet above its private one, the load balancer's and NAT gateways' nodes inside the public subnets, the
 * tasks inside the private ones (or the public ones without NAT), the data stores below the AZs, and one log arrow
 * per service. One browser start serves every render.
 *
 * Without /usr/bin/chromium the tests skip, except under CI=true (.ci/run installs it), where they fail.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../src/answers/questions.js';
import { validateAnswers } from '../src/answers/resolve.js';
import { mermaidDiagram } from '../src/docs/mermaid.js';
import { renderedTopology } from '../src/docs/topology.js';
import { plan, renderStacks } from '../src/plan.js';
import type { AppInputs } from '../src/plan/app-inputs.js';
import type { Workers } from '../src/plan/workers.js';
import { chromiumInstalled, inside, MermaidRenderer } from './support/mermaid-render.js';
import { REPO_ROOT } from './support/paths.js';
import type { Box, RenderedDiagram } from './support/mermaid-render.js';

interface Case {
  readonly name: string;
  readonly answers: Partial<Answers>;
  readonly redis: boolean;
  readonly workers: Workers;
  /** What the diagram must show, written out. */
  readonly azs: readonly string[];
  readonly nats: Readonly<Record<string, string>>;
  /** Task node IDs of one AZ, and the tier they run in. */
  readonly tasks: readonly string[];
  readonly tier: 'public' | 'private';
  /** Arrows into the CloudWatch Logs groups: one per service. */
  readonly logEdges: readonly string[];
  readonly dataStores: readonly string[];
}

const JOBS: Workers = { jobs: { command: ['./bin/jobs'], cpu: 512, memory: 1024, count: 1 } };
const TWO: Workers = {
  ...JOBS,
  'mail-sender': { command: ['bundle', 'exec', 'rake', 'mail:send'], cpu: 1024, memory: 2048, count: 1 },
};

const CASES: readonly Case[] = [
  {
    name: '2 AZs, NAT per AZ, web and one worker, PostgreSQL (the sample app)',
    answers: { nat: 'per-az', azCount: 2 },
    redis: false,
    workers: JOBS,
    azs: ['A', 'B'],
    nats: { NatGatewayA: 'A', NatGatewayB: 'B' },
    tasks: ['WebService', 'WorkerJobsService'],
    tier: 'private',
    logEdges: ['WebServiceA -> WebLogGroup', 'WorkerJobsServiceA -> WorkerJobsLogGroup'],
    dataStores: ['db'],
  },
  {
    name: '3 AZs, one NAT, two workers, a cache, Multi-AZ, a domain',
    answers: { nat: 'single', azCount: 3, dbMultiAz: true, domain: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' },
    redis: true,
    workers: TWO,
    azs: ['A', 'B', 'C'],
    nats: { NatGatewayA: 'A' },
    tasks: ['WebService', 'WorkerJobsService', 'WorkerMailSenderService'],
    tier: 'private',
    logEdges: ['WebServiceA -> WebLogGroup', 'WorkerJobsServiceA -> WorkerJobsLogGroup', 'WorkerMailSenderServiceA -> WorkerMailSenderLogGroup'],
    dataStores: ['db', 'dbStandby', 'cache'],
  },
  {
    name: '2 AZs, one NAT, no worker',
    answers: { nat: 'single', azCount: 2 },
    redis: false,
    workers: {},
    azs: ['A', 'B'],
    nats: { NatGatewayA: 'A' },
    tasks: ['WebService'],
    tier: 'private',
    logEdges: ['WebServiceA -> WebLogGroup'],
    dataStores: ['db'],
  },
  {
    name: '3 AZs, no NAT: tasks with public IPs in the public subnets',
    answers: { nat: 'none', azCount: 3 },
    redis: true,
    workers: JOBS,
    azs: ['A', 'B', 'C'],
    nats: {},
    tasks: ['WebService', 'WorkerJobsService'],
    tier: 'public',
    logEdges: ['WebServiceA -> WebLogGroup', 'WorkerJobsServiceA -> WorkerJobsLogGroup'],
    dataStores: ['db', 'cache'],
  },
  {
    name: '6 AZs, NAT per AZ, web only',
    answers: { nat: 'per-az', azCount: 6 },
    redis: false,
    workers: {},
    azs: ['A', 'B', 'C', 'D', 'E', 'F'],
    nats: { NatGatewayA: 'A', NatGatewayB: 'B', NatGatewayC: 'C', NatGatewayD: 'D', NatGatewayE: 'E', NatGatewayF: 'F' },
    tasks: ['WebService'],
    tier: 'private',
    logEdges: ['WebServiceA -> WebLogGroup'],
    dataStores: ['db'],
  },
  {
    name: '6 AZs, one NAT, two workers',
    answers: { nat: 'single', azCount: 6 },
    redis: true,
    workers: TWO,
    azs: ['A', 'B', 'C', 'D', 'E', 'F'],
    nats: { NatGatewayA: 'A' },
    tasks: ['WebService', 'WorkerJobsService', 'WorkerMailSenderService'],
    tier: 'private',
    logEdges: ['WebServiceA -> WebLogGroup', 'WorkerJobsServiceA -> WorkerJobsLogGroup', 'WorkerMailSenderServiceA -> WorkerMailSenderLogGroup'],
    dataStores: ['db', 'cache'],
  },
  {
    name: '6 AZs, no NAT, a cache',
    answers: { nat: 'none', azCount: 6 },
    redis: true,
    workers: {},
    azs: ['A', 'B', 'C', 'D', 'E', 'F'],
    nats: {},
    tasks: ['WebService'],
    tier: 'public',
    logEdges: ['WebServiceA -> WebLogGroup'],
    dataStores: ['db', 'cache'],
  },
];

function inputs(redis: boolean): AppInputs {
  return {
    containerPort: 3000,
    healthPath: '/up',
    webCommand: ['./bin/thrust', './bin/rails', 'server'],
    environmentVars: { RAILS_ENV: 'production' },
    dbEngine: 'postgres',
    dbAdapter: 'postgresql',
    extraDatabases: [],
    forceSsl: true,
    redis,
  };
}

function diagramOf(c: Case): string {
  const answers = validateAnswers({ appName: 'shop', region: 'us-east-1', worker: 'none', ...c.answers }, 'the test answers', {
    appName: 'shop',
    dbEngine: 'postgres',
    env: {},
  });
  const thePlan = plan(answers, inputs(c.redis), c.workers);
  return mermaidDiagram(renderedTopology(renderStacks(thePlan)), answers.region);
}

const right = (b: Box) => b.x + b.width;
const bottom = (b: Box) => b.y + b.height;

function get<T>(map: ReadonlyMap<string, T>, key: string): T {
  const value = map.get(key);
  assert.ok(value !== undefined, `${key} is drawn`);
  return value;
}

describe('the diagram, rendered by Mermaid in Chromium', function () {
  this.timeout(600000);
  let renderer: MermaidRenderer | undefined;
  const rendered = new Map<string, RenderedDiagram>();

  before(async function () {
    if (!chromiumInstalled()) {
      if (process.env.CI === 'true') throw new Error('/usr/bin/chromium is missing: apt-get install chromium');
      this.skip();
    }
    renderer = await MermaidRenderer.start();
    const dump = process.env.DIAGRAM_DUMP;
    for (const c of CASES) {
      const text = diagramOf(c);
      rendered.set(c.name, await renderer.render(text));
      if (dump) {
        mkdirSync(dump, { recursive: true });
        const file = join(dump, c.name.replace(/[^A-Za-z0-9]+/g, '-'));
        writeFileSync(`${file}.mmd`, text);
        await renderer.png(text, `${file}.png`);
      }
    }
  });

  after(async () => {
    await renderer?.close();
  });

  for (const c of CASES) {
    describe(c.name, () => {
      const diagram = () => rendered.get(c.name)!;

      it('renders without an error', () => {
        assert.equal(diagram().error, false);
        assert.match(diagram().svg, /^<svg /);
      });

      it('stands the AZs left to right in order, side by side', () => {
        const boxes = c.azs.map((az) => get(diagram().clusters, `az${az}`));
        for (let i = 1; i < boxes.length; i++) {
          assert.ok(right(boxes[i - 1]!) <= boxes[i]!.x, `AZ ${c.azs[i - 1]} ends left of where AZ ${c.azs[i]} starts`);
        }
      });

      it('puts each public subnet above its private one, inside its AZ', () => {
        for (const az of c.azs) {
          const publicBox = get(diagram().clusters, `PublicSubnet${az}`);
          const privateBox = get(diagram().clusters, `PrivateSubnet${az}`);
          assert.ok(bottom(publicBox) <= privateBox.y, `AZ ${az}: public subnet above private`);
          assert.ok(inside(publicBox, get(diagram().clusters, `az${az}`)) && inside(privateBox, get(diagram().clusters, `az${az}`)));
        }
      });

      it('draws the load balancer and the NAT gateways inside the public subnets, the tasks in theirs', () => {
        const { nodes, clusters } = diagram();
        for (const az of c.azs) {
          assert.ok(inside(get(nodes, `alb${az}`), get(clusters, `PublicSubnet${az}`)), `the load balancer node of AZ ${az}`);
          for (const task of c.tasks) {
            const subnet = `${c.tier === 'public' ? 'Public' : 'Private'}Subnet${az}`;
            assert.ok(inside(get(nodes, `${task}${az}`), get(clusters, subnet)), `${task}${az} in ${subnet}`);
          }
        }
        for (const [nat, az] of Object.entries(c.nats)) assert.ok(inside(get(nodes, nat), get(clusters, `PublicSubnet${az}`)), nat);
        assert.deepEqual([...nodes.keys()].filter((n) => n.startsWith('NatGateway')).sort(), Object.keys(c.nats).sort());
      });

      it('draws the data stores below every AZ', () => {
        const { nodes, clusters } = diagram();
        const lowest = Math.max(...c.azs.map((az) => bottom(get(clusters, `az${az}`))));
        for (const store of c.dataStores) assert.ok(get(nodes, store).y >= lowest, `${store} below the AZs`);
      });

      it('draws one log arrow per service, and no other', () => {
        const logs = diagram().edges.filter((e) => e.end.endsWith('LogGroup')).map((e) => `${e.start} -> ${e.end}`);
        assert.deepEqual(logs.sort(), [...c.logEdges].sort());
        assert.ok(diagram().edges.every((e) => e.invisible || !e.start.endsWith('LogGroup')));
      });
    });
  }
});

describe("the sample app's diagram in docs/", () => {
  it('is a PNG (npm run diagram), and the README shows it', () => {
    const png = readFileSync(join(REPO_ROOT, 'docs/diagram.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.match(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), /!\[[^\]]+\]\(docs\/diagram\.png\)/);
  });
});
