/** The security-group table of infra/README.md: who may talk to whom, on which port, and why. */
import { groupName } from './mermaid.js';
import type { Topology } from './topology.js';

const WHY: Readonly<Record<string, string>> = {
  AlbSecurityGroup: 'clients reach the load balancer (steps A-B)',
  AppSecurityGroup: 'the load balancer forwards requests and health checks to the tasks (step C)',
  DatabaseSecurityGroup: 'the app queries the database (step D)',
  CacheSecurityGroup: 'the app uses Redis (jobs, cache, Action Cable)',
};

export const SECURITY_HEADER = ['to (security group)', 'from', 'port', 'why'];

export function securityRows(topology: Topology): string[][] {
  return topology.rules.map((rule) => [
    groupName(rule.to),
    rule.from === '0.0.0.0/0' ? 'anywhere (0.0.0.0/0)' : /^\d/.test(rule.from) ? rule.from : `${groupName(rule.from)} group`,
    rule.port,
    WHY[rule.to] ?? rule.description,
  ]);
}
