import assert from 'node:assert/strict';
import { assemble, renderTemplate, TEMPLATE_BODY_LIMIT } from '../src/assemble.js';
import { checkFargateSize } from '../src/aws/fargate.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { InputError } from '../src/errors.js';
import { fragmentLibrary } from '../src/fragments/library.js';
import { appTemplate } from '../src/stacks/app.js';
import type { AppStackOptions, CpuArch, NatMode, WorkerOptions } from '../src/stacks/app.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';
import { perTest } from './support/per-test.js';

// Parsed templates are inspected as plain data.
type Resource = { Type: string; Properties: any; DependsOn?: string | string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string };
interface Parsed {
  Parameters: Record<string, any>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, any>;
}

const SIDEKIQ: WorkerOptions = { name: 'sidekiq', command: ['bundle', 'exec', 'sidekiq'], cpu: 512, memory: 1024, count: 1 };
const JOBS: WorkerOptions = { name: 'solid-queue', command: ['./bin/jobs'], cpu: 256, memory: 512, count: 2 };
const DOMAIN = { name: 'shelf.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };
/** The app's own settings (yo rails-fargate --env ... --secret ...), given at a third of the matrix. */
const SETTINGS = { env: { FEATURE_FLAGS: 'search=on,beta=off', SMTP_HOST: 'smtp.example.com' }, secrets: ['STRIPE_API_KEY', 'SMTP_PASSWORD'] };
const userSecret = (name: string, suffix = '') => ({
  'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:bookshelf/production/${name}${suffix}`,
});
/** The adapters per engine; the matrix takes the first on x86_64 and the second on arm64, so each is rendered. */
const ADAPTER = { postgres: ['postgresql', 'postgis'], mysql: ['mysql2', 'trilogy'] } as const;

function options(overrides: Partial<AppStackOptions> = {}): AppStackOptions {
  return {
    appName: 'bookshelf',
    environment: 'production',
    cpuArch: 'x86_64',
    containerPort: 3000,
    healthPath: '/up',
    nat: 'per-az',
    azs: ['A', 'B'],
    web: { cpu: 512, memory: 1024, count: 2, maxCount: 6 },
    workers: [],
    logRetentionDays: 30,
    environmentVars: { RAILS_ENV: 'production', RAILS_LOG_TO_STDOUT: '1', PORT: '3000' },
    database: { engine: 'postgres', adapter: 'postgresql', extraDatabases: ['cache', 'queue', 'cable'] },
    redis: false,
    tags: [{ Key: 'app', Value: 'bookshelf' }, { Key: 'environment', Value: 'production' }],
    ...overrides,
  };
}

function render(opts: AppStackOptions): { text: string; template: Parsed } {
  const text = renderTemplate(assemble(appTemplate(fragmentLibrary(), opts)));
  return { text, template: parseCfnYaml(text, 'app.yml') as Parsed };
}

const importOf = (stackParam: string, output: string) => ({ 'Fn::ImportValue': { 'Fn::Sub': `\${${stackParam}}-${output}` } });
/** The subnets of one tier in the given AZs, each imported from its own network stack export. */
const subnetsOf = (tier: 'Public' | 'Private', azs: readonly string[]) => azs.map((az) => importOf('NetworkStackName', `${tier}Subnet${az}Id`));
const ofType = (t: Parsed, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const containers = (t: Parsed) => ofType(t, 'AWS::ECS::TaskDefinition').flatMap(([id, r]) => r.Properties.ContainerDefinitions.map((c: any) => [id, c] as const));

/** What holds at every point of the matrix. */
function checkInvariants(t: Parsed, opts: AppStackOptions): void {
  const arch = { x86_64: 'X86_64', arm64: 'ARM64' }[opts.cpuArch];
  const expectedTasks = ['WebTaskDefinition', 'MigrateTaskDefinition', ...opts.workers.map((w) => `Worker${w.name.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('')}TaskDefinition`)];
  assert.deepEqual(ofType(t, 'AWS::ECS::TaskDefinition').map(([id]) => id).sort(), expectedTasks.sort());

  for (const [id, task] of ofType(t, 'AWS::ECS::TaskDefinition')) {
    const p = task.Properties;
    assert.deepEqual(p.RequiresCompatibilities, ['FARGATE'], id);
    assert.equal(p.NetworkMode, 'awsvpc', id);
    assert.deepEqual(p.RuntimePlatform, { CpuArchitecture: arch, OperatingSystemFamily: 'LINUX' }, id);
    assert.equal(checkFargateSize(Number(p.Cpu), Number(p.Memory)), true, `${id} ${p.Cpu}/${p.Memory}`);
    assert.deepEqual(p.ExecutionRoleArn, { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] }, id);
    assert.deepEqual(p.TaskRoleArn, { 'Fn::GetAtt': ['TaskRole', 'Arn'] }, id);
  }

  for (const [id, c] of containers(t)) {
    for (const env of c.Environment) assert.doesNotMatch(env.Name, /PASSWORD|SECRET|KEY|TOKEN/, `${id}: plain ${env.Name}`);
    assert.deepEqual(c.Environment.map((e: any) => e.Name), [...c.Environment.map((e: any) => e.Name)].sort(), id);
    const own = opts.settings ? ['SMTP_PASSWORD', 'STRIPE_API_KEY'] : [];
    const wrapper = opts.database.urls === 'wrapper';
    const urlNames = ['DATABASE_URL', ...opts.database.extraDatabases.map((db) => `${db.toUpperCase()}_DATABASE_URL`)];
    const dbNames = wrapper ? ['DB_PASSWORD', 'DB_USERNAME'] : urlNames;
    assert.deepEqual(c.Secrets.map((s: any) => s.Name), [...dbNames, 'RAILS_MASTER_KEY', ...(opts.redis ? ['REDIS_URL'] : []), ...own], id);
    // The app's own secrets: each from its own Secrets Manager secret, named <app>/<env>/<NAME>, by ARN.
    assert.deepEqual(c.Secrets.filter((s: any) => own.includes(s.Name)).map((s: any) => s.ValueFrom), own.map((n) => userSecret(n)), id);
    // Its plain settings, as given, among the rest.
    if (opts.settings) {
      assert.deepEqual(c.Environment.filter((e: any) => ['FEATURE_FLAGS', 'SMTP_HOST'].includes(e.Name)), [
        { Name: 'FEATURE_FLAGS', Value: 'search=on,beta=off' }, { Name: 'SMTP_HOST', Value: 'smtp.example.com' },
      ], id);
    }
    assert.deepEqual(c.Secrets[dbNames.length].ValueFrom, { Ref: 'MasterKeySecret' }, id);
    // REDIS_URL carries the cache's AUTH token: a secret (the data stack's RedisUrlSecret), never a plain variable.
    if (opts.redis) assert.deepEqual(c.Secrets[dbNames.length + 1].ValueFrom, importOf('DataStackName', 'RedisUrlSecretArn'), id);
    const dbEnv = c.Environment.map((e: any) => e.Name).filter((n: string) => n.startsWith('DB_'));
    if (wrapper) {
      const dbSecret = importOf('DataStackName', 'DatabaseSecretArn');
      assert.deepEqual(c.Secrets[0].ValueFrom, { 'Fn::Sub': ['${SecretArn}:password::', { SecretArn: dbSecret }] }, id);
      assert.deepEqual(c.Secrets[1].ValueFrom, { 'Fn::Sub': ['${SecretArn}:username::', { SecretArn: dbSecret }] }, id);
      assert.deepEqual(dbEnv, ['DB_HOST', 'DB_NAME', 'DB_PORT'], id);
      assert.deepEqual(c.Command.slice(0, 2), ['sh', '-c'], id);
      for (const extra of opts.database.extraDatabases) assert.ok(c.Command[2].includes(`${extra.toUpperCase()}_DATABASE_URL="$b"_${extra}`), `${id} ${extra}`);
      // Rails takes the adapter from the URL's scheme: it must name the app's adapter (postgres means postgresql).
      const scheme = /\nb="([a-z0-9]+):\/\//.exec(c.Command[2])?.[1];
      assert.equal(scheme === 'postgres' ? 'postgresql' : scheme, opts.database.adapter, id);
    } else {
      // Each URL whole, by its JSON key in the data stack's DatabaseUrlSecret; nothing to build them from.
      const urlSecret = importOf('DataStackName', 'DatabaseUrlSecretArn');
      assert.deepEqual(c.Secrets.slice(0, urlNames.length).map((s: any) => s.ValueFrom), urlNames.map((n) => ({ 'Fn::Sub': [`\${SecretArn}:${n}::`, { SecretArn: urlSecret }] })), id);
      assert.deepEqual(dbEnv, [], id);
      // The app's own command, as it is.
      const expected = id === 'WebTaskDefinition' ? (opts.web.command ?? ['./bin/rails', 'server'])
        : id === 'MigrateTaskDefinition' ? (opts.migrateCommand ?? ['bin/rails', 'db:prepare'])
        : opts.workers.find((w) => `Worker${pascal(w.name)}TaskDefinition` === id)!.command;
      assert.deepEqual(c.Command, expected, id);
    }
    assert.equal(c.LogConfiguration.LogDriver, 'awslogs', id);
    assert.equal(c.Environment.some((e: any) => e.Name === 'REDIS_URL'), false, id);
  }

  // The execution role reads exactly its secrets (with a cache, the REDIS_URL one too); its only '*' is
  // ecr:GetAuthorizationToken, which has no resource.
  const role = t.Resources.ExecutionRole!.Properties;
  const statements = role.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
  const secretStatements = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:')));
  assert.deepEqual(secretStatements, [{
    Effect: 'Allow',
    Action: 'secretsmanager:GetSecretValue',
    Resource: [
      // The URLs, or (wrapper) the master credentials they are built from: never both.
      importOf('DataStackName', opts.database.urls === 'wrapper' ? 'DatabaseSecretArn' : 'DatabaseUrlSecretArn'),
      { Ref: 'MasterKeySecret' },
      ...(opts.redis ? [importOf('DataStackName', 'RedisUrlSecretArn')] : []),
      // Exactly each of the app's own secrets: its name, then the six characters Secrets Manager appends.
      ...(opts.settings ? [userSecret('SMTP_PASSWORD', '-??????'), userSecret('STRIPE_API_KEY', '-??????')] : []),
    ],
  }]);
  for (const s of statements) if (s.Resource === '*') assert.equal(s.Action, 'ecr:GetAuthorizationToken');

  // Placement per NAT mode, for every service.
  const subnets = subnetsOf(opts.nat === 'none' ? 'Public' : 'Private', opts.azs);
  const services = ofType(t, 'AWS::ECS::Service');
  assert.equal(services.length, 1 + opts.workers.length);
  for (const [id, service] of services) {
    const p = service.Properties;
    assert.deepEqual(p.NetworkConfiguration.AwsvpcConfiguration, {
      AssignPublicIp: opts.nat === 'none' ? 'ENABLED' : 'DISABLED',
      SecurityGroups: [importOf('NetworkStackName', 'AppSecurityGroupId')],
      Subnets: subnets,
    }, id);
    assert.deepEqual(p.DeploymentConfiguration, {
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
    }, id);
    assert.equal(p.LaunchType, 'FARGATE', id);
    assert.equal(p.EnableExecuteCommand, true, id);
    assert.equal(p.EnableECSManagedTags, true, id);
    assert.equal(p.PropagateTags, 'SERVICE', id);
    assert.equal('LoadBalancers' in p, id === 'WebService', id);
    assert.equal('HealthCheckGracePeriodSeconds' in p, id === 'WebService', id);
    // ServicesEnabled=false (a first deploy, before its migrations) runs no task.
    const count = id === 'WebService' ? opts.web.count : opts.workers.find((w) => `Worker${pascal(w.name)}Service` === id)!.count;
    assert.deepEqual(p.DesiredCount, { 'Fn::If': ['ServicesOn', count, 0] }, id);
  }
  assert.deepEqual(t.Parameters.ServicesEnabled, {
    Type: 'String',
    Description: t.Parameters.ServicesEnabled.Description,
    Default: 'true',
    AllowedValues: ['true', 'false'],
  });
  assert.deepEqual(t.Conditions.ServicesOn, { 'Fn::Equals': [{ Ref: 'ServicesEnabled' }, 'true'] });
  assert.deepEqual(t.Resources.WebScalableTarget!.Properties.MinCapacity, { 'Fn::If': ['ServicesOn', opts.web.count, 0] });

  // The ALB: public subnets, the network stack's ALB group.
  const alb = t.Resources.LoadBalancer!.Properties;
  assert.equal(alb.Scheme, 'internet-facing');
  assert.deepEqual(alb.SecurityGroups, [importOf('NetworkStackName', 'AlbSecurityGroupId')]);
  assert.deepEqual(alb.Subnets, subnetsOf('Public', opts.azs));
  // The tasks' subnets are the network stack's outputs; this stack does not re-export its imports (cfn-lint W6001).
  assert.equal(t.Outputs.TaskSubnetIds, undefined);
  assert.equal(t.Outputs.TaskSecurityGroupId, undefined);

  // HTTPS only with a domain.
  const https = ['Certificate', 'HttpsListener', 'DnsRecord'];
  for (const id of https) assert.equal(id in t.Resources, opts.domain !== undefined, id);
  assert.equal(t.Resources.HttpListener!.Properties.DefaultActions[0].Type, opts.domain ? 'redirect' : 'forward');
  assert.equal(ofType(t, 'AWS::CertificateManager::Certificate').length + ofType(t, 'AWS::Route53::RecordSet').length, opts.domain ? 2 : 0);
}

describe('app stack: the matrix', () => {
  const lint = new CfnLintBatch();
  const nats: NatMode[] = ['per-az', 'single', 'none'];
  const archs: CpuArch[] = ['x86_64', 'arm64'];
  // The AZs vary with the NAT mode, so the matrix covers 2, 3 and 4 AZs without growing.
  const azsOf: Record<NatMode, string[]> = { 'per-az': ['A', 'B', 'C'], single: ['A', 'B'], none: ['A', 'B', 'C', 'D'] };
  for (const nat of nats) {
    for (const domain of [undefined, DOMAIN]) {
      for (const workers of [[], [SIDEKIQ], [SIDEKIQ, JOBS]]) {
        for (const engine of ['postgres', 'mysql'] as const) {
          for (const extraDatabases of [[], ['cache', 'queue', 'cable']]) {
            for (const cpuArch of archs) {
              const label = `${nat === 'single' ? 'wrapper: ' : ''}nat ${nat} over ${azsOf[nat].length} AZs, ${domain ? 'domain' : 'no domain'}, ${workers.length} worker(s), ${engine} (${ADAPTER[engine][cpuArch === 'arm64' ? 1 : 0]}), ${extraDatabases.length} extra db(s), ${cpuArch}`;
              it(label, () => {
                const opts = options({
                  nat, azs: azsOf[nat], workers, cpuArch, redis: workers.includes(SIDEKIQ),
                  // A third of the matrix in `wrapper` mode (a data stack generated before DatabaseUrlSecret).
                  database: { engine, adapter: ADAPTER[engine][cpuArch === 'arm64' ? 1 : 0], extraDatabases, ...(nat === 'single' ? { urls: 'wrapper' as const } : {}) },
                  ...(domain ? { domain } : {}),
                  ...(workers.length === 2 ? { settings: SETTINGS } : {}),
                });
                const { text, template } = render(opts);
                lint.add(label, text, 'eu-west-1');
                const findings = validateTemplate(text, 'eu-west-1');
                assert.equal(findings.length, 0, formatFindings(findings));
                assert.ok(Buffer.byteLength(text) < TEMPLATE_BODY_LIMIT, `${Buffer.byteLength(text)} bytes`);
                checkInvariants(template, opts);
              });
            }
          }
        }
      }
    }
  }

  it('cfn-lint finds nothing in any template above', function () {
    this.timeout(600_000);
    lint.assertClean();
  });
});

describe('app stack: load balancer and HTTPS', () => {
  // Made inside the tests, not when the file loads (see test/support/per-test.ts).
  const made = perTest(() => {
    const plain = render(options()).template;
    const secure = render(options({ domain: DOMAIN })).template;
    return { plain, secure };
  });

  it('drops invalid header fields and sets an idle timeout', () => {
    const { plain } = made();
    assert.deepEqual(plain.Resources.LoadBalancer!.Properties.LoadBalancerAttributes, [
      { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      { Key: 'idle_timeout.timeout_seconds', Value: '60' },
    ]);
  });

  it('targets task IPs on the container port, checks the health path every 10 s, healthy after 2, drains for 30 s', () => {
    const tg = render(options({ containerPort: 8080, healthPath: '/healthz' })).template.Resources.TargetGroup!.Properties;
    assert.equal(tg.TargetType, 'ip');
    assert.equal(tg.Port, 8080);
    assert.equal(tg.HealthCheckPath, '/healthz');
    assert.equal(tg.HealthCheckPort, 'traffic-port');
    assert.equal(tg.HealthCheckIntervalSeconds * tg.HealthyThresholdCount, 20);
    assert.ok(tg.HealthCheckTimeoutSeconds < tg.HealthCheckIntervalSeconds);
    assert.deepEqual(tg.TargetGroupAttributes, [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]);
    assert.deepEqual(tg.VpcId, importOf('NetworkStackName', 'VpcId'));
  });

  it('without a domain, port 80 forwards to the target group', () => {
    const { plain } = made();
    const listener = plain.Resources.HttpListener!.Properties;
    assert.equal(listener.Port, 80);
    assert.deepEqual(listener.DefaultActions, [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroup' } }]);
    assert.deepEqual(plain.Resources.WebService!.DependsOn, ['WebLogPolicy', 'HttpListener']);
    assert.deepEqual(plain.Outputs.Url.Value, { 'Fn::Sub': 'http://${LoadBalancer.DNSName}' });
  });

  it('with a domain: DNS-validated certificate, TLS 1.3 HTTPS listener, 80 redirected, alias record', () => {
    const { secure } = made();
    const r = secure.Resources;
    assert.deepEqual(r.Certificate!.Properties.DomainValidationOptions, [{ DomainName: DOMAIN.name, HostedZoneId: DOMAIN.hostedZoneId }]);
    assert.equal(r.Certificate!.Properties.ValidationMethod, 'DNS');
    assert.equal(r.HttpsListener!.Properties.Port, 443);
    assert.equal(r.HttpsListener!.Properties.SslPolicy, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
    assert.deepEqual(r.HttpsListener!.Properties.Certificates, [{ CertificateArn: { Ref: 'Certificate' } }]);
    assert.deepEqual(r.HttpsListener!.Properties.DefaultActions, [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroup' } }]);
    const redirect = r.HttpListener!.Properties.DefaultActions[0];
    assert.equal(redirect.RedirectConfig.Protocol, 'HTTPS');
    assert.equal(redirect.RedirectConfig.Port, '443');
    assert.equal(redirect.RedirectConfig.StatusCode, 'HTTP_301');
    assert.deepEqual(r.DnsRecord!.Properties, {
      HostedZoneId: DOMAIN.hostedZoneId,
      Name: DOMAIN.name,
      Type: 'A',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': ['LoadBalancer', 'DNSName'] },
        HostedZoneId: { 'Fn::GetAtt': ['LoadBalancer', 'CanonicalHostedZoneID'] },
        EvaluateTargetHealth: true,
      },
    });
    assert.deepEqual(r.WebService!.DependsOn, ['WebLogPolicy', 'HttpsListener']);
    assert.equal(secure.Outputs.Url.Value, `https://${DOMAIN.name}`);
  });
});

describe('app stack: tasks, roles, logs, scaling', () => {
  // Made inside the tests, not when the file loads (see test/support/per-test.ts).
  const made = perTest(() => {
    const opts = options({ workers: [SIDEKIQ], redis: true, logRetentionDays: 14 });
    const t = render(opts).template;
    const container = (id: string) => t.Resources[id]!.Properties.ContainerDefinitions[0];
    return { opts, t, container };
  });

  it('the web container checks its own health path with curl and listens on the container port', () => {
    const { t, container } = made();
    const web = container('WebTaskDefinition');
    assert.deepEqual(web.HealthCheck.Command, ['CMD-SHELL', 'curl -fsS -o /dev/null http://localhost:3000/up || exit 1']);
    assert.deepEqual(web.PortMappings, [{ ContainerPort: 3000, Protocol: 'tcp' }]);
    assert.deepEqual(t.Resources.WebService!.Properties.LoadBalancers, [{ ContainerName: 'web', ContainerPort: 3000, TargetGroupArn: { Ref: 'TargetGroup' } }]);
    // The app's own command, as docker run and ECS Exec see it.
    assert.deepEqual(web.Command, ['./bin/rails', 'server']);
    const thrust = render(options({ web: { cpu: 256, memory: 512, count: 1, maxCount: 1, command: ['./bin/thrust', './bin/rails', 'server'] } })).template;
    assert.deepEqual(thrust.Resources.WebTaskDefinition!.Properties.ContainerDefinitions[0].Command, ['./bin/thrust', './bin/rails', 'server']);
    // A project in wrapper mode keeps its sh -c script, which ends by exec'ing the same command.
    const wrapped = render(options({ database: { engine: 'postgres', adapter: 'postgresql', extraDatabases: [], urls: 'wrapper' } })).template;
    const wrappedWeb = wrapped.Resources.WebTaskDefinition!.Properties.ContainerDefinitions[0].Command;
    assert.deepEqual(wrappedWeb.slice(0, 2), ['sh', '-c']);
    assert.match(wrappedWeb[2], /\nexec \.\/bin\/rails server$/);
  });

  it('the plain environment holds the app facts, no credentials (the database URLs and REDIS_URL are secrets)', () => {
    const { container } = made();
    const env = Object.fromEntries(container('WebTaskDefinition').Environment.map((e: any) => [e.Name, e.Value]));
    assert.deepEqual(env, {
      PORT: '3000',
      RAILS_ENV: 'production',
      RAILS_LOG_TO_STDOUT: '1',
    });
  });

  it('migrate runs bin/rails db:prepare on MigrateImageTag, or ImageTag when it is empty', () => {
    const { t, container } = made();
    const migrate = container('MigrateTaskDefinition');
    assert.deepEqual(migrate.Command, ['bin/rails', 'db:prepare']);
    assert.deepEqual(migrate.Image['Fn::Sub'][1].Tag, { 'Fn::If': ['HasMigrateImageTag', { Ref: 'MigrateImageTag' }, { Ref: 'ImageTag' }] });
    assert.equal(t.Parameters.MigrateImageTag.Default, '');
    assert.deepEqual(t.Conditions.HasMigrateImageTag, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'MigrateImageTag' }, ''] }] });
    assert.equal(container('WebTaskDefinition').Image['Fn::Sub'][0], '${RepositoryUri}:${ImageTag}');
    assert.equal(t.Parameters.ImageTag.Default, undefined);
    assert.equal(t.Parameters.NetworkStackName.Default, 'bookshelf-production-network');
  });

  it('one log group per task family, kept on delete, with the retention; the execution role writes exactly each one', () => {
    const { t, container } = made();
    for (const id of ['Web', 'Migrate', 'WorkerSidekiq']) {
      const group = t.Resources[`${id}LogGroup`]!;
      assert.equal(group.Properties.RetentionInDays, 14);
      assert.equal(group.DeletionPolicy, 'Retain');
      assert.equal(group.UpdateReplacePolicy, 'Retain');
      const policy = t.Resources[`${id}LogPolicy`]!.Properties;
      assert.deepEqual(policy.Roles, [{ Ref: 'ExecutionRole' }]);
      assert.deepEqual(policy.PolicyDocument.Statement, [{
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [`${id}LogGroup`, 'Arn'] },
      }]);
      // An output for web and migrate (bin/fargate and the guide read them); a worker's is found among the resources.
      assert.deepEqual(t.Outputs[`${id}LogGroupName`]?.Value, id.startsWith('Worker') ? undefined : { Ref: `${id}LogGroup` });
    }
    assert.deepEqual(container('WorkerSidekiqTaskDefinition').LogConfiguration.Options['awslogs-group'], { Ref: 'WorkerSidekiqLogGroup' });
    assert.deepEqual(t.Resources.WorkerSidekiqService!.DependsOn, 'WorkerSidekiqLogPolicy');
  });

  it('the execution role pulls only from its repository; the task role has only the ECS Exec channels', () => {
    const { t } = made();
    const pull = t.Resources.ExecutionRole!.Properties.Policies.find((p: any) => p.PolicyName === 'pull-image').PolicyDocument.Statement;
    assert.deepEqual(pull[1].Resource, importOf('RegistryStackName', 'RepositoryArn'));
    const taskStatements = t.Resources.TaskRole!.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    assert.deepEqual(taskStatements.flatMap((s: any) => s.Action).sort(), [
      'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel',
    ]);
  });

  it('with Active Storage: the bucket name and Region in the environment; the task role may use exactly that bucket', () => {
    const withBucket = render(options({ bucket: true })).template;
    const web = withBucket.Resources.WebTaskDefinition!.Properties.ContainerDefinitions[0];
    const env = Object.fromEntries(web.Environment.map((e: any) => [e.Name, e.Value]));
    assert.deepEqual(env.S3_BUCKET, importOf('DataStackName', 'StorageBucketName'));
    assert.deepEqual(env.AWS_REGION, { Ref: 'AWS::Region' });
    const policy = withBucket.Resources.TaskRole!.Properties.Policies.find((p: any) => p.PolicyName === 'active-storage');
    const arn = importOf('DataStackName', 'StorageBucketArn');
    assert.deepEqual(policy.PolicyDocument.Statement, [
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: arn },
      { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: { 'Fn::Sub': ['${Arn}/*', { Arn: arn }] } },
    ]);
    const without = render(options()).template;
    assert.equal(without.Resources.TaskRole!.Properties.Policies.some((p: any) => p.PolicyName === 'active-storage'), false);
    assert.equal(without.Resources.WebTaskDefinition!.Properties.ContainerDefinitions[0].Environment.some((e: any) => e.Name === 'S3_BUCKET'), false);
  });

  it('the master key secret starts as a generated placeholder, never a literal', () => {
    const { t } = made();
    const secret = t.Resources.MasterKeySecret!.Properties;
    assert.equal('SecretString' in secret, false);
    assert.deepEqual(secret.GenerateSecretString, { PasswordLength: 32, ExcludePunctuation: true });
    assert.deepEqual(t.Outputs.MasterKeySecretArn.Value, { Ref: 'MasterKeySecret' });
  });

  it('the cluster has Container Insights', () => {
    const { t } = made();
    assert.deepEqual(t.Resources.Cluster!.Properties.ClusterSettings, [{ Name: 'containerInsights', Value: 'enabled' }]);
  });

  it('ServicesEnabled=false sets every service to 0 tasks and the web autoscaling minimum to 0', () => {
    const { opts, t } = made();
    assert.match(t.Parameters.ServicesEnabled.Description, /first deploy|migrations/);
    const services = ofType(t, 'AWS::ECS::Service').map(([id]) => id).sort();
    assert.deepEqual(services, ['WebService', 'WorkerSidekiqService']);
    // Evaluate each !If both ways, as CloudFormation would.
    const evaluate = (value: any, on: boolean) => {
      assert.equal(value['Fn::If'][0], 'ServicesOn');
      return value['Fn::If'][on ? 1 : 2];
    };
    assert.deepEqual(services.map((id) => evaluate(t.Resources[id]!.Properties.DesiredCount, false)), [0, 0]);
    assert.deepEqual(services.map((id) => evaluate(t.Resources[id]!.Properties.DesiredCount, true)), [opts.web.count, SIDEKIQ.count]);
    assert.equal(evaluate(t.Resources.WebScalableTarget!.Properties.MinCapacity, false), 0);
    assert.equal(evaluate(t.Resources.WebScalableTarget!.Properties.MinCapacity, true), opts.web.count);
  });

  it('web scales between count and max count on CPU and on requests per target', () => {
    const { t } = made();
    const target = t.Resources.WebScalableTarget!.Properties;
    assert.deepEqual(target.MinCapacity, { 'Fn::If': ['ServicesOn', 2, 0] });
    assert.equal(target.MaxCapacity, 6);
    assert.deepEqual(target.ResourceId, { 'Fn::Sub': 'service/${Cluster}/${WebService.Name}' });
    const cpu = t.Resources.WebCpuScaling!.Properties.TargetTrackingScalingPolicyConfiguration;
    assert.equal(cpu.PredefinedMetricSpecification.PredefinedMetricType, 'ECSServiceAverageCPUUtilization');
    assert.equal(cpu.TargetValue, 60);
    const requests = t.Resources.WebRequestScaling!.Properties.TargetTrackingScalingPolicyConfiguration;
    assert.deepEqual(requests.PredefinedMetricSpecification, {
      PredefinedMetricType: 'ALBRequestCountPerTarget',
      ResourceLabel: { 'Fn::Sub': '${LoadBalancer.LoadBalancerFullName}/${TargetGroup.TargetGroupFullName}' },
    });
  });

  it('exports the outputs of the contract; a worker adds none (bin/fargate finds its service and log group among the resources)', () => {
    const { t } = made();
    assert.deepEqual(Object.keys(t.Outputs).sort(), [
      'AssignPublicIp', 'ClusterName', 'LoadBalancerDnsName', 'MasterKeySecretArn', 'MigrateLogGroupName', 'MigrateTaskDefinitionArn',
      'Url', 'WebLogGroupName', 'WebServiceName',
    ]);
    for (const [name, output] of Object.entries(t.Outputs)) assert.deepEqual(output.Export, { Name: { 'Fn::Sub': `\${AWS::StackName}-${name}` } }, name);
    assert.equal(t.Outputs.AssignPublicIp.Value, 'DISABLED');
  });
});

describe('app stack: workers are independent', () => {
  // Made inside the tests, not when the file loads (see test/support/per-test.ts).
  const made = perTest(() => {
    const rendered = Object.fromEntries(Object.entries(variants).map(([k, workers]) => [k, render(options({ workers })).template]));
    return { rendered };
  });
  const RESIZED: WorkerOptions = { ...SIDEKIQ, cpu: 1024, memory: 4096, count: 3, command: ['bundle', 'exec', 'sidekiq', '-q', 'mail'] };
  const variants: Record<string, WorkerOptions[]> = {
    none: [],
    sidekiq: [SIDEKIQ],
    both: [SIDEKIQ, JOBS],
    reversed: [JOBS, SIDEKIQ],
    jobs: [JOBS],
    resized: [RESIZED, JOBS],
  };
  const owner = (id: string) => /^Worker(Sidekiq|SolidQueue)/.exec(id)?.[1];

  const pairs: [string, string][] = [
    ['none', 'sidekiq'], ['sidekiq', 'both'], ['both', 'jobs'], ['both', 'reversed'], ['both', 'resized'], ['none', 'both'], ['jobs', 'resized'],
  ];
  for (const [a, b] of pairs) {
    it(`${a} -> ${b}: every resource and output not of a changed worker is identical`, () => {
      const { rendered } = made();
      const before = rendered[a]!;
      const after = rendered[b]!;
      const worker = (list: WorkerOptions[], name: string) => list.find((w) => pascal(w.name) === name);
      const changed = (name: string) => JSON.stringify(worker(variants[a]!, name)) !== JSON.stringify(worker(variants[b]!, name));
      for (const section of ['Resources', 'Outputs', 'Parameters', 'Conditions'] as const) {
        const ids = new Set([...Object.keys(before[section] ?? {}), ...Object.keys(after[section] ?? {})]);
        for (const id of ids) {
          const name = owner(id);
          if (name !== undefined && changed(name)) continue;
          assert.deepEqual((after[section] as any)?.[id], (before[section] as any)?.[id], `${section}.${id}`);
        }
      }
    });
  }

  it('a resized worker keeps its logical IDs and changes only its own size, count and command', () => {
    const { rendered } = made();
    const before = rendered.sidekiq!.Resources;
    const after = rendered.resized!.Resources;
    assert.equal(after.WorkerSidekiqTaskDefinition!.Properties.Cpu, '1024');
    assert.equal(after.WorkerSidekiqTaskDefinition!.Properties.Memory, '4096');
    assert.deepEqual(after.WorkerSidekiqService!.Properties.DesiredCount, { 'Fn::If': ['ServicesOn', 3, 0] });
    assert.deepEqual(after.WorkerSidekiqLogGroup, before.WorkerSidekiqLogGroup);
    assert.deepEqual(after.WorkerSidekiqLogPolicy, before.WorkerSidekiqLogPolicy);
  });
});

function pascal(name: string): string {
  return name.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
}

describe('app stack: a change of AZ count', () => {
  for (const nat of ['per-az', 'none'] as const) {
    it(`nat ${nat}: a third AZ appends one subnet to the load balancer, and every service, nothing else`, () => {
      const two = render(options({ nat, workers: [SIDEKIQ], azs: ['A', 'B'] })).template;
      const three = render(options({ nat, workers: [SIDEKIQ], azs: ['A', 'B', 'C'] })).template;
      const tier = nat === 'none' ? 'Public' : 'Private';
      const changed = (t: Parsed) => [
        t.Resources.LoadBalancer!.Properties.Subnets,
        ...ofType(t, 'AWS::ECS::Service').map(([, s]) => s.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets),
      ];
      assert.deepEqual(changed(two), [subnetsOf('Public', ['A', 'B']), subnetsOf(tier, ['A', 'B']), subnetsOf(tier, ['A', 'B'])]);
      assert.deepEqual(changed(three), [subnetsOf('Public', ['A', 'B', 'C']), subnetsOf(tier, ['A', 'B', 'C']), subnetsOf(tier, ['A', 'B', 'C'])]);
      // Put the two-AZ lists into the three-AZ template: what remains is identical.
      const back = structuredClone(three);
      back.Resources.LoadBalancer!.Properties.Subnets = two.Resources.LoadBalancer!.Properties.Subnets;
      for (const [id, s] of ofType(back, 'AWS::ECS::Service')) s.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets = two.Resources[id]!.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets;
      assert.deepEqual(back, two);
    });
  }
});

describe('app stack: size', () => {
  it('stays under the inline template limit with everything on and four workers', () => {
    const workers = ['sidekiq', 'mailers', 'reports', 'imports'].map((name) => ({ ...SIDEKIQ, name }));
    const { text } = render(options({ workers, redis: true, domain: DOMAIN, nat: 'none' }));
    assert.ok(Buffer.byteLength(text) < TEMPLATE_BODY_LIMIT, `${Buffer.byteLength(text)} bytes`);
  });
});

describe('app stack: refused options', () => {
  const refuses = (overrides: Partial<AppStackOptions>, field: string, pattern: RegExp) => {
    assert.throws(() => appTemplate(fragmentLibrary(), options(overrides)), (error: unknown) => {
      assert.ok(error instanceof InputError, String(error));
      assert.equal(error.field, field);
      assert.match(error.message, pattern);
      return true;
    });
  };

  it('an invalid Fargate size, listing the memory allowed with that CPU', () => {
    refuses({ web: { cpu: 512, memory: 512, count: 1, maxCount: 2 } }, 'web cpu/memory', /must be one of: 1024, 2048, 3072, 4096/);
    refuses({ workers: [{ ...SIDEKIQ, cpu: 256, memory: 4096 }] }, 'worker sidekiq cpu/memory', /must be one of: 512, 1024, 2048/);
  });

  it('worker names that are malformed, reserved or give the same logical IDs', () => {
    refuses({ workers: [{ ...SIDEKIQ, name: 'Side_kiq' }] }, 'worker name', /lowercase letters, digits and dashes/);
    refuses({ workers: [{ ...SIDEKIQ, name: 'web' }] }, 'worker name', /not web or migrate/);
    refuses({ workers: [{ ...SIDEKIQ, name: 'a1' }, { ...SIDEKIQ, name: 'a-1' }] }, 'worker name', /distinct from "a1" \(both give WorkerA1\)/);
  });

  it("the app's own settings: a name the stacks set, a malformed one, one given twice, a secret-looking plain one, a multi-line value", () => {
    refuses({ settings: { env: { DATABASE_URL: 'x' }, secrets: [] } }, '--env', /do not set themselves \(the data stack gives the database URLs, as a secret\)/);
    refuses({ settings: { env: {}, secrets: ['QUEUE_DATABASE_URL'] } }, '--secret', /do not set themselves/);
    refuses({ settings: { env: {}, secrets: ['RAILS_MASTER_KEY'] } }, '--secret', /bin\/fargate secrets stores config\/master\.key/);
    refuses({ settings: { env: { PORT: '8080' }, secrets: [] } }, '--env', /do not set themselves/);
    // What the plan computed for this app (its own SSL switch) is the stack's too.
    refuses({ environmentVars: { RAILS_ENV: 'production', FORCE_SSL: 'false' }, settings: { env: { FORCE_SSL: 'true' }, secrets: [] } }, '--env', /the app stack sets it for this app/);
    refuses({ settings: { env: { '9LIVES': 'x' }, secrets: [] } }, '--env', /letters, digits and underscores, not starting with a digit/);
    refuses({ settings: { env: { SMTP_HOST: 'x' }, secrets: ['SMTP_HOST'] } }, '--secret', /each name once/);
    refuses({ settings: { env: { STRIPE_API_KEY: 'sk' }, secrets: [] } }, '--env', /declare it with --secret STRIPE_API_KEY and store its value with bin\/fargate secrets set STRIPE_API_KEY/);
    refuses({ settings: { env: { GREETING: 'hello\nworld' }, secrets: [] } }, '--env', /a value on one line/);
  });

  it('a secret-looking or reserved name in the plain environment', () => {
    refuses({ environmentVars: { STRIPE_API_KEY: 'x' } }, 'environment variable', /does not look like a secret/);
    refuses({ environmentVars: { DATABASE_URL: 'postgres://x' } }, 'environment variable', /does not set itself/);
  });

  it('a log retention CloudWatch does not accept, a max count below the count, a bad health path', () => {
    refuses({ logRetentionDays: 31 }, 'log retention days', /1, 3, 5, 7, 14, 30/);
    refuses({ web: { cpu: 256, memory: 512, count: 3, maxCount: 2 } }, 'web max count', /from 3 to 1000/);
    refuses({ healthPath: '/up; rm -rf /' }, 'health path', /starting with \//);
    refuses({ containerPort: 80 }, 'container port', /from 1024 to 65535 \(the app runs as a non-root user/);
    refuses({ database: { engine: 'postgres', adapter: 'postgresql', extraDatabases: ['cache', 'cache'] } }, 'extra database', /each extra database once/);
    refuses({ database: { engine: 'postgres', adapter: 'trilogy', extraDatabases: [] } }, 'database adapter', /an adapter for postgres: postgresql, postgis/);
    refuses({ database: { engine: 'mysql', adapter: 'postgresql', extraDatabases: [] } }, 'database adapter', /an adapter for mysql: mysql2, trilogy/);
  });

  it('AZ letters that are not the first 2 to 6 slots the network stack builds', () => {
    refuses({ azs: ['A'] }, 'availability zones', /Allowed: the first 2 to 6 AZ letters in order/);
    refuses({ azs: ['B', 'C'] }, 'availability zones', /\["B","C"\]/);
    refuses({ azs: ['A', 'A'] }, 'availability zones', /in order/);
  });
});
