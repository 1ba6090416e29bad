/**
 * The bin/fargate configuration the deploy-script tests run against: the sample app (bookshelf) with one worker
 * (jobs), the Rails 8 databases, two secrets of its own, and the stub scenarios under test/fixtures/aws-stub answering
 * for it.
 */
import { railsConsoleCommand } from '../../src/deploy/fargate-script.js';
import type { FargateScriptConfig } from '../../src/deploy/fargate-script.js';
import { workerId } from '../../src/stacks/app/options.js';

export const EXTRA_DATABASES = ['cache', 'queue', 'cable'];

export const SCRIPT_CONFIG: FargateScriptConfig = {
  appName: 'bookshelf',
  environments: ['production', 'staging'],
  region: 'us-east-1',
  cpuArchitecture: 'X86_64',
  stacks: ['network', 'registry', 'data', 'app'].map((key) => ({ key, file: `infra/cloudformation/${key}.yml` })),
  workers: [{ name: 'jobs', logicalId: workerId('jobs') }],
  statefulLogicalIds: ['Database', 'Repository', 'WebLogGroup', 'MigrateLogGroup', `${workerId('jobs')}LogGroup`],
  consoleCommand: railsConsoleCommand('postgresql', EXTRA_DATABASES),
  secrets: ['SMTP_PASSWORD', 'STRIPE_API_KEY'],
};
