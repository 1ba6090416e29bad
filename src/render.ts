/** plan -> the files the generator writes, as path -> content. Pure. */
import { infraReadme } from './docs/infra-readme.js';
import { INFRA_DIR, renderStacks } from './plan.js';
import type { Plan } from './plan.js';

export function renderFiles(thePlan: Plan): Map<string, string> {
  const files = new Map<string, string>();
  for (const { stack, text } of renderStacks(thePlan)) files.set(stack.file, text);
  files.set(`${INFRA_DIR}/README.md`, infraReadme(thePlan));
  return files;
}
