/**
 * CloudFormation-flavoured YAML. Short-form intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`...) are read into the long
 * JSON form (`{ Ref: x }`, `{ "Fn::GetAtt": [a, b] }`), which is what the AWS docs and the validator speak, so code
 * and tests inspect plain objects; templates are written back with short-form tags, the way people write them.
 */
import { Document, isAlias, isMap, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';

const FUNCTIONS = [
  'Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split',
  'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length',
] as const;

export type IntrinsicName = (typeof FUNCTIONS)[number];

/** `Ref` and `Condition` keep their name in the long form; every other function is `Fn::<name>`. */
export function longKey(fn: IntrinsicName): string {
  return fn === 'Ref' || fn === 'Condition' ? fn : `Fn::${fn}`;
}

const SHORT_BY_LONG = new Map<string, IntrinsicName>(FUNCTIONS.map((fn) => [longKey(fn), fn]));
const KNOWN_TAGS = new Set<string>(FUNCTIONS.map((fn) => `!${fn}`));

export class CfnYamlError extends Error {}

/** Parse CloudFormation YAML (short or long form) into plain long-form values. */
export function parseCfnYaml(text: string, source = 'template'): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new CfnYamlError(`${source}: ${doc.errors[0]!.message}`);
  return toValue(doc.contents, source);
}

function toValue(node: unknown, source: string): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) throw new CfnYamlError(`${source}: YAML aliases are not allowed in CloudFormation templates`);
  const tag = (node as Node).tag;
  const value = plainValue(node as Node, source);
  if (!tag || !tag.startsWith('!')) return value;
  if (!KNOWN_TAGS.has(tag)) throw new CfnYamlError(`${source}: unknown tag ${tag}`);
  const fn = tag.slice(1) as IntrinsicName;
  if (fn === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    if (dot < 1) throw new CfnYamlError(`${source}: !GetAtt needs "LogicalId.Attribute", got "${value}"`);
    return { [longKey(fn)]: [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [longKey(fn)]: value };
}

function plainValue(node: Node, source: string): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => toValue(item, source));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = toValue(pair.value, source);
    }
    return out;
  }
  throw new CfnYamlError(`${source}: unsupported YAML node`);
}

/** The short name of an intrinsic-function object (`{ Ref: x }` -> `Ref`), or undefined for any other value. */
export function intrinsicOf(value: unknown): { fn: IntrinsicName; arg: unknown } | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const fn = SHORT_BY_LONG.get(keys[0]!);
  return fn ? { fn, arg: (value as Record<string, unknown>)[keys[0]!] } : undefined;
}

/** Write plain long-form values as YAML with short-form intrinsic tags. Output is deterministic. */
export function stringifyCfnYaml(value: unknown): string {
  const doc = new Document();
  doc.contents = toNode(value) as Document['contents'];
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, singleQuote: true });
}

function toNode(value: unknown): Node {
  const intrinsic = intrinsicOf(value);
  if (intrinsic) {
    const { fn, arg } = intrinsic;
    // A YAML node carries one tag, so a function applied directly to another (`!ImportValue !Sub ...`) writes the
    // inner one in long form: `!ImportValue { Fn::Sub: ... }`.
    const node =
      fn === 'GetAtt' && Array.isArray(arg) && arg.length === 2 && arg.every((a) => typeof a === 'string')
        ? new Scalar(arg.join('.'))
        : intrinsicOf(arg)
          ? plainMap(arg as Record<string, unknown>)
          : toNode(arg);
    node.tag = `!${fn}`;
    if (isSeq(node) && node.items.every(isShort)) node.flow = true;
    return node;
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seq.items = value.map(toNode);
    return seq;
  }
  if (value !== null && typeof value === 'object') return plainMap(value as Record<string, unknown>);
  const scalar = new Scalar(value);
  // YAML 1.2 reads OFF, on, yes... as strings, but CloudFormation's YAML 1.1 parser reads them as booleans (a
  // schedule's FlexibleTimeWindow Mode OFF would arrive as false): quote them.
  if (typeof value === 'string' && YAML11_BOOLEAN.test(value)) scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

const YAML11_BOOLEAN = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function plainMap(value: Record<string, unknown>): YAMLMap {
  const map = new YAMLMap();
  map.items = Object.entries(value).map(([k, v]) => new Pair(new Scalar(k), toNode(v)));
  return map;
}

/** Scalars and one-argument tags fit on a line: `!Select [0, !GetAZs '']`. */
function isShort(node: unknown): boolean {
  return isScalar(node) || (isSeq(node) && node.flow === true);
}
