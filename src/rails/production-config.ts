/**
 * config/environments/production.rb, read for what breaks behind an ALB: `force_ssl` without `assume_ssl` (the
 * health check gets a 301), `config.hosts` without an exclusion for the health path (403), the settings it reads
 * from the environment (RAILS_LOG_TO_STDOUT, RAILS_SERVE_STATIC_FILES) that the container must set, and the app's
 * own SSL switches (`config.force_ssl = ENV["FORCE_SSL"].present?`), which the task sets instead of an edit.
 */
import { rubyTruth } from './erb-yaml.js';
import { versionAtLeast } from './fact.js';
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';

export interface ConfigProblem {
  /** What goes wrong, for the user. */
  readonly problem: string;
  /** The exact lines to add inside `Rails.application.configure do ... end` in production.rb. */
  readonly linesToAdd: readonly string[];
}

/** The app's own variables that turn force_ssl/assume_ssl on (served on a domain) and off (plain HTTP). */
export interface SslSwitches {
  readonly on: Readonly<Record<string, string>>;
  readonly off: Readonly<Record<string, string>>;
}

export interface ProductionConfig {
  readonly problems: readonly ConfigProblem[];
  /** Environment variables the container needs so that production.rb logs to STDOUT, serves assets... */
  readonly env: Readonly<Record<string, string>>;
  /** `config.force_ssl = true`, literally: without a domain it must be made env-driven (see edits.ts). */
  readonly forceSsl: boolean;
  /** force_ssl/assume_ssl read from the app's own variables: the task sets them. */
  readonly sslSwitches?: SslSwitches;
}

const FILE = 'config/environments/production.rb';

/** `request.path == "/up"`, as Rails' own generated production.rb writes the exclusion. */
function excludeHealth(path: string): string {
  return `->(request) { request.path == "${path}" }`;
}

/** The right-hand side of `config.<name> = ...` (one line), if set. */
function setting(text: string, name: string): string | undefined {
  return new RegExp(`^\\s*config\\.${name.replace('.', '\\.')}\\s*=\\s*(.+?)\\s*$`, 'm').exec(text)?.[1];
}

/** The text of `config.<name> = { ... }` up to its balanced closing brace, across lines. */
function hashSetting(text: string, name: string): string | undefined {
  const start = new RegExp(`^\\s*config\\.${name}\\s*=\\s*\\{`, 'm').exec(text);
  if (!start) return undefined;
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}' && --depth === 0) return text.slice(start.index, i + 1);
  }
  return text.slice(start.index);
}

/**
 * Whether an `exclude:` lambda lets the health path through. Read statically: `request.path == "/x"`,
 * `start_with?("/x")`, a list that includes it; a lambda we cannot read counts as covering it (no false warning).
 */
export function excludes(hash: string | undefined, path: string): boolean {
  if (!hash || !/exclude:/.test(hash)) return false;
  const body = hash.slice(hash.indexOf('exclude:'));
  const literals = [...body.matchAll(/["']([^"']*)["']/g)].map((m) => m[1]!);
  if (literals.length === 0) return true;
  if (/start_with\?/.test(body) && literals.some((prefix) => path.startsWith(prefix))) return true;
  if (/==|include\?|in\?|%w/.test(body) && literals.includes(path)) return true;
  if (/match\?|=~/.test(body)) return true;
  return literals.some((literal) => literal === path);
}

/**
 * A switch read from the environment: the variables it reads, its value with none of them set, and the value of
 * each variable that turns it on and off (when one does).
 */
function switchOf(expr: string): { vars: string[]; byDefault?: boolean; on?: Record<string, string>; off?: Record<string, string> } {
  const vars = [...new Set([...expr.matchAll(/ENV(?:\[\s*|\.fetch\(\s*)["']([A-Za-z_][A-Za-z0-9_]*)["']/g)].map((m) => m[1]!))];
  const byDefault = rubyTruth(expr);
  if (vars.length !== 1) return { vars, ...(byDefault !== undefined ? { byDefault } : {}) };
  const name = vars[0]!;
  // A variable named for turning SSL off (DISABLE_SSL) is set to true to turn it off; the others to false.
  const negative = /DISABLE|SKIP|INSECURE|NO_?SSL|HTTP_ONLY/.test(name);
  const find = (want: boolean): Record<string, string> | undefined => {
    if (byDefault === want) return {};
    const order = want !== negative ? ['true', '1', 'false', '0'] : ['false', '0', 'true', '1'];
    const value = order.find((candidate) => rubyTruth(expr, { [name]: candidate }) === want);
    return value === undefined ? undefined : { [name]: value };
  };
  return { vars, ...(byDefault !== undefined ? { byDefault } : {}), ...(find(true) ? { on: find(true)! } : {}), ...(find(false) ? { off: find(false)! } : {}) };
}

export function detectProductionConfig(repo: Repo, railsVersion: string, healthPath: string): Fact<ProductionConfig> {
  const text = stripRubyComments(repo.read(FILE) ?? '');
  const problems: ConfigProblem[] = [];
  const forceExpr = setting(text, 'force_ssl');
  const assumeExpr = setting(text, 'assume_ssl');
  const force = forceExpr ? switchOf(forceExpr) : { vars: [], byDefault: false };
  const assume = assumeExpr ? switchOf(assumeExpr) : { vars: [], byDefault: false };
  const forceLiteral = force.vars.length === 0 && force.byDefault !== false && forceExpr !== undefined;
  const envDriven = force.vars.length > 0 && (force.on !== undefined || force.off !== undefined);
  const sslSwitches: SslSwitches | undefined = envDriven
    ? {
        on: { ...(assume.vars.length > 0 ? assume.on : {}), ...force.on },
        off: { ...(assume.vars.length > 0 ? assume.off : {}), ...force.off },
      }
    : undefined;
  // With force_ssl on (always, or with a domain when the app switches it), the plain-HTTP health check must not be
  // redirected: assume_ssl on whenever force_ssl is, or a redirect exclusion that covers the health path.
  const forceCanBeOn = forceLiteral || (envDriven && force.on !== undefined);
  const assumeFollows = assume.vars.length === 0 ? assume.byDefault === true : assume.vars.some((v) => force.vars.includes(v)) || assume.byDefault === true;
  const sslExclude = excludes(hashSetting(text, 'ssl_options'), healthPath);
  if (forceCanBeOn && !assumeFollows && !sslExclude) {
    const modern = versionAtLeast(railsVersion, '7.1');
    problems.push({
      problem:
        `config.force_ssl is on but ${modern ? 'config.assume_ssl is not' : 'no redirect exclusion is set'}: the load balancer's ` +
        `plain-HTTP health check on ${healthPath} gets a 301 redirect and every task is marked unhealthy`,
      linesToAdd: [
        ...(modern ? ['config.assume_ssl = true'] : []),
        `config.ssl_options = { redirect: { exclude: ${excludeHealth(healthPath)} } }`,
      ],
    });
  }
  if (hostsBlock(text) && !excludes(hashSetting(text, 'host_authorization'), healthPath)) {
    problems.push({
      problem:
        `config.hosts is set without an exclusion for ${healthPath}: the health check reaches the task by its private IP ` +
        'and gets a 403 Blocked host',
      linesToAdd: [`config.host_authorization = { exclude: ${excludeHealth(healthPath)} }`],
    });
  }
  const env: Record<string, string> = {};
  if (/ENV\[\s*["']RAILS_LOG_TO_STDOUT["']\s*\]|ENV\.fetch\(\s*["']RAILS_LOG_TO_STDOUT["']/.test(text)) env.RAILS_LOG_TO_STDOUT = '1';
  if (/ENV\[\s*["']RAILS_SERVE_STATIC_FILES["']\s*\]|ENV\.fetch\(\s*["']RAILS_SERVE_STATIC_FILES["']/.test(text)) {
    env.RAILS_SERVE_STATIC_FILES = '1';
  }
  return { value: { problems, env, forceSsl: forceLiteral, ...(sslSwitches ? { sslSwitches } : {}) }, from: FILE };
}

/**
 * Whether config.hosts blocks a request by IP in the task as we run it: a literal host, or a variable with a
 * fallback. `config.hosts = ENV.fetch("APP_HOSTS", "").split(",")` is empty with the variable unset: no blocking.
 */
function hostsBlock(text: string): boolean {
  for (const match of text.matchAll(/^\s*config\.hosts\s*(=|<<|\+=|\.push|\.concat)\s*(.*)$/gm)) {
    const rhs = match[2]!.trim();
    const reads = /ENV/.test(rhs);
    if (!reads) return true;
    // `ENV.fetch("X", "")`, `ENV["X"].to_s.split`, `ENV["X"]&.split(",") || []`: empty when unset.
    if (/ENV\.fetch\(\s*["']\w+["']\s*,\s*["']\s*["']\s*\)|ENV\[[^\]]+\](\.to_s|&\.)|\|\|\s*\[\s*\]/.test(rhs) && match[1] === '=') continue;
    // A fallback host (`ENV.fetch("APP_HOST", "shop.example.com")`) is a host.
    if (/ENV\.fetch\(\s*["']\w+["']\s*,\s*["'][^"']+["']/.test(rhs)) return true;
    if (match[1] !== '=') continue; // `<< ENV["HOST"]` adds nil when unset: Rails ignores it... and other hosts decide
  }
  return false;
}
