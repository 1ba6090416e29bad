import type { CidrPlan } from '../network/cidr-plan.js';
import type { NatMode } from '../stacks/network.js';

/** What lives in a subnet, for the tables in the docs and the generator's summary. */
function residents(tier: 'public' | 'private', nat: NatMode, hasNat: boolean): string {
  if (tier === 'public') {
    const parts = ['load balancer'];
    if (hasNat) parts.push('NAT gateway');
    if (nat === 'none') parts.push('app tasks (public IPs)');
    return parts.join(', ');
  }
  return nat === 'none' ? 'database (no internet route)' : 'app tasks, database';
}

export function subnetRows(cidr: CidrPlan, nat: NatMode, natAzs: readonly string[]): string[][] {
  return cidr.subnets.map((s) => [
    s.az,
    s.tier,
    s.cidr,
    String(s.addresses),
    String(s.usable),
    residents(s.tier, nat, natAzs.includes(s.az)),
  ]);
}

export const SUBNET_HEADER = ['AZ', 'tier', 'CIDR', 'addresses', 'usable', 'what lives there'];

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
