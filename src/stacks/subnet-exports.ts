/**
 * The network stack's subnets, as the other stacks see them: one export per subnet, named
 * `<network stack>-<Tier>Subnet<AZ>Id` (PrivateSubnetAId, PublicSubnetBId...).
 *
 * Why one export per subnet and not one comma-joined list: CloudFormation refuses to change the value of an export
 * another stack imports. A joined list changes whenever an AZ is added or removed, so the network stack could never
 * be updated once the data and app stacks import it. Per-subnet exports never change value; adding an AZ only adds
 * exports, which CloudFormation allows. The data and app stacks therefore take the AZ letters in use and import each
 * subnet by name.
 */
import { InputError } from '../errors.js';
import { AZ_LETTERS } from '../network/cidr-plan.js';

export type SubnetTier = 'Public' | 'Private';

/** The fewest AZs a stack can use: an ALB and an RDS subnet group both need subnets in two AZs. */
export const MIN_AZS = 2;

/** An `!ImportValue !Sub '${NetworkStackName}-<output>'`, in the long form templates hold in memory. */
export interface NetworkImport {
  readonly 'Fn::ImportValue': { readonly 'Fn::Sub': string };
}

/** The network stack's output (and export suffix) holding one subnet's ID. */
export function subnetOutputName(tier: SubnetTier, az: string): string {
  return `${tier}Subnet${az}Id`;
}

/** The AZ letters a stack uses must be the first N slots (what the network stack builds for an AZ count of N). */
export function checkAzs(azs: readonly string[]): void {
  const n = azs.length;
  const expected = AZ_LETTERS.slice(0, n);
  if (n < MIN_AZS || n > AZ_LETTERS.length || azs.some((az, i) => az !== expected[i])) {
    throw new InputError('availability zones', azs, `the first 2 to ${AZ_LETTERS.length} AZ letters in order (${AZ_LETTERS.slice(0, 3).join(', ')}...)`);
  }
}

/** One import per AZ in use, in AZ order: the list a subnet group, load balancer or service takes. */
export function subnetImports(tier: SubnetTier, azs: readonly string[]): NetworkImport[] {
  return azs.map((az) => ({ 'Fn::ImportValue': { 'Fn::Sub': `\${NetworkStackName}-${subnetOutputName(tier, az)}` } }));
}
