/**
 * infra/README.md's "Environments" section: every environment this repo deploys, what each runs and costs, and how
 * an image moves from one to the next (build once, promote the same image).
 */
import { formatUsd } from '../cost/money.js';
import type { Plan, RenderedStack } from '../plan.js';
import { planCost } from '../plan/cost-inputs.js';
import { environmentTemplatesDir } from '../plan/environments.js';
import { markdownTable } from './subnet-table.js';

export interface EnvironmentDoc {
  readonly plan: Plan;
  readonly rendered: readonly RenderedStack[];
}

const HEADER = ['environment', 'stacks', 'templates', 'VPC', 'NAT', 'web tasks', 'database', 'about / month'];

function row(thePlan: Plan, folder: string): string[] {
  const { answers, app } = thePlan;
  const cost = app ? formatUsd(planCost({ ...thePlan, app }).totalUsd) : '';
  return [
    `\`${answers.environment}\``,
    thePlan.stacks.map((s) => `\`${s.stackName}\``).join(', '),
    `\`${folder}/\``,
    `\`${answers.vpcCidr}\`, ${answers.azCount} AZs`,
    answers.nat,
    answers.webCount === answers.webMaxCount ? `${answers.webCount}` : `${answers.webCount} to ${answers.webMaxCount}`,
    `${answers.dbInstanceClass}${answers.dbMultiAz ? ', Multi-AZ' : ''}`,
    cost,
  ];
}

export function environmentsSection(thePlan: Plan, others: readonly EnvironmentDoc[]): string {
  const first = thePlan.answers.environment;
  if (others.length === 0) {
    return `## Environments

This repo deploys one environment, \`${first}\`. \`yo rails-fargate:environment staging\` adds another (its own network,
data and app stacks, with cheaper defaults: no NAT gateway, one small web task, the smallest database); any answer
can be given as a flag, e.g. \`--nat single\`.
`;
  }
  const folderOf = (p: Plan) => environmentTemplatesDir(p.answers.environment, first);
  const rows = [row(thePlan, folderOf(thePlan)), ...others.map((o) => row(o.plan, folderOf(o.plan)))];
  const next = others[0]!.plan.answers.environment;
  return `## Environments

${markdownTable(HEADER, rows)}

Each environment has its own network, data and app stacks, answers (\`.yo-rc.json\` \`environments.NAME.answers\`)
and secrets (\`bin/fargate --env NAME secrets set ...\`). Every task runs with \`RAILS_ENV=production\`, so the app's
production config and credentials apply everywhere; what differs between environments goes in \`--env\` and
\`--secret\` settings (\`yo rails-fargate --environment ${next} --env KEY=VALUE --yes\`). Costs are estimates for the
answers above, each environment in full; like the Cost section's, they leave out ECR image storage and data transfer.

**Images: build once, promote the same image.** The registry stack \`${thePlan.stacks.find((s) => s.key === 'registry')?.stackName ?? ''}\`
is \`${first}\`'s and every environment pulls from it, so a release goes:

\`\`\`sh
bin/fargate deploy --env ${next}            # builds the commit's image (once), migrates ${next}, rolls it out
bin/fargate promote ${next} ${first}      # the image ${next} runs, migrations first, to ${first}: nothing is rebuilt
\`\`\`

\`promote\` refuses an image the registry no longer holds (the lifecycle policy keeps the newest ones) and names the
step that failed, like \`deploy\`. Image tags are immutable, so what ${first} runs is byte for byte what ${next} ran.
The registry stays where it was first deployed: adding an environment never moves it, and \`destroy
--include-registry\` is only possible from \`${first}\`.

Change an environment: \`yo rails-fargate --environment NAME --web-count 2 --yes\` (any answer's flag; the other
environments' files do not change). Remove one: \`bin/fargate --env NAME destroy --yes-destroy-data\` first (its stacks,
after a final database snapshot), then \`yo rails-fargate:environment NAME --remove\` (its files and answers).
`;
}
