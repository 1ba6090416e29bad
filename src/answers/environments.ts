/**
 * More environments of one app (`yo rails-fargate:environment staging`): each has its own network, data and app
 * stacks, from its own answers, stored beside its settings in `.yo-rc.json`:
 *
 *   "environments": { "staging": { "answers": { "nat": "none", "webCount": 1, ... }, "env": { ... } } }
 *
 * The first environment (the top-level answers) owns the registry: every environment pulls the same images from it,
 * which is what lets `bin/fargate promote staging production` release the very image staging ran. Hence what an
 * environment shares with the first one and cannot change: the app name, the Region (CloudFormation imports the
 * registry's exports within one Region only), the CPU architecture (one image, one platform) and the job backend
 * (one codebase). Everything else has its own answer, with cheaper defaults than the first environment's. Pure.
 */
import { Address4 } from 'ip-address';
import { InputError } from '../errors.js';
import { QUESTIONS } from './questions.js';
import type { Answers, DefaultContext, QuestionDef } from './questions.js';
import { resolveAnswers } from './resolve.js';
import { SETTINGS_KEY } from './settings.js';

/** The `.yo-rc.json` key the environments live under (shared with their settings), and an environment's answers in it. */
export const ENVIRONMENTS_KEY = SETTINGS_KEY;
export const ANSWERS_KEY = 'answers';

/** The answers an environment takes from the first one, and why it cannot have its own. */
export const SHARED_ANSWERS: Readonly<Partial<Record<keyof Answers, string>>> = {
  appName: 'every environment is one app: its stacks are <app>-<environment>-<stack>',
  region: "the environments share the first environment's registry, and CloudFormation imports its exports within one Region only",
  cpuArch: 'the environments run the same images (bin/fargate promote), built for one platform',
  worker: 'the environments run the same code, with one job backend',
};

/**
 * An environment's defaults: cheap, since nothing here serves customers. No NAT gateway (tasks in public subnets
 * with public IPs: $0 instead of $33+ a month), two AZs (the fewest a load balancer and a database subnet group
 * take), one small web task, the smallest database class, no standby, a week of logs, no domain and no alarm email.
 */
export function environmentDefaults(main: Answers, name: string, vpcCidr: string): Answers {
  return {
    ...main,
    environment: name,
    vpcCidr,
    azCount: 2,
    nat: 'none',
    vpcEndpoints: false,
    webCpu: 256,
    // 0.25 vCPU pairs with 512 to 2048 MiB; a Rails process with its gems needs more than 512.
    webMemory: 1024,
    webCount: 1,
    webMaxCount: 2,
    dbInstanceClass: 'db.t4g.micro',
    dbStorage: 20,
    dbMaxStorage: 100,
    dbMultiAz: false,
    domain: '',
    hostedZoneId: '',
    alarmEmail: '',
    logRetentionDays: 7,
  };
}

/**
 * The first VPC network of the same size as the first environment's, after it, that overlaps none in use: 10.0.0.0/16
 * then 10.1.0.0/16. Separate VPCs may overlap, but distinct ones can be peered (or reached over one VPN) later.
 */
export function nextVpcCidr(first: string, used: readonly string[]): string {
  const start = new Address4(first);
  const size = 1n << BigInt(32 - start.subnetMask);
  const taken = used.map((cidr) => new Address4(cidr));
  const range = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => new Address4(r)).find((r) => start.isInSubnet(r))!;
  const end = range.endAddress().bigInt();
  for (let at = start.bigInt() + size; at + size - 1n <= end; at += size) {
    const candidate = new Address4(`${Address4.fromBigInt(at).correctForm()}/${start.subnetMask}`);
    if (!taken.some((t) => candidate.isInSubnet(t) || t.isInSubnet(candidate))) return `${candidate.correctForm()}/${start.subnetMask}`;
  }
  throw new InputError('vpc-cidr', undefined, `a network of its own: no free /${start.subnetMask} is left in ${range.address}; pass --vpc-cidr`);
}

const question = (name: keyof Answers): QuestionDef => (QUESTIONS as readonly QuestionDef[]).find((q) => q.name === name)!;

/** Where an environment's own answers are in `.yo-rc.json`, for messages. */
const answersPath = (name: string) => `.yo-rc.json "${ENVIRONMENTS_KEY}".${name}.${ANSWERS_KEY}`;

/** An environment's name: the `environment` question's rule, and not the first environment's. */
export function checkEnvironmentName(name: unknown, first: string): string {
  const { schema, allowed } = question('environment');
  if (typeof name !== 'string' || !new RegExp((schema as { pattern: string }).pattern).test(name)) throw new InputError('name', name, allowed);
  if (name === first) throw new InputError('name', name, `${allowed}, other than ${first}: that is the first environment, made by yo rails-fargate`);
  return name;
}

/** An environment's answers must keep what it shares with the first environment; throws naming the flag. */
export function checkSharedAnswers(answers: Answers, main: Answers, source: string, options: Readonly<Record<string, unknown>> = {}): void {
  for (const [name, why] of Object.entries(SHARED_ANSWERS) as [keyof Answers, string][]) {
    if (answers[name] !== main[name]) {
      const { flag } = question(name);
      throw new InputError(flag, answers[name], `${String(main[name])}, the first environment's: ${why}`, options[flag] !== undefined ? `--${flag}` : source);
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The stored answers of every environment after the first, by name, in the order stored; unchecked values. */
export function storedEnvironmentAnswers(stored: unknown, first: string): Record<string, Record<string, unknown>> {
  if (!isRecord(stored)) return {};
  const result: Record<string, Record<string, unknown>> = {};
  for (const [name, entry] of Object.entries(stored)) {
    if (!isRecord(entry) || entry[ANSWERS_KEY] === undefined) continue;
    const answers = entry[ANSWERS_KEY];
    const where = answersPath(name);
    if (name === first) throw new InputError(ANSWERS_KEY, answers, `no answers under ${first}: the first environment's are the top-level ones`, where);
    if (!isRecord(answers)) throw new InputError(ANSWERS_KEY, answers, 'an object of answers, as at the top level', where);
    result[name] = answers;
  }
  return result;
}

/** `environments` with `name`'s answers set (its settings kept), or with `name` gone (answers undefined). */
export function withEnvironmentAnswers(stored: unknown, name: string, answers: Answers | undefined): Record<string, unknown> | undefined {
  const all: Record<string, unknown> = isRecord(stored) ? { ...stored } : {};
  const { [ANSWERS_KEY]: _old, ...settings } = isRecord(all[name]) ? (all[name] as Record<string, unknown>) : {};
  if (answers) all[name] = { [ANSWERS_KEY]: answers, ...settings };
  else delete all[name];
  return Object.keys(all).length > 0 ? all : undefined;
}

/** Defaults that follow another answer: given that one as a flag, the question's own default applies, not ours. */
const FOLLOWS: Readonly<Partial<Record<keyof Answers, keyof Answers>>> = { webMemory: 'webCpu', webMaxCount: 'webCount', dbMaxStorage: 'dbStorage' };

export interface EnvironmentSources {
  /** The first environment's answers. */
  readonly main: Answers;
  readonly name: string;
  /** What `.yo-rc.json` holds for this environment; undefined for a new one. */
  readonly stored?: Readonly<Record<string, unknown>>;
  /** The CLI options, keyed by flag. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly context: DefaultContext;
  /** The VPC networks of the other environments, which a new one's default avoids. */
  readonly usedCidrs: readonly string[];
}

/**
 * An environment's answers: options, then its stored answers, then (a new environment) the cheap defaults; nothing
 * is asked. Each value goes through the same schema and checks as the first environment's, and what it shares with
 * the first one must stay the same.
 */
export async function resolveEnvironmentAnswers(sources: EnvironmentSources): Promise<Answers> {
  const { main, name, options } = sources;
  const stored: Record<string, unknown> = sources.stored ? { ...sources.stored } : { ...environmentDefaults(main, name, nextVpcCidr(main.vpcCidr, sources.usedCidrs)) };
  if (sources.stored === undefined) {
    for (const [answer, leader] of Object.entries(FOLLOWS) as [keyof Answers, keyof Answers][]) {
      if (options[question(leader).flag] !== undefined && options[question(answer).flag] === undefined) delete stored[answer];
    }
  }
  const { environment: _ignored, ...flags } = options;
  const storedAt = sources.stored === undefined ? 'the defaults of a new environment, ' : `${answersPath(name)}.`;
  const answers = await resolveAnswers({ options: flags, stored: { ...stored, environment: name }, yes: true, context: sources.context, storedAt }, () => {
    throw new Error('an environment is never asked: every answer has a value');
  });
  checkSharedAnswers(answers, main, answersPath(name), flags);
  return answers;
}
