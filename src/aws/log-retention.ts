/**
 * The values CloudWatch Logs accepts for a log group's RetentionInDays (PutRetentionPolicy / AWS::Logs::LogGroup).
 * Source: CloudWatch Logs API Reference, PutRetentionPolicy, as of 2025-06. Anything else is refused by AWS at
 * deploy time, so we refuse it at generation time.
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

export function isLogRetentionDays(value: number): value is LogRetentionDays {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(value);
}

export function checkLogRetentionDays(value: number): true | string {
  return isLogRetentionDays(value) ? true : `CloudWatch Logs keeps logs for one of: ${LOG_RETENTION_DAYS.join(', ')} days`;
}
