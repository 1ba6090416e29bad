/** The opening of infra/README.md's Deploy section: what bin/fargate does, and how to read the by-hand blocks. */
export const DEPLOY_INTRO = `## Deploy

\`bin/fargate deploy\` does all of this, in order, and explains any failure; \`bin/fargate help\` lists the other
commands (preview, migrate, console, logs, status, rollback, promote, secrets, destroy).

### By hand

With the AWS CLI v2 and Docker only, from the root of the repo. Each block below is a bash script: \`set -euo
pipefail\` at its top stops it at the first command that fails, at an unset variable, and at a failure anywhere in a
pipe, so no later step runs after a failed one; the waiters (\`aws cloudformation wait\`, \`aws ecs wait\`) fail when
what they wait for fails, and the migrate task's exit code is tested. Save a block to a file and run it with
\`bash\`, or paste it into a new \`bash\` (in your login shell, \`set -e\` would close the terminal at the first
failure).

Commit before you build: image tags are immutable and a tag is the commit SHA (\`git rev-parse --short=12 HEAD\`),
so an image built from uncommitted changes would carry the name of a commit that does not hold them, and the same
tag can never be pushed again with other content. The first deploy and a release refuse a dirty work tree.

To see what a stack update would change before it does, add \`--no-execute-changeset\` to its \`aws cloudformation
deploy\` (or run \`bin/fargate preview\`).`;
