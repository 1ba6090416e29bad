/**
 * What a first deploy needs and what a destroy leaves: said the same way at the end of the generator's run and at
 * the top of infra/README.md. What stays behind is read from the templates' DeletionPolicy, so it cannot drift.
 */
import type { RenderedStack } from '../plan.js';

export const PREREQUISITES = [
  'the AWS CLI v2, logged in to the account to deploy to (`aws sts get-caller-identity` answers)',
  'a running Docker engine with buildx (`docker info` answers)',
  'the Session Manager plugin for the AWS CLI, for `bin/fargate console`',
] as const;

export const FIRST_DEPLOY_TIME = 'The first deploy takes about 15-20 minutes (the database and the first image build take most of it)';

/** What each kind of resource kept on delete is, in a few words. */
const KEPT: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': 'the log groups (until their retention expires)',
  'AWS::RDS::DBInstance': 'a final snapshot of the database',
  'AWS::ElastiCache::ReplicationGroup': 'a final snapshot of the cache',
  'AWS::SecretsManager::Secret': 'the database secret (a database restored from the snapshot keeps its password)',
  'AWS::S3::Bucket': 'the Active Storage bucket and its files',
  'AWS::ECR::Repository': 'the image repository, unless destroyed with --include-registry',
};

/** Resources of one kind that mean different things, by logical ID: the two buckets. */
const KEPT_BY_ID: Readonly<Record<string, string>> = {
  ArtifactsBucket: 'the artifacts bucket of uploaded templates (each expires 30 days after its upload)',
};

/** The resources a delete of the stacks leaves behind (DeletionPolicy Retain or Snapshot), once per kind. */
export function keptAfterDestroy(rendered: readonly RenderedStack[]): string[] {
  const kept = rendered.flatMap(({ template }) =>
    Object.entries((template.Resources ?? {}) as Record<string, { Type: string; DeletionPolicy?: string }>)
      .filter(([, r]) => r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'Snapshot')
      .map(([id, r]) => KEPT_BY_ID[id] ?? KEPT[r.Type] ?? r.Type),
  );
  return [...new Set(kept)];
}
