/**
 * `yo rails-fargate --check-aws`: read-only checks against the account before the first deploy. For each stack the
 * generator plans it looks for a stack of the same name that is not ours (no managed-by tag) or that is stuck in a
 * failed state, and it asks CloudFormation to validate each template. Optional and advisory: without credentials it
 * says so and returns; it never throws and never changes anything. The client is injected (tests mock it).
 */
import { DescribeStacksCommand, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient, Stack } from '@aws-sdk/client-cloudformation';
import { TEMPLATE_BODY_LIMIT } from '../assemble.js';

export const MANAGED_BY_TAG = { Key: 'managed-by', Value: 'generator-rails-fargate' } as const;

export interface PlannedStack {
  readonly stackName: string;
  /** The template's path in the repo, for messages. */
  readonly file: string;
  readonly body: string;
}

export type FindingLevel = 'error' | 'warning' | 'note';

export interface CheckFinding {
  readonly level: FindingLevel;
  readonly subject: string;
  readonly message: string;
}

export interface CheckAwsReport {
  /** False when nothing could be checked (no usable credentials); the findings then say why. */
  readonly checked: boolean;
  readonly findings: readonly CheckFinding[];
}

/** Errors that mean "no usable credentials" rather than "a problem with this stack". */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

class NoCredentials extends Error {}

const errorName = (e: unknown) => (e instanceof Error ? e.name : '');
const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Whether an SDK error means "no usable credentials" rather than a problem with what was asked. */
export const isCredentialError = (e: unknown) => CREDENTIAL_ERRORS.has(errorName(e)) || /could not load credentials/i.test(errorMessage(e));

function rethrowIfNoCredentials(e: unknown): void {
  if (isCredentialError(e)) {
    throw new NoCredentials(errorMessage(e));
  }
}

const isMissingStack = (e: unknown) => errorName(e) === 'ValidationError' && /does not exist/.test(errorMessage(e));

/** What is wrong with an existing stack of a planned name, if anything. */
export function judgeExistingStack(stack: Stack): CheckFinding[] {
  const subject = stack.StackName ?? '';
  const findings: CheckFinding[] = [];
  const ours = (stack.Tags ?? []).some((t) => t.Key === MANAGED_BY_TAG.Key && t.Value === MANAGED_BY_TAG.Value);
  if (!ours) {
    findings.push({
      level: 'error',
      subject,
      message: `a stack of this name already exists and has no ${MANAGED_BY_TAG.Key}=${MANAGED_BY_TAG.Value} tag: it is not ours. Choose another app or environment name, or delete that stack`,
    });
  }
  const status = stack.StackStatus ?? '';
  if (status === 'ROLLBACK_COMPLETE') {
    findings.push({ level: 'error', subject, message: 'its first creation failed (ROLLBACK_COMPLETE) and it cannot be updated: delete it, then deploy' });
  } else if (status.endsWith('_FAILED')) {
    findings.push({ level: 'error', subject, message: `it is in state ${status}: fix it in the CloudFormation console (or continue-update-rollback) before deploying` });
  } else if (status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS') {
    findings.push({ level: 'warning', subject, message: `an operation is running on it (${status}); bin/fargate deploy waits for no one and will refuse` });
  } else if (ours) {
    findings.push({ level: 'note', subject, message: `exists (${status}); a deploy updates it` });
  }
  return findings;
}

async function checkName(client: CloudFormationClient, planned: PlannedStack): Promise<CheckFinding[]> {
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: planned.stackName }));
    const stack = out.Stacks?.[0];
    return stack ? judgeExistingStack(stack) : [];
  } catch (e) {
    rethrowIfNoCredentials(e);
    if (isMissingStack(e)) return [{ level: 'note', subject: planned.stackName, message: 'does not exist yet; the first deploy creates it' }];
    return [{ level: 'warning', subject: planned.stackName, message: `could not be looked up: ${errorMessage(e)}` }];
  }
}

async function checkTemplate(client: CloudFormationClient, planned: PlannedStack): Promise<CheckFinding[]> {
  const size = Buffer.byteLength(planned.body, 'utf8');
  if (size > TEMPLATE_BODY_LIMIT) {
    // ValidateTemplate takes such a body only from S3; bin/fargate uploads it there and CloudFormation checks it then.
    return [{ level: 'note', subject: planned.file, message: `is ${size} bytes, over the ${TEMPLATE_BODY_LIMIT} bytes ValidateTemplate takes inline: not sent; bin/fargate deploys it by URL from the registry's artifacts bucket, where CloudFormation validates it` }];
  }
  try {
    await client.send(new ValidateTemplateCommand({ TemplateBody: planned.body }));
    return [];
  } catch (e) {
    rethrowIfNoCredentials(e);
    const level: FindingLevel = errorName(e) === 'ValidationError' ? 'error' : 'warning';
    return [{ level, subject: planned.file, message: `${level === 'error' ? 'rejected by ValidateTemplate' : 'could not be validated'}: ${errorMessage(e)}` }];
  }
}

/** Look up every planned stack name and validate every template; never throws. */
export async function checkAws(client: CloudFormationClient, stacks: readonly PlannedStack[]): Promise<CheckAwsReport> {
  const findings: CheckFinding[] = [];
  try {
    for (const planned of stacks) findings.push(...(await checkName(client, planned)));
    for (const planned of stacks) findings.push(...(await checkTemplate(client, planned)));
    return { checked: true, findings };
  } catch (e) {
    if (!(e instanceof NoCredentials)) throw e;
    return {
      checked: false,
      findings: [
        {
          level: 'note',
          subject: 'AWS',
          message: `no usable AWS credentials (${e.message}); skipped --check-aws. The files are written anyway; configure credentials (aws configure sso, AWS_PROFILE) and run it again to check`,
        },
      ],
    };
  }
}

/** One line a finding, for the generator's log. */
export function formatCheckAws(report: CheckAwsReport): string[] {
  return report.findings.map((f) => `${f.level.toUpperCase().padEnd(7)} ${f.subject}: ${f.message}`);
}

/** True when a finding should stop a deploy (the generator may exit non-zero on it). */
export const hasErrors = (report: CheckAwsReport) => report.findings.some((f) => f.level === 'error');
