/**
 * The infra README's section on the app's own settings: its plain variables and secrets for this environment, where
 * each lives, and the commands that change them.
 */
import type { Plan } from '../plan.js';
import { secretName } from '../stacks/app/settings.js';
import { markdownTable } from './subnet-table.js';

export function settingsSection(thePlan: Plan): string {
  const { appName, environment } = thePlan.answers;
  const settings = thePlan.app?.options.settings ?? { env: {}, secrets: [] };
  const rows = [
    ...Object.entries(settings.env).map(([name, value]) => [`\`${name}\``, 'plain', `\`${value.replaceAll('|', '\\|').replaceAll('`', "'")}\` (in every task definition)`]),
    ...settings.secrets.map((name) => [`\`${name}\``, 'secret', `Secrets Manager \`${secretName(appName, environment, name)}\`: \`bin/fargate secrets set ${name}\``]),
  ];
  const table = rows.length > 0 ? `${markdownTable(['name', 'kind', 'value'], rows)}\n` : 'None yet.\n';
  return `## Environment variables and secrets

Every task (web, migrate and each worker) gets the app's own settings for ${environment}, besides those the stacks
set themselves (the database, the cache, \`RAILS_MASTER_KEY\`...):

${table}
- A plain value: \`yo rails-fargate --env KEY=VALUE --yes\`, then \`bin/fargate deploy\`.
- A secret: \`yo rails-fargate --secret NAME --yes\` declares it (the execution role may read exactly
  \`${secretName(appName, environment, 'NAME')}\`); \`bin/fargate secrets set NAME\` stores its value (from stdin or a
  hidden prompt, never an argument) and restarts the services. A deploy refuses to start while a declared secret
  has no value. \`bin/fargate secrets list\` shows when each last changed, never a value.
- Remove one: \`yo rails-fargate --unset NAME --yes\`, \`bin/fargate deploy\`; then, for a secret,
  \`bin/fargate secrets unset NAME\` deletes its value (recoverable for 7 days). The secrets are not part of a
  stack: \`bin/fargate destroy\` leaves them.
- By hand, without bin/fargate: \`aws secretsmanager create-secret --region ${thePlan.answers.region} --name ${secretName(appName, environment, 'NAME')} --secret-string file:///dev/stdin\`
  (value on stdin; \`put-secret-value --secret-id ${secretName(appName, environment, 'NAME')}\` changes it), before the app stack's deploy.
`;
}
