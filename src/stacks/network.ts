/**
 * The network stack of the article: a VPC, a public and a private subnet per AZ, the internet gateway and the
 * public route table, NAT gateways placed by the NAT mode, one private route table per AZ, the free S3 gateway
 * endpoint on the private route tables and, with --vpc-endpoints, interface endpoints in the private subnets.
 */
import type { Answers } from '../answers/questions.js';
import { INTERFACE_ENDPOINTS } from '../aws/vpc-endpoints.js';
import type { TemplateSpec } from '../assemble.js';
import type { FragmentLibrary, FragmentInstance } from '../fragments/library.js';
import type { CidrPlan } from '../network/cidr-plan.js';
import type { Tag } from './tags.js';

export type NatMode = Answers['nat'];

/** The AZ letters that get a NAT gateway, and for each AZ the NAT its private subnet routes through. */
export function natLayout(nat: NatMode, azs: readonly string[]): { natAzs: string[]; routes: Map<string, string> } {
  if (nat === 'none') return { natAzs: [], routes: new Map() };
  const natAzs = nat === 'per-az' ? [...azs] : azs.slice(0, 1);
  return { natAzs, routes: new Map(azs.map((az) => [az, nat === 'per-az' ? az : natAzs[0]!])) };
}

/** What the security groups need: the container port the load balancer reaches, and whether HTTPS is served. */
export interface NetworkAccess {
  readonly containerPort: number;
  readonly https: boolean;
}

export function networkTemplate(
  library: FragmentLibrary,
  answers: Pick<Answers, 'nat'> & Partial<Pick<Answers, 'vpcEndpoints'>>,
  cidr: CidrPlan,
  tags: readonly Tag[],
  access?: NetworkAccess,
): TemplateSpec {
  const publics = cidr.subnets.filter((s) => s.tier === 'public');
  const privates = cidr.subnets.filter((s) => s.tier === 'private');
  const azs = publics.map((s) => s.az);
  const { natAzs, routes } = natLayout(answers.nat, azs);
  const fragments: FragmentInstance[] = [
    library.instantiate('network/vpc', { cidr: cidr.vpcCidr, tags }),
    library.instantiate('network/internet-gateway', { tags }),
    ...publics.map((s) => library.instantiate('network/public-subnet', { az: s.az, azIndex: s.azIndex, cidr: s.cidr, tags })),
    ...privates.map((s) => library.instantiate('network/private-subnet', { az: s.az, azIndex: s.azIndex, cidr: s.cidr, tags })),
    ...natAzs.map((az) => library.instantiate('network/nat-gateway', { az, tags })),
    ...[...routes].map(([az, natAz]) => library.instantiate('network/private-nat-route', { az, natAz })),
    ...(access ? [library.instantiate('network/security-groups', { containerPort: access.containerPort, tags })] : []),
    ...(access?.https ? [library.instantiate('network/alb-https-ingress', {})] : []),
    library.instantiate('network/s3-gateway-endpoint', { routeTables: privates.map((s) => ({ Ref: `PrivateRouteTable${s.az}` })), tags }),
    // Interface endpoints admit the app's security group, so they come with it.
    ...(answers.vpcEndpoints && access
      ? [
          library.instantiate('network/endpoint-security-group', { tags }),
          ...INTERFACE_ENDPOINTS.map(({ name, service }) =>
            library.instantiate('network/interface-endpoint', { name, service, subnets: privates.map((s) => ({ Ref: `PrivateSubnet${s.az}` })), tags }),
          ),
        ]
      : []),
    library.instantiate('network/outputs', {
      publicSubnets: publics.map((s) => ({ Ref: `PublicSubnet${s.az}` })),
      privateSubnets: privates.map((s) => ({ Ref: `PrivateSubnet${s.az}` })),
    }),
    // One export per subnet (see subnet-exports.ts): growing the AZ count only adds exports.
    ...(['Public', 'Private'] as const).flatMap((tier) => azs.map((az) => library.instantiate('network/subnet-export', { tier, az }))),
  ];
  const natWords = { 'per-az': 'a NAT gateway per AZ', single: 'one NAT gateway', none: 'no NAT gateway' }[answers.nat];
  return {
    description: `Network: VPC ${cidr.vpcCidr} over ${azs.length} AZs, public and private subnets, ${natWords}, an S3 gateway endpoint${answers.vpcEndpoints && access ? `, ${INTERFACE_ENDPOINTS.length} interface endpoints` : ''}.`,
    fragments,
  };
}
