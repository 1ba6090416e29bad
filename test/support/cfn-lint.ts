/**
 * The real cfn-lint (Python, `pip install cfn-lint`; the machines ship 1.51), the linter our users run in their own
 * CI, for tests. Every template we generate must come back with no finding at all: no error, no warning, and no
 * informational finding that ACCEPTED_CFN_LINT_INFO does not list with its reason. A suppression a template needs
 * stays in the template (`Metadata: cfn-lint: config: ignore_checks`, with the reason beside it), so the user's own
 * cfn-lint run agrees with ours; nothing is switched off here.
 *
 * cfn-lint takes about two seconds to start, so templates are linted in batches: a test file `add`s every template it
 * renders to a CfnLintBatch, and one last test calls `assertClean()`, which runs cfn-lint once per Region over the
 * distinct templates. A missing cfn-lint fails the tests: `.ci/run` installs it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Informational rules we accept, with the reason. None today: any I finding fails the tests. */
export const ACCEPTED_CFN_LINT_INFO: Readonly<Record<string, string>> = {};

export interface LintFinding {
  readonly ruleId: string;
  readonly level: string;
  readonly message: string;
  readonly where: string;
}

interface CfnLintMatch {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Start: { readonly LineNumber: number }; readonly Path: readonly (string | number)[] | null };
}

/** `cfn-lint --version`, or the reason it cannot run. */
export function cfnLintVersion(): string {
  const result = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`cfn-lint does not run (${result.error?.message ?? result.stderr.trim()}): install it with pip install cfn-lint`);
  }
  return result.stdout.trim();
}

/**
 * Lint templates with cfn-lint, one process per Region, informational rules included. Returns the findings of each
 * text (by its index in `templates`), less the accepted informational rules.
 */
export function cfnLint(templates: readonly { readonly text: string; readonly region: string }[]): LintFinding[][] {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  try {
    const fileOf = new Map<string, string>();
    const byRegion = new Map<string, Set<string>>();
    for (const { text, region } of templates) {
      const file = join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.yml`);
      if (!fileOf.has(text)) {
        writeFileSync(file, text);
        fileOf.set(text, file);
      }
      byRegion.set(region, (byRegion.get(region) ?? new Set()).add(file));
    }
    const findings = new Map<string, LintFinding[]>();
    for (const [region, files] of byRegion) {
      for (const match of runCfnLint(region, [...files])) {
        if (match.Rule.Id in ACCEPTED_CFN_LINT_INFO) continue;
        const key = `${region} ${match.Filename}`;
        const where = [...(match.Location.Path ?? []), `line ${match.Location.Start.LineNumber}`].join(' ');
        findings.set(key, [...(findings.get(key) ?? []), { ruleId: match.Rule.Id, level: match.Level, message: match.Message, where }]);
      }
    }
    return templates.map(({ text, region }) => findings.get(`${region} ${fileOf.get(text)}`) ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runCfnLint(region: string, files: readonly string[]): CfnLintMatch[] {
  // Files first: --include-checks takes every word after it.
  const args = [...files, '--format', 'json', '--regions', region, '--include-checks', 'I'];
  const result = spawnSync('cfn-lint', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new Error(`cfn-lint does not run (${result.error.message}): install it with pip install cfn-lint`);
  // Exit status: a bit mask of 2 (error), 4 (warning), 8 (informational); 1 is cfn-lint itself failing.
  if (result.status === null || (result.status & 1) !== 0) {
    throw new Error(`cfn-lint failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
  return JSON.parse(result.stdout || '[]') as CfnLintMatch[];
}

export function formatLintFindings(findings: readonly LintFinding[]): string {
  return findings.map((f) => `${f.level} ${f.ruleId} ${f.where}: ${f.message}`).join('\n');
}

/**
 * The templates one test file renders, linted together at the end: `add` them as the tests render them, then call
 * `assertClean()` from a last test. Each call lints what was added since the previous one.
 */
export class CfnLintBatch {
  private readonly templates: { label: string; text: string; region: string }[] = [];

  add(label: string, text: string, region: string): void {
    this.templates.push({ label, text, region });
  }

  /** Throws, listing every template with a finding, unless cfn-lint finds nothing in any of them. */
  assertClean(): void {
    if (this.templates.length === 0) throw new Error('no template was added to the cfn-lint batch');
    const templates = this.templates.splice(0);
    const results = cfnLint(templates);
    const dirty = templates
      .map((t, i) => ({ label: t.label, findings: results[i]! }))
      .filter((r) => r.findings.length > 0);
    if (dirty.length > 0) {
      const shown = dirty.slice(0, 10).map((d) => `${d.label}\n${formatLintFindings(d.findings)}`);
      const more = dirty.length > 10 ? `\n... and ${dirty.length - 10} more templates` : '';
      throw new Error(`cfn-lint found problems in ${dirty.length} of ${templates.length} templates:\n${shown.join('\n\n')}${more}`);
    }
  }
}
