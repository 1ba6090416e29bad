/**
 * How the hand-deploy guide finds the app stack's services and log groups in shell: by its output where the stack
 * has one (web, migrate, schedules), else by the resource's physical id (workers have no outputs, so fifty of them
 * stay under CloudFormation's 200). For a service that is its ARN, which `aws ecs wait services-stable` takes.
 */

/** `WorkerMailSenderServiceName` (or `WorkerMailSenderService`) -> `WORKER_MAIL_SENDER_SERVICE`. */
export function shellVariable(key: string): string {
  return key.replace(/Name$/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export interface AppLookup {
  readonly logicalId: string;
  readonly variable: string;
  /** The output holding its name, when the stack has one. */
  readonly output?: string;
}

/** The app template's resources of one type, in template order, each with its shell variable and output if any. */
export function appLookups(outputs: Readonly<Record<string, unknown>>, resources: Readonly<Record<string, { Type: string }>>, type: string): AppLookup[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([logicalId]) => ({
      logicalId,
      variable: shellVariable(logicalId),
      ...(`${logicalId}Name` in outputs ? { output: `${logicalId}Name` } : {}),
    }));
}

/** `VAR=$(aws cloudformation describe-stack-resource ... the physical id of one resource ...)`. */
export function resourceLine(variable: string, region: string, stack: string, logicalId: string): string {
  return `${variable}=$(aws cloudformation describe-stack-resource ${region} --stack-name ${stack} --logical-resource-id ${logicalId} --query StackResourceDetail.PhysicalResourceId --output text)`;
}
