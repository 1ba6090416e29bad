/** plan -> the files the generator writes. Pure: the generator decides, file by file, whether it may write. */
import { infraReadme } from './docs/infra-readme.js';
import type { EnvironmentDoc } from './docs/environments-section.js';
import { checkConnections } from './plan/connections.js';
import { storageNotes } from './plan/storage-notes.js';
import { renderDockerFiles } from './docker/index.js';
import { railsConsoleCommand, renderFargateScript } from './deploy/fargate-script.js';
import { checkTemplateSizes, INFRA_DIR, renderStacks } from './plan.js';
import type { Plan, RenderedStack } from './plan.js';
import type { AppFacts } from './rails/detect.js';
import { suggestedEdits } from './rails/edits.js';
import { scheduleId, workerId } from './stacks/app.js';
import { stackLinks } from './stacks/stack-links.js';
import { cloudFormationRoleName } from './stacks/ci.js';
import { DEPLOY_WORKFLOW } from './ci/existing-workflow.js';
import { renderDeployWorkflow } from './ci/workflow.js';

export interface OutputFile {
  readonly path: string;
  readonly content: string;
  /** 0o755 for scripts. */
  readonly mode?: number;
  /**
   * `generated`: ours, regenerated silently while nobody edits it. `suggestion`: a change to the user's own file,
   * which they always get to refuse.
   */
  readonly kind: 'generated' | 'suggestion';
  readonly why?: string;
}

/** Logical IDs whose replacement or removal loses data: the deploy script refuses such a change under --yes. */
export function statefulLogicalIds(rendered: readonly RenderedStack[]): string[] {
  // Secrets too: a replaced database secret holds a new password the database does not have.
  const stateful = new Set(['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ECR::Repository', 'AWS::Logs::LogGroup', 'AWS::SecretsManager::Secret']);
  return rendered.flatMap(({ template }) =>
    Object.entries((template.Resources ?? {}) as Record<string, { Type: string }>).filter(([, r]) => stateful.has(r.Type)).map(([id]) => id),
  );
}

/** The database, the cache and the Active Storage bucket: the deploy script asks before any in-place change to one. */
export function dataLogicalIds(rendered: readonly RenderedStack[]): string[] {
  const data = new Set(['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::S3::Bucket']);
  return rendered.flatMap(({ template }) =>
    Object.entries((template.Resources ?? {}) as Record<string, { Type: string }>).filter(([, r]) => data.has(r.Type)).map(([id]) => id),
  );
}

/** Say so when the web command is not written as the app has it (src/docker/entrypoint.ts serverCommand). */
function entrypointNote(thePlan: Plan): string[] {
  const app = thePlan.app;
  const written = app?.options.web.command;
  if (!app || !written || written.join(' ') === app.inputs.webCommand.join(' ')) return [];
  return [
    `The web task runs \`${written.join(' ')}\` where yours says \`${app.inputs.webCommand.join(' ')}\` (the same program): your bin/docker-entrypoint runs migrations before \`./bin/rails server\`, which would make every web task migrate as it boots; without that block, a re-run writes your form.`,
  ];
}

export interface RenderedFiles {
  readonly files: OutputFile[];
  /** The templates the files were written from, for the summary and the docs. */
  readonly rendered: readonly RenderedStack[];
  /** What the user should know about the image: lockfile platforms, what an existing Dockerfile gets wrong. */
  readonly notes: readonly string[];
  /** The other environments' plans and templates. */
  readonly environments: readonly EnvironmentDoc[];
}

/**
 * The files of the first environment's plan, and of `others` (each another environment's plan, made with
 * otherEnvironmentPlan): their templates in their own folders, one bin/fargate and one infra/README.md for all.
 */
export function renderFiles(thePlan: Plan, facts?: AppFacts, read: (file: string) => string | undefined = () => undefined, others: readonly Plan[] = []): RenderedFiles {
  const rendered = renderStacks(thePlan);
  checkTemplateSizes(rendered, thePlan.app?.options.workers.length ?? 0);
  const files: OutputFile[] = rendered.map(({ stack, text }) => ({ path: stack.file, content: text, kind: 'generated' }));
  const environments = others.map((other) => {
    const stacks = renderStacks(other);
    checkTemplateSizes(stacks, other.app?.options.workers.length ?? 0);
    files.push(...stacks.map(({ stack, text }) => ({ path: stack.file, content: text, kind: 'generated' as const })));
    return { plan: other, rendered: stacks };
  });
  files.push({ path: `${INFRA_DIR}/README.md`, content: infraReadme(thePlan, rendered, environments), kind: 'generated' });
  const { answers } = thePlan;
  if (thePlan.app) {
    const script = renderFargateScript({
      appName: answers.appName,
      environments: [answers.environment, ...others.map((o) => o.answers.environment)],
      region: answers.region,
      cpuArchitecture: answers.cpuArch === 'arm64' ? 'ARM64' : 'X86_64',
      stacks: ['network', 'registry', 'data', 'app'].map((key) => {
        const { stack, template } = rendered.find((r) => r.stack.key === key)!;
        const links = stackLinks(key, template);
        return { key, file: stack.file, exports: links.exports, imports: links.imports.map((i) => `${i.from}:${i.name}`) };
      }),
      workers: thePlan.app.options.workers.map((w) => ({ name: w.name, logicalId: workerId(w.name) })),
      schedules: (thePlan.app.options.schedules ?? []).map((s) => ({ name: s.name, logicalId: scheduleId(s.name) })),
      statefulLogicalIds: statefulLogicalIds(rendered),
      dataLogicalIds: dataLogicalIds(rendered),
      consoleCommand: railsConsoleCommand(thePlan.app.options.database.adapter, thePlan.app.options.database.extraDatabases, thePlan.app.options.database.urls),
      secrets: thePlan.app.options.settings?.secrets ?? [],
    });
    files.push({ path: 'bin/fargate', content: script, mode: 0o755, kind: 'generated' });
  }
  if (thePlan.app && thePlan.ci) {
    const { inputs } = thePlan.app;
    files.push({
      path: DEPLOY_WORKFLOW,
      content: renderDeployWorkflow({
        appName: answers.appName,
        environment: answers.environment,
        region: answers.region,
        branch: thePlan.ci.answers.branch,
        cloudFormationRoleName: cloudFormationRoleName(answers.appName, answers.environment),
        gate: thePlan.ci.existing ?? {
          command: thePlan.ci.testCommand,
          engine: inputs.dbEngine,
          engineVersion: answers.dbEngineVersion,
          adapter: inputs.dbAdapter,
          redis: thePlan.app.options.redis,
        },
      }),
      kind: 'generated',
    });
  }
  let notes: readonly string[] = [];
  if (thePlan.app) {
    const { data, options } = thePlan.app;
    const { warning } = checkConnections({
      engine: data.engine,
      instanceClass: data.instanceClass,
      webMaxCount: options.web.maxCount,
      workers: options.workers,
      extraDatabases: options.database.extraDatabases,
    });
    if (warning) notes = [warning];
  }
  if (facts) {
    const docker = renderDockerFiles(facts, { cpuArch: answers.cpuArch, ...(thePlan.app ? { databaseUrls: thePlan.app.options.database.urls ?? 'secret' } : {}) });
    notes = [...notes, ...entrypointNote(thePlan), ...storageNotes(facts.storage?.value ?? {}, facts.productionGems?.value), ...docker.notes];
    for (const [path, content] of docker.files) {
      files.push({ path, content, kind: 'generated', ...(path === 'bin/docker-entrypoint' ? { mode: 0o755 } : {}) });
    }
    for (const edit of suggestedEdits(facts, read, { https: answers.domain !== '' })) files.push({ path: edit.file, content: edit.content, kind: 'suggestion', why: edit.why });
  }
  return { files, rendered, notes, environments };
}
