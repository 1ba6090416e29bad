/**
 * What the generated templates actually contain, read back from them: subnets, NAT gateways, services, data
 * stores, the registry, log groups and every inbound security-group rule. The docs (diagram and tables) are drawn
 * from this, so they can only show what the templates create.
 */
import { intrinsicOf } from '../cfn/yaml.js';
import type { Template } from '../assemble.js';
import type { RenderedStack } from '../plan.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };
export type StackTemplates = Readonly<Partial<Record<'network' | 'registry' | 'data' | 'app', Template>>>;

export interface SubnetNode { readonly id: string; readonly az: string; readonly tier: 'public' | 'private'; readonly cidr: string }
export interface ServiceNode {
  readonly id: string;
  readonly name: string;
  readonly behindLoadBalancer: boolean;
  readonly publicIp: boolean;
  /** The tier of the subnets the service's tasks run in (read from its network configuration). */
  readonly tier: 'public' | 'private';
  /** Logical ID of the log group its containers write to. */
  readonly logGroup?: string;
}
export interface Rule {
  /** Security group that admits the traffic (logical ID). */
  readonly to: string;
  /** A CIDR, or the logical ID of the source security group. */
  readonly from: string;
  readonly port: string;
  readonly description: string;
}

export interface Topology {
  readonly vpcCidr?: string;
  readonly subnets: readonly SubnetNode[];
  /** NAT gateway logical ID -> AZ letter of the public subnet it is in. */
  readonly nats: ReadonlyMap<string, string>;
  /** AZ letter -> NAT gateway logical ID the route table of its private subnet sends 0.0.0.0/0 to. */
  readonly natRoutes: ReadonlyMap<string, string>;
  readonly loadBalancer: boolean;
  readonly https: boolean;
  readonly services: readonly ServiceNode[];
  readonly database?: { readonly engine: string; readonly multiAz: boolean; readonly instanceClass: string };
  /** The cache, with whether it takes TLS only and an AUTH token (rediss://). */
  readonly cache?: { readonly engine: string; readonly nodes: number; readonly tls?: boolean };
  /** The data stack's Active Storage bucket, when the app stores uploads. */
  readonly bucket?: boolean;
  /** The CloudWatch alarms of every stack, and the e-mail address their SNS topic mails, if any. */
  readonly alarms?: { readonly count: number; readonly email?: string };
  readonly registry: boolean;
  /** VPC endpoints by service (`s3`, `ecr.api`...), in template order. */
  readonly endpoints?: readonly string[];
  readonly logGroups: readonly string[];
  /** EventBridge Scheduler schedules (`Schedule<Name>Schedule`) and the log group of the task each starts; absent when none. */
  readonly schedules?: readonly { readonly id: string; readonly logGroup: string }[];
  readonly securityGroups: readonly string[];
  readonly rules: readonly Rule[];
}

function resources(template: Template | undefined): [string, Resource][] {
  return Object.entries((template?.Resources ?? {}) as Record<string, Resource>);
}

function refOf(value: unknown): string | undefined {
  const fn = intrinsicOf(value);
  if (fn?.fn === 'Ref' && typeof fn.arg === 'string') return fn.arg;
  if (fn?.fn === 'GetAtt' && Array.isArray(fn.arg)) return String(fn.arg[0]);
  return undefined;
}

/** `!ImportValue !Sub '${NetworkStackName}-AppSecurityGroupId'` -> the network output's security group. */
function importedGroup(value: unknown, network: Template | undefined): string | undefined {
  const fn = intrinsicOf(value);
  if (fn?.fn !== 'ImportValue') return undefined;
  const sub = intrinsicOf(fn.arg);
  const name = typeof sub?.arg === 'string' ? /-(\w+)$/.exec(sub.arg)?.[1] : undefined;
  const output = name ? (network?.Outputs?.[name] as { Value?: unknown } | undefined) : undefined;
  return output ? refOf(output.Value) : undefined;
}

function groupOf(value: unknown, network: Template | undefined): string | undefined {
  return refOf(value) ?? importedGroup(value, network);
}

function portOf(rule: Record<string, unknown>): string {
  return rule.FromPort === rule.ToPort ? String(rule.FromPort) : `${String(rule.FromPort)}-${String(rule.ToPort)}`;
}

export function readTopology(stacks: StackTemplates): Topology {
  const all = Object.values(stacks).flatMap((t) => resources(t));
  const byId = new Map(all);
  const ofType = (type: string) => all.filter(([, r]) => r.Type === type);
  const network = stacks.network;

  const subnets = ofType('AWS::EC2::Subnet').map(([id, r]) => {
    const match = /^(Public|Private)Subnet([A-F])$/.exec(id);
    if (!match) throw new Error(`unexpected subnet logical ID ${id}`);
    return { id, az: match[2]!, tier: match[1]!.toLowerCase() as SubnetNode['tier'], cidr: String(r.Properties?.CidrBlock) };
  });
  const nats = new Map(
    ofType('AWS::EC2::NatGateway').map(([id, r]) => [id, subnets.find((s) => s.id === refOf(r.Properties?.SubnetId))?.az ?? '?']),
  );
  const tableNat = new Map<string, string>();
  for (const [, route] of ofType('AWS::EC2::Route')) {
    const nat = refOf(route.Properties?.NatGatewayId);
    const table = refOf(route.Properties?.RouteTableId);
    if (nat && table) tableNat.set(table, nat);
  }
  const natRoutes = new Map<string, string>();
  for (const [, association] of ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = subnets.find((s) => s.id === refOf(association.Properties?.SubnetId));
    const nat = tableNat.get(refOf(association.Properties?.RouteTableId) ?? '');
    if (subnet?.tier === 'private' && nat) natRoutes.set(subnet.az, nat);
  }

  const services = ofType('AWS::ECS::Service').map(([id, r]) => {
    const vpc = (r.Properties?.NetworkConfiguration as { AwsvpcConfiguration?: Record<string, unknown> } | undefined)?.AwsvpcConfiguration;
    const taskDefinition = byId.get(refOf(r.Properties?.TaskDefinition) ?? '');
    const containers = (taskDefinition?.Properties?.ContainerDefinitions ?? []) as { LogConfiguration?: { Options?: Record<string, unknown> } }[];
    const logGroup = containers.map((c) => refOf(c.LogConfiguration?.Options?.['awslogs-group'])).find((g) => g !== undefined);
    return {
      id,
      name: id === 'WebService' ? 'web' : id.replace(/^Worker/, '').replace(/Service$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase(),
      behindLoadBalancer: Array.isArray(r.Properties?.LoadBalancers) && r.Properties.LoadBalancers.length > 0,
      publicIp: vpc?.AssignPublicIp === 'ENABLED',
      tier: /-PublicSubnet[A-F]Id/.test(JSON.stringify(vpc?.Subnets ?? '')) ? ('public' as const) : ('private' as const),
      ...(logGroup ? { logGroup } : {}),
    };
  });

  const db = ofType('AWS::RDS::DBInstance')[0]?.[1];
  const cache = ofType('AWS::ElastiCache::ReplicationGroup')[0]?.[1];

  const alarms = ofType('AWS::CloudWatch::Alarm');
  const subscriptions = ofType('AWS::SNS::Topic').flatMap(([, t]) => (t.Properties?.Subscription ?? []) as { Protocol?: string; Endpoint?: unknown }[]);
  const email = subscriptions.find((s) => s.Protocol === 'email' && typeof s.Endpoint === 'string')?.Endpoint as string | undefined;

  const rules: Rule[] = [];
  const addRule = (to: string, rule: Record<string, unknown>) => {
    const from = typeof rule.CidrIp === 'string' ? rule.CidrIp : groupOf(rule.SourceSecurityGroupId, network) ?? '?';
    rules.push({ to, from, port: portOf(rule), description: String(rule.Description ?? '') });
  };
  for (const [id, group] of ofType('AWS::EC2::SecurityGroup')) {
    for (const rule of (group.Properties?.SecurityGroupIngress ?? []) as Record<string, unknown>[]) addRule(id, rule);
  }
  for (const [, ingress] of ofType('AWS::EC2::SecurityGroupIngress')) {
    addRule(groupOf(ingress.Properties?.GroupId, network) ?? '?', ingress.Properties ?? {});
  }

  return {
    vpcCidr: (byId.get('Vpc')?.Properties?.CidrBlock as string | undefined) ?? undefined,
    subnets,
    nats,
    natRoutes,
    loadBalancer: ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').length > 0,
    https: ofType('AWS::CertificateManager::Certificate').length > 0,
    services,
    ...(db
      ? { database: { engine: String(db.Properties?.Engine), multiAz: db.Properties?.MultiAZ === true, instanceClass: String(db.Properties?.DBInstanceClass) } }
      : {}),
    ...(cache
      ? {
          cache: {
            engine: String(cache.Properties?.Engine ?? 'redis'),
            nodes: Number(cache.Properties?.NumCacheClusters ?? 1),
            tls: cache.Properties?.TransitEncryptionEnabled === true && cache.Properties?.AuthToken !== undefined,
          },
        }
      : {}),
    ...(byId.get('StorageBucket')?.Type === 'AWS::S3::Bucket' ? { bucket: true } : {}),
    ...(alarms.length > 0 ? { alarms: { count: alarms.length, ...(email ? { email } : {}) } } : {}),
    registry: ofType('AWS::ECR::Repository').length > 0,
    endpoints: ofType('AWS::EC2::VPCEndpoint').map(([id, endpoint]) => {
      const name = endpoint.Properties?.ServiceName as { 'Fn::Sub'?: string } | undefined;
      return name?.['Fn::Sub']?.replace(/^com\.amazonaws\.\$\{AWS::Region\}\./, '') ?? id;
    }),
    logGroups: ofType('AWS::Logs::LogGroup').map(([id]) => id),
    ...(ofType('AWS::Scheduler::Schedule').length > 0
      ? { schedules: ofType('AWS::Scheduler::Schedule').map(([id]) => ({ id, logGroup: id.replace(/Schedule$/, 'LogGroup') })) }
      : {}),
    securityGroups: ofType('AWS::EC2::SecurityGroup').map(([id]) => id),
    rules,
  };
}

/** The topology of a plan's rendered stacks. */
export function renderedTopology(rendered: readonly RenderedStack[]): Topology {
  return readTopology(Object.fromEntries(rendered.map((r) => [r.stack.key, r.template])));
}
