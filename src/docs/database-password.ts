/**
 * The "Database password and URLs" part of infra/README.md: how the tasks get their database URLs in this project's
 * mode (src/stacks/database-url.ts), how to change the master password by hand (it is never rotated), and, for a data
 * stack generated before DatabaseUrlSecret existed, how to move it to the URL secret and the app's own commands.
 */
import type { Plan } from '../plan.js';
import { MASTER_USERNAME } from '../stacks/data.js';

/** `a`, `a` and `b`, `a`, `b` and `c`: each in backticks. */
function words(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}` : quoted.join('');
}

export function databasePasswordSection(thePlan: Plan): string {
  const app = thePlan.app;
  if (!app) return '';
  const region = `--region ${thePlan.answers.region}`;
  const data = thePlan.stacks.find((s) => s.key === 'data')!.stackName;
  const output = (variable: string, key: string) =>
    `${variable}=$(aws cloudformation describe-stacks ${region} --stack-name ${data} --query "Stacks[0].Outputs[?OutputKey=='${key}'].OutputValue" --output text)`;
  const lookups = [
    output('DATABASE_SECRET', 'DatabaseSecretArn'),
    `DATABASE=$(aws cloudformation describe-stack-resource ${region} --stack-name ${data} --logical-resource-id Database --query StackResourceDetail.PhysicalResourceId --output text)`,
  ];
  // Letters and digits only: the password goes into the URLs with no encoding.
  const newPassword = [
    `NEW=$(aws secretsmanager get-random-password ${region} --exclude-punctuation --password-length 32 --query RandomPassword --output text)`,
    `printf '{"username":"${MASTER_USERNAME}","password":"%s"}' "$NEW" | aws secretsmanager put-secret-value ${region} --secret-id "$DATABASE_SECRET" --secret-string file:///dev/stdin --query VersionId --output text`,
  ];
  const modify = `aws rds modify-db-instance ${region} --db-instance-identifier "$DATABASE" --master-user-password "$NEW" --apply-immediately --query DBInstance.DBInstanceIdentifier --output text`;
  const restart = 'then start new tasks: `aws ecs update-service --cluster CLUSTER --service SERVICE --force-new-deployment` for each service (ECS gives a task its secrets only when it starts). Connections already open keep working; new ones from the old tasks fail until then, so do it all at once, in a quiet moment.';
  if ((app.options.database.urls ?? 'secret') === 'wrapper') {
    return `## Database password and URLs

This data stack was generated before the database URL secret existed: its master password (in \`DatabaseSecret\`) may
hold punctuation, so every task's command is wrapped in a small \`sh -c\` script that URL-encodes it into
\`DATABASE_URL\` before running the app's command, and \`bin/fargate console\` wraps \`bin/rails console\` the same way.
\`.yo-rc.json\` says so (\`"databaseUrls": "wrapper"\`, \`"databasePassword": "punctuation"\`). The template keeps the
secret's \`GenerateSecretString\` exactly as it was deployed: a change there would put a new password into the secret
that the database never gets. Never change \`databasePassword\`.

To move to the URL secret (every task then runs the app's own command, and the console is plain \`bin/rails console\`),
first give the database a URL-safe password by hand:

\`\`\`sh
set -euo pipefail
${[...lookups, ...newPassword, modify].join('\n')}
\`\`\`

then, straight away: set \`"databaseUrls": "secret"\` in \`.yo-rc.json\`, run \`yo rails-fargate --yes\` and
\`bin/fargate deploy\`. The data stack gains \`DatabaseUrlSecret\` (built from the new password) and keeps its old
\`GenerateSecretString\`; the task definitions get the URLs as secrets and lose the wrapper. Until that deploy is done,
new connections from the running tasks fail (they still have the old password); connections already open keep working.
`;
  }
  return `## Database password and URLs

The master password (32 letters and digits, in \`DatabaseSecret\`, output \`DatabaseSecretArn\`) is generated once by
Secrets Manager and never rotated: ECS gives a task its secrets only when it starts, so a rotation would break the new
connections of every running task. The URLs the tasks get (${words(['DATABASE_URL', ...app.options.database.extraDatabases.map((db) => `${db.toUpperCase()}_DATABASE_URL`)])}) are in
\`DatabaseUrlSecret\` (output \`DatabaseUrlSecretArn\`), one JSON key each, built from that password when CloudFormation
creates or updates the secret. CloudFormation reads the password again only when the template changes, so a password
changed by hand must go into both secrets and the database, together:

\`\`\`sh
set -euo pipefail
${[
  ...lookups,
  output('URL_SECRET', 'DatabaseUrlSecretArn'),
  `OLD=$(aws secretsmanager get-secret-value ${region} --secret-id "$DATABASE_SECRET" --query SecretString --output text | sed -E 's/.*"password" *: *"([A-Za-z0-9]+)".*/\\1/')`,
  ...newPassword,
  `aws secretsmanager get-secret-value ${region} --secret-id "$URL_SECRET" --query SecretString --output text | sed "s/:$OLD@/:$NEW@/g" | aws secretsmanager put-secret-value ${region} --secret-id "$URL_SECRET" --secret-string file:///dev/stdin --query VersionId --output text`,
  modify,
].join('\n')}
\`\`\`

${restart}
`;
}
