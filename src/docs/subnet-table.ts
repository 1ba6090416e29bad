/** The subnet table of the docs and the generator's summary, read from the subnets the templates create. */
import type { SubnetNode, Topology } from './topology.js';

/** AWS keeps the first four addresses and the last one of every subnet. */
const RESERVED_PER_SUBNET = 5;

function addresses(cidr: string): number {
  const prefix = Number(cidr.split('/')[1]);
  return 2 ** (32 - prefix);
}

/** What lives in a subnet, as the templates place it. */
function residents(subnet: SubnetNode, topology: Topology): string {
  const parts: string[] = [];
  if (subnet.tier === 'public') {
    if (topology.loadBalancer) parts.push('load balancer');
    if ([...topology.nats.values()].includes(subnet.az)) parts.push('NAT gateway');
  }
  if (topology.services.some((s) => s.tier === subnet.tier)) {
    parts.push(topology.services.some((s) => s.tier === subnet.tier && s.publicIp) ? 'app tasks (public IPs)' : 'app tasks');
  }
  if (subnet.tier === 'private') {
    if (topology.database) parts.push('database');
    if (topology.cache) parts.push('cache');
    if (parts.length > 0 && !topology.natRoutes.has(subnet.az)) return `${parts.join(', ')} (no internet route)`;
  }
  return parts.length > 0 ? parts.join(', ') : 'nothing yet';
}

export function subnetRows(topology: Topology): string[][] {
  return [...topology.subnets]
    .sort((a, b) => a.az.localeCompare(b.az) || b.tier.localeCompare(a.tier))
    .map((s) => {
      const total = addresses(s.cidr);
      return [s.az, s.tier, s.cidr, String(total), String(total - RESERVED_PER_SUBNET), residents(s, topology)];
    });
}

export const SUBNET_HEADER = ['AZ', 'tier', 'CIDR', 'addresses', 'usable', 'what lives there'];

/** A GitHub Markdown table; a `|` inside a cell is escaped so it cannot split the cell. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
