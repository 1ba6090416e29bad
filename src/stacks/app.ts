/**
 * The app stack of the article: the ECS cluster, the load balancer (HTTPS with a domain), the web, migrate and
 * worker task definitions, the services, their log groups, the roles, the master-key secret and web autoscaling.
 * Explicit typed options in, a TemplateSpec out. Each worker is its own pair of fragment instances whose logical
 * IDs derive from its name, so adding, resizing or removing one changes no other resource.
 */
import type { TemplateSpec } from '../assemble.js';
import type { FragmentInstance, FragmentLibrary } from '../fragments/library.js';
import { containerCommand, containerEnvironment, containerSecrets, databaseSecretArn, redisUrlSecretArn, storagePolicy, userSecretResources } from './app/container.js';
import { checkAppOptions, DEFAULT_MIGRATE_COMMAND, DEFAULT_WEB_COMMAND, scheduleId, workerId } from './app/options.js';
import type { AppStackOptions, CpuArch, NatMode, ScheduleOptions } from './app/options.js';
import { subnetImports } from './subnet-exports.js';
import type { NetworkImport } from './subnet-exports.js';

export type { AppStackOptions, CpuArch, NatMode, ScheduleOptions, WebOptions, WorkerOptions } from './app/options.js';
export type { AppSettings } from './app/settings.js';
export { checkAppOptions, pascalCase, scheduleId, workerId } from './app/options.js';

/** Seconds a new web task may boot before failed health checks count against it. */
export const WEB_GRACE_PERIOD = 60;

const ARCHITECTURES: Readonly<Record<CpuArch, string>> = { x86_64: 'X86_64', arm64: 'ARM64' };

/**
 * Where tasks run: private subnets behind NAT, or public subnets with a public IP when there is no NAT; one import
 * per AZ in use.
 */
export function taskPlacement(nat: NatMode, azs: readonly string[]): { subnets: NetworkImport[]; assignPublicIp: 'ENABLED' | 'DISABLED' } {
  return nat === 'none'
    ? { subnets: subnetImports('Public', azs), assignPublicIp: 'ENABLED' }
    : { subnets: subnetImports('Private', azs), assignPublicIp: 'DISABLED' };
}

/** The schedule's description in the console: what it runs, when (at most 512 characters). */
export function scheduleDescription(schedule: ScheduleOptions): string {
  const text = `${schedule.name}: ${schedule.command.join(' ')} on ${schedule.expression}${schedule.expression.startsWith('cron(') ? ` (${schedule.timezone})` : ''}`;
  return text.length <= 512 ? text : `${text.slice(0, 509)}...`;
}

export function appTemplate(library: FragmentLibrary, options: AppStackOptions): TemplateSpec {
  checkAppOptions(options);
  const { appName, environment, tags, web, domain } = options;
  const stack = (key: string) => `${appName}-${environment}-${key}`;
  const placement = taskPlacement(options.nat, options.azs);
  const task = {
    cpuArchitecture: ARCHITECTURES[options.cpuArch],
    environment: containerEnvironment(options),
    secrets: containerSecrets(options),
    tags,
  };
  // The group's name is an output for web, migrate and schedules; a worker's comes from the stack's resources.
  const logGroup = (id: string, name: string, output = true) => [
    library.instantiate('app/log-group', { id, name, retentionDays: options.logRetentionDays, tags }),
    ...(output ? [library.instantiate('app/log-group-output', { id, name })] : []),
  ];
  const listener = domain ? 'HttpsListener' : 'HttpListener';

  const fragments: FragmentInstance[] = [
    library.instantiate('app/parameters', {
      networkStackName: stack('network'),
      dataStackName: stack('data'),
      registryStackName: stack('registry'),
    }),
    // The stack's own outputs first; each log group and worker adds its own after them.
    library.instantiate('app/outputs', {
      assignPublicIp: placement.assignPublicIp,
      url: domain ? `https://${domain.name}` : { 'Fn::Sub': 'http://${LoadBalancer.DNSName}' },
    }),
    library.instantiate('app/cluster', { tags }),
    library.instantiate('app/master-key', { tags }),
    library.instantiate('app/roles', {
      databaseSecret: databaseSecretArn(options),
      redisSecret: options.redis ? [redisUrlSecretArn()] : [],
      appSecrets: userSecretResources(options),
      storagePolicies: options.bucket ? [storagePolicy()] : [],
      tags,
    }),
    library.instantiate('app/load-balancer', {
      containerPort: options.containerPort,
      healthPath: options.healthPath,
      idleTimeout: String(options.idleTimeout ?? 60),
      publicSubnets: subnetImports('Public', options.azs),
      tags,
    }),
    domain
      ? library.instantiate('app/https', { domainName: domain.name, hostedZoneId: domain.hostedZoneId, tags })
      : library.instantiate('app/http-listener', {}),
    ...logGroup('Web', 'web'),
    library.instantiate('app/web', {
      ...task,
      ...placement,
      cpu: String(web.cpu),
      memory: String(web.memory),
      command: containerCommand(options, web.command ?? DEFAULT_WEB_COMMAND),
      containerPort: options.containerPort,
      healthPath: options.healthPath,
      gracePeriod: WEB_GRACE_PERIOD,
      count: web.count,
      dependsOn: ['WebLogPolicy', listener],
    }),
    library.instantiate('app/web-autoscaling', {
      minCount: web.count,
      maxCount: web.maxCount,
      cpuTarget: options.scaling?.cpuPercent ?? 60,
      requestsTarget: options.scaling?.requestsPerTarget ?? 1000,
    }),
    library.instantiate('app/alarms', { healthPath: options.healthPath, tags }),
    ...logGroup('Migrate', 'migrate'),
    library.instantiate('app/migrate', {
      ...task,
      // Migrations run once per release; the web size is ample for them.
      cpu: String(web.cpu),
      memory: String(web.memory),
      command: containerCommand(options, options.migrateCommand ?? DEFAULT_MIGRATE_COMMAND),
    }),
    ...options.workers.flatMap((worker) => {
      const id = workerId(worker.name);
      return [
        ...logGroup(id, worker.name, false),
        library.instantiate('app/worker', {
          ...task,
          ...placement,
          id,
          name: worker.name,
          cpu: String(worker.cpu),
          memory: String(worker.memory),
          command: containerCommand(options, worker.command),
          count: worker.count,
        }),
      ];
    }),
    ...(options.schedules ?? []).flatMap((schedule) => {
      const id = scheduleId(schedule.name);
      return [
        ...logGroup(id, schedule.name),
        library.instantiate('app/schedule', {
          ...task,
          ...placement,
          id,
          name: schedule.name,
          description: scheduleDescription(schedule),
          expression: schedule.expression,
          timezone: schedule.timezone,
          cpu: String(schedule.cpu),
          memory: String(schedule.memory),
          command: containerCommand(options, schedule.command),
        }),
      ];
    }),
  ];
  const workerWords = options.workers.length === 0 ? 'no worker' : `workers ${options.workers.map((w) => w.name).join(', ')}`;
  const scheduleWords = options.schedules?.length ? `, schedules ${options.schedules.map((s) => s.name).join(', ')}` : '';
  return {
    description: `App: ECS cluster, load balancer${domain ? ` with HTTPS for ${domain.name}` : ''}, web service and its alarms, migrate task, ${workerWords}${scheduleWords}.`,
    fragments,
  };
}
