/** What the generator prints at the end: files, the subnet plan, stacks, the monthly cost, warnings, what to do next. */
import { topLines } from '../cost/estimate.js';
import { formatUsd } from '../cost/money.js';
import type { WriteDecision } from '../files/ownership.js';
import type { Plan, RenderedStack } from '../plan.js';
import { planCost } from '../plan/cost-inputs.js';
import type { OutputFile } from '../render.js';
import { SUBNET_HEADER, subnetRows, textTable } from './subnet-table.js';
import { renderedTopology } from './topology.js';

export interface SummaryInput {
  readonly plan: Plan;
  /** The templates as rendered for writing (not rendered again here). */
  readonly rendered: readonly RenderedStack[];
  readonly files: readonly OutputFile[];
  readonly decisions: ReadonlyMap<string, WriteDecision>;
  readonly yes: boolean;
  readonly warnings: readonly string[];
  /** What was read from the app (detectedLines), shown first. */
  readonly detected?: readonly string[];
}

export function writeSummary({ plan, rendered, files, decisions, yes, warnings, detected = [] }: SummaryInput): string[] {
  const { answers, cidr, app } = plan;
  const lines = ['', ...detected, `Subnet plan for ${cidr.vpcCidr} (${answers.region}, ${answers.azCount} AZs, NAT ${answers.nat}):`];
  lines.push(...textTable(SUBNET_HEADER, subnetRows(renderedTopology(rendered))).split('\n'), '');
  lines.push(`Stacks: ${plan.stacks.map((s) => s.stackName).join(', ')}`);
  if (app) {
    const estimate = planCost({ ...plan, app });
    const top = topLines(estimate, 3).map((l) => `${l.item} ${formatUsd(l.monthlyUsd ?? 0)}`).join(', ');
    lines.push(`Estimated cost: about ${formatUsd(estimate.totalUsd)}/month in ${estimate.region} (largest: ${top}); details in infra/README.md.`);
  }
  const pending = yes ? files.filter((f) => f.kind === 'suggestion' && decisions.get(f.path) === 'edited') : [];
  if (yes) {
    const kept = files.filter((f) => f.kind === 'generated' && decisions.get(f.path) === 'edited').map((f) => f.path);
    if (kept.length > 0) lines.push(`Kept your edits (not overwritten): ${kept.join(', ')}. Re-run without --yes to review the changes.`);
    for (const file of pending) lines.push(`Not changed under --yes: ${file.path}: ${file.why}. Re-run without --yes to apply it.`);
  }
  // Each warning once, however many places noticed it.
  for (const warning of new Set(warnings)) lines.push(`Warning: ${warning}`);
  if (!app) lines.push('Next: read infra/README.md.');
  else if (pending.length > 0) {
    // Each of these breaks the first deploy (health checks failing, broken sessions, 502s): say so before "deploy".
    lines.push(
      `Next: fix ${pending.map((f) => f.path).join(' and ')} first (run yo rails-fargate without --yes to apply the changes, or edit them by hand), ` +
        'then read infra/README.md and run bin/fargate deploy.',
    );
  } else lines.push('Next: read infra/README.md, then run bin/fargate deploy.');
  return lines;
}
