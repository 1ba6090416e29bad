/**
 * The CI workflow the app already has (Rails 7.2+ generates `.github/workflows/ci.yml` with scan_ruby, lint and test
 * jobs), so that the deploy workflow depends on it instead of running the tests a second time:
 * - it is reusable (`on: workflow_call`): the deploy workflow calls it and deploys when it passes;
 * - it runs on push to the deploy branch: the deploy workflow runs when it completes (`workflow_run`), on success;
 * - otherwise (pull requests only, another branch): it cannot gate a deploy, and the deploy workflow runs the tests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const WORKFLOWS_DIR = '.github/workflows';
export const DEPLOY_WORKFLOW = `${WORKFLOWS_DIR}/deploy.yml`;

export interface ExistingWorkflow {
  /** Its path in the repo. */
  readonly file: string;
  /** What `workflow_run: workflows:` names it by: its `name:`, else its path. */
  readonly name: string;
  readonly how: 'call' | 'after';
}

export interface WorkflowLook {
  /** The workflow the deploy depends on, when one can gate it. */
  readonly found?: ExistingWorkflow;
  /** A CI workflow that cannot gate the deploy, and why: said in the summary. */
  readonly note?: string;
}

const TEST_COMMAND = /\b(rails|rake)\b[^\n]*\btest\b|\brspec\b|\bbin\/ci\b/;

type Triggers = Record<string, unknown>;

function triggers(on: unknown): Triggers {
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((t) => [String(t), null]));
  return on !== null && typeof on === 'object' ? (on as Triggers) : {};
}

/** Whether `push` (its branch filters, GitHub's glob patterns aside from `*` and `**`) includes the branch. */
function pushesTo(push: unknown, branch: string): boolean {
  if (push === null || push === undefined) return true;
  const filter = push as { branches?: unknown; 'branches-ignore'?: unknown };
  if (filter.branches === undefined) return filter['branches-ignore'] === undefined || ![filter['branches-ignore']].flat().map(String).includes(branch);
  return [filter.branches].flat().map(String).some((pattern) => pattern === branch || pattern === '**' || (pattern === '*' && !branch.includes('/')));
}

function runsTests(workflow: { jobs?: unknown }): boolean {
  return JSON.stringify(workflow.jobs ?? {}).match(TEST_COMMAND) !== null;
}

/** The workflows in `.github/workflows` of `dir` (the deploy workflow itself aside), ci.yml first. */
export function findCiWorkflow(dir: string, branch: string): WorkflowLook {
  const folder = join(dir, WORKFLOWS_DIR);
  if (!existsSync(folder)) return {};
  const files = readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f) && `${WORKFLOWS_DIR}/${f}` !== DEPLOY_WORKFLOW)
    .sort((a, b) => Number(!/^ci\.ya?ml$/.test(a)) - Number(!/^ci\.ya?ml$/.test(b)) || a.localeCompare(b));
  let note: string | undefined;
  for (const f of files) {
    const file = `${WORKFLOWS_DIR}/${f}`;
    let workflow: { name?: unknown; on?: unknown; jobs?: unknown };
    try {
      workflow = (parse(readFileSync(join(folder, f), 'utf8')) ?? {}) as typeof workflow;
    } catch {
      continue;
    }
    const isCi = /^ci\.ya?ml$/.test(f) || runsTests(workflow);
    if (!isCi) continue;
    const on = triggers(workflow.on);
    const name = typeof workflow.name === 'string' && workflow.name !== '' ? workflow.name : file;
    if ('workflow_call' in on) return { found: { file, name, how: 'call' } };
    if ('push' in on && pushesTo(on.push, branch)) return { found: { file, name, how: 'after' } };
    note ??= `${file} does not run on push to ${branch} and is not reusable (on: workflow_call), so it cannot gate a deploy: the deploy workflow runs the tests itself. Add "push: branches: [${branch}]" to its triggers and run yo rails-fargate:ci again to depend on it instead.`;
  }
  return note ? { note } : {};
}
