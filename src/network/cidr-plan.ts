/**
 * Carving the VPC into subnets. Sizing rule (documented in the README and the generated infra/README.md):
 *
 *   The VPC /N is cut into 8 equal blocks of /(N+3).
 *   - Blocks 0-5 are the private subnets of AZ slots 0-5 (where every Fargate task and the database take an IP).
 *   - Block 6 is cut into 8 blocks of /(N+6): pieces 0-5 are the public subnets of AZ slots 0-5 (load balancer and
 *     NAT gateways only), pieces 6-7 are spare.
 *   - Block 7 is kept free for a later tier (e.g. isolated database subnets).
 *
 * Slots exist for all six AZs whatever the AZ count, so adding an AZ later never renumbers a subnet. Private subnets
 * get 8 times the addresses of public ones. The public subnets must hold an ALB (at least /27), so the VPC is /16 to
 * /21. Address arithmetic and parsing use `ip-address`; nothing here is bit math on strings.
 */
import { Address4 } from 'ip-address';

export const MAX_AZS = 6;
export const AZ_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
/** AWS keeps the first four and the last address of every subnet. */
export const AWS_RESERVED_PER_SUBNET = 5;
const MIN_PREFIX = 16; // the largest VPC AWS allows
const MAX_PREFIX = 21; // public subnets must still be /27, the smallest an ALB accepts
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => new Address4(r));

export type Tier = 'public' | 'private';

export interface SubnetSlot {
  readonly azIndex: number;
  readonly az: (typeof AZ_LETTERS)[number];
  readonly tier: Tier;
  readonly cidr: string;
  readonly addresses: number;
  readonly usable: number;
}

export interface CidrPlan {
  readonly vpcCidr: string;
  readonly vpcAddresses: number;
  readonly subnets: readonly SubnetSlot[];
  /** Blocks kept free: AZ slots not in use, the spare public pieces, the eighth block. */
  readonly reserved: readonly string[];
}

/** True, or the reason the value cannot be the VPC's CIDR. */
export function checkVpcCidr(value: string): true | string {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(value);
  if (!match || !Address4.isValid(value)) return `"${value}" is not an IPv4 CIDR block like 10.0.0.0/16`;
  const address = new Address4(value);
  const prefix = Number(match[2]);
  if (prefix < MIN_PREFIX) return `/${prefix} is larger than the /16 AWS allows for a VPC`;
  if (prefix > MAX_PREFIX) {
    return `/${prefix} is too small: ${AZ_LETTERS.length} public subnets of at least /27 (the smallest an ALB accepts) and their private subnets need /${MAX_PREFIX} or larger`;
  }
  const network = address.startAddress().correctForm();
  if (network !== match[1]) return `host bits are set; the network is ${network}/${prefix}`;
  if (!PRIVATE_RANGES.some((range) => address.isInSubnet(range))) {
    return 'it is not a private (RFC 1918) range: use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16';
  }
  return true;
}

function block(base: bigint, prefix: number, index: number): { cidr: string; addresses: number } {
  const size = 2n ** BigInt(32 - prefix);
  const start = Address4.fromBigInt(base + size * BigInt(index));
  return { cidr: `${start.correctForm()}/${prefix}`, addresses: Number(size) };
}

export function planCidr(vpcCidr: string, azCount: number): CidrPlan {
  const verdict = checkVpcCidr(vpcCidr);
  if (verdict !== true) throw new Error(`vpc-cidr ${vpcCidr}: ${verdict}`);
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AZS) throw new Error(`azCount ${azCount} is not 1..${MAX_AZS}`);
  const vpc = new Address4(vpcCidr);
  const n = vpc.subnetMask;
  const base = vpc.startAddress().bigInt();
  const eighth = 2n ** BigInt(32 - (n + 3));
  const publicBase = base + eighth * 6n;

  const subnets: SubnetSlot[] = [];
  const reserved: string[] = [];
  for (let i = 0; i < MAX_AZS; i++) {
    const priv = block(base, n + 3, i);
    const pub = block(publicBase, n + 6, i);
    if (i >= azCount) {
      reserved.push(pub.cidr, priv.cidr);
      continue;
    }
    const az = AZ_LETTERS[i]!;
    subnets.push({ azIndex: i, az, tier: 'public', ...pub, usable: pub.addresses - AWS_RESERVED_PER_SUBNET });
    subnets.push({ azIndex: i, az, tier: 'private', ...priv, usable: priv.addresses - AWS_RESERVED_PER_SUBNET });
  }
  reserved.push(block(publicBase, n + 6, 6).cidr, block(publicBase, n + 6, 7).cidr, block(base, n + 3, 7).cidr);
  return { vpcCidr, vpcAddresses: Number(2n ** BigInt(32 - n)), subnets, reserved };
}
