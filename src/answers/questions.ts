/**
 * Every question the generator asks, declared once. The CLI options, the prompts, the `Answers` type, the JSON
 * Schema that validates `.yo-rc.json` and the error messages are all derived from this table: adding a question is
 * adding a row. Rows are asked in order, so a row's `check` may read the answers above it.
 */
import { REGION_NAMES, findRegion } from '../aws/regions.js';
import { checkVpcCidr } from '../network/cidr-plan.js';

/** What a default may look at: facts read from the Rails repo and the process environment. */
export interface DefaultContext {
  readonly appName?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Schema =
  | { readonly type: 'string'; readonly pattern?: string; readonly enum?: readonly string[] }
  | { readonly type: 'integer'; readonly minimum: number; readonly maximum: number }
  | { readonly type: 'boolean' };

export interface QuestionDef {
  /** Key in `.yo-rc.json` and in `Answers`. */
  readonly name: string;
  /** The CLI option, without the leading dashes. */
  readonly flag: string;
  readonly schema: Schema;
  /** Prompt text, also the option's help line. */
  readonly message: string;
  /** What is allowed, in words, for error messages. */
  readonly allowed: string;
  readonly default: (ctx: DefaultContext) => unknown;
  /** A rule the schema cannot say; returns true or the reason the value is refused. */
  readonly check?: (value: never, earlier: Readonly<Record<string, unknown>>) => true | string;
}

export const QUESTIONS = [
  {
    name: 'appName',
    flag: 'app-name',
    schema: { type: 'string', pattern: '^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$' },
    message: 'Application name (prefix of every stack and resource)',
    allowed: 'lowercase letters, digits and dashes, starting with a letter, not ending with a dash, 1 to 32 characters',
    default: (ctx) => ctx.appName,
  },
  {
    name: 'environment',
    flag: 'environment',
    schema: { type: 'string', pattern: '^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$' },
    message: 'Environment name (a separate set of stacks per environment)',
    allowed: 'lowercase letters, digits and dashes, starting with a letter, 1 to 16 characters',
    default: () => 'production',
  },
  {
    name: 'region',
    flag: 'region',
    schema: { type: 'string', enum: REGION_NAMES },
    message: 'AWS Region',
    allowed: `an AWS Region of the commercial partition: ${REGION_NAMES.join(', ')}`,
    default: (ctx) => {
      const fromEnv = ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
      return fromEnv && findRegion(fromEnv) ? fromEnv : 'us-east-1';
    },
  },
  {
    name: 'vpcCidr',
    flag: 'vpc-cidr',
    schema: { type: 'string' },
    message: 'VPC IPv4 CIDR block',
    allowed: 'a private (RFC 1918) IPv4 network from /16 to /21 with no host bits set, e.g. 10.0.0.0/16',
    default: () => '10.0.0.0/16',
    check: (value: string) => checkVpcCidr(value),
  },
  {
    name: 'azCount',
    flag: 'az-count',
    schema: { type: 'integer', minimum: 2, maximum: 6 },
    message: 'Number of Availability Zones',
    allowed: 'a whole number from 2 to 6, and no more than the Region has',
    default: () => 2,
    check: (value: number, earlier) => {
      const region = findRegion(String(earlier.region));
      if (region && value > region.azCount) {
        return `${region.name} offers ${region.azCount} Availability Zones to new accounts; choose 2 to ${region.azCount}`;
      }
      return true;
    },
  },
  {
    name: 'nat',
    flag: 'nat',
    schema: { type: 'string', enum: ['per-az', 'single', 'none'] },
    message: 'NAT for the private subnets',
    allowed: 'per-az (one NAT gateway per AZ, survives an AZ outage), single (one NAT gateway, cheaper), none (tasks in public subnets with public IPs, cheapest)',
    default: () => 'per-az',
  },
] as const satisfies readonly QuestionDef[];

type ValueOf<S> = S extends { enum: readonly (infer E)[] }
  ? E
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : string;

/** The validated answers, typed from the table above. */
export type Answers = { -readonly [Q in (typeof QUESTIONS)[number] as Q['name']]: ValueOf<Q['schema']> };

export type AnswerName = keyof Answers;
