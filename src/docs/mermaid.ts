/**
 * The architecture as a Mermaid flowchart (GitHub renders it), drawn from the topology read back from the
 * templates: every node is a resource the templates create. Arrows carry the request-flow steps A-F of the article:
 * A internet -> internet gateway, B -> the load balancer's node in each AZ, C -> the web task, D task -> database,
 * E task -> NAT gateway (outbound), F NAT -> internet gateway. In NAT mode `none` E goes from the task's public IP
 * to the internet gateway.
 *
 * The layout reads like the architecture: one column per AZ, A to F left to right; in each, the public subnet (the
 * NAT gateway, the load balancer's node) above the private one (the tasks); the data stores below the AZs; ECR and
 * CloudWatch Logs beside the VPC with one arrow per service, not one per task. Mermaid's layout (dagre) ranks nodes
 * along the arrows, and E and F point upwards, so invisible links (`~~~`, written before every arrow, see
 * `layoutLinks`) rank each AZ's public subnet above its private one and that above the data stores. Dagre orders the
 * AZs by the arrows between them, so none crosses from one AZ to another: with one NAT gateway, the private subnet
 * of another AZ names it in a node instead of an E arrow. test/mermaid-render.test.ts renders the result in
 * Chromium and checks the positions for 2, 3 and 6 AZs in each NAT mode.
 *
 * Adding a node: a data store goes in `dataNodes` (drawn below the AZs, with the arrow every task draws to it, or
 * arrows of its own), a regional service outside the VPC in `regionalNodes` (one arrow per service, from its task in
 * AZ A, or arrows of its own); any other arrow goes in `edgeLines`. Then run test/mermaid-render.test.js.
 */
import type { ServiceNode, SubnetNode, Topology } from './topology.js';

/** A quoted Mermaid label: double quotes become an entity, so no text can end the label early. */
const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

export function serviceNodeId(service: ServiceNode, az: string): string {
  return `${service.id}${az}`;
}

/** The load balancer's node in an AZ (an ALB has one in each subnet it is given, all public here). */
export function loadBalancerNodeId(az: string): string {
  return `alb${az}`;
}

const GROUP_NAMES: Readonly<Record<string, string>> = {
  AlbSecurityGroup: 'load balancer',
  AppSecurityGroup: 'app tasks',
  DatabaseSecurityGroup: 'database',
  CacheSecurityGroup: 'cache',
};

export function groupName(logicalId: string): string {
  return GROUP_NAMES[logicalId] ?? logicalId.replace(/SecurityGroup$/, '');
}

const ENGINES: Readonly<Record<string, string>> = { postgres: 'PostgreSQL', mysql: 'MySQL', valkey: 'Valkey', redis: 'Redis' };

/** `WorkerGoodJobLogGroup` -> `good-job`: the service (or one-off task) a log group belongs to. */
function logGroupOwner(logicalId: string): string {
  return logicalId
    .replace(/LogGroup$/, '')
    .replace(/^(Worker|Schedule)(?=[A-Z])/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** A node drawn below the AZs, inside the VPC: a data store and the arrow each task draws to it. */
export interface DataNode {
  readonly id: string;
  /** The Mermaid node, e.g. `db[("RDS ...")]`. */
  readonly node: string;
  /** Label of the arrow from every task to it (none: no arrow). */
  readonly fromTasks?: string;
  /** Arrows of its own, as Mermaid lines (e.g. the standby's replication). */
  readonly edges?: readonly string[];
}

export function dataNodes(topology: Topology): DataNode[] {
  const nodes: DataNode[] = [];
  if (topology.database) {
    const { engine, instanceClass, multiAz } = topology.database;
    nodes.push({ id: 'db', node: `db[(${quote(`RDS ${ENGINES[engine] ?? engine} ${instanceClass}, private subnets`)})]`, fromTasks: 'D' });
    if (multiAz) {
      nodes.push({
        id: 'dbStandby',
        node: `dbStandby[(${quote('RDS standby in another AZ (Multi-AZ)')})]`,
        edges: [`db -.-|${quote('synchronous replication')}| dbStandby`],
      });
    }
  }
  if (topology.cache) {
    const { engine, nodes: count } = topology.cache;
    const label = `ElastiCache ${ENGINES[engine] ?? engine}, ${count} node${count === 1 ? '' : 's'}, private subnets${topology.cache.tls ? ', TLS and AUTH token' : ''}`;
    nodes.push({ id: 'cache', node: `cache[(${quote(label)})]`, fromTasks: topology.cache.tls ? 'D: 6379, TLS' : 'D: 6379' });
  }
  return nodes;
}

/** A regional service outside the VPC: its node lines, and one arrow per service (not per task). */
export interface RegionalNode {
  readonly lines: readonly string[];
  /** The arrow between it and a service, drawn from the service's task in AZ A, or none. */
  readonly perService?: (service: ServiceNode, task: string) => string | undefined;
  /** Arrows of its own, as Mermaid lines (e.g. alarms -> topic). */
  readonly edges?: readonly string[];
}

export function regionalNodes(topology: Topology): RegionalNode[] {
  const nodes: RegionalNode[] = [];
  if (topology.registry) {
    nodes.push({ lines: [`ecr[(${quote('ECR repository: every task pulls its image')})]`], perService: (_, task) => `ecr -.->|${quote('image')}| ${task}` });
  }
  if (topology.bucket) {
    nodes.push({
      lines: [`bucket[(${quote('S3 bucket: Active Storage uploads, private, versioned, TLS only')})]`],
      perService: (_, task) => `${task} -.->|${quote('uploads')}| bucket`,
    });
  }
  if (topology.alarms) {
    const { count, email } = topology.alarms;
    nodes.push({
      lines: [
        `alarms[${quote(`CloudWatch: ${count} alarm${count === 1 ? '' : 's'} on the web service, database${topology.cache ? ' and cache' : ''}`)}]`,
        `topic([${quote(`SNS alarm topic${email ? `: mails ${email}` : ', no subscriber yet'}`)}])`,
      ],
      edges: [`alarms -->|${quote('fires, clears')}| topic`],
    });
  }
  if (topology.logGroups.length > 0) {
    nodes.push({
      lines: [
        `subgraph logs [${quote('CloudWatch Logs: the tasks of every AZ')}]`,
        ...topology.logGroups.map((group) => `  ${group}[${quote(`${logGroupOwner(group)} log group`)}]`),
        'end',
      ],
      perService: (service, task) =>
        service.logGroup && topology.logGroups.includes(service.logGroup) ? `${task} -.-> ${service.logGroup}` : undefined,
    });
  }
  return nodes;
}

/** What a subnet holds besides the nodes drawn in it (a subgraph needs at least one node to render). */
function placeholder(subnet: SubnetNode, topology: Topology): string {
  if (subnet.tier === 'public') return 'no resources';
  const stores = [topology.database ? 'RDS' : '', topology.cache ? 'ElastiCache' : ''].filter((s) => s !== '');
  return stores.length > 0 ? `${stores.join(' and ')} subnet group` : 'no resources';
}

/** The NAT gateway a private subnet's tasks send their outbound traffic to, when it is in another AZ. */
function remoteNat(az: string, topology: Topology): string | undefined {
  const nat = topology.natRoutes.get(az);
  return nat && topology.nats.get(nat) !== az ? nat : undefined;
}

/** The node IDs drawn in a subnet, in drawing order, each with its Mermaid node. */
function subnetNodes(subnet: SubnetNode, topology: Topology): [string, string][] {
  const { az } = subnet;
  const nodes: [string, string][] = [];
  if (subnet.tier === 'public') {
    for (const [nat, natAz] of topology.nats) if (natAz === az) nodes.push([nat, `${nat}[${quote(`NAT gateway ${az}`)}]`]);
    if (topology.loadBalancer) {
      const listeners = `HTTP 80${topology.https ? ', HTTPS 443' : ''}`;
      nodes.push([loadBalancerNodeId(az), `${loadBalancerNodeId(az)}[${quote(`load balancer node ${az}: ${listeners}`)}]`]);
    }
  }
  for (const service of topology.services.filter((s) => s.tier === subnet.tier)) {
    const id = serviceNodeId(service, az);
    nodes.push([id, `${id}[${quote(`${service.name} task${service.publicIp ? ', public IP' : ''}`)}]`]);
  }
  // A private subnet routed to a NAT gateway in another AZ (NAT mode `single`) says so in a node of its own instead
  // of an E arrow per task across the AZs: those would cross every other AZ and pull AZ A into the middle.
  const nat = subnet.tier === 'private' ? remoteNat(az, topology) : undefined;
  if (nat && nodes.length > 0) nodes.push([`${subnet.id}Route`, `${subnet.id}Route[${quote(`E: outbound via NAT gateway ${topology.nats.get(nat)}`)}]`]);
  if (nodes.length === 0) nodes.push([`${subnet.id}Free`, `${subnet.id}Free[${quote(placeholder(subnet, topology))}]`]);
  return nodes;
}

/** The AZ letters, in order, and each AZ's subnets, public first. */
function azSubnets(topology: Topology): [string, SubnetNode[]][] {
  const azs = [...new Set(topology.subnets.map((s) => s.az))].sort();
  const tierOrder = (s: SubnetNode) => (s.tier === 'public' ? 0 : 1);
  return azs.map((az) => [az, topology.subnets.filter((s) => s.az === az).sort((a, b) => tierOrder(a) - tierOrder(b))]);
}

function azLines(topology: Topology): string[] {
  return azSubnets(topology).flatMap(([az, subnets]) => [
    `      subgraph az${az} [${quote(`AZ ${az}`)}]`,
    ...subnets.flatMap((subnet) => [
      `        subgraph ${subnet.id} [${quote(`${subnet.tier} subnet ${subnet.cidr}`)}]`,
      ...subnetNodes(subnet, topology).map(([, node]) => `          ${node}`),
      '        end',
    ]),
    '      end',
  ]);
}

/**
 * Invisible links that only steer the layout: the internet gateway above every public subnet's nodes, those above
 * the first node of the private subnet, that above the data stores, and each NAT gateway above the tasks that send
 * it their outbound traffic.
 * Written before every arrow, so the layout meets them first and the upward E and F arrows give way.
 */
function layoutLinks(topology: Topology): string[] {
  const links: string[] = [];
  for (const [, subnets] of azSubnets(topology)) {
    const publicNodes = subnets.filter((s) => s.tier === 'public').flatMap((s) => subnetNodes(s, topology).map(([id]) => id));
    const privateNodes = subnets.filter((s) => s.tier === 'private').map((s) => subnetNodes(s, topology).map(([id]) => id));
    // The first node of the private subnet, and its route node, if any (which has no arrow to rank it otherwise).
    const privateFirst = privateNodes.flatMap((ids) => ids.filter((id, i) => i === 0 || id.endsWith('Route')));
    for (const node of publicNodes) {
      links.push(`  igw ~~~ ${node}`);
      for (const below of privateFirst) links.push(`  ${node} ~~~ ${below}`);
    }
    for (const node of privateNodes.map((ids) => ids[0]!)) for (const data of dataNodes(topology)) links.push(`  ${node} ~~~ ${data.id}`);
  }
  for (const [az] of azSubnets(topology)) {
    const nat = topology.natRoutes.get(az);
    if (!nat || remoteNat(az, topology)) continue;
    for (const service of topology.services.filter((s) => s.tier === 'private' && !s.publicIp)) links.push(`  ${nat} ~~~ ${serviceNodeId(service, az)}`);
  }
  return links;
}

function edgeLines(topology: Topology): string[] {
  const azs = azSubnets(topology).map(([az]) => az);
  const data = dataNodes(topology);
  const edges = [`  internet -->|${quote('A: request')}| igw`];
  for (const node of data) edges.push(...(node.edges ?? []).map((e) => `  ${e}`));
  for (const az of azs) {
    if (topology.loadBalancer) edges.push(`  igw -->|${quote('B')}| ${loadBalancerNodeId(az)}`);
    for (const service of topology.services) {
      const task = serviceNodeId(service, az);
      if (service.behindLoadBalancer && topology.loadBalancer) edges.push(`  ${loadBalancerNodeId(az)} -->|${quote('C')}| ${task}`);
      for (const node of data) if (node.fromTasks) edges.push(`  ${task} -->|${quote(node.fromTasks)}| ${node.id}`);
      const nat = topology.natRoutes.get(az);
      if (service.publicIp) edges.push(`  ${task} -->|${quote('E: outbound, public IP')}| igw`);
      else if (nat && service.tier === 'private' && !remoteNat(az, topology)) edges.push(`  ${task} -->|${quote('E: outbound')}| ${nat}`);
    }
  }
  for (const nat of topology.nats.keys()) edges.push(`  ${nat} -->|${quote('F')}| igw`);
  // One arrow per service to ECR and to its log group, from its task in AZ A: Mermaid puts them on AZ A's side.
  const first = azs[0];
  for (const regional of regionalNodes(topology)) {
    for (const service of first && regional.perService ? topology.services : []) {
      const edge = regional.perService!(service, serviceNodeId(service, first!));
      if (edge) edges.push(`  ${edge}`);
    }
    edges.push(...(regional.edges ?? []).map((e) => `  ${e}`));
  }
  // A scheduled task runs where the services run; its node stays minimal: the scheduler and the task's logs.
  for (const schedule of topology.schedules ?? []) edges.push(`  scheduler -.->|${quote(`runs ${logGroupOwner(schedule.logGroup)}`)}| ${schedule.logGroup}`);
  return edges;
}

export function mermaidDiagram(topology: Topology, region: string): string {
  const lines = ['flowchart TB', `  internet((${quote('Internet')}))`, `  subgraph region [${quote(`AWS Region ${region}`)}]`];
  if (topology.schedules?.length) lines.push(`    scheduler([${quote(`EventBridge Scheduler: ${topology.schedules.length} schedule${topology.schedules.length === 1 ? '' : 's'}, one-off tasks`)}])`);
  lines.push(`    subgraph vpc [${quote(`VPC ${topology.vpcCidr ?? ''}`)}]`, `      igw[${quote('Internet gateway')}]`);
  const endpoints = topology.endpoints ?? [];
  // No arrow to it: an arrow from ECR, outside the VPC, would pull the AZ columns out of order. The label says it.
  const endpointNode = endpoints.length > 0 ? [`      vpce[${quote(`VPC endpoints: ${endpoints.join(', ')}; ECR image layers come through the S3 one`)}]`] : [];
  lines.push(...azLines(topology), ...dataNodes(topology).map((n) => `      ${n.node}`), ...endpointNode, '    end');
  for (const regional of regionalNodes(topology)) lines.push(...regional.lines.map((l) => `    ${l}`));
  lines.push('  end');
  const layout = [...new Set(layoutLinks(topology))];
  const edges = edgeLines(topology);
  return [...lines, ...(layout.length > 0 ? ['  %% layout only: invisible links stack each AZ: public subnet, private subnet, then the data stores', ...layout] : []), ...[...new Set(edges)]].join('\n');
}
