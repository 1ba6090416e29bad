/**
 * Changes the generator suggests to the user's own Rails files (a health route, the production.rb lines an ALB
 * needs). They go through Yeoman's conflict prompt like any write; under --yes they are printed, not applied.
 */
import type { AppFacts } from './detect.js';

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

export function suggestedEdits(facts: AppFacts, read: (file: string) => string | undefined): SuggestedEdit[] {
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
  const production = read('config/environments/production.rb');
  const problems = facts.production.value.problems;
  if (problems.length > 0 && production !== undefined) {
    const lines = problems.flatMap((p) => [`# ${p.problem}`, ...p.linesToAdd]);
    const content = insertBeforeLastEnd(production, lines);
    if (content) {
      edits.push({
        file: 'config/environments/production.rb',
        content,
        why: `${problems.map((p) => p.problem).join('; ')}; add: ${problems.flatMap((p) => p.linesToAdd).join(' ')}`,
      });
    }
  }
  return edits;
}
