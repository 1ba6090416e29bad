/**
 * The bin/fargate configuration the deploy-script tests run against: the sample app (bookshelf) with one worker
 * (jobs), the Rails 8 databases, two secrets of its own, and the stub scenarios under test/fixtures/aws-stub answering
 * for it.
 */
import { railsConsoleCommand } from '../../src/deploy/fargate-script.js';
import type { FargateScriptConfig } from '../../src/deploy/fargate-script.js';
import { workerId } from '../../src/stacks/app/options.js';

export const EXTRA_DATABASES = ['cache', 'queue', 'cable'];

/**
 * What each stack's new template exports and imports (a few of the real names); the scenarios' list-exports answers
 * with exactly these exports deployed, so a release keeps the default order.
 */
export const LINKS: Readonly<Record<string, { exports: string[]; imports: string[] }>> = {
  network: { exports: ['AppSecurityGroupId', 'PrivateSubnetAId', 'PrivateSubnetBId', 'VpcId'], imports: [] },
  registry: { exports: ['RepositoryUri'], imports: [] },
  data: {
    exports: ['DatabaseEndpoint', 'DatabaseSecretArn'],
    imports: ['network:AppSecurityGroupId', 'network:PrivateSubnetAId', 'network:PrivateSubnetBId', 'network:VpcId'],
  },
  app: {
    exports: ['ClusterName'],
    imports: ['data:DatabaseEndpoint', 'data:DatabaseSecretArn', 'network:AppSecurityGroupId', 'network:PrivateSubnetAId', 'network:PrivateSubnetBId', 'registry:RepositoryUri'],
  },
};

export const SCRIPT_CONFIG: FargateScriptConfig = {
  appName: 'bookshelf',
  environments: ['production', 'staging'],
  region: 'us-east-1',
  cpuArchitecture: 'X86_64',
  stacks: ['network', 'registry', 'data', 'app'].map((key) => ({ key, file: `infra/cloudformation/${key}.yml`, ...LINKS[key] })),
  workers: [{ name: 'jobs', logicalId: workerId('jobs') }],
  statefulLogicalIds: ['Database', 'Repository', 'WebLogGroup', 'MigrateLogGroup', `${workerId('jobs')}LogGroup`],
  dataLogicalIds: ['Database', 'Cache', 'StorageBucket'],
  consoleCommand: railsConsoleCommand('postgresql', EXTRA_DATABASES),
  secrets: ['SMTP_PASSWORD', 'STRIPE_API_KEY'],
};

/** The same app with two schedules (test/fixtures/aws-stub/scenarios/schedules.json answers for them). */
export const SCHEDULES_CONFIG: FargateScriptConfig = {
  ...SCRIPT_CONFIG,
  schedules: [
    { name: 'hourly-sync', logicalId: 'ScheduleHourlySync' },
    { name: 'nightly-report', logicalId: 'ScheduleNightlyReport' },
  ],
};
