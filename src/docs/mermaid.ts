/**
 * The architecture as a Mermaid flowchart (GitHub renders it), drawn from the topology read back from the
 * templates: every node is a resource the templates create. Arrows carry the request-flow steps A-F of the article:
 * A internet -> internet gateway, B -> load balancer, C -> a web task, D task -> database, E task -> NAT gateway
 * (outbound), F NAT -> internet gateway. In NAT mode `none` E goes from the task's public IP to the internet gateway.
 */
import type { ServiceNode, SubnetNode, Topology } from './topology.js';

/** A quoted Mermaid label: double quotes become an entity, so no text can end the label early. */
const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

export function serviceNodeId(service: ServiceNode, az: string): string {
  return `${service.id}${az}`;
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

/** What a subnet holds besides the nodes drawn in it (a subgraph needs at least one node to render). */
function placeholder(subnet: SubnetNode, topology: Topology): string {
  if (subnet.tier === 'public') return topology.loadBalancer ? 'load balancer node' : 'no resources';
  const stores = [topology.database ? 'RDS' : '', topology.cache ? 'ElastiCache' : ''].filter((s) => s !== '');
  return stores.length > 0 ? `${stores.join(' and ')} subnet group` : 'no resources';
}

function subnetLines(topology: Topology, az: string): string[] {
  const lines: string[] = [];
  for (const subnet of topology.subnets.filter((s) => s.az === az)) {
    const nodes: string[] = [];
    if (subnet.tier === 'public') {
      for (const [nat, natAz] of topology.nats) if (natAz === az) nodes.push(`${nat}[${quote(`NAT gateway ${az}`)}]`);
    }
    for (const service of topology.services.filter((s) => s.tier === subnet.tier)) {
      nodes.push(`${serviceNodeId(service, az)}[${quote(`${service.name} task${service.publicIp ? ', public IP' : ''}`)}]`);
    }
    if (nodes.length === 0) nodes.push(`${subnet.id}Free[${quote(placeholder(subnet, topology))}]`);
    lines.push(`        subgraph ${subnet.id} [${quote(`${subnet.tier} subnet ${subnet.cidr}`)}]`, ...nodes.map((n) => `          ${n}`), '        end');
  }
  return lines;
}

function dataLines(topology: Topology): string[] {
  const lines: string[] = [];
  if (topology.database) {
    const { engine, instanceClass, multiAz } = topology.database;
    lines.push(`      db[(${quote(`RDS ${ENGINES[engine] ?? engine} ${instanceClass}, private subnets`)})]`);
    if (multiAz) lines.push(`      dbStandby[(${quote('RDS standby in another AZ (Multi-AZ)')})]`);
  }
  if (topology.cache) {
    const { engine, nodes } = topology.cache;
    lines.push(`      cache[(${quote(`ElastiCache ${ENGINES[engine] ?? engine}, ${nodes} node${nodes === 1 ? '' : 's'}, private subnets`)})]`);
  }
  return lines;
}

function edgeLines(topology: Topology, azs: readonly string[]): string[] {
  const edges = [`  internet -->|${quote('A: request')}| igw`];
  if (topology.loadBalancer) edges.push(`  igw -->|${quote('B')}| alb`);
  if (topology.database?.multiAz) edges.push(`  db -.-|${quote('synchronous replication')}| dbStandby`);
  for (const az of azs) {
    for (const service of topology.services) {
      const node = serviceNodeId(service, az);
      if (service.behindLoadBalancer && topology.loadBalancer) edges.push(`  alb -->|${quote('C')}| ${node}`);
      if (topology.database) edges.push(`  ${node} -->|${quote('D')}| db`);
      if (topology.cache) edges.push(`  ${node} -->|${quote('D: 6379')}| cache`);
      const nat = topology.natRoutes.get(az);
      if (service.publicIp) edges.push(`  ${node} -->|${quote('E: outbound, public IP')}| igw`);
      else if (nat && service.tier === 'private') edges.push(`  ${node} -->|${quote('E: outbound')}| ${nat}`);
      if (topology.registry) edges.push(`  ecr -.->|${quote('image')}| ${node}`);
      if (service.logGroup && topology.logGroups.includes(service.logGroup)) edges.push(`  ${node} -.-> ${service.logGroup}`);
    }
  }
  for (const nat of topology.nats.keys()) edges.push(`  ${nat} -->|${quote('F')}| igw`);
  // A scheduled task runs where the services run; its node stays minimal: the scheduler and the task's logs.
  for (const schedule of topology.schedules ?? []) edges.push(`  scheduler -.->|${quote(`runs ${logGroupOwner(schedule.logGroup)}`)}| ${schedule.logGroup}`);
  return [...new Set(edges)];
}

export function mermaidDiagram(topology: Topology, region: string): string {
  const azs = [...new Set(topology.subnets.map((s) => s.az))].sort();
  const lines = ['flowchart TB', `  internet((${quote('Internet')}))`, `  subgraph region [${quote(`AWS Region ${region}`)}]`];
  if (topology.registry) lines.push(`    ecr[(${quote('ECR repository')})]`);
  if (topology.schedules?.length) lines.push(`    scheduler([${quote(`EventBridge Scheduler: ${topology.schedules.length} schedule${topology.schedules.length === 1 ? '' : 's'}, one-off tasks`)}])`);
  if (topology.logGroups.length > 0) {
    lines.push(`    subgraph logs [${quote('CloudWatch Logs')}]`);
    for (const group of topology.logGroups) lines.push(`      ${group}[${quote(`${logGroupOwner(group)} log group`)}]`);
    lines.push('    end');
  }
  lines.push(`    subgraph vpc [${quote(`VPC ${topology.vpcCidr ?? ''}`)}]`, `      igw[${quote('Internet gateway')}]`);
  if (topology.loadBalancer) {
    lines.push(`      alb[${quote(`Application Load Balancer, public subnets: HTTP 80${topology.https ? ', HTTPS 443' : ''}`)}]`);
  }
  for (const az of azs) lines.push(`      subgraph az${az} [${quote(`AZ ${az}`)}]`, ...subnetLines(topology, az), '      end');
  lines.push(...dataLines(topology), '    end', '  end');
  return [...lines, ...edgeLines(topology, azs)].join('\n');
}
