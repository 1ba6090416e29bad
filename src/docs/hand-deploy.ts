/**
 * The "Deploy by hand" part of infra/README.md: a first deploy, a release, a rollback and a destroy with the AWS CLI v2
 * and Docker only, in the order bin/fargate deploys (migrations on the new image before any service runs it), each
 * step checked. Drawn from the plan and the rendered templates (stack and parameter names, the subnets the tasks run
 * in, the services to wait for, what a delete leaves behind), so it is right for this app and cannot disagree with
 * the templates. test/hand-deploy-guide.test.ts runs these blocks, as rendered, against recording stubs.
 */
import { appLookups, resourceLine } from './hand-deploy-lookups.js';
import { DEPLOY_INTRO } from './hand-deploy-intro.js';
import type { Plan, RenderedStack, StackKey } from '../plan.js';
import { TEMPLATE_DAYS } from '../stacks/registry.js';

type Resources = Record<string, { Type: string; DeletionPolicy?: string }>;

/** The headings of the guide's sections, in order; each holds ```sh blocks that run as they are. */
export const HAND_DEPLOY_SECTIONS = ['First deploy', 'Release', 'Rollback', 'Destroy'] as const;

/** The app template's parameters the guide sets; every other one is passed as UsePreviousValue on an update. */
const STACK_NAME_PARAMS = { NetworkStackName: 'network', DataStackName: 'data', RegistryStackName: 'registry' } as const;

/** A shell variable reference is quoted (`"$TAG"`); a literal is written as it is. */
const shellWord = (value: string) => (value.startsWith('$') ? `"${value}"` : value);

class Guide {
  readonly region: string;
  constructor(
    private readonly thePlan: Plan,
    private readonly rendered: readonly RenderedStack[],
  ) {
    this.region = `--region ${thePlan.answers.region}`;
  }

  name(key: StackKey): string {
    return this.thePlan.stacks.find((s) => s.key === key)?.stackName ?? '';
  }

  file(key: StackKey): string {
    return this.thePlan.stacks.find((s) => s.key === key)?.file ?? '';
  }

  section(key: StackKey, section: 'Parameters' | 'Outputs' | 'Resources'): Record<string, unknown> {
    return (this.rendered.find((r) => r.stack.key === key)?.template[section] ?? {}) as Record<string, unknown>;
  }

  resources(key: StackKey): Resources {
    return this.section(key, 'Resources') as Resources;
  }

  /** `VAR=$(aws cloudformation describe-stacks ... one output ...)`. */
  output(variable: string, key: StackKey, outputKey: string): string {
    return `${variable}=$(aws cloudformation describe-stacks ${this.region} --stack-name ${this.name(key)} --query "Stacks[0].Outputs[?OutputKey=='${outputKey}'].OutputValue" --output text)`;
  }

  /** `VAR=$(aws cloudformation describe-stacks ... one parameter of the app stack ...)`. */
  appParameter(variable: string, parameter: string): string {
    return `${variable}=$(aws cloudformation describe-stacks ${this.region} --stack-name ${this.name('app')} --query "Stacks[0].Parameters[?ParameterKey=='${parameter}'].ParameterValue" --output text)`;
  }

  /**
   * `aws cloudformation deploy` of a stack other than the app: creates or updates it and waits, or does nothing. The
   * registry stack goes inline (it creates the artifacts bucket); the others are uploaded to that bucket first
   * (`--s3-bucket`: CloudFormation takes 1 MB from S3, 51,200 bytes inline).
   */
  deploy(key: StackKey): string {
    const { appName, environment } = this.thePlan.answers;
    const names = Object.keys(this.section(key, 'Parameters')).filter((p): p is keyof typeof STACK_NAME_PARAMS => p in STACK_NAME_PARAMS);
    const overrides = names.length > 0 ? ` --parameter-overrides ${names.map((p) => `${p}=${this.name(STACK_NAME_PARAMS[p])}`).join(' ')}` : '';
    const s3 = key === 'registry' ? '' : ` --s3-bucket "$ARTIFACTS_BUCKET" --s3-prefix templates/${this.name(key)}`;
    return `aws cloudformation deploy ${this.region} --stack-name ${this.name(key)} --template-file ${this.file(key)}${s3}${overrides} --tags app=${appName} environment=${environment} managed-by=generator-rails-fargate --no-fail-on-empty-changeset`;
  }

  /** The app template into the artifacts bucket, keyed by its content (a re-run writes the same object); sets APP_TEMPLATE_URL. */
  uploadApp(indent = ''): string {
    const host = `$ARTIFACTS_BUCKET.s3.${this.thePlan.answers.region}.amazonaws.com`;
    return [
      `APP_TEMPLATE_KEY=templates/${this.name('app')}/$(git hash-object ${this.file('app')}).yml`,
      `aws s3api put-object ${this.region} --bucket "$ARTIFACTS_BUCKET" --key "$APP_TEMPLATE_KEY" --body ${this.file('app')} --query ETag --output text`,
      `APP_TEMPLATE_URL="https://${host}/$APP_TEMPLATE_KEY"`,
    ].map((l) => indent + l).join('\n');
  }

  /** `--parameters` of the app stack: `values` set, every other parameter the template declares kept. */
  appParameters(values: Readonly<Record<string, string>>): string {
    return Object.keys(this.section('app', 'Parameters'))
      .map((p) => (p in values ? `ParameterKey=${p},ParameterValue=${shellWord(values[p]!)}` : `ParameterKey=${p},UsePreviousValue=true`))
      .join(' ');
  }

  /** update-stack of the app stack, then its waiter. `template`: the file (new template, by URL) or the one deployed. */
  updateApp(values: Readonly<Record<string, string>>, template: 'file' | 'previous', indent = ''): string {
    const body = template === 'file' ? '--template-url "$APP_TEMPLATE_URL"' : '--use-previous-template';
    return [
      ...(template === 'file' ? [this.uploadApp()] : []),
      `aws cloudformation update-stack ${this.region} --stack-name ${this.name('app')} ${body} --capabilities CAPABILITY_IAM \\`,
      `  --parameters ${this.appParameters(values)}`,
      `aws cloudformation wait stack-update-complete ${this.region} --stack-name ${this.name('app')}`,
    ].map((l) => indent + l).join('\n');
  }

  natNone(): boolean {
    return this.thePlan.answers.nat === 'none';
  }

  /** The app's services (web, then each worker) or its log groups: each a shell variable and the line that sets it. */
  appThings(type: 'AWS::ECS::Service' | 'AWS::Logs::LogGroup'): { variable: string; line: string }[] {
    return appLookups(this.section('app', 'Outputs'), this.resources('app'), type).map(({ logicalId, variable, output }) => ({
      variable,
      line: output ? this.output(variable, 'app', output) : resourceLine(variable, this.region, this.name('app'), logicalId),
    }));
  }

  commitCheck(): string {
    return [
      'if [ -n "$(git status --porcelain)" ]; then echo "Commit first: the image tag is the commit SHA." >&2; exit 1; fi',
      'TAG=$(git rev-parse --short=12 HEAD)',
    ].join('\n');
  }

  registryAndImage(n: number): string {
    const platform = this.thePlan.answers.cpuArch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
    return [
      `# ${n}. The registry, then the image of this commit for ${platform}. Tags are immutable: an image already pushed is not built again.`,
      this.deploy('registry'),
      this.output('ARTIFACTS_BUCKET', 'registry', 'ArtifactsBucketName'),
      this.output('REPOSITORY_NAME', 'registry', 'RepositoryName'),
      this.output('REPOSITORY_URI', 'registry', 'RepositoryUri'),
      `if aws ecr describe-images ${this.region} --repository-name "$REPOSITORY_NAME" --image-ids imageTag="$TAG" >/dev/null 2>&1; then`,
      '  echo "$REPOSITORY_URI:$TAG is already pushed"',
      'else',
      `  aws ecr get-login-password ${this.region} | docker login --username AWS --password-stdin "\${REPOSITORY_URI%%/*}"`,
      `  docker buildx build --platform ${platform} --provenance=false --tag "$REPOSITORY_URI:$TAG" --push .`,
      'fi',
    ].join('\n');
  }

  networkAndData(n: number): string {
    return [
      `# ${n}. The network, then the data stack (it imports the network's subnets and security groups).`,
      this.deploy('network'),
      this.deploy('data'),
    ].join('\n');
  }

  /** The migrate task on MigrateImageTag, where the services run, and its exit code tested. */
  migrate(n: number): string {
    const subnets = this.natNone() ? 'PublicSubnetIds' : 'PrivateSubnetIds';
    const where = this.natNone() ? "the public subnets with a public IP (NAT mode none)" : 'the private subnets';
    return [
      `# ${n}. The migrations, as a one-off migrate task in ${where} with the tasks' security group. It must exit 0.`,
      this.output('CLUSTER', 'app', 'ClusterName'),
      this.output('MIGRATE_TASK_DEFINITION', 'app', 'MigrateTaskDefinitionArn'),
      this.output('MIGRATE_LOG_GROUP', 'app', 'MigrateLogGroupName'),
      this.output('ASSIGN_PUBLIC_IP', 'app', 'AssignPublicIp'),
      this.output('SUBNETS', 'network', subnets),
      this.output('SECURITY_GROUP', 'network', 'AppSecurityGroupId'),
      `TASK=$(aws ecs run-task ${this.region} --cluster "$CLUSTER" --task-definition "$MIGRATE_TASK_DEFINITION" --launch-type FARGATE --started-by hand-deploy \\`,
      '  --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$SECURITY_GROUP],assignPublicIp=$ASSIGN_PUBLIC_IP}" \\',
      "  --query 'tasks[0].taskArn' --output text)",
      'if [ "$TASK" = None ]; then echo "The migrate task did not start." >&2; exit 1; fi',
      'echo "Migrate task $TASK"',
      `aws ecs wait tasks-stopped ${this.region} --cluster "$CLUSTER" --tasks "$TASK"`,
      `EXIT_CODE=$(aws ecs describe-tasks ${this.region} --cluster "$CLUSTER" --tasks "$TASK" --query 'tasks[0].containers[0].exitCode' --output text)`,
      'if [ "$EXIT_CODE" != 0 ]; then',
      '  echo "Migrations failed (exit code $EXIT_CODE): stopping here; the services keep their image. The task\'s log:" >&2',
      `  aws logs tail "$MIGRATE_LOG_GROUP" ${this.region} --since 1h --log-stream-name-prefix "migrate/migrate/\${TASK##*/}" >&2 || true`,
      '  exit 1',
      'fi',
    ].join('\n');
  }

  /** Wait until every service is stable (ECS waits for at most 10 per call), then print the URL. */
  stableAndUrl(n: number, what: string): string {
    const services = this.appThings('AWS::ECS::Service');
    const waits: string[] = [];
    for (let i = 0; i < services.length; i += 10) {
      const batch = services.slice(i, i + 10).map((s) => `"$${s.variable}"`).join(' ');
      waits.push(`aws ecs wait services-stable ${this.region} --cluster "$CLUSTER" --services ${batch}`);
    }
    return [
      `# ${n}. Wait until ${services.length > 1 ? 'web and every worker are' : 'web is'} stable (ECS replaces the old tasks only once the new ones are healthy), then print the URL.`,
      ...services.map((s) => s.line),
      ...waits,
      this.output('URL', 'app', 'Url'),
      `echo "${what}: $URL"`,
    ].join('\n');
  }

  firstDeploy(): string {
    const { appName, environment } = this.thePlan.answers;
    const stackNames = Object.fromEntries(Object.entries(STACK_NAME_PARAMS).map(([p, key]) => [p, this.name(key)]));
    const createParams = Object.keys(this.section('app', 'Parameters'))
      .map((p) => {
        const value = { ...stackNames, ImageTag: '$TAG', MigrateImageTag: '$TAG', ServicesEnabled: 'false' }[p];
        return value === undefined ? '' : `ParameterKey=${p},ParameterValue=${shellWord(value)}`;
      })
      .filter(Boolean)
      .join(' ');
    const certificate = this.thePlan.answers.domain
      ? ` Creating it also validates the certificate of ${this.thePlan.answers.domain} in its hosted zone, which takes a few minutes.`
      : '';
    return `### First deploy

Once per environment, while the app stack \`${this.name('app')}\` does not exist: it is created with
\`ServicesEnabled=false\`, so no task runs before the first migrations succeed.${certificate} \`create-stack\` refuses an
app stack that exists, so this cannot stop a running app: for every later deploy, use **Release**. If this stops
after the app stack was created, fix the cause, commit, and continue with **Release** (it also starts the services).
If creating the app stack fails, it is left in \`ROLLBACK_COMPLETE\` and holds nothing: read why
(\`aws cloudformation describe-stack-events ${this.region} --stack-name ${this.name('app')}\`), delete it (the first
block of **Destroy**), and run this again.

\`\`\`sh
set -euo pipefail
${this.commitCheck()}
KEY_FILE=config/credentials/${environment}.key
if [ ! -f "$KEY_FILE" ]; then KEY_FILE=config/master.key; fi
if [ ! -f "$KEY_FILE" ]; then echo "No $KEY_FILE: the app could not read its credentials." >&2; exit 1; fi
${this.registryAndImage(1)}
${this.networkAndData(2)}
# 3. The app stack, with no task running: the migrate task and the services on this image, every service at 0.
#    Its template goes through the artifacts bucket, like every template but the registry's.
${this.uploadApp()}
aws cloudformation create-stack ${this.region} --stack-name ${this.name('app')} --template-url "$APP_TEMPLATE_URL" --capabilities CAPABILITY_IAM \\
  --parameters ${createParams} \\
  --tags Key=app,Value=${appName} Key=environment,Value=${environment} Key=managed-by,Value=generator-rails-fargate
aws cloudformation wait stack-create-complete ${this.region} --stack-name ${this.name('app')}
# 4. The master key into the app's secret. The CLI reads it from stdin (file:///dev/stdin), so it is never an
#    argument; tr drops the newline a key file may end with, which RAILS_MASTER_KEY must not have.
${this.output('MASTER_KEY_SECRET', 'app', 'MasterKeySecretArn')}
tr -d ' \\t\\r\\n' <"$KEY_FILE" | aws secretsmanager put-secret-value ${this.region} --secret-id "$MASTER_KEY_SECRET" --secret-string file:///dev/stdin --query VersionId --output text
${this.migrate(5)}
# 6. Start the services on the migrated image.
${this.updateApp({ ServicesEnabled: 'true' }, 'previous')}
${this.stableAndUrl(7, `Deployed $TAG to ${environment}`)}
\`\`\`
`;
  }

  release(): string {
    const { environment } = this.thePlan.answers;
    return `### Release

Every deploy after the first, in the order that keeps the running app working: first the app stack with
\`MigrateImageTag\` set to the new image while \`ImageTag\` keeps its value (\`UsePreviousValue\`), so only the
migrate task changes; then the migrations on the new image, which must exit 0; only then \`ImageTag\` set to the new
image, which rolls web and the workers. A failed migration stops the release with the services on their current
image. Each update is skipped when the stack already has its value, so a release that stopped can be run again.
\`aws ecs wait tasks-stopped\` gives up after 10 minutes: a longer migration stops the block while its task still
runs. Let it finish (run that wait again with the task ARN the block printed) before running the block again.

\`\`\`sh
set -euo pipefail
${this.commitCheck()}
${this.registryAndImage(1)}
${this.networkAndData(2)}
# 3. The app stack (a new template, if any) with the migrate task on the new image; the services keep theirs.
${this.appParameter('RUNNING_TAG', 'ImageTag')}
${this.appParameter('MIGRATE_TAG', 'MigrateImageTag')}
${this.appParameter('SERVICES_ENABLED', 'ServicesEnabled')}
if [ "$MIGRATE_TAG" != "$TAG" ]; then
${this.updateApp({ MigrateImageTag: '$TAG' }, 'file', '  ')}
fi
${this.migrate(4)}
# 5. Web and the workers to the new image (and on, after a first deploy that stopped before its step 6).
if [ "$RUNNING_TAG" != "$TAG" ] || [ "$SERVICES_ENABLED" != true ]; then
${this.updateApp({ ImageTag: '$TAG', ServicesEnabled: 'true' }, 'previous', '  ')}
fi
${this.stableAndUrl(6, `Released $TAG to ${environment}`)}
\`\`\`

The master key is read by a task when it starts. After changing it, run step 4 of the first deploy again, then
\`aws ecs update-service ${this.region} --cluster CLUSTER --service SERVICE --force-new-deployment\` for each service.
`;
  }

  rollback(): string {
    return `### Rollback

Back to the image pushed before the running one (tags are immutable, so it is exactly what ran before), without
running or reversing migrations: the database must still suit the older code. To choose another image, replace the
\`PREVIOUS_TAG=\` line with \`PREVIOUS_TAG=<tag>\` (\`aws ecr describe-images ${this.region} --repository-name ...\`
lists them).

\`\`\`sh
set -euo pipefail
# 1. The image pushed before the running one.
${this.output('REPOSITORY_NAME', 'registry', 'RepositoryName')}
${this.appParameter('RUNNING_TAG', 'ImageTag')}
PUSHED_TAGS=$(aws ecr describe-images ${this.region} --repository-name "$REPOSITORY_NAME" --filter tagStatus=TAGGED --query 'sort_by(imageDetails,&imagePushedAt)[].imageTags[0]' --output text)
PREVIOUS_TAG=$(printf '%s\\n' "$PUSHED_TAGS" | tr '\\t' '\\n' | awk -v running="$RUNNING_TAG" '$0 == running { print previous; exit } { previous = $0 }')
if [ -z "$PREVIOUS_TAG" ]; then echo "No image older than $RUNNING_TAG in the registry." >&2; exit 1; fi
echo "Rolling back from $RUNNING_TAG to $PREVIOUS_TAG"
# 2. Web and the workers to it; the migrate task keeps its image.
${this.updateApp({ ImageTag: '$PREVIOUS_TAG' }, 'previous')}
${this.output('CLUSTER', 'app', 'ClusterName')}
${this.stableAndUrl(3, 'Rolled back to $PREVIOUS_TAG')}
\`\`\`
`;
  }

  /** What a delete of the stacks leaves behind, read from the templates' DeletionPolicy. */
  leftBehind(): string[] {
    const lines: string[] = [];
    const app = this.resources('app');
    const logGroups = Object.entries(app).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup' && r.DeletionPolicy === 'Retain');
    if (logGroups.length > 0) {
      const days = this.thePlan.answers.logRetentionDays;
      lines.push(
        `- The app stack's ${logGroups.length} log groups (${logGroups.map(([id]) => `\`${id}\``).join(', ')}; \`DeletionPolicy: Retain\`): the logs of a failed release outlive it. They expire after ${days} days (their retention); the first block prints their names.`,
      );
    }
    const data = this.resources('data');
    for (const [id, r] of Object.entries(data)) {
      if (r.Type === 'AWS::RDS::DBInstance' && r.DeletionPolicy === 'Snapshot') {
        lines.push(`- A final snapshot of the database (\`${id}\`, \`DeletionPolicy: Snapshot\`), billed for its storage until you delete it: \`aws rds describe-db-snapshots ${this.region} --db-instance-identifier ID\` with the identifier the second block prints.`);
      } else if (r.Type === 'AWS::ElastiCache::ReplicationGroup' && r.DeletionPolicy === 'Snapshot') {
        lines.push(`- A final snapshot of the cache (\`${id}\`, \`DeletionPolicy: Snapshot\`): \`aws elasticache describe-snapshots ${this.region}\`.`);
      } else if (r.Type === 'AWS::SecretsManager::Secret' && r.DeletionPolicy === 'Retain') {
        lines.push(`- The database's master-user secret (\`${id}\`, \`DeletionPolicy: Retain\`; the second block prints its ARN): a database restored from the final snapshot keeps that password. About $0.40 a month; \`aws secretsmanager delete-secret ${this.region} --secret-id ARN\` once the snapshot is gone.`);
      } else if (r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'Snapshot') {
        lines.push(`- \`${id}\` (${r.Type}, \`DeletionPolicy: ${r.DeletionPolicy}\`).`);
      }
    }
    const repository = Object.entries(this.resources('registry')).find(([, r]) => r.Type === 'AWS::ECR::Repository');
    if (repository?.[1].DeletionPolicy === 'Retain') {
      lines.push(`- The image repository (\`${repository[0]}\`, \`DeletionPolicy: Retain\`) if you skip the last block; that block deletes it and its images.`);
    }
    const bucket = Object.entries(this.resources('registry')).find(([, r]) => r.Type === 'AWS::S3::Bucket');
    if (bucket?.[1].DeletionPolicy === 'Retain') {
      lines.push(`- The artifacts bucket (\`${bucket[0]}\`, \`DeletionPolicy: Retain\`): only the deployed templates, each expiring ${TEMPLATE_DAYS} days after its upload; \`aws s3 rb s3://NAME --force\` removes it sooner (\`aws s3 ls\` lists it, its name holds \`artifactsbucket\`).`);
    }
    return lines;
  }

  destroy(): string {
    const logGroups = this.appThings('AWS::Logs::LogGroup');
    const database = Object.entries(this.resources('data')).find(([, r]) => r.Type === 'AWS::RDS::DBInstance')?.[0] ?? 'Database';
    return `### Destroy

In this order: the app (it imports the others' exports), then the data, the network and the registry. The first
block deletes the app only; the second the database (after a final snapshot) and the network; the third the
registry and its images.

\`\`\`sh
set -euo pipefail
# 1. The app stack: services, load balancer, task definitions, the master key's secret. Its log groups are kept.
${logGroups.map((l) => l.line).join('\n')}
aws cloudformation delete-stack ${this.region} --stack-name ${this.name('app')}
aws cloudformation wait stack-delete-complete ${this.region} --stack-name ${this.name('app')}
echo "Kept: the log groups ${logGroups.map((l) => `$${l.variable}`).join(' ')}"
\`\`\`

\`\`\`sh
set -euo pipefail
# 2. The database is protected from deletion: turn that off, then delete the data stack. CloudFormation snapshots
#    the database first${Object.values(this.resources('data')).some((r) => r.Type === 'AWS::ElastiCache::ReplicationGroup') ? ' (and the cache)' : ''}.
DATABASE=$(aws cloudformation describe-stack-resource ${this.region} --stack-name ${this.name('data')} --logical-resource-id ${database} --query StackResourceDetail.PhysicalResourceId --output text)
${this.output('DATABASE_SECRET', 'data', 'DatabaseSecretArn')}
aws rds modify-db-instance ${this.region} --db-instance-identifier "$DATABASE" --no-deletion-protection --apply-immediately --query DBInstance.DBInstanceIdentifier --output text
aws rds wait db-instance-available ${this.region} --db-instance-identifier "$DATABASE"
aws cloudformation delete-stack ${this.region} --stack-name ${this.name('data')}
aws cloudformation wait stack-delete-complete ${this.region} --stack-name ${this.name('data')}
echo "Kept: the final snapshot of $DATABASE and the database secret $DATABASE_SECRET"
# 3. The network.
aws cloudformation delete-stack ${this.region} --stack-name ${this.name('network')}
aws cloudformation wait stack-delete-complete ${this.region} --stack-name ${this.name('network')}
\`\`\`

\`\`\`sh
set -euo pipefail
# 4. The registry. Its repository is kept when the stack is deleted (DeletionPolicy Retain): delete it, with its
#    images, by name.
${this.output('REPOSITORY_NAME', 'registry', 'RepositoryName')}
aws cloudformation delete-stack ${this.region} --stack-name ${this.name('registry')}
aws cloudformation wait stack-delete-complete ${this.region} --stack-name ${this.name('registry')}
aws ecr delete-repository ${this.region} --repository-name "$REPOSITORY_NAME" --force --query repository.repositoryName --output text
\`\`\`

What stays behind:

${this.leftBehind().join('\n')}
`;
  }
}

/** The deploy section of infra/README.md. */
export function deployGuide(thePlan: Plan, rendered: readonly RenderedStack[]): string {
  const g = new Guide(thePlan, rendered);
  if (!thePlan.app) return `## Deploy by hand\n\n\`\`\`sh\n${g.deploy('network')}\n\`\`\`\n`;
  return `${DEPLOY_INTRO}
${g.firstDeploy()}
${g.release()}
${g.rollback()}
${g.destroy()}`;
}
