/**
 * Where each answer comes from, in order: the CLI option, then `.yo-rc.json`, then (with `--yes`) the default, else
 * a prompt. Every value, whatever its source, goes through the same schema and check, so a hand-edited
 * `.yo-rc.json` is refused exactly like a bad flag. Pure: the generator supplies the sources and the prompt.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import { QUESTIONS } from './questions.js';
import { SETTINGS_KEY, settingsSchema } from './settings.js';
import type { Answers, DefaultContext, QuestionDef } from './questions.js';

const QUESTION_LIST: readonly QuestionDef[] = QUESTIONS;
const ajv = new Ajv({ coerceTypes: true, strict: true });
// ajv coerces a value in place only inside an object, hence the { value } holder.
const validators = new Map<string, ValidateFunction>(
  QUESTION_LIST.map((q) => [
    q.name,
    ajv.compile({ type: 'object', properties: { value: q.schema }, required: ['value'] }),
  ]),
);

/** JSON Schema of the stored answers, derived from the question table (written to schemas/answers.schema.json). */
export function answersSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'generator-rails-fargate answers (.yo-rc.json)',
    type: 'object',
    properties: {
      ...Object.fromEntries(QUESTION_LIST.map((q) => [q.name, { ...q.schema, description: `${q.message} (--${q.flag}): ${q.allowed}` }])),
      [SETTINGS_KEY]: settingsSchema(),
    },
    required: QUESTION_LIST.map((q) => q.name),
  };
}

function coerce(question: QuestionDef, raw: unknown, source: string): unknown {
  const holder = { value: typeof raw === 'string' ? raw.trim() : raw };
  if (!validators.get(question.name)!(holder)) throw new InputError(question.flag, raw, question.allowed, source);
  return holder.value;
}

/** Validate and coerce one value against its schema and its check; throws an InputError naming the field. */
export function validateAnswer(
  question: QuestionDef,
  raw: unknown,
  earlier: Readonly<Record<string, unknown>>,
  source: string,
  context: DefaultContext = { env: {} },
): unknown {
  const value = coerce(question, raw, source);
  const verdict = question.check ? question.check(value as never, earlier, context) : true;
  if (verdict !== true) throw new InputError(question.flag, raw, `${question.allowed}; ${verdict}`, source);
  return value;
}

/** The same rule as a prompt validator: true or the message. */
export function promptCheck(question: QuestionDef, earlier: Readonly<Record<string, unknown>>, context: DefaultContext) {
  return (raw: unknown): true | string => {
    try {
      validateAnswer(question, raw, earlier, 'the prompt', context);
      return true;
    } catch (error) {
      return (error as Error).message;
    }
  };
}

export interface Sources {
  /** Parsed CLI options keyed by flag; undefined means not given. */
  readonly options: Readonly<Record<string, unknown>>;
  /** What `.yo-rc.json` holds for this generator. */
  readonly stored: Readonly<Record<string, unknown>>;
  /** --yes: ask nothing. */
  readonly yes: boolean;
  /** --ask-all: ask the advanced questions too. */
  readonly askAll?: boolean;
  readonly context: DefaultContext;
}

export interface Picked {
  readonly raw: unknown;
  readonly source: string;
}

function given(question: QuestionDef, sources: Sources): Picked | undefined {
  const option = sources.options[question.flag];
  if (option !== undefined && option !== null) return { raw: option, source: `--${question.flag}` };
  const stored = sources.stored[question.name];
  if (stored !== undefined) return { raw: stored, source: `.yo-rc.json "${question.name}"` };
  return undefined;
}

/**
 * The value a question takes without asking, and where it came from; undefined means: ask. The default answers
 * with --yes, for an advanced question without --ask-all, and for a question that does not apply.
 */
export function pickSource(question: QuestionDef, sources: Sources, earlier: Readonly<Record<string, unknown>> = {}): Picked | undefined {
  const value = given(question, sources);
  if (value) return value;
  const applies = question.applies ? question.applies(earlier) : true;
  if (!sources.yes && applies && (!question.advanced || sources.askAll)) return undefined;
  const fallback = question.default(sources.context, earlier);
  if (fallback === undefined) {
    throw new InputError(question.flag, undefined, `${question.allowed}; there is no default here, pass --${question.flag}`);
  }
  return { raw: fallback, source: 'the default' };
}

export type Ask = (question: QuestionDef, fallback: unknown, earlier: Readonly<Record<string, unknown>>) => Promise<unknown>;

/**
 * Resolve every answer. Values given up front (options, `.yo-rc.json`) are schema-checked before the first prompt,
 * so a typo fails fast; then the questions go in order, each checked against the answers above it.
 */
export async function resolveAnswers(sources: Sources, ask: Ask): Promise<Answers> {
  for (const question of QUESTION_LIST) {
    const value = given(question, sources);
    if (value) coerce(question, value.raw, value.source);
  }
  const answers: Record<string, unknown> = {};
  for (const question of QUESTION_LIST) {
    const pick = pickSource(question, sources, answers);
    const raw = pick ? pick.raw : await ask(question, question.default(sources.context, answers), answers);
    answers[question.name] = validateAnswer(question, raw, answers, pick?.source ?? 'the prompt', sources.context);
  }
  return answers as Answers;
}

/**
 * Answers from plain values (a library caller, a test): each given value is validated, each missing one takes its
 * default as with --yes. Throws InputError naming the first bad field.
 */
export function validateAnswers(
  values: Readonly<Record<string, unknown>>,
  source = 'the answers',
  context: DefaultContext = { env: {} },
): Answers {
  const sources: Sources = { options: {}, stored: values, yes: true, context };
  const answers: Record<string, unknown> = {};
  for (const question of QUESTION_LIST) {
    const pick = pickSource(question, sources, answers)!;
    const from = pick.source === 'the default' ? pick.source : `${source} "${question.name}"`;
    answers[question.name] = validateAnswer(question, pick.raw, answers, from, context);
  }
  return answers as Answers;
}
