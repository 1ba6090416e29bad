/**
 * infra/README.md for this app: what each stack holds, a diagram of the real topology, the request flow, the subnet
 * and security-group tables, what a change of AZ count needs, the monthly cost, and how to deploy, release, roll back and destroy by hand. Drawn from the rendered templates and the
 * plan they came from, so it cannot disagree with them.
 */
import { endpointCostWords } from '../cost/endpoints.js';
import { topLines } from '../cost/estimate.js';
import { formatUsd } from '../cost/money.js';
import type { Plan, RenderedStack } from '../plan.js';
import { planCost } from '../plan/cost-inputs.js';
import { FIRST_DEPLOY_TIME, keptAfterDestroy, PREREQUISITES } from './first-run.js';
import { deployGuide } from './hand-deploy.js';
import { cloudFormationRoleName, deployRoleName } from '../stacks/ci.js';
import { MASTER_KEY_SECRET, ROLE_VARIABLE } from '../ci/workflow.js';
import { mermaidDiagram } from './mermaid.js';
import { SECURITY_HEADER, securityRows } from './security-table.js';
import { settingsSection } from './settings-section.js';
import { environmentsSection } from './environments-section.js';
import type { EnvironmentDoc } from './environments-section.js';
import { databasePasswordSection } from './database-password.js';
import { markdownTable, SUBNET_HEADER, subnetRows } from './subnet-table.js';
import { stackUpdates } from './stack-updates.js';
import { renderedTopology } from './topology.js';
import type { Topology } from './topology.js';

const NAT_WORDS = {
  'per-az': 'one NAT gateway in each AZ; each private subnet routes through the NAT of its own AZ, so an AZ outage does not cut the others off',
  single: 'one NAT gateway (in AZ A) shared by every private subnet: cheaper, but an outage of AZ A cuts outbound internet for all',
  none: 'no NAT gateway: app tasks run in the public subnets with public IPs (still admitting only the load balancer); private subnets (database) have no internet route',
} as const;

const ENGINE_NAMES: Readonly<Record<string, string>> = { postgres: 'PostgreSQL', mysql: 'MySQL', valkey: 'Valkey', redis: 'Redis' };

/** The VPC endpoints: the free S3 gateway always, the interface ones with their hourly cost (on or off). */
function endpointWords(answers: Plan['answers']): string {
  const gateway = 'An S3 gateway endpoint on every private route table (free) keeps S3 traffic, ECR image layers included, off NAT.';
  const cost = endpointCostWords(answers.region, answers.azCount);
  return answers.vpcEndpoints
    ? `${gateway} ${cost.replace(/; the S3 gateway.*$/, '')}: on, in every private subnet, admitting HTTPS from the app tasks only.`
    : `${gateway} Not enabled: ${cost.replace(/; the S3 gateway.*$/, '')}.`;
}

function outboundSteps(nat: Plan['answers']['nat']): string {
  if (nat === 'none') {
    return [
      "- **E.** Replies to clients go back through the load balancer. A task's own outbound calls (image pulls from ECR, logs, external APIs) leave from its public IP straight to the internet gateway (public route table).",
      '- **F.** There is no NAT gateway in NAT mode `none`, so no step F: the private subnets (database and cache) have no route out of the VPC.',
    ].join('\n');
  }
  const where = nat === 'per-az' ? 'the NAT gateway of its AZ' : 'the one NAT gateway, in AZ A';
  return [
    `- **E.** Replies to clients go back through the load balancer. A task's own outbound calls (image pulls from ECR, logs, external APIs) go to ${where} (private route table).`,
    '- **F.** The NAT gateway sends them out through the internet gateway (public route table).',
  ].join('\n');
}

function requestFlow(thePlan: Plan, topology: Topology): string {
  const { answers, app } = thePlan;
  if (!app) return '';
  const host = answers.domain ? `https://${answers.domain}` : 'the load balancer\'s DNS name (`bin/fargate status` prints it)';
  const web = topology.services.find((s) => s.behindLoadBalancer);
  const db = topology.database ? `${ENGINE_NAMES[topology.database.engine] ?? topology.database.engine} (RDS, private subnets) on port ${app.inputs.dbEngine === 'postgres' ? 5432 : 3306}` : '';
  const cache = topology.cache ? `, and ${ENGINE_NAMES[topology.cache.engine] ?? topology.cache.engine} (ElastiCache, Redis protocol) on 6379` : '';
  return `## How a request flows

The letters are the labels of the arrows in the diagram.

- **A.** A browser asks for ${host}; the request enters the VPC through the internet gateway.
- **B.** The internet gateway hands it to the Application Load Balancer in the public subnets${answers.domain ? ' (HTTP on 80 is redirected to HTTPS on 443, where TLS ends)' : ', on HTTP port 80'}.
- **C.** The load balancer forwards it to a healthy web task in a ${web?.tier ?? 'private'} subnet on port ${app.inputs.containerPort}; it checks each task on \`${app.inputs.healthPath}\` and sends traffic only to those that answer.
- **D.** The app's tasks query ${db}${cache}; only the app tasks' security group may connect.
${outboundSteps(answers.nat)}
`;
}

/** The scheduled tasks, when there are any: what runs when, and how it runs. */
function schedulesSection(thePlan: Plan): string {
  const schedules = thePlan.app?.options.schedules ?? [];
  if (schedules.length === 0) return '';
  const code = (text: string) => `\`${text}\``;
  const rows = schedules.map((s) => [code(s.name), code(s.expression), s.expression.startsWith('cron(') ? s.timezone : '-', code(s.command.join(' ')), `${s.cpu} CPU, ${s.memory} MiB`]);
  return `## Scheduled tasks

EventBridge Scheduler starts each as a one-off Fargate task (ECS RunTask) where the services run: the same image,
environment and secrets, in a task definition of its own (\`<app stack>-NAME\`, with its own size and log group)
rather than the migrate task with another command, so the scheduler's role may run exactly that task family in this
cluster and pass exactly the execution and task roles. Schedules stay disabled until the first deploy has run the
migrations. A task that fails is not run again (the scheduler retries only a RunTask that did not start); its output
is in \`bin/fargate logs NAME\`.

${markdownTable(['schedule', 'when', 'time zone', 'command', 'size'], rows)}

\`bin/fargate schedules\` lists them with their next run; \`bin/fargate run NAME\` starts one now and waits for its
exit code (non-zero when the task fails).

`;
}

function costSection(thePlan: Plan): string {
  const { answers, app } = thePlan;
  if (!app) return '';
  const estimate = planCost({ ...thePlan, app });
  const rows = estimate.lines.map((l) => [l.item, l.quantity, l.unitPrice, l.monthlyUsd === null ? 'unpriced' : formatUsd(l.monthlyUsd)]);
  const top = topLines(estimate, 3).map((l) => `${l.item} (${formatUsd(l.monthlyUsd ?? 0)})`).join(', ');
  return `## What it costs

About **${formatUsd(estimate.totalUsd)} a month** in ${estimate.region} on demand, before tax and data transfer. The
largest lines: ${top}. The answers that move it most: \`--nat\` (NAT gateways bill by the hour),
\`--db-instance-class\` and \`--db-multi-az\` (Multi-AZ doubles the database), \`--web-count\`/\`--web-cpu\`, and
\`--cpu-arch arm64\` (Graviton Fargate is about 20% cheaper).

${markdownTable(['item', 'quantity', 'unit price', 'per month'], rows)}

${[...estimate.notes, ...estimate.assumptions].map((n) => `- ${n}`).join('\n')}
`;
}

const stackNameOf = (thePlan: Plan, key: string) => thePlan.stacks.find((s) => s.key === key)?.stackName ?? '';

/** `aws cloudformation deploy` of one stack; on an existing stack, parameters not given keep their values. */
function deployCommand(thePlan: Plan, key: string, extra = ''): string {
  const { answers } = thePlan;
  const file = thePlan.stacks.find((s) => s.key === key)?.file ?? '';
  const tags = `--tags app=${answers.appName} environment=${answers.environment} managed-by=generator-rails-fargate`;
  return `aws cloudformation deploy --region ${answers.region} --stack-name ${stackNameOf(thePlan, key)} --template-file ${file} ${tags}${extra} --no-fail-on-empty-changeset`;
}

/**
 * What a change of AZ count does to the deployed stacks. The network stack exports each subnet on its own; an
 * export another stack imports can be neither changed nor deleted, so growing is a normal deploy (exports are only
 * added) and shrinking needs the importing stacks updated first.
 */
function azChange(thePlan: Plan): string {
  const network = stackNameOf(thePlan, 'network');
  if (!thePlan.app) {
    return `Changing the AZ count (\`--az-count N\`) adds or removes the last AZs' subnets; deploy the network stack again.`;
  }
  return `Changing the AZ count: the network stack exports each subnet on its own (\`${network}-PrivateSubnetAId\`,
\`-PublicSubnetAId\`, ...) and the data and app stacks import the ones of the AZs in use. CloudFormation refuses to
change or delete an export another stack imports, so:

- **Growing** only adds subnets and exports, so no export in use changes: it is a normal deploy. \`bin/fargate
  deploy\` updates the network stack before the data stack (which imports the new subnets), then the app; the
  database and cache subnet groups, the load balancer and the services gain the new AZs in place:

  \`\`\`sh
  yo rails-fargate --az-count N --yes
  bin/fargate deploy
  \`\`\`

- **Shrinking** removes the last AZs' exports while the deployed data and app stacks still import them, so the
  network stack must be updated last. \`bin/fargate deploy\` sees that (see "Updating the stacks" below): it updates
  the data stack, releases the app, then updates the network. By hand, update the data and app stacks first, so they
  stop using those subnets, then everything else:

  \`\`\`sh
  yo rails-fargate --az-count N --yes
  ${deployCommand(thePlan, 'data')}
  ${deployCommand(thePlan, 'app', ' --capabilities CAPABILITY_IAM')}
  bin/fargate deploy
  \`\`\`

  RDS and ElastiCache refuse to drop a subnet their database, standby or cache node is in: if one runs in an AZ
  being removed, the data stack update fails and rolls back, and that AZ count must stay.`;
}

type MetricQuery = { MetricStat?: { Metric: { Namespace: string; MetricName: string } } };

/** What an alarm reads: its one metric, or, for a metric-math alarm, each metric its expression reads. */
function alarmMetrics(properties: Record<string, unknown>): string {
  const queries = properties.Metrics as MetricQuery[] | undefined;
  if (!queries) return `${String(properties.Namespace)} ${String(properties.MetricName)}`;
  const stats = queries.flatMap((q) => (q.MetricStat ? [q.MetricStat.Metric] : []));
  return `${stats[0]!.Namespace} ${stats.map((m) => m.MetricName).join(', ')} (math)`;
}

/** Every CloudWatch alarm the stacks create, with what makes it fire (its description, for this stack). */
function alarmsSection(thePlan: Plan, rendered: readonly RenderedStack[]): string {
  const rows = rendered.flatMap(({ stack, template }) =>
    Object.entries((template.Resources ?? {}) as Record<string, { Type: string; Properties: Record<string, unknown> }>)
      .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
      .map(([id, r]) => {
        const description = r.Properties.AlarmDescription as { 'Fn::Sub'?: string } | string;
        const text = typeof description === 'string' ? description : String(description['Fn::Sub'] ?? '');
        return [`\`${id}\``, alarmMetrics(r.Properties), text.replaceAll('${AWS::StackName}', stack.stackName)];
      }),
  );
  if (rows.length === 0) return '';
  const email = thePlan.answers.alarmEmail;
  return `## Alarms

Each alarm notifies the data stack's SNS topic (output \`AlarmTopicArn\`) when it fires and when it clears.
${email ? `The topic mails ${email}: confirm the subscription from the message AWS sends.` : 'Nobody is subscribed yet: rerun with `--alarm-email ADDRESS`, or subscribe to the topic yourself.'}

${markdownTable(['alarm', 'metric', 'fires when'], rows)}
`;
}

/** The prerequisites, the first deploy and what a destroy leaves, before anything else. */
function beforeYouStart(thePlan: Plan, rendered: readonly RenderedStack[]): string {
  if (!thePlan.app) return '';
  const kept = keptAfterDestroy(rendered);
  return `## Before you start

You need:

${PREREQUISITES.map((p) => `- ${p}`).join('\n')}

Commit the generated files, then run \`bin/fargate deploy\`. ${FIRST_DEPLOY_TIME}; later releases take a few
minutes. Builds go through a buildx builder named \`rails-fargate\` (docker-container driver, made on the first
deploy) and keep their layer cache in the registry stack's build cache repository, so a release whose Gemfile.lock
did not change reuses the \`bundle install\` layer.
${kept.length > 0 ? `
What \`bin/fargate destroy\` leaves behind, even with \`--yes-destroy-data\` (see [Destroy](#destroy)):

${kept.map((k) => `- ${k}`).join('\n')}
` : ''}
`;
}

/** How the GitHub Actions deploy works, is set up, fails, and what its roles may do; only once `yo rails-fargate:ci` ran. */
function ciSection(thePlan: Plan): string {
  const ci = thePlan.ci;
  if (!ci) return '';
  const { answers } = thePlan;
  const { repo, branch, oidcProviderArn } = ci.answers;
  const ciStack = stackNameOf(thePlan, 'ci');
  const deployRole = deployRoleName(answers.appName, answers.environment);
  const cfnRole = cloudFormationRoleName(answers.appName, answers.environment);
  const gate = ci.existing
    ? ci.existing.how === 'after'
      ? `after your CI workflow \`${ci.existing.file}\` ("${ci.existing.name}") succeeds on a push to \`${branch}\` (\`workflow_run\`; the deploy job checks that the run passed, was a push, and came from this repository). A \`workflow_run\` workflow runs on the repository's default branch, so the OIDC token says \`ref:refs/heads/<default branch>\`: \`${branch}\` must be it`
      : `after your reusable CI workflow \`${ci.existing.file}\`, which it calls, passes`
    : `after its \`test\` job passes (\`${ci.testCommand}\` against ${thePlan.app?.inputs.dbEngine === 'mysql' ? 'MySQL' : 'PostgreSQL'} ${answers.dbEngineVersion}; the app has no CI workflow that runs on that push)`;
  return `## Deploys from GitHub Actions

\`.github/workflows/deploy.yml\` deploys every push to \`${branch}\` of \`${repo}\` ${gate}. Its \`deploy\` job checks the
commit out, sets up Docker Buildx, gets credentials for the role in the repository variable \`${ROLE_VARIABLE}\` from
GitHub's OIDC provider (no AWS key is stored anywhere), and runs \`bin/fargate deploy --yes\` with
\`FARGATE_CLOUDFORMATION_ROLE=${cfnRole}\`. One deploy runs at a time; a newer push waits.

The \`${ciStack}\` stack ([ci.yml](cloudformation/ci.yml)) is not deployed with the others: run this once with
administrator credentials (and again after \`yo rails-fargate:ci\` changes it), then give the repository the role and
the master key:

\`\`\`sh
bin/fargate ci-setup
gh variable set ${ROLE_VARIABLE} --body arn:aws:iam::ACCOUNT:role/${deployRole}   # the ARN ci-setup prints
gh secret set ${MASTER_KEY_SECRET} < config/master.key   # or config/credentials/${answers.environment}.key
\`\`\`

(Without the GitHub CLI: the repository's Settings > Secrets and variables > Actions, tab Variables, then Secrets.)

What it holds:
- ${oidcProviderArn ? `No OIDC provider: the role trusts the account's existing one, \`${oidcProviderArn}\`.` : `GitHub's OIDC provider, \`token.actions.githubusercontent.com\` for the audience \`sts.amazonaws.com\`. An account holds
  one per URL: if another stack already made it, this create fails; run \`yo rails-fargate:ci --oidc-provider-arn ARN\`
  with that provider's ARN instead.`}
- \`${deployRole}\`, which only a token with \`sub\` = \`repo:${repo}:ref:refs/heads/${branch}\` may assume: no other
  repository, branch, tag or pull request. It may do exactly what \`bin/fargate deploy\` does: read every stack's
  status, create, execute and delete change sets on the four stacks of ${answers.appName} (${answers.environment}), pass
  \`${cfnRole}\` to CloudFormation and nothing else, push to the app's repository, store the master key, run the migrate
  task, follow the tasks and services and read the migrate logs, each limited to this app and environment (its stacks'
  names, or its \`app\`/\`environment\` tags). Deleting a stack is among them, because deploy deletes one that never
  finished creating; the database's deletion protection and final snapshot still stand between it and your data.
- \`${cfnRole}\`, which only CloudFormation may assume: the services the four templates hold resources of, and IAM only
  for the roles those stacks create. This is why the deploy role stays small: CloudFormation, not the workflow,
  creates the VPC, the database and the services. Mind what it means all the same: whoever can push to \`${branch}\`
  can change the templates this role deploys, so protect the branch (required reviews and status checks).
- The app's stacks remember the CloudFormation role: later changes to them, from CI or from your machine, go through
  it. Delete the ci stack only after the stacks that use its role (\`bin/fargate destroy\`), or CloudFormation cannot
  change or delete them without another role.

A failed deploy is a red \`deploy\` job. Its \`bin/fargate deploy\` step prints each step as \`==> NAME\` and ends with

\`\`\`text
bin/fargate: deploy stopped at step "Migrations" (exit 1); the steps after it did not run.
\`\`\`

above the reason: AWS's error message (\`An error occurred (AccessDenied) ...\` names a call the roles do not allow),
the failed stack events of a stack that rolled back, the exit code and last log lines of a failed migration, or
Docker's build error. Nothing after that step ran: a failed migration leaves the services on their image, a refused
change that would replace the database changed nothing. \`Could not assume role\` in the credentials step means the
variable \`${ROLE_VARIABLE}\` is missing or wrong, or the push was not on \`${branch}\` of \`${repo}\`. Fix, then re-run the
job (or push again); a re-run of the same commit deploys the image already pushed.
`;
}

export function infraReadme(thePlan: Plan, rendered: readonly RenderedStack[], others: readonly EnvironmentDoc[] = []): string {
  const { answers, cidr } = thePlan;
  const topology = renderedTopology(rendered);
  const stacks = thePlan.stacks.map((s) => {
    const file = s.file.split('/').pop()!;
    return [`\`${s.stackName}\``, `[${file}](cloudformation/${file})`, s.spec.description];
  });
  return `# Infrastructure of ${answers.appName} (${answers.environment})

Generated by generator-rails-fargate from \`.yo-rc.json\`: change an answer and run \`yo rails-fargate --yes\` rather
than editing the templates (files you edited are kept, never overwritten silently). Workers:
\`yo rails-fargate:worker NAME --command "..." --cpu 512 --memory 1024 --count 1\` adds or resizes one,
\`--remove\` removes it; nothing else changes. Scheduled tasks:
\`yo rails-fargate:schedule NAME --cron "0 3 * * ? *" --command "..."\` (or \`--rate "1 hour"\`, \`--timezone ZONE\`) adds one,
\`--remove\` removes it; \`yo rails-fargate:schedule\` alone lists what the app already schedules and where it runs. Every template but the registry's is uploaded to the registry stack's
artifacts bucket and deployed by URL: CloudFormation then takes up to 1 MB, 500 resources and 200 outputs per stack
(51,200 bytes inline, the registry's case, since it creates the bucket).

Region \`${answers.region}\`, VPC \`${cidr.vpcCidr}\`, ${answers.azCount} Availability Zones, NAT mode \`${answers.nat}\`:
${NAT_WORDS[answers.nat]}.

${beforeYouStart(thePlan, rendered)}${endpointWords(answers)}

## Stacks

${markdownTable(['stack', 'template', 'what it holds'], stacks)}

## The architecture

\`\`\`mermaid
${mermaidDiagram(topology, answers.region)}
\`\`\`

${requestFlow(thePlan, topology)}
## Subnets

Each AZ has a public subnet (routed to the internet gateway) and a private subnet (routed to ${answers.nat === 'none' ? 'nothing outside the VPC' : 'a NAT gateway'}).
AWS keeps 5 addresses of every subnet, hence "usable".

${markdownTable(SUBNET_HEADER, subnetRows(topology))}

Sizing rule: the VPC is cut into 8 equal blocks; blocks 1-6 are the private subnets of AZ slots A-F, block 7 is cut
into 8 public subnets (slots A-F, 2 spare), block 8 is kept free. Slots exist for all six AZs, so adding AZs later
(\`yo rails-fargate --az-count N\`) never renumbers a subnet. Blocks kept free now: ${cidr.reserved.map((r) => `\`${r}\``).join(', ')}.

${azChange(thePlan)}
${topology.rules.length > 0 ? `
## Who may talk to whom

Every inbound rule of every security group; nothing else is admitted.

${markdownTable(SECURITY_HEADER, securityRows(topology))}
` : ''}
${settingsSection(thePlan)}
${databasePasswordSection(thePlan)}
${stackUpdates(thePlan, rendered)}
${alarmsSection(thePlan, rendered)}
${schedulesSection(thePlan)}${costSection(thePlan)}
${environmentsSection(thePlan, others)}
${ciSection(thePlan)}
${deployGuide(thePlan, rendered)}`;
}
