/**
 * Another environment's plan (`yo rails-fargate:environment NAME`): its own network, data and app stacks, planned from
 * its own answers exactly like the first environment's, their templates in a folder of their own. It has no registry
 * stack (it pulls the first environment's images) and no ci stack (the deploy workflow deploys the first environment).
 */
import { TEMPLATES_DIR } from '../plan.js';
import type { Plan } from '../plan.js';

/** Where an environment's templates are: the first environment's in infra/cloudformation, another's in a folder below. */
export function environmentTemplatesDir(environment: string, first: string): string {
  return environment === first ? TEMPLATES_DIR : `${TEMPLATES_DIR}/${environment}`;
}

/** `thePlan`, made from another environment's answers, as that environment deploys it. */
export function otherEnvironmentPlan(thePlan: Plan, first: string): Plan {
  const dir = environmentTemplatesDir(thePlan.answers.environment, first);
  const stacks = thePlan.stacks.filter((s) => s.key !== 'registry' && s.key !== 'ci').map((s) => ({ ...s, file: `${dir}/${s.key}.yml` }));
  const { ci: _ci, ...rest } = thePlan;
  return { ...rest, stacks };
}
