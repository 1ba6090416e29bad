/**
 * The app's own environment variables and secrets, per environment: what `.yo-rc.json` holds under `environments`,
 * changed by `--env KEY=VALUE`, `--secret NAME` and `--unset NAME` (each repeatable). Pure: the stored value and the
 * flags in, the settings of the current environment and the new stored value out, or an InputError naming the flag,
 * the value and what is allowed (the generator then writes nothing).
 *
 *   "environments": { "production": { "env": { "SMTP_HOST": "smtp.example.com" }, "secrets": ["STRIPE_API_KEY"] } }
 *
 * Keyed by environment so that each environment (the answer `environment`, and the ones a future `environment`
 * sub-generator adds) has its own; only the current one reaches the templates. Secrets are names only: values go to
 * Secrets Manager through `bin/fargate secrets set NAME`, never into a file.
 */
import { InputError } from '../errors.js';
import { checkSettings } from '../stacks/app/options.js';
import { ENV_NAME, ENV_NAME_RULE } from '../stacks/app/settings.js';
import type { AppSettings } from '../stacks/app/settings.js';

/** The `.yo-rc.json` key. */
export const SETTINGS_KEY = 'environments';

export interface StoredSettings {
  /** An environment's own answers (not the first environment's): src/answers/environments.ts. */
  readonly answers?: unknown;
  readonly env?: Readonly<Record<string, string>>;
  readonly secrets?: readonly string[];
}

export interface SettingsFlags {
  /** `--env KEY=VALUE`, in the order given. */
  readonly env?: readonly string[];
  /** `--secret NAME`. */
  readonly secret?: readonly string[];
  /** `--unset NAME`: removes a plain variable or a secret. */
  readonly unset?: readonly string[];
}

/**
 * A repeatable string option as Yeoman hands it over: one string, a list, or absent. Anything else (Yeoman passes its
 * environment object under the name `env`) counts as absent.
 */
export function optionList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  return [];
}

/** The JSON Schema of the stored settings (part of schemas/answers.schema.json). */
export function settingsSchema(answerProperties: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const name = { type: 'string', pattern: ENV_NAME.source };
  return {
    description: `The app's own environment variables (--env KEY=VALUE) and secrets (--secret NAME; values in Secrets Manager as <app>/<environment>/NAME), per environment; --unset NAME removes one. Names: ${ENV_NAME_RULE}, none the stacks set themselves.`,
    type: 'object',
    propertyNames: { pattern: '^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$' },
    additionalProperties: {
      type: 'object',
      properties: {
        answers: {
          description: 'An environment\'s own answers (yo rails-fargate:environment NAME), as at the top level; the first environment\'s are the top-level ones.',
          type: 'object',
          properties: answerProperties,
          additionalProperties: false,
        },
        env: { type: 'object', propertyNames: name, additionalProperties: { type: 'string', pattern: '^[^\\r\\n\\u0000]*$' } },
        secrets: { type: 'array', items: name, uniqueItems: true },
      },
      additionalProperties: false,
    },
  };
}

/**
 * The `--env` values of a `yo rails-fargate ...` command line. Yeoman's environment hands every generator itself
 * under the option name `env`, which overwrites the parsed `--env` option, so the generator reads them from the
 * command line: only after the word `rails-fargate` (or `rails-fargate:app`), as `--env VALUE` or `--env=VALUE`.
 */
export function envFlagsFromArgv(argv: readonly string[]): string[] {
  const at = argv.findIndex((word) => word === 'rails-fargate' || word === 'rails-fargate:app');
  if (at < 0) return [];
  const values: string[] = [];
  for (let i = at + 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    if (word === '--env' && i + 1 < argv.length) values.push(argv[++i]!);
    else if (word.startsWith('--env=')) values.push(word.slice('--env='.length));
  }
  return values;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The stored settings, checked like flags: a hand-edited `.yo-rc.json` is refused with the key that is wrong. */
export function readStoredSettings(stored: unknown): Record<string, AppSettings> {
  if (stored === undefined) return {};
  const where = `.yo-rc.json "${SETTINGS_KEY}"`;
  const shape = 'an object of environment names, each { "env": { NAME: "value" }, "secrets": ["NAME"] }';
  if (!isRecord(stored)) throw new InputError(SETTINGS_KEY, stored, shape, where);
  const result: Record<string, AppSettings> = {};
  for (const [environment, entry] of Object.entries(stored)) {
    const at = `${where}.${environment}`;
    // `answers`: an environment's own answers (src/answers/environments.ts), checked there.
    if (!isRecord(entry) || Object.keys(entry).some((k) => k !== 'env' && k !== 'secrets' && k !== 'answers')) throw new InputError(SETTINGS_KEY, entry, shape, at);
    const env = entry.env ?? {};
    const secrets = entry.secrets ?? [];
    if (!isRecord(env) || Object.values(env).some((v) => typeof v !== 'string')) {
      throw new InputError('env', env, 'an object of NAME: "value" strings', `${at}.env`);
    }
    if (!Array.isArray(secrets) || secrets.some((s) => typeof s !== 'string')) {
      throw new InputError('secrets', secrets, 'a list of names', `${at}.secrets`);
    }
    const settings = { env: env as Record<string, string>, secrets: secrets as string[] };
    try {
      checkSettings(settings);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(error.field, error.value, error.allowed, at);
      throw error;
    }
    result[environment] = settings;
  }
  return result;
}

function checkName(flag: string, name: string): void {
  if (!ENV_NAME.test(name)) throw new InputError(flag, name, ENV_NAME_RULE);
}

/** `KEY=VALUE` -> [KEY, VALUE], split at the first `=`; the value may be empty or hold more `=`. */
export function parseEnvFlag(flag: string): [string, string] {
  const at = flag.indexOf('=');
  if (at < 0) throw new InputError('--env', flag, `KEY=VALUE, KEY being ${ENV_NAME_RULE} (a secret goes with --secret KEY)`);
  const name = flag.slice(0, at);
  checkName('--env', name);
  return [name, flag.slice(at + 1)];
}

const sortedRecord = (record: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Apply the flags to the stored settings of `environment`: --unset first (so `--unset X --secret X` turns a plain
 * value into a secret), then --env and --secret. Returns the settings the templates get and the new stored value
 * (undefined when nothing is set in any environment, so an app without settings keeps a `.yo-rc.json` without them).
 */
export function resolveSettings(
  stored: unknown,
  flags: SettingsFlags,
  environment: string,
): { settings: AppSettings; stored: Record<string, StoredSettings> | undefined } {
  const all = readStoredSettings(stored);
  const current = all[environment] ?? { env: {}, secrets: [] };
  const env: Record<string, string> = { ...current.env };
  const secrets = new Set(current.secrets);
  for (const name of flags.unset ?? []) {
    checkName('--unset', name);
    if (!(Object.hasOwn(env, name) || secrets.has(name))) {
      const known = [...Object.keys(env), ...secrets].sort();
      throw new InputError('--unset', name, known.length > 0 ? `a name set in ${environment}: ${known.join(', ')}` : `a name set with --env or --secret; ${environment} has none`);
    }
    delete env[name];
    secrets.delete(name);
  }
  const given = new Map<string, string>();
  for (const flag of flags.env ?? []) {
    const [name, value] = parseEnvFlag(flag);
    if (given.has(name) && given.get(name) !== value) throw new InputError('--env', flag, `${name} once (it is also given as ${name}=${given.get(name)!})`);
    if (secrets.has(name)) throw new InputError('--env', flag, `a name that is not a secret: ${name} is one (pass --unset ${name} too to make it a plain value)`);
    given.set(name, value);
    env[name] = value;
  }
  for (const name of flags.secret ?? []) {
    checkName('--secret', name);
    if (Object.hasOwn(env, name)) {
      throw new InputError('--secret', name, `a name that is not a plain variable: ${name} is one${given.has(name) ? ' (given with --env too)' : ` (pass --unset ${name} too to make it a secret)`}`);
    }
    secrets.add(name);
  }
  const settings: AppSettings = { env: sortedRecord(env), secrets: [...secrets].sort() };
  checkSettings(settings);
  const next: Record<string, StoredSettings> = {};
  for (const [name, entry] of Object.entries({ ...all, [environment]: settings })) {
    const hasEnv = Object.keys(entry.env).length > 0;
    // An environment's own answers stay, first, whatever its settings.
    const answers = isRecord(stored) && isRecord(stored[name]) ? stored[name].answers : undefined;
    if (!hasEnv && entry.secrets.length === 0 && answers === undefined) continue;
    next[name] = {
      ...(answers !== undefined ? { answers } : {}),
      ...(hasEnv ? { env: sortedRecord(entry.env) } : {}),
      ...(entry.secrets.length > 0 ? { secrets: [...entry.secrets] } : {}),
    };
  }
  return { settings, stored: Object.keys(next).length > 0 ? next : undefined };
}
