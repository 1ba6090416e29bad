/**
 * An S3 entry of config/storage.yml, read line by line: where its bucket and Region come from (the ENV variables
 * it reads, a literal, or other Ruby such as credentials), and the lines that give it access keys. The task gets
 * the data stack's bucket under the names the app already reads, and an entry that cannot reach that bucket (a
 * literal bucket, keys from credentials that override the task role) gets an edit offered.
 */

/** Where a setting of the entry comes from. */
export type ValueSource =
  | { readonly kind: 'env'; readonly names: readonly string[] }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'ruby'; readonly source: string }
  | { readonly kind: 'missing' };

export interface S3Entry {
  /** The entry's name (`amazon`...), and the 1-based line it starts on. */
  readonly name: string;
  readonly line: number;
  /** The 1-based line of its `bucket:` setting, if it has one. */
  readonly bucketLine?: number;
  readonly bucket: ValueSource;
  readonly region: ValueSource;
  /** 1-based lines of `access_key_id:` / `secret_access_key:` that are not read from ENV (credentials, literals). */
  readonly keyLines: readonly number[];
}

/** `ENV["X"]`, `ENV['X']`, `ENV.fetch("X"...)`: each variable named on a line, in order. */
const ENV_REF = /ENV(?:\[\s*|\.fetch\(\s*)["']([A-Za-z_][A-Za-z0-9_]*)["']/g;

function source(value: string | undefined): ValueSource {
  if (value === undefined) return { kind: 'missing' };
  const names = [...value.matchAll(ENV_REF)].map((m) => m[1]!);
  if (names.length > 0) return { kind: 'env', names: [...new Set(names)] };
  if (value.includes('<%')) return { kind: 'ruby', source: value.trim() };
  return { kind: 'literal', value: value.trim().replace(/^(["'])(.*)\1$/, '$2') };
}

/** The top-level entries of storage.yml: name -> [first line, last line] (0-based, the name's line excluded). */
function blocks(rows: readonly string[]): Map<string, [number, number]> {
  const found = new Map<string, [number, number]>();
  let current: string | undefined;
  rows.forEach((row, i) => {
    const top = /^([A-Za-z_][\w-]*):\s*(#.*)?$/.exec(row);
    if (top) {
      current = top[1]!;
      found.set(current, [i + 1, i]);
    } else if (current && /^\s+\S/.test(row) && !/^\s*#/.test(row)) {
      found.get(current)![1] = i;
    } else if (/^\S/.test(row) && !/^#/.test(row)) {
      current = undefined;
    }
  });
  return found;
}

/** The S3 entry named `name`, or, without a name, the first S3 entry of the file; undefined when there is none. */
export function readS3Entry(text: string, name?: string): S3Entry | undefined {
  const rows = text.split('\n');
  for (const [entry, [from, to]] of blocks(rows)) {
    if (name !== undefined && entry !== name) continue;
    const settings = new Map<string, { value: string; line: number }>();
    for (let i = from; i <= to; i += 1) {
      const setting = /^\s+(\w+):\s*(.*?)\s*$/.exec(rows[i]!);
      if (setting) settings.set(setting[1]!, { value: setting[2]!, line: i + 1 });
    }
    if (source(settings.get('service')?.value).kind !== 'literal' || !/^S3$/.test(settings.get('service')!.value.replace(/["']/g, ''))) continue;
    const keyLines = ['access_key_id', 'secret_access_key']
      .map((key) => settings.get(key))
      .filter((s): s is { value: string; line: number } => s !== undefined && source(s.value).kind !== 'env')
      .map((s) => s.line);
    const bucket = settings.get('bucket');
    return {
      name: entry,
      line: from,
      ...(bucket ? { bucketLine: bucket.line } : {}),
      bucket: source(bucket?.value),
      region: source(settings.get('region')?.value),
      keyLines,
    };
  }
  return undefined;
}

/** The entry the generator adds for the data stack's bucket; the task role gives the credentials. */
export function amazonEntryLines(name: string): string[] {
  return [
    '# The data stack\'s S3 bucket (added by generator-rails-fargate). The task role gives the credentials: no keys here.',
    `${name}:`,
    '  service: S3',
    '  bucket: <%= ENV["S3_BUCKET"] %>',
    '  region: <%= ENV["AWS_REGION"] %>',
  ];
}
