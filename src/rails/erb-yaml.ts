/**
 * Rails YAML config files (database.yml, cable.yml, sidekiq.yml) are ERB templates. We never run Ruby: the ERB is
 * read statically, as Rails would render it in a container whose environment holds only the variables we set.
 * `ENV.fetch("X", "v")`, `ENV.fetch("X") { "v" }`, `ENV["X"] || "v"`, `ENV["X"].presence || "v"` give `v` (or the
 * value we set); `<% if %>/<% elsif %>/<% else %>` keep the branch those variables select; anything else becomes
 * ERB_VALUE ("a value we cannot know without running Ruby"), and a condition we cannot read keeps every branch.
 * Line numbers are kept, so a message can point at the line of the original file.
 */
import { parse } from 'yaml';

/** Stands in for the value of an `<%= ... %>` tag: "some value we cannot know without running Ruby". */
export const ERB_VALUE = '__erb__';

/** Stands in for a variable we set whose value is only known at deploy time (DATABASE_URL...). */
export const SET_VALUE = '__set__';

/** The variables the task sets, name -> value (SET_VALUE when only the deploy knows it). */
export type ErbEnv = Readonly<Record<string, string>>;

/** An `ENV` lookup in an output tag: the variable, its fallback in the file, and the (1-based) line. */
export interface EnvRef {
  readonly name: string;
  readonly fallback?: string;
  readonly line: number;
}

export interface ErbOutput {
  /** The rendered text, line for line with the original. */
  readonly text: string;
  readonly refs: readonly EnvRef[];
}

const UNKNOWN = Symbol('unknown');
type Value = string | undefined | typeof UNKNOWN;

const STRING = /^(?:"([^"\\#]*)"|'([^'\\]*)')$/;

/** One Ruby expression of the kind config files use, or UNKNOWN. `undefined` is Ruby's nil. */
function evaluate(source: string, env: ErbEnv, refs: EnvRef[], line: number): Value {
  const expr = source.trim().replace(/^\((.*)\)$/s, '$1').trim();
  const orParts = splitTop(expr, '||');
  if (orParts.length > 1) {
    const values = orParts.map((part) => evaluate(part, env, refs, line));
    for (const value of values) {
      if (value === UNKNOWN) return UNKNOWN;
      if (value !== undefined && value !== '') return value;
    }
    return values.at(-1);
  }
  const literal = STRING.exec(expr);
  if (literal) return literal[1] ?? literal[2] ?? '';
  if (/^-?\d+$/.test(expr)) return expr;
  if (expr === 'nil') return undefined;
  if (expr === 'true' || expr === 'false') return expr;
  const conversion = /^(?:Integer|String)\((.*)\)$/s.exec(expr) ?? /^(.*?)\.(?:to_i|to_s|strip)$/s.exec(expr);
  if (conversion) return evaluate(conversion[1]!, env, refs, line);
  const presence = /^(.*)\.presence$/s.exec(expr);
  if (presence) {
    const value = evaluate(presence[1]!, env, refs, line);
    return value === '' ? undefined : value;
  }
  const lookup = envLookup(expr);
  if (lookup) {
    const fallback = lookup.fallback === undefined ? undefined : evaluate(lookup.fallback, env, [], line);
    refs.push({ name: lookup.name, ...(typeof fallback === 'string' ? { fallback } : {}), line });
    if (lookup.name in env) return env[lookup.name];
    return fallback;
  }
  return UNKNOWN;
}

/** `ENV["X"]`, `ENV.fetch("X")`, `ENV.fetch("X", v)`, `ENV.fetch("X") { v }`. */
function envLookup(expr: string): { name: string; fallback?: string } | undefined {
  const index = /^ENV\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]$/.exec(expr);
  if (index) return { name: index[1]! };
  const fetch = /^ENV\.fetch\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*(?:,\s*(.+?)\s*\)|\)\s*(?:\{\s*(.+?)\s*\}|do\s+(.+?)\s+end)?)$/s.exec(expr);
  if (fetch) return { name: fetch[1]!, ...(fetch[2] ?? fetch[3] ?? fetch[4] ? { fallback: (fetch[2] ?? fetch[3] ?? fetch[4])! } : {}) };
  return undefined;
}

/** Split on an operator outside quotes, parentheses and braces. */
function splitTop(expr: string, op: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expr.length; i += 1) {
    const c = expr[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth += 1;
    else if (')]}'.includes(c)) depth -= 1;
    else if (depth === 0 && expr.startsWith(op, i)) {
      parts.push(expr.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

/** A Ruby condition read statically with these variables set: true, false, or undefined when it cannot be read. */
export function rubyTruth(source: string, env: ErbEnv = {}): boolean | undefined {
  const value = truth(source, env);
  return value === UNKNOWN ? undefined : value;
}

/** A condition: true, false or UNKNOWN. */
function truth(source: string, env: ErbEnv): boolean | typeof UNKNOWN {
  const expr = source.trim().replace(/\s+then$/, '').replace(/^\((.*)\)$/s, '$1').trim();
  for (const [op, all] of [['||', false], ['&&', true]] as const) {
    const parts = splitTop(expr, op);
    if (parts.length > 1) {
      const values = parts.map((part) => truth(part, env));
      if (values.includes(all ? false : true)) return !all;
      return values.includes(UNKNOWN) ? UNKNOWN : all;
    }
  }
  if (expr.startsWith('!') && !expr.startsWith('!=')) {
    const inner = truth(expr.slice(1), env);
    return inner === UNKNOWN ? UNKNOWN : !inner;
  }
  if (/^Rails\.env\.production\?$/.test(expr)) return true;
  if (/^Rails\.env\.\w+\?$/.test(expr)) return false;
  const compare = /^(.+?)\s*(==|!=)\s*(.+)$/s.exec(expr);
  if (compare) {
    const left = evaluate(compare[1]!, env, [], 0);
    const right = evaluate(compare[3]!, env, [], 0);
    if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
    return (left === right) === (compare[2] === '==');
  }
  const has = /^ENV\.(?:key\?|has_key\?|include\?|member\?)\(\s*["']([A-Za-z0-9_]+)["']\s*\)$/.exec(expr);
  if (has) return has[1]! in env;
  const predicate = /^(.*)\.(present\?|blank\?|nil\?|empty\?)$/s.exec(expr);
  if (predicate) {
    const value = evaluate(predicate[1]!, env, [], 0);
    if (value === UNKNOWN) return UNKNOWN;
    const present = value !== undefined && value.trim() !== '';
    if (predicate[2] === 'present?') return present;
    if (predicate[2] === 'nil?') return value === undefined;
    if (predicate[2] === 'empty?') return value === '';
    return !present;
  }
  const value = evaluate(expr, env, [], 0);
  if (value === UNKNOWN) return UNKNOWN;
  return value !== undefined && value !== 'false';
}

interface Frame {
  /** Whether the enclosing text is emitted. */
  readonly outer: boolean;
  /** This branch: emitted, skipped, or kept because the condition could not be read. */
  active: boolean;
  /** A branch was definitely taken: later elsif/else are skipped. */
  taken: boolean;
  /** An unreadable condition came before: later branches are kept too. */
  unsure: boolean;
  /** A block that is not a conditional (`.each do`): its text is kept. */
  readonly other?: boolean;
}

/** Render the ERB of a YAML config file statically (see the file comment). */
export function renderErb(text: string, env: ErbEnv = {}): ErbOutput {
  const refs: EnvRef[] = [];
  const stack: Frame[] = [];
  const emitting = (): boolean => stack.every((frame) => frame.active);
  let out = '';
  let line = 1;
  let rest = text;
  const keepNewlines = (chunk: string): string => chunk.replace(/[^\n]/g, '');
  for (;;) {
    const open = rest.indexOf('<%');
    if (open < 0) break;
    const close = rest.indexOf('%>', open + 2);
    if (close < 0) break;
    const before = rest.slice(0, open);
    out += emitting() ? before : keepNewlines(before);
    line += keepNewlines(before).length;
    const tag = rest.slice(open, close + 2);
    rest = rest.slice(close + 2);
    const body = tag.slice(2, -2).replace(/^-/, '').replace(/-$/, '');
    const tagLine = line;
    line += keepNewlines(tag).length;
    if (body.startsWith('#')) {
      out += keepNewlines(tag);
    } else if (body.startsWith('=')) {
      if (emitting()) {
        const value = evaluate(body.slice(1), env, refs, tagLine);
        out += value === UNKNOWN ? ERB_VALUE : (value ?? '');
      }
      out += keepNewlines(tag);
    } else {
      control(body.trim(), env, stack);
      out += keepNewlines(tag);
      // A line that held only a control tag renders as an empty line (its newline stays, the text is gone).
    }
  }
  out += emitting() ? rest : keepNewlines(rest);
  return { text: out, refs };
}

function control(code: string, env: ErbEnv, stack: Frame[]): void {
  const outer = stack.every((frame) => frame.active);
  const top = stack.at(-1);
  let match: RegExpExecArray | null;
  if ((match = /^(if|unless)\s+(.+)$/s.exec(code))) {
    const value = truth(match[2]!, env);
    const yes = value === UNKNOWN ? UNKNOWN : match[1] === 'unless' ? !value : value;
    stack.push({ outer, active: outer && yes !== false, taken: yes === true, unsure: yes === UNKNOWN });
  } else if ((match = /^elsif\s+(.+)$/s.exec(code)) && top && !top.other) {
    const value = top.taken ? false : truth(match[1]!, env);
    top.active = top.outer && value !== false;
    top.taken ||= value === true;
    top.unsure ||= value === UNKNOWN;
  } else if (code === 'else' && top && !top.other) {
    top.active = top.outer && !top.taken;
    top.taken = true;
  } else if (/^end\b/.test(code)) {
    stack.pop();
  } else if (/\bdo(\s*\|[^|]*\|)?\s*$/.test(code) || /^(case|while|until|begin)\b/.test(code)) {
    stack.push({ outer, active: outer, taken: true, unsure: false, other: true });
  }
}

/** ERB tags removed as before (kept for callers that only want the YAML shape): control flow merged, values unknown. */
export function stripErb(text: string): string {
  return (
    text
      .replace(/^[ \t]*<%[-=#]?[\s\S]*?-?%>[ \t]*(\r?\n|$)/gm, '')
      .replace(/<%=[\s\S]*?-?%>/g, ERB_VALUE)
      .replace(/<%[\s\S]*?-?%>/g, '')
  );
}

/** Parse YAML with merge keys; later duplicate keys win; undefined when the text is not YAML. */
export function parseYaml(text: string): unknown {
  try {
    return parse(text, { merge: true, uniqueKeys: false, prettyErrors: false });
  } catch {
    return undefined;
  }
}

/** The parsed document of an ERB YAML file rendered with `env`, or undefined when it is not YAML. */
export function parseErbYaml(text: string, env: ErbEnv = {}): unknown {
  return parseYaml(renderErb(text, env).text);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
