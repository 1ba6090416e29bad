/**
 * AWS Regions of the commercial partition (`aws`) where ECS on Fargate, RDS and ElastiCache are offered, with the
 * number of Availability Zones a new account can use there. Source: the AWS "Regions and Availability Zones" page
 * (docs.aws.amazon.com/global-infrastructure), read 2026-11. GovCloud and China use other partitions and ARNs, and
 * are not supported. Opt-in Regions are marked: they must be enabled in the account before the first deploy.
 */
export interface Region {
  readonly name: string;
  readonly location: string;
  readonly azCount: number;
  readonly optIn: boolean;
}

export const REGIONS: readonly Region[] = [
  { name: 'us-east-1', location: 'N. Virginia', azCount: 6, optIn: false },
  { name: 'us-east-2', location: 'Ohio', azCount: 3, optIn: false },
  { name: 'us-west-1', location: 'N. California', azCount: 2, optIn: false },
  { name: 'us-west-2', location: 'Oregon', azCount: 4, optIn: false },
  { name: 'af-south-1', location: 'Cape Town', azCount: 3, optIn: true },
  { name: 'ap-east-1', location: 'Hong Kong', azCount: 3, optIn: true },
  { name: 'ap-south-1', location: 'Mumbai', azCount: 3, optIn: false },
  { name: 'ap-south-2', location: 'Hyderabad', azCount: 3, optIn: true },
  { name: 'ap-southeast-1', location: 'Singapore', azCount: 3, optIn: false },
  { name: 'ap-southeast-2', location: 'Sydney', azCount: 3, optIn: false },
  { name: 'ap-southeast-3', location: 'Jakarta', azCount: 3, optIn: true },
  { name: 'ap-southeast-4', location: 'Melbourne', azCount: 3, optIn: true },
  { name: 'ap-southeast-5', location: 'Malaysia', azCount: 3, optIn: true },
  { name: 'ap-southeast-7', location: 'Thailand', azCount: 3, optIn: true },
  { name: 'ap-northeast-1', location: 'Tokyo', azCount: 3, optIn: false },
  { name: 'ap-northeast-2', location: 'Seoul', azCount: 4, optIn: false },
  { name: 'ap-northeast-3', location: 'Osaka', azCount: 3, optIn: false },
  { name: 'ca-central-1', location: 'Canada (Central)', azCount: 3, optIn: false },
  { name: 'ca-west-1', location: 'Calgary', azCount: 3, optIn: true },
  { name: 'eu-central-1', location: 'Frankfurt', azCount: 3, optIn: false },
  { name: 'eu-central-2', location: 'Zurich', azCount: 3, optIn: true },
  { name: 'eu-west-1', location: 'Ireland', azCount: 3, optIn: false },
  { name: 'eu-west-2', location: 'London', azCount: 3, optIn: false },
  { name: 'eu-west-3', location: 'Paris', azCount: 3, optIn: false },
  { name: 'eu-south-1', location: 'Milan', azCount: 3, optIn: true },
  { name: 'eu-south-2', location: 'Spain', azCount: 3, optIn: true },
  { name: 'eu-north-1', location: 'Stockholm', azCount: 3, optIn: false },
  { name: 'il-central-1', location: 'Tel Aviv', azCount: 3, optIn: true },
  { name: 'me-south-1', location: 'Bahrain', azCount: 3, optIn: true },
  { name: 'me-central-1', location: 'UAE', azCount: 3, optIn: true },
  { name: 'mx-central-1', location: 'Mexico (Central)', azCount: 3, optIn: true },
  { name: 'sa-east-1', location: 'Sao Paulo', azCount: 3, optIn: false },
];

export const REGION_NAMES: readonly string[] = REGIONS.map((r) => r.name);

export function findRegion(name: string): Region | undefined {
  return REGIONS.find((r) => r.name === name);
}
