/**
 * Where each answer comes from, in order: the CLI option, then `.yo-rc.json`, then (with `--yes`) the default, else
 * a prompt. Every value, whatever its source, goes through the same schema and check, so a hand-edited
 * `.yo-rc.json` is refused exactly like a bad flag. Pure: the generator supplies the sources and the prompt.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { loadCompiled } from '../compiled.js';
import type { Validator } from '../compiled.js';
import { InputError } from '../errors.js';
import { QUESTIONS } from './questions.js';
import { SETTINGS_KEY, settingsSchema } from './settings.js';
import type { Answers, DefaultContext, QuestionDef } from './questions.js';

const QUESTION_LIST: readonly QuestionDef[] = QUESTIONS;

/** The name of the build's compiled answer validators in dist/src/compiled/ (scripts/precompile.ts). */
export const COMPILED_ANSWERS = 'answers';

/** Options of the ajv that checks answers: it coerces "3" to 3 for a number, as flags and prompts give strings. */
export const ANSWER_AJV_OPTIONS = { coerceTypes: true, strict: true } as const;

/** The schema each answer is checked against, by question name. ajv coerces a value in place only inside an object, hence the { value } holder. */
export function answerHolderSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    QUESTION_LIST.map((q) => [q.name, { type: 'object', properties: { value: q.schema }, required: ['value'] }]),
  );
}

/** What the compiled validators must have been built from. */
export function answersFingerprint(schemas: Readonly<Record<string, unknown>> = answerHolderSchemas()): string {
  return createHash('sha256').update(JSON.stringify(schemas)).digest('hex');
}

let validators: Readonly<Record<string, Validator>> | undefined;

/**
 * The validators, on first use rather than at import: the build's standalone ones when they match the questions
 * (always, in the package), else compiled here with ajv (a plain `tsc` build, or questions changed since).
 */
function validatorFor(question: QuestionDef): Validator {
  if (!validators) {
    const schemas = answerHolderSchemas();
    validators = loadCompiled(COMPILED_ANSWERS, answersFingerprint(schemas))?.validators;
    if (!validators) {
      const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
      const ajv = new Ajv(ANSWER_AJV_OPTIONS);
      validators = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, ajv.compile(schema)]));
    }
  }
  return validators[question.name]!;
}

/** JSON Schema of the stored answers, derived from the question table (written to schemas/answers.schema.json). */
export function answersSchema(): Record<string, unknown> {
  const properties = Object.fromEntries(QUESTION_LIST.map((q) => [q.name, { ...q.schema, description: `${q.message} (--${q.flag}): ${q.allowed}` }]));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'generator-rails-fargate answers (.yo-rc.json)',
    type: 'object',
    properties: {
      ...properties,
      // Another environment's answers: the same schemas, by reference.
      [SETTINGS_KEY]: settingsSchema(Object.fromEntries(QUESTION_LIST.map((q) => [q.name, { $ref: `#/properties/${q.name}` }]))),
    },
    required: QUESTION_LIST.map((q) => q.name),
  };
}

/** What is allowed, and what the answers above say about it (the Region's AZ count). */
function allowedText(question: QuestionDef, earlier: Readonly<Record<string, unknown>>): string {
  const hint = question.hint?.(earlier);
  return hint ? `${question.allowed}; ${hint}` : question.allowed;
}

function coerce(question: QuestionDef, raw: unknown, source: string, earlier: Readonly<Record<string, unknown>> = {}): unknown {
  const trimmed = typeof raw === 'string' ? raw.trim() : raw;
  const holder = { value: typeof trimmed === 'string' && question.normalize ? question.normalize(trimmed) : trimmed };
  if (!validatorFor(question)(holder)) throw new InputError(question.flag, raw, allowedText(question, earlier), source);
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
  const value = coerce(question, raw, source, earlier);
  const verdict = question.check ? question.check(value as never, earlier, context) : true;
  if (verdict !== true) throw new InputError(question.flag, raw, `${question.allowed}; ${verdict}`, source);
  return value;
}

/** The same rule as a prompt validator: true or the message. */
export function promptCheck(question: QuestionDef, earlier: Readonly<Record<string, unknown>>, context: DefaultContext) {
  return (raw: unknown): true | string => {
    if (question.emptyWithdraws && typeof raw === 'string' && raw.trim() === '') return true;
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
  /**
   * --ask-answered: `.yo-rc.json` answers nothing, it only gives each prompt its default; every question that applies
   * is asked, the advanced ones too (options still answer, and --yes still asks nothing).
   */
  readonly askAnswered?: boolean;
  readonly context: DefaultContext;
  /** Where `stored` is, for messages: `.yo-rc.json ` by default (another environment's answers are deeper). */
  readonly storedAt?: string;
}

export interface Picked {
  readonly raw: unknown;
  readonly source: string;
}

function given(question: QuestionDef, sources: Sources): Picked | undefined {
  const option = sources.options[question.flag];
  if (option !== undefined && option !== null) return { raw: option, source: `--${question.flag}` };
  const stored = sources.stored[question.name];
  if (stored !== undefined && !(sources.askAnswered && !sources.yes)) return { raw: stored, source: `${sources.storedAt ?? '.yo-rc.json '}"${question.name}"` };
  return undefined;
}

/** The answers `.yo-rc.json` gives that no option overrides: what a re-run takes without asking. */
export function storedAnswerNames(sources: Pick<Sources, 'options' | 'stored'>): string[] {
  return QUESTION_LIST.filter((q) => sources.stored[q.name] !== undefined && (sources.options[q.flag] ?? null) === null).map((q) => q.name);
}

/**
 * The value a question takes without asking, and where it came from; undefined means: ask. The default answers
 * with --yes, for an advanced question without --ask-all, and for a question that does not apply.
 */
export function pickSource(question: QuestionDef, sources: Sources, earlier: Readonly<Record<string, unknown>> = {}): Picked | undefined {
  const value = given(question, sources);
  if (value) return value;
  const applies = question.applies ? question.applies(earlier) : true;
  if (!sources.yes && applies && (!question.advanced || sources.askAll || sources.askAnswered)) return undefined;
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
  // The answers as far as they are known up front (given, else the default), for the hints of refused values.
  const upFront: Record<string, unknown> = {};
  for (const question of QUESTION_LIST) {
    const value = given(question, sources);
    if (value) coerce(question, value.raw, value.source, upFront);
    upFront[question.name] = value ? value.raw : question.default(sources.context, upFront);
  }
  const answers: Record<string, unknown> = {};
  for (const question of QUESTION_LIST) {
    const pick = pickSource(question, sources, answers);
    // Under --ask-answered the stored answer is what the prompt offers.
    const offered = sources.stored[question.name] ?? question.default(sources.context, answers);
    const raw = pick ? pick.raw : await ask(question, offered, answers);
    if (!pick && question.emptyWithdraws && typeof raw === 'string' && raw.trim() === '') {
      // Asked and left empty: withdraw the answer it belongs to (no hosted zone: no domain) rather than trap the user.
      answers[question.emptyWithdraws] = '';
    }
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
