/**
 * The "Updating the stacks" part of infra/README.md: what `bin/fargate deploy` asks about before it changes the data
 * (replacements, and every in-place change to the database, the cache or the bucket), and in which order the stacks
 * must be updated when a change removes or adds an export, with this app's exports and who imports them, read from
 * the rendered templates (src/stacks/stack-links.ts).
 */
import type { Plan, RenderedStack } from '../plan.js';
import { stackLinks } from '../stacks/stack-links.js';
import { markdownTable } from './subnet-table.js';

export function stackUpdates(thePlan: Plan, rendered: readonly RenderedStack[]): string {
  if (!thePlan.app) return '';
  const name = (key: string) => thePlan.stacks.find((s) => s.key === key)?.stackName ?? key;
  const links = rendered.map((r) => stackLinks(r.stack.key, r.template));
  const rows = links.flatMap((producer) =>
    producer.exports.flatMap((exported) => {
      const importers = links.filter((l) => l.imports.some((i) => i.from === producer.key && i.name === exported)).map((l) => l.key);
      return importers.length > 0 ? [[`\`${name(producer.key)}-${exported}\``, producer.key, importers.join(', ')]] : [];
    }),
  );
  return `## Updating the stacks

\`bin/fargate deploy\` makes a change set for each stack and prints it before running it.

- A change that **replaces or deletes** the database, the cache, a secret, the image repository or a log group
  asks first (type the app name); \`--yes\` refuses it.
- A change to the **database, the cache or the Active Storage bucket in place** is listed with the properties that
  change, and asks too: a new \`DBInstanceClass\` or \`CacheNodeType\` restarts it (minutes of downtime without
  Multi-AZ), and a major \`EngineVersion\` upgrade cannot be undone. \`--yes\` refuses it unless
  \`--yes-modify-data\` is given as well, which allows exactly that. \`bin/fargate preview\` lists both. A cache made
  by an earlier version of the generator gains TLS and an auth token in place (never replaced); the tasks running
  until the app is released connect the old way and may lose the cache for those minutes, which the deploy says.

**Order.** CloudFormation refuses to create a change set that imports an export which does not exist yet, and to
remove an export that another stack still imports. So a stack whose new template imports a new export is updated
after the stack that exports it (the usual order: network, data, app), and a stack whose new template drops an export
that a deployed stack imports is updated after that stack. \`bin/fargate deploy\` works this out before changing
anything, from what the new templates export and import and what AWS says is deployed (\`list-exports\`,
\`list-imports\`), says when the order is not the usual one, and stops when no order works (deploy such a change in
two steps). For example, switching Sidekiq to Solid Queue drops the data stack's \`RedisEndpoint\`, \`RedisPort\` and
\`RedisUrlSecretArn\`, which the running app imports: the app is released first and the cache is removed afterwards,
once nothing uses it. By hand, do the same: release the app (see "Release" below), then deploy the data stack.

The exports another stack imports now, and who imports them:

${markdownTable(['export', 'exported by', 'imported by'], rows)}
`;
}
