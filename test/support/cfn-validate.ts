/**
 * The offline CloudFormation validator (`@aws/cloudformation-validate`, the cfn-lint rules) for tests. Every
 * template we generate must come back with no FATAL, ERROR or WARN finding. A rule we switch off is listed in
 * ACCEPTED_RULES with the reason it is wrong for us; nothing else may be suppressed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Engine, StandardDiagnostic } from '@aws/cloudformation-validate';

const require = createRequire(import.meta.url);
const validator = require('@aws/cloudformation-validate') as typeof import('@aws/cloudformation-validate');

/** Rule ID -> why it does not apply to templates this generator writes. Keep it short and argued. */
export const ACCEPTED_RULES: Readonly<Record<string, string>> = {};

/**
 * INFO rules we accept, with the reason; any other INFO finding fails the tests (see `infoFindings`).
 * - I9001 says a property is create-only (changing it replaces the resource). It is information, not a defect: the
 *   templates keep every such property of a stateful resource fixed for the life of the stack (the tests on re-runs
 *   and workers prove it), and bin/fargate refuses a change set that would replace one under --yes.
 */
export const ACCEPTED_INFO: Readonly<Record<string, string>> = {
  I9001: 'create-only properties are fixed by design; replacements of stateful resources are refused by bin/fargate',
};

/** One rule on one logical ID, where the rule is wrong for that resource only. */
export const ACCEPTED_FINDINGS: readonly { readonly ruleId: string; readonly logicalId: string; readonly reason: string }[] = [
  {
    ruleId: 'E9006',
    logicalId: 'Database',
    // E9006 checks EngineVersion against the validator's list, which holds only full MySQL versions (8.4.7...).
    // RDS accepts a major version ('8.4') and picks the newest minor, as it does for the PostgreSQL majors the list
    // does include; pinning a minor would break new deploys once it is deprecated, and a regenerated template would
    // fight AutoMinorVersionUpgrade. Only the MySQL database trips it.
    reason: 'MySQL major-only EngineVersion is valid for RDS but missing from the validator list',
  },
  // I9040 (INFO) notes that a listener could carry Tags. CloudFormation added the property in 2026, but cfn-lint's
  // schemas and older partitions refuse it (E3002), and a listener's tags buy nothing: cost allocation follows the
  // tagged load balancer. The two tools disagree; the error wins. See fragments/app/http-listener.yml.
  ...['HttpListener', 'HttpsListener'].map((logicalId) => ({
    ruleId: 'I9040',
    logicalId,
    reason: 'listener Tags are refused by cfn-lint (E3002) and buy nothing',
  })),
];

let engine: Engine | undefined;
const dir = mkdtempSync(join(tmpdir(), 'cfn-validate-'));
let counter = 0;
process.on('exit', () => {
  engine?.free();
  rmSync(dir, { recursive: true, force: true });
});

export interface Finding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly where: string;
}

function run(text: string, region: string, severityLevel: 'WARN' | 'INFO', excludeIds: readonly string[]): Finding[] {
  engine ??= new validator.RegoEngine();
  const file = join(dir, `template-${counter++}.yml`);
  writeFileSync(file, text);
  const report = engine.validateStandard(new validator.TemplateFile(file), {
    severityLevel,
    pseudoParameterOverrides: { region },
    exclude: {
      ids: [...excludeIds],
      logicalIds: ACCEPTED_FINDINGS.map(({ ruleId, logicalId }) => ({ ruleId, logicalId })),
    },
  });
  rmSync(file);
  if (report.status === 'ERROR') throw new Error(`validator failed on the template: ${JSON.stringify(report)}`);
  return report.diagnostics.map((d: StandardDiagnostic) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    where: [d.entity?.logicalId, d.propertyPath, d.startLine ? `line ${d.startLine}` : ''].filter(Boolean).join(' '),
  }));
}

/** Findings of WARN severity and above for one template text, validated for a Region. */
export function validateTemplate(text: string, region: string): Finding[] {
  return run(text, region, 'WARN', Object.keys(ACCEPTED_RULES));
}

/** INFO findings that ACCEPTED_INFO does not cover. */
export function infoFindings(text: string, region: string): Finding[] {
  return run(text, region, 'INFO', [...Object.keys(ACCEPTED_RULES), ...Object.keys(ACCEPTED_INFO)]).filter((f) => f.severity === 'INFO');
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.ruleId} ${f.where}: ${f.message}`).join('\n');
}
