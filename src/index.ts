/**
 * generator-rails-fargate as a library: the fragments, the assembler and the planning functions the generator
 * itself uses, usable without Yeoman or prompts. See README.md "Use the fragments as a library".
 */
export { QUESTIONS } from './answers/questions.js';
export type { Answers, QuestionDef } from './answers/questions.js';
export { answersSchema, validateAnswers } from './answers/resolve.js';
export { assemble, renderTemplate, AssemblyError, TEMPLATE_BODY_LIMIT, TEMPLATE_URL_LIMITS } from './assemble.js';
export type { Template, TemplateSpec } from './assemble.js';
export { REGIONS, findRegion } from './aws/regions.js';
export type { Region } from './aws/regions.js';
export { parseCfnYaml, stringifyCfnYaml } from './cfn/yaml.js';
export { InputError } from './errors.js';
export { fragmentLibrary, FragmentLibrary, FragmentError } from './fragments/library.js';
export type { Fragment, FragmentInstance } from './fragments/library.js';
export { checkVpcCidr, planCidr } from './network/cidr-plan.js';
export type { CidrPlan, SubnetSlot } from './network/cidr-plan.js';
export { plan, renderStacks, stackName } from './plan.js';
export type { Plan, StackPlan } from './plan.js';
export { detect } from './rails/detect.js';
export type { AppFacts } from './rails/detect.js';
export { renderFiles } from './render.js';
export { natLayout, networkTemplate } from './stacks/network.js';
export { commonTags } from './stacks/tags.js';
export type { Tag } from './stacks/tags.js';
