/**
 * Changes the generator suggests to the user's own Rails files (a health route, the production.rb lines an ALB
 * needs). They go through Yeoman's conflict prompt like any write; under --yes they are printed, not applied.
 */
import type { AppFacts } from './detect.js';
import { storageEdits } from './storage-edits.js';

export interface SuggestedEdit {
  readonly file: string;
  readonly content: string;
  /** Why, and the lines, for the summary when the edit is not applied. */
  readonly why: string;
}

/** Insert lines after the first line matching `after`, indented like the line after it. */
function insertAfter(text: string, after: RegExp, lines: readonly string[]): string | undefined {
  const rows = text.split('\n');
  const at = rows.findIndex((row) => after.test(row));
  if (at < 0) return undefined;
  const indent = /^\s*/.exec(rows[at + 1] ?? '')?.[0] || '  ';
  rows.splice(at + 1, 0, ...lines.map((line) => `${indent}${line}`));
  return rows.join('\n');
}

/** Insert lines before the last `end` of the file (the close of a `configure do` block). */
function insertBeforeLastEnd(text: string, lines: readonly string[]): string | undefined {
  const rows = text.split('\n');
  const at = rows.map((row) => row.trim()).lastIndexOf('end');
  if (at < 0) return undefined;
  rows.splice(at, 0, '', ...lines.map((line) => `  ${line}`));
  return rows.join('\n');
}

/**
 * Without a domain the app is served over plain HTTP on the load balancer's name, where `force_ssl` marks every
 * cookie Secure (browsers drop them: no sessions, no forms) and, before Rails 7.1, redirects every request to an
 * https:// URL nothing serves. Made env-driven, the task turns both off until the app has a domain.
 */
export const SSL_ENV = { force: 'RAILS_FORCE_SSL', assume: 'RAILS_ASSUME_SSL' } as const;

function envDrivenSsl(text: string): string {
  return text
    .replace(/^(\s*)config\.force_ssl\s*=\s*true\b.*$/m, `$1config.force_ssl = ENV.fetch("${SSL_ENV.force}", "true") == "true"`)
    .replace(/^(\s*)config\.assume_ssl\s*=\s*true\b.*$/m, `$1config.assume_ssl = ENV.fetch("${SSL_ENV.assume}", "true") == "true"`);
}

/** Puma closes idle keep-alive connections after 20 s, the load balancer reuses them for 60 s: random 502s. */
export const PUMA_KEEP_ALIVE = 75;

export interface EditOptions {
  /** Whether the app is served on a domain with HTTPS. */
  readonly https: boolean;
}

export function suggestedEdits(facts: AppFacts, read: (file: string) => string | undefined, options: EditOptions = { https: true }): SuggestedEdit[] {
  const edits: SuggestedEdit[] = [];
  const health = facts.health.value;
  const routes = read('config/routes.rb');
  if (health.kind === 'add' && health.routeToAdd && routes !== undefined) {
    const content = insertAfter(routes, /routes\.draw\s+do/, [
      '# Health check for the load balancer (added by generator-rails-fargate).',
      health.routeToAdd,
    ]);
    if (content) edits.push({ file: 'config/routes.rb', content, why: `the load balancer checks ${health.path}, which the app does not serve; add: ${health.routeToAdd}` });
  }
  const original = read('config/environments/production.rb');
  if (original !== undefined) {
    const whys: string[] = [];
    let production = original;
    if (!options.https && facts.production.value.forceSsl) {
      const driven = envDrivenSsl(production);
      if (driven !== production) {
        production = driven;
        whys.push(
          `config.force_ssl is on but there is no --domain, so the app is plain HTTP and browsers drop its Secure cookies; make it ` +
            `env-driven: config.force_ssl = ENV.fetch("${SSL_ENV.force}", "true") == "true" (and assume_ssl with ${SSL_ENV.assume}); ` +
            'the task sets both to false until you pass --domain',
        );
      }
    }
    const storage = storageEdits(facts.storage?.value ?? {}, production, read('config/storage.yml'));
    if (storage.production && storage.production.content !== production) {
      production = storage.production.content;
      whys.push(storage.production.why);
    }
    if (storage.storageYml) edits.push({ file: 'config/storage.yml', content: storage.storageYml.content, why: storage.storageYml.why });
    const problems = facts.production.value.problems;
    if (problems.length > 0) {
      production = insertBeforeLastEnd(production, problems.flatMap((p) => [`# ${p.problem}`, ...p.linesToAdd])) ?? production;
      whys.push(`${problems.map((p) => p.problem).join('; ')}; add: ${problems.flatMap((p) => p.linesToAdd).join(' ')}`);
    }
    if (production !== original) edits.push({ file: 'config/environments/production.rb', content: production, why: whys.join('; ') });
  }
  const puma = read('config/puma.rb');
  if (facts.server.value.kind === 'puma' && puma !== undefined && !/^\s*persistent_timeout\b/m.test(puma)) {
    edits.push({
      file: 'config/puma.rb',
      content: `${puma.replace(/\n*$/, '\n')}\n# The load balancer keeps idle connections for 60 s; Puma must keep them longer, or requests fail with 502s.\npersistent_timeout ${PUMA_KEEP_ALIVE}\n`,
      why: `Puma closes idle connections after 20 s while the load balancer reuses them for 60 s (random 502s); add: persistent_timeout ${PUMA_KEEP_ALIVE}`,
    });
  }
  return edits;
}
