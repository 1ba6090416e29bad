/** The security-group table of infra/README.md: who may talk to whom, on which port, and why. */
import { groupName } from './mermaid.js';
import type { Rule, Topology } from './topology.js';

/** The groups in the order a request meets them (steps A-D). */
const FLOW_ORDER = ['AlbSecurityGroup', 'AppSecurityGroup', 'DatabaseSecurityGroup', 'CacheSecurityGroup'];

const WHY: Readonly<Record<string, string>> = {
  AlbSecurityGroup: 'clients reach the load balancer (steps A-B)',
  AppSecurityGroup: 'the load balancer forwards requests and health checks to the tasks (step C)',
  DatabaseSecurityGroup: 'the app queries the database (step D)',
  CacheSecurityGroup: 'the app uses the cache: jobs, cache store, Action Cable (step D)',
};

export const SECURITY_HEADER = ['to (security group)', 'from', 'port', 'why'];

function rank(rule: Rule): number {
  const index = FLOW_ORDER.indexOf(rule.to);
  return index === -1 ? FLOW_ORDER.length : index;
}

export function securityRows(topology: Topology): string[][] {
  return [...topology.rules]
    .sort((a, b) => rank(a) - rank(b) || Number.parseInt(a.port, 10) - Number.parseInt(b.port, 10))
    .map((rule) => [
      groupName(rule.to),
      rule.from === '0.0.0.0/0' ? 'anywhere (0.0.0.0/0)' : /^[\d:]/.test(rule.from) ? rule.from : `${groupName(rule.from)} group`,
      rule.port,
      WHY[rule.to] ?? rule.description,
    ]);
}
