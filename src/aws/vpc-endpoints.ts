/**
 * The interface VPC endpoints `--vpc-endpoints` adds, each in every private subnet: what private tasks call besides
 * S3 (which has a free gateway endpoint, always on). With them, image pulls, logs, secrets and ECS Exec no longer
 * pass through NAT.
 */
export interface InterfaceEndpoint {
  /** Logical ID prefix in the network stack: `EcrApi` -> `EcrApiEndpoint`. */
  readonly name: string;
  /** After `com.amazonaws.<region>.` */
  readonly service: string;
  readonly label: string;
}

export const INTERFACE_ENDPOINTS: readonly InterfaceEndpoint[] = [
  { name: 'EcrApi', service: 'ecr.api', label: 'ECR API' },
  { name: 'EcrDkr', service: 'ecr.dkr', label: 'ECR Docker' },
  { name: 'Logs', service: 'logs', label: 'CloudWatch Logs' },
  { name: 'SecretsManager', service: 'secretsmanager', label: 'Secrets Manager' },
  { name: 'SsmMessages', service: 'ssmmessages', label: 'SSM messages (ECS Exec)' },
];
