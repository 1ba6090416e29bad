/**
 * config/environments/production.rb, read for what breaks behind an ALB: `force_ssl` without `assume_ssl` (the
 * health check gets a 301), `config.hosts` without an exclusion for the health path (403), and the settings it
 * reads from the environment (RAILS_LOG_TO_STDOUT, RAILS_SERVE_STATIC_FILES) that the container must set.
 */
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

export interface ProductionConfig {
  readonly problems: readonly ConfigProblem[];
  /** Environment variables the container needs so that production.rb logs to STDOUT, serves assets... */
  readonly env: Readonly<Record<string, string>>;
  readonly forceSsl: boolean;
}

const FILE = 'config/environments/production.rb';

/** `request.path == "/up"`, as Rails' own generated production.rb writes the exclusion. */
function excludeHealth(path: string): string {
  return `->(request) { request.path == "${path}" }`;
}

export function detectProductionConfig(repo: Repo, railsVersion: string, healthPath: string): Fact<ProductionConfig> {
  const text = stripRubyComments(repo.read(FILE) ?? '');
  const problems: ConfigProblem[] = [];
  const forceSsl = /^\s*config\.force_ssl\s*=\s*(?!false\b)\S/m.test(text);
  const assumeSsl = /^\s*config\.assume_ssl\s*=\s*true\b/m.test(text);
  const sslExclude = /ssl_options\s*=.*redirect:\s*\{\s*exclude:/.test(text);
  if (forceSsl && !assumeSsl && !sslExclude) {
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
  const hosts = /^\s*config\.hosts\s*(=|<<|\+=|\.push|\.concat)/m.test(text);
  const hostExclude = /host_authorization\s*=.*exclude:/.test(text);
  if (hosts && !hostExclude) {
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
  return { value: { problems, env, forceSsl }, from: FILE };
}
