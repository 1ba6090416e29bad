/**
 * The process that serves HTTP and the one port the image, the task definition and the target group agree on.
 * Puma reads `port ENV.fetch("PORT", 3000)`; Thruster (Rails 8) listens on HTTP_PORT (default 80, which a non-root
 * process cannot bind) and runs Puma on TARGET_PORT. The port is always 1024 or above.
 */
import { InputError } from '../errors.js';
import type { Fact } from './fact.js';
import { productionGems } from './gemfile.js';
import { parseProcfile } from './procfile.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';

export type ServerKind = 'puma' | 'thruster' | 'pitchfork' | 'unicorn' | 'falcon' | 'passenger';

export interface ServerFacts {
  readonly kind: ServerKind;
  /** The port the container listens on: EXPOSE, containerPort, target group port. */
  readonly port: number;
  /** Environment that makes the server listen there (PORT, or HTTP_PORT and TARGET_PORT for Thruster). */
  readonly env: Readonly<Record<string, string>>;
  /** The web container's command, exec form. */
  readonly command: readonly string[];
  /** How the server was read, for the summary: `Procfile web:`, `config/pitchfork.rb`, `Gemfile.lock`. */
  readonly evidence?: string;
}

export const DEFAULT_PORT = 3000;

/** `port ENV.fetch("PORT", 3000)` -> { env: true, port: 3000 }; `port 8080` -> { env: false, port: 8080 }. */
export function pumaPort(puma: string): { port: number; fixed: boolean } {
  const text = stripRubyComments(puma);
  const viaEnv = /^\s*port\s+\(?\s*ENV\.fetch\(\s*["']PORT["']\s*(?:,\s*(\d+)\s*\)|\)\s*\{\s*(\d+)\s*\})/m.exec(text);
  if (viaEnv) return { port: Number(viaEnv[1] ?? viaEnv[2]), fixed: false };
  const envOr = /^\s*port\s+\(?\s*ENV\[\s*["']PORT["']\s*\]\s*\|\|\s*(\d+)/m.exec(text);
  if (envOr) return { port: Number(envOr[1]), fixed: false };
  const literal = /^\s*port\s+\(?\s*(\d+)/m.exec(text) ?? /^\s*bind\s+["']tcp:\/\/[^:"']+:(\d+)["']/m.exec(text);
  if (literal) return { port: Number(literal[1]), fixed: true };
  return { port: DEFAULT_PORT, fixed: false };
}

/** `listen 8080`, `listen "0.0.0.0:8080"`, `listen ENV.fetch("PORT", 8080)` in config/unicorn.rb or config/pitchfork.rb. */
export function listenPort(config: string): { port: number; fixed: boolean } | undefined {
  for (const match of stripRubyComments(config).matchAll(/^\s*listen\s*\(?\s*(.+)$/gm)) {
    const arg = match[1]!;
    if (/^["']\//.test(arg)) continue; // a unix socket
    const env = /ENV(?:\.fetch\(\s*["']PORT["']\s*(?:,\s*["']?(\d+)|\)\s*\{\s*["']?(\d+))|\[\s*["']PORT["']\s*\]\s*\|\|\s*["']?(\d+))/.exec(arg);
    if (env) return { port: Number(env[1] ?? env[2] ?? env[3]), fixed: false };
    const literal = /^["']?(?:[\w.]*:)?(\d{2,5})\b/.exec(arg);
    if (literal) return { port: Number(literal[1]), fixed: true };
  }
  return undefined;
}

const SERVER_GEMS: Record<ServerKind, string> = { thruster: 'thruster', puma: 'puma', pitchfork: 'pitchfork', unicorn: 'unicorn', falcon: 'falcon', passenger: 'passenger' };

/** The server a Procfile `web:` command starts: `bundle exec pitchfork ...`, `bin/rails server` (Puma)... */
function serverOf(command: readonly string[]): ServerKind | undefined {
  const words = command.map((word) => word.replace(/^.*\//, ''));
  if (words.includes('thrust')) return 'thruster';
  for (const kind of ['pitchfork', 'falcon', 'passenger', 'puma'] as const) if (words.includes(kind)) return kind;
  if (words.includes('unicorn') || words.includes('unicorn_rails')) return 'unicorn';
  const rails = words.indexOf('rails');
  if (rails >= 0 && ['server', 's'].includes(words[rails + 1] ?? '')) return 'puma';
  return undefined;
}

/** The port a command names: `-p 5000`, `--port=5000`, `-b tcp://0.0.0.0:5000`, `--listen :5000`. */
function commandPort(command: readonly string[]): number | undefined {
  for (let i = 0; i < command.length; i += 1) {
    const word = command[i]!;
    const inline = /^--(?:port|bind|listen)=(?:.*:)?(\d+)$/.exec(word);
    if (inline) return Number(inline[1]);
    if (['-p', '--port'].includes(word) && /^\d+$/.test(command[i + 1] ?? '')) return Number(command[i + 1]);
    if (['-b', '--bind', '-l', '--listen'].includes(word)) {
      const port = /:(\d+)\/?$/.exec(command[i + 1] ?? '')?.[1];
      if (port) return Number(port);
    }
  }
  return undefined;
}

/** The Procfile's web command as exec words, `$PORT` and `$RAILS_ENV` filled in; undefined when it needs a shell. */
function webCommand(repo: Repo, port: () => number): string[] | undefined {
  const web = parseProcfile(repo.read('Procfile') ?? '').find((entry) => entry.name === 'web');
  if (!web || /[;&|<>`]|\$\(/.test(web.command)) return undefined;
  const filled = web.command
    .replace(/\$\{PORT(?::-\d+)?\}|\$PORT\b/g, () => String(port()))
    .replace(/\$\{RAILS_ENV\}|\$RAILS_ENV\b/g, 'production');
  if (filled.includes('$')) return undefined;
  return filled.split(/\s+/).filter(Boolean);
}

function refusePort(kind: ServerKind, port: number, file: string): never {
  const name = kind === 'thruster' ? 'Puma' : `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
  const fix = file === 'config/puma.rb' ? 'write `port ENV.fetch("PORT", 3000)` in config/puma.rb' : `make ${name} listen on ENV.fetch("PORT", 3000) in ${file}`;
  throw new InputError(`${name} port`, port, `a port of 1024 or above (a non-root container cannot bind below 1024 on Fargate); ${fix}`, file);
}

export function detectServer(repo: Repo, gems: ReadonlyMap<string, string>, gemfile = ''): Fact<ServerFacts> {
  const production = productionGems(gems, gemfile);
  const available = (kind: ServerKind): boolean => production.has(SERVER_GEMS[kind]);
  const procfileWords = webCommand(repo, () => DEFAULT_PORT);
  const fromProcfile = procfileWords && serverOf(procfileWords);
  const order: ServerKind[] = ['thruster', 'puma', 'pitchfork', 'unicorn', 'falcon', 'passenger'];
  let kind: ServerKind | undefined = fromProcfile && (available(fromProcfile) || (fromProcfile === 'puma' && !gems.has('puma'))) ? fromProcfile : undefined;
  if (kind === undefined) kind = order.find((k) => available(k) && (k !== 'thruster' || available('puma')));
  if (kind === undefined) {
    const devOnly = order.filter((k) => gems.has(SERVER_GEMS[k]));
    if (devOnly.length > 0) {
      throw new InputError(
        'app server',
        devOnly.map((k) => SERVER_GEMS[k]).join(', '),
        `a server gem the production image installs (it installs without the development and test groups): move \`gem "${SERVER_GEMS[devOnly[0]!]}"\` out of the development/test group in the Gemfile and run \`bundle install\``,
        'Gemfile',
      );
    }
    kind = 'puma'; // no server gem locked at all: `rails server` with Puma, as Rails' own Gemfile has it
  }
  const viaProcfile = fromProcfile === kind && kind !== 'thruster';
  const evidence = (file: string): string => (viaProcfile ? 'the Procfile web line' : file);
  const pumaFrom = repo.exists('config/puma.rb') ? 'config/puma.rb' : 'Gemfile.lock';
  const puma = pumaPort(repo.read('config/puma.rb') ?? '');
  switch (kind) {
    case 'thruster': {
      if (puma.fixed && puma.port < 1024) refusePort(kind, puma.port, 'config/puma.rb');
      // Thruster sets PORT=TARGET_PORT for the server it wraps; a fixed Puma port must be its TARGET_PORT.
      const target = puma.fixed ? puma.port : DEFAULT_PORT + 1;
      const port = target === DEFAULT_PORT ? DEFAULT_PORT + 1 : DEFAULT_PORT;
      return {
        value: { kind, port, env: { HTTP_PORT: String(port), TARGET_PORT: String(target) }, command: ['./bin/thrust', './bin/rails', 'server'], evidence: 'Gemfile.lock (thruster, puma)' },
        from: 'Gemfile.lock',
      };
    }
    case 'puma': {
      const named = procfileWords && viaProcfile ? commandPort(procfileWords) : undefined;
      const port = named ?? (puma.fixed ? puma.port : DEFAULT_PORT);
      if (port < 1024) refusePort(kind, port, named ? 'Procfile' : 'config/puma.rb');
      const command = viaProcfile ? webCommand(repo, () => port)! : ['./bin/rails', 'server', '-b', '0.0.0.0', '-p', String(port)];
      return { value: { kind, port, env: { PORT: String(port) }, command, evidence: evidence(pumaFrom) }, from: viaProcfile ? 'Procfile' : pumaFrom };
    }
    case 'pitchfork':
    case 'unicorn': {
      const file = `config/${kind}.rb`;
      const config = repo.read(file);
      const listen = config === undefined ? undefined : listenPort(config);
      const named = procfileWords && viaProcfile ? commandPort(procfileWords) : undefined;
      // Without a `listen`, both listen on 8080.
      const port = named ?? listen?.port ?? 8080;
      if (port < 1024) refusePort(kind, port, named ? 'Procfile' : file);
      const ownCommand = ['bundle', 'exec', kind, ...(config !== undefined ? ['-c', file] : []), ...(listen ? [] : ['-p', String(port)])];
      const command = viaProcfile ? webCommand(repo, () => port)! : ownCommand;
      const from = viaProcfile ? 'Procfile' : config !== undefined ? file : 'Gemfile.lock';
      return { value: { kind, port, env: { PORT: String(port) }, command, evidence: evidence(config !== undefined ? file : 'Gemfile.lock') }, from };
    }
    case 'falcon':
    case 'passenger': {
      const named = procfileWords && viaProcfile ? commandPort(procfileWords) : undefined;
      const port = named ?? DEFAULT_PORT;
      if (port < 1024) refusePort(kind, port, 'Procfile');
      const own = kind === 'falcon' ? ['bundle', 'exec', 'falcon', 'serve', '--bind', `http://0.0.0.0:${port}`] : ['bundle', 'exec', 'passenger', 'start', '--port', String(port)];
      const command = viaProcfile ? webCommand(repo, () => port)! : own;
      return { value: { kind, port, env: { PORT: String(port) }, command, evidence: evidence('Gemfile.lock') }, from: viaProcfile ? 'Procfile' : 'Gemfile.lock' };
    }
  }
}
