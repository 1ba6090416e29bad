/**
 * The architecture as a Mermaid flowchart (GitHub renders it), drawn from the topology read back from the
 * templates. Arrows carry the request-flow steps A-F of the article: A internet -> internet gateway, B -> load
 * balancer, C -> a web task, D task -> database, E task -> NAT gateway (outbound), F NAT -> internet gateway.
 */
import type { ServiceNode, Topology } from './topology.js';

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

export function mermaidDiagram(topology: Topology, region: string): string {
  const lines = ['flowchart TB', `  internet((${quote('Internet')}))`];
  const edges: string[] = [];
  const azs = [...new Set(topology.subnets.map((s) => s.az))].sort();
  const taskTier = topology.services.some((s) => s.publicIp) ? 'public' : 'private';

  lines.push(`  subgraph region [${quote(`AWS Region ${region}`)}]`);
  if (topology.registry) lines.push(`    ecr[(${quote('ECR repository')})]`);
  if (topology.logGroups.length > 0) lines.push(`    logs[${quote(`CloudWatch Logs: ${topology.logGroups.length} log groups`)}]`);
  lines.push(`    subgraph vpc [${quote(`VPC ${topology.vpcCidr ?? ''}`)}]`);
  lines.push(`      igw[${quote('Internet gateway')}]`);
  if (topology.loadBalancer) {
    lines.push(`      alb[${quote(`Application Load Balancer, public subnets: HTTP 80${topology.https ? ', HTTPS 443' : ''}`)}]`);
  }
  for (const az of azs) {
    lines.push(`      subgraph az${az} [${quote(`AZ ${az}`)}]`);
    for (const subnet of topology.subnets.filter((s) => s.az === az)) {
      lines.push(`        subgraph ${subnet.id} [${quote(`${subnet.tier} subnet ${subnet.cidr}`)}]`);
      for (const [nat, natAz] of topology.nats) if (natAz === az && subnet.tier === 'public') lines.push(`          ${nat}[${quote(`NAT gateway ${az}`)}]`);
      if (subnet.tier === taskTier) {
        for (const service of topology.services) {
          lines.push(`          ${serviceNodeId(service, az)}[${quote(`${service.name} task`)}]`);
        }
      }
      const holdsNat = subnet.tier === 'public' && [...topology.nats.values()].includes(az);
      const holdsTasks = subnet.tier === taskTier && topology.services.length > 0;
      // Mermaid needs a subgraph to hold a node; say what else lives there.
      if (!holdsNat && !holdsTasks) {
        lines.push(`          ${subnet.id}Free[${quote(subnet.tier === 'public' ? 'load balancer node' : 'database and cache')}]`);
      }
      lines.push('        end');
    }
    lines.push('      end');
  }
  if (topology.database) {
    const { engine, instanceClass, multiAz } = topology.database;
    lines.push(`      db[(${quote(`RDS ${engine} ${instanceClass}, private subnets`)})]`);
    if (multiAz) lines.push(`      dbStandby[(${quote('standby in another AZ (Multi-AZ)')})]`, '      db -. synchronous replication .- dbStandby');
  }
  if (topology.cache) lines.push(`      cache[(${quote(`ElastiCache ${topology.cache.engine}, ${topology.cache.nodes} node(s)`)})]`);
  lines.push('    end', '  end');

  edges.push(`  internet -->|${quote('A: request')}| igw`);
  if (topology.loadBalancer) edges.push(`  igw -->|${quote('B')}| alb`);
  for (const az of azs) {
    for (const service of topology.services) {
      const node = serviceNodeId(service, az);
      if (service.behindLoadBalancer && topology.loadBalancer) edges.push(`  alb -->|${quote('C')}| ${node}`);
      if (topology.database) edges.push(`  ${node} -->|${quote('D')}| db`);
      if (topology.cache) edges.push(`  ${node} --> cache`);
      const nat = topology.natRoutes.get(az);
      if (service.publicIp) edges.push(`  ${node} -->|${quote('E: outbound, public IP')}| igw`);
      else if (nat) edges.push(`  ${node} -->|${quote('E: outbound')}| ${nat}`);
      if (topology.registry) edges.push(`  ecr -.->|${quote('image')}| ${node}`);
      if (topology.logGroups.length > 0) edges.push(`  ${node} -.-> logs`);
    }
  }
  for (const nat of topology.nats.keys()) edges.push(`  ${nat} -->|${quote('F')}| igw`);
  return [...lines, ...edges].join('\n');
}
