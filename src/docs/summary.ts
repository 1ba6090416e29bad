/** What the generator prints at the end: files, the subnet plan, stacks, the monthly cost, warnings, what to do next. */
import { topLines } from '../cost/estimate.js';
import { formatUsd } from '../cost/money.js';
import type { WriteDecision } from '../files/ownership.js';
import type { Plan, RenderedStack } from '../plan.js';
import { planCost } from '../plan/cost-inputs.js';
import type { OutputFile } from '../render.js';
import { FIRST_DEPLOY_TIME, PREREQUISITES } from './first-run.js';
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
  /**
   * How to get the conflict prompts this run skipped: `Re-run without --yes` after `yo rails-fargate --yes`,
   * `Run yo rails-fargate` after a sub-generator (which never asks).
   */
  readonly review?: string;
  /** The plan is another environment's (not the first one's): bin/fargate operates it with `--env NAME`. */
  readonly otherEnvironment?: boolean;
}

/** The commit to make: the generated files, folders collapsed (infra/...), and the answers. */
function commitLine(files: readonly OutputFile[]): string {
  const paths = [...new Set(files.map((f) => (f.path.startsWith('infra/') ? 'infra' : f.path)))];
  return `git add .yo-rc.json ${paths.join(' ')} && git commit`;
}

export function writeSummary({ plan, rendered, files, decisions, yes, warnings, review = 'Re-run without --yes', otherEnvironment = false }: SummaryInput): string[] {
  const { answers, cidr, app } = plan;
  const lines = ['', `Subnet plan for ${cidr.vpcCidr} (${answers.region}, ${answers.azCount} AZs, NAT ${answers.nat}):`];
  lines.push(...textTable(SUBNET_HEADER, subnetRows(renderedTopology(rendered))).split('\n'), '');
  lines.push(`Stacks: ${plan.stacks.map((s) => s.stackName).join(', ')}`);
  if (app) {
    const estimate = planCost({ ...plan, app });
    const top = topLines(estimate, 3).map((l) => `${l.item} ${formatUsd(l.monthlyUsd ?? 0)}`).join(', ');
    lines.push(`Estimated cost: about ${formatUsd(estimate.totalUsd)}/month in ${estimate.region} (largest: ${top}); details in infra/README.md.`);
    const tasks = [...app.options.workers.map((w) => `${w.name}: ${w.command.join(' ')}`), `migrate: ${(app.options.migrateCommand ?? ['./bin/rails', 'db:prepare']).join(' ')}`];
    lines.push(`Tasks besides web: ${tasks.join('; ')}`);
  }
  const skipped = yes ? files.filter((f) => f.kind === 'suggestion' && decisions.get(f.path) === 'edited') : [];
  // Changes to the app's own files that it still lacks because the user said no, now or on an earlier run.
  const declined = files.filter((f) => f.kind === 'suggestion' && ['declined', 'kept'].includes(decisions.get(f.path) ?? ''));
  if (yes) {
    const kept = files.filter((f) => f.kind === 'generated' && decisions.get(f.path) === 'edited').map((f) => f.path);
    if (kept.length > 0) lines.push(`Kept your edits (not overwritten): ${kept.join(', ')}. ${review} to review the changes.`);
    for (const file of skipped) lines.push(`Not changed under --yes: ${file.path}: ${file.why}. ${review} to apply it.`);
  }
  const declinedOurs = files.filter((f) => f.kind === 'generated' && decisions.get(f.path) === 'declined').map((f) => f.path);
  if (declinedOurs.length > 0) {
    lines.push(`Declined (yours kept): ${declinedOurs.join(', ')}. Not offered again until our version changes, or with --ask-answered.`);
  }
  for (const file of declined) lines.push(`Declined (yours kept): ${file.path}: ${file.why}. Not offered again until it changes, or with --ask-answered.`);
  // Each warning once, however many places noticed it.
  for (const warning of new Set(warnings)) lines.push(`Warning: ${warning}`);
  if (!app) {
    lines.push('Next: read infra/README.md.');
    return lines;
  }
  const pending = [...skipped, ...declined];
  lines.push('', 'Next:');
  let step = 1;
  if (pending.length > 0) {
    // Each of these breaks the first deploy (health checks failing, broken sessions, 502s): say so before "deploy".
    lines.push(`  ${step++}. Fix ${pending.map((f) => f.path).join(' and ')} (take the change when yo rails-fargate offers it, or edit by hand).`);
  }
  lines.push(
    `  ${step++}. Commit the files: ${commitLine(files.filter((f) => f.kind === 'generated'))}`,
    `  ${step++}. Have:`,
    ...PREREQUISITES.map((p) => `     - ${p}`),
    `  ${step++}. Run bin/fargate deploy${otherEnvironment ? ` --env ${plan.answers.environment}` : ''}. ${FIRST_DEPLOY_TIME}. infra/README.md explains every stack and how to deploy by hand.`,
  );
  return lines;
}
