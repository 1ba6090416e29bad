/**
 * `.github/workflows/deploy.yml`: on push to the deploy branch, the app's tests (its own CI workflow when it has one
 * that can gate a deploy, see existing-workflow.ts; else a test job with the database its stack uses), then
 * `bin/fargate deploy --yes` with Docker Buildx and AWS credentials from GitHub's OIDC provider: no stored AWS key.
 * Every action is pinned to a release. Written as text, not through a YAML library, to keep the comments.
 */
import type { DbEngine } from '../aws/rds.js';
import type { DatabaseAdapter } from '../stacks/database-url.js';
import type { ExistingWorkflow } from './existing-workflow.js';

/** The actions the workflow uses, each pinned to a release (update them together, after reading their changelogs). */
export const ACTION_PINS = {
  checkout: 'actions/checkout@v4.2.2',
  setupRuby: 'ruby/setup-ruby@v1.245.0',
  setupBuildx: 'docker/setup-buildx-action@v3.10.0',
  awsCredentials: 'aws-actions/configure-aws-credentials@v4.2.1',
} as const;

/** The repository variable that holds the deploy role's ARN (`gh variable set AWS_ROLE_ARN --body ARN`). */
export const ROLE_VARIABLE = 'AWS_ROLE_ARN';
/** The repository secret that holds the Rails master key bin/fargate pushes (`gh secret set RAILS_MASTER_KEY`). */
export const MASTER_KEY_SECRET = 'RAILS_MASTER_KEY';

export interface TestJob {
  /** `bin/rails test` or `bundle exec rspec`. */
  readonly command: string;
  readonly engine: DbEngine;
  readonly engineVersion: string;
  readonly adapter: DatabaseAdapter;
  readonly redis: boolean;
}

export interface DeployWorkflowOptions {
  readonly appName: string;
  readonly environment: string;
  readonly region: string;
  readonly branch: string;
  /** The CloudFormation service role's name (the ci stack's), which bin/fargate passes to CloudFormation. */
  readonly cloudFormationRoleName: string;
  /** The app's CI workflow to depend on, or the test job to run instead. */
  readonly gate: ExistingWorkflow | TestJob;
}

const isExisting = (gate: ExistingWorkflow | TestJob): gate is ExistingWorkflow => 'how' in gate;

/** A YAML double-quoted scalar (JSON's escapes are YAML's). */
const quoted = (text: string): string => JSON.stringify(text);

function databaseService(job: TestJob): { service: string[]; url: string } {
  if (job.engine === 'postgres') {
    return {
      service: [
        '      postgres:',
        `        image: postgres:${job.engineVersion}`,
        '        env:',
        '          POSTGRES_USER: postgres',
        '          POSTGRES_PASSWORD: postgres',
        '        ports:',
        "          - '5432:5432'",
        '        options: --health-cmd "pg_isready -U postgres" --health-interval 5s --health-timeout 5s --health-retries 20',
      ],
      url: `${job.adapter === 'postgis' ? 'postgis' : 'postgres'}://postgres:postgres@127.0.0.1:5432`,
    };
  }
  return {
    service: [
      '      mysql:',
      `        image: mysql:${job.engineVersion}`,
      '        env:',
      "          MYSQL_ALLOW_EMPTY_PASSWORD: 'yes'",
      '        ports:',
      "          - '3306:3306'",
      '        options: --health-cmd "mysqladmin ping -h 127.0.0.1" --health-interval 5s --health-timeout 5s --health-retries 20',
    ],
    url: `${job.adapter === 'trilogy' ? 'trilogy' : 'mysql2'}://root@127.0.0.1:3306`,
  };
}

function testJob(job: TestJob): string[] {
  const db = databaseService(job);
  const packages = job.engine === 'postgres' ? 'libpq-dev libyaml-dev' : 'default-libmysqlclient-dev libyaml-dev';
  return [
    '  # The app has no CI workflow that runs on push to this branch: its tests run here, against the database engine',
    '  # its stack uses.',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 30',
    '    services:',
    ...db.service,
    ...(job.redis
      ? [
          '      redis:',
          '        image: redis:7',
          '        ports:',
          "          - '6379:6379'",
          '        options: --health-cmd "redis-cli ping" --health-interval 5s --health-timeout 5s --health-retries 20',
        ]
      : []),
    '    env:',
    '      RAILS_ENV: test',
    `      DATABASE_URL: ${db.url}`,
    ...(job.redis ? ['      REDIS_URL: redis://127.0.0.1:6379/0'] : []),
    '    steps:',
    `      - uses: ${ACTION_PINS.checkout}`,
    '      - name: System packages for the database client gems',
    `        run: sudo apt-get update && sudo apt-get install --no-install-recommends -y ${packages}`,
    `      - uses: ${ACTION_PINS.setupRuby}`,
    '        with:',
    '          bundler-cache: true',
    '      - name: Prepare the test database',
    '        run: bin/rails db:test:prepare',
    `      - name: ${job.command}`,
    `        run: ${job.command}`,
  ];
}

export function renderDeployWorkflow(options: DeployWorkflowOptions): string {
  const { gate, branch, environment } = options;
  const after = isExisting(gate) && gate.how === 'after';
  const trigger = after
    ? [
        'on:',
        `  # After ${gate.file} completes on ${branch}; the deploy job checks that it passed.`,
        '  workflow_run:',
        `    workflows: [${quoted(gate.name)}]`,
        '    types: [completed]',
        `    branches: [${quoted(branch)}]`,
      ]
    : ['on:', '  push:', `    branches: [${quoted(branch)}]`];
  const gateJob = isExisting(gate)
    ? gate.how === 'call'
      ? [`  # The app's own CI (${gate.file}), called as a reusable workflow: the deploy runs only when it passes.`, '  ci:', `    uses: ./${gate.file}`, '    secrets: inherit']
      : []
    : testJob(gate);
  const needs = isExisting(gate) ? (gate.how === 'call' ? ['    needs: ci'] : []) : ['    needs: test'];
  const condition = after
    ? [
        '    # Only a push to this branch, in this repository, that passed CI: not a pull request from a branch of the same',
        '    # name, not a fork, not a failed or cancelled run.',
        '    if: >-',
        "      github.event.workflow_run.conclusion == 'success' &&",
        "      github.event.workflow_run.event == 'push' &&",
        '      github.event.workflow_run.head_repository.full_name == github.repository',
      ]
    : [];
  return [
    `# Deploys ${options.appName} (${environment}) with bin/fargate on every push to ${branch} whose tests pass.`,
    '# Generated by generator-rails-fargate (yo rails-fargate:ci) from .yo-rc.json; see infra/README.md, "Deploys from',
    '# GitHub Actions". AWS credentials come from GitHub\'s OIDC provider for the role in the repository variable',
    `# ${ROLE_VARIABLE} (the ci stack's DeployRoleArn output): no AWS key is stored anywhere.`,
    'name: Deploy',
    '',
    ...trigger,
    '',
    '# Read-only by default: only the deploy job may ask GitHub for an OIDC token (the test jobs never can).',
    'permissions:',
    '  contents: read',
    '',
    '# One deploy at a time; a newer push waits for the running deploy instead of cancelling it halfway.',
    'concurrency:',
    `  group: deploy-${environment}`,
    '  cancel-in-progress: false',
    '',
    'jobs:',
    ...gateJob,
    '  deploy:',
    ...needs,
    ...condition,
    '    permissions:',
    '      contents: read',
    '      id-token: write',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 120',
    '    steps:',
    `      - uses: ${ACTION_PINS.checkout}`,
    ...(after ? ['        with:', '          ref: ${{ github.event.workflow_run.head_sha }}'] : []),
    `      - uses: ${ACTION_PINS.setupBuildx}`,
    `      - uses: ${ACTION_PINS.awsCredentials}`,
    '        with:',
    `          role-to-assume: \${{ vars.${ROLE_VARIABLE} }}`,
    `          aws-region: ${options.region}`,
    '          role-duration-seconds: 7200',
    '      # The AWS CLI v2 comes with the ubuntu runners. CloudFormation changes the stacks through the ci stack\'s',
    '      # CloudFormation role, so the deploy role needs no right on the resources themselves.',
    `      - name: bin/fargate deploy --env ${environment}`,
    `        run: bin/fargate deploy --yes --env ${environment}`,
    '        env:',
    `          RAILS_MASTER_KEY: \${{ secrets.${MASTER_KEY_SECRET} }}`,
    `          FARGATE_CLOUDFORMATION_ROLE: ${options.cloudFormationRoleName}`,
    '',
  ].join('\n');
}
