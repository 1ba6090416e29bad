/**
 * The ci stack: what lets a GitHub Actions workflow of one repository and branch deploy, and nothing more.
 * - GitHub's OIDC identity provider (or the account's existing one, `oidcProviderArn`);
 * - the deploy role, assumable only with a token whose `sub` is `repo:OWNER/REPO:ref:refs/heads/BRANCH` and whose
 *   audience is sts.amazonaws.com, allowed exactly the calls `bin/fargate deploy` makes;
 * - the CloudFormation role, which CloudFormation assumes to change the four app stacks' resources. That keeps the
 *   deploy role small: it may create and execute change sets on those stacks and pass this one role, and has no right
 *   on a VPC, a database or a load balancer itself. The CloudFormation role may use every service the app templates
 *   hold resources of (derived from their resource types below) and IAM only on the roles those stacks create.
 * Deployed once by a person with administrator credentials (`bin/fargate ci-setup`), never by the workflow.
 */
import type { TemplateSpec } from '../assemble.js';
import { InputError } from '../errors.js';
import type { FragmentLibrary } from '../fragments/library.js';
import type { Tag } from './tags.js';

/** The answers of `yo rails-fargate:ci`, stored under `ci` in `.yo-rc.json`. */
export interface CiAnswers {
  /** OWNER/REPO on GitHub. */
  readonly repo: string;
  /** The branch that deploys. */
  readonly branch: string;
  /** The account's existing GitHub OIDC provider; empty: the stack creates one. */
  readonly oidcProviderArn: string;
}

/** The IAM service prefix of each resource type namespace the app stacks use; IAM itself is scoped apart. */
export const SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  ApplicationAutoScaling: 'application-autoscaling',
  CertificateManager: 'acm',
  CloudWatch: 'cloudwatch',
  EC2: 'ec2',
  ECR: 'ecr',
  ECS: 'ecs',
  ElastiCache: 'elasticache',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  Logs: 'logs',
  RDS: 'rds',
  Route53: 'route53',
  S3: 's3',
  Scheduler: 'scheduler',
  SNS: 'sns',
  SecretsManager: 'secretsmanager',
};

/** Services that create something of another service: scaling policies create CloudWatch alarms. */
const ALSO_NEEDS: Readonly<Record<string, readonly string[]>> = {
  'application-autoscaling': ['cloudwatch'],
};

/** Services that encrypt with an AWS managed KMS key and need a grant on it for the caller. */
const KMS_SERVICES = ['elasticache', 'rds', 'secretsmanager'];

export const ROLE_NAME_LIMIT = 64;

export function deployRoleName(appName: string, environment: string): string {
  return `${appName}-${environment}-ci-deploy`;
}

export function cloudFormationRoleName(appName: string, environment: string): string {
  return `${appName}-${environment}-cloudformation`;
}

/** The resource types of every resource the given templates hold. */
export function resourceTypes(specs: readonly TemplateSpec[]): string[] {
  const types = specs.flatMap((spec) =>
    spec.fragments.flatMap((f) => Object.values((f.sections.Resources ?? {}) as Record<string, { Type: string }>).map((r) => r.Type)),
  );
  return [...new Set(types)].sort();
}

/** `<service>:*` for each service whose resources the templates hold (IAM apart), sorted. */
export function serviceActions(types: readonly string[]): string[] {
  const services = new Set<string>();
  for (const type of types) {
    const namespace = /^AWS::([A-Za-z0-9]+)::/.exec(type)?.[1];
    if (namespace === 'IAM') continue;
    const prefix = namespace ? SERVICE_PREFIXES[namespace] : undefined;
    if (!prefix) {
      throw new Error(`the ci stack's CloudFormation role has no IAM service for ${type}: add its namespace to SERVICE_PREFIXES`);
    }
    services.add(prefix);
    for (const also of ALSO_NEEDS[prefix] ?? []) services.add(also);
  }
  return [...services].sort().map((s) => `${s}:*`);
}

export interface CiStackOptions extends CiAnswers {
  readonly appName: string;
  readonly environment: string;
  /** The stack names the deploy role may change: network, registry, data and app. */
  readonly stackNames: readonly string[];
  /** The app stack's name. */
  readonly appStack: string;
  /** The other stacks' templates: the CloudFormation role may use the services their resources belong to. */
  readonly appSpecs: readonly TemplateSpec[];
  readonly tags: readonly Tag[];
}

const sub = (text: string) => ({ 'Fn::Sub': text });

export function ciTemplate(library: FragmentLibrary, options: CiStackOptions): TemplateSpec {
  for (const name of [deployRoleName(options.appName, options.environment), cloudFormationRoleName(options.appName, options.environment)]) {
    if (name.length > ROLE_NAME_LIMIT) {
      throw new InputError('appName', options.appName, `an app and environment name short enough for the IAM role ${name} (at most ${ROLE_NAME_LIMIT} characters)`);
    }
  }
  const services = serviceActions(resourceTypes(options.appSpecs));
  const own = options.oidcProviderArn === '';
  const subject = `repo:${options.repo}:ref:refs/heads/${options.branch}`;
  const fragments = [
    ...(own ? [library.instantiate('ci/oidc-provider', { tags: options.tags })] : []),
    library.instantiate('ci/cloudformation-role', {
      roleName: cloudFormationRoleName(options.appName, options.environment),
      description: `CloudFormation changes the stacks of ${options.appName} (${options.environment}) with this role when bin/fargate deploys from GitHub Actions`,
      serviceActions: services,
      stackRoleArns: options.stackNames.map((name) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}-*`)),
      kmsViaServices: KMS_SERVICES.filter((s) => services.includes(`${s}:*`)).map((s) => sub(`${s}.\${AWS::Region}.amazonaws.com`)),
      tags: options.tags,
    }),
    library.instantiate('ci/deploy-role', {
      roleName: deployRoleName(options.appName, options.environment),
      description: `GitHub Actions of ${options.repo} on ${options.branch} run bin/fargate deploy for ${options.appName} (${options.environment})`,
      providerArn: own ? { Ref: 'GitHubOidcProvider' } : options.oidcProviderArn,
      subject,
      stackArns: options.stackNames.map((name) => sub(`arn:\${AWS::Partition}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stack/${name}/*`)),
      cloudFormationRoleArn: { 'Fn::GetAtt': ['CloudFormationRole', 'Arn'] },
      appName: options.appName,
      environment: options.environment,
      appStack: options.appStack,
      tags: options.tags,
    }),
  ];
  return {
    description:
      `CI: lets GitHub Actions of ${options.repo} (branch ${options.branch}) deploy with bin/fargate through OIDC, ` +
      `${own ? 'with GitHub\'s identity provider' : 'trusting the account\'s existing GitHub identity provider'}, a deploy role ` +
      'and the role CloudFormation changes the stacks with. Deployed once by an administrator: bin/fargate ci-setup.',
    fragments,
  };
}
