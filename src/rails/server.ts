/**
 * The process that serves HTTP and the one port the image, the task definition and the target group agree on.
 * Puma reads `port ENV.fetch("PORT", 3000)`; Thruster (Rails 8) listens on HTTP_PORT (default 80, which a non-root
 * process cannot bind) and runs Puma on TARGET_PORT. The port is always 1024 or above.
 */
import { InputError } from '../errors.js';
import type { Fact } from './fact.js';
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

function kindOf(gems: ReadonlyMap<string, string>): ServerKind {
  if (gems.has('thruster')) return 'thruster';
  for (const kind of ['pitchfork', 'unicorn', 'falcon', 'passenger'] as const) if (gems.has(kind) && !gems.has('puma')) return kind;
  return 'puma';
}

export function detectServer(repo: Repo, gems: ReadonlyMap<string, string>): Fact<ServerFacts> {
  const from = repo.exists('config/puma.rb') ? 'config/puma.rb' : 'Gemfile.lock';
  const kind = kindOf(gems);
  const puma = pumaPort(repo.read('config/puma.rb') ?? '');
  if (puma.fixed && puma.port < 1024) {
    throw new InputError(
      'Puma port',
      puma.port,
      'a port of 1024 or above (a non-root container cannot bind below 1024 on Fargate); write `port ENV.fetch("PORT", 3000)` in config/puma.rb',
      'config/puma.rb',
    );
  }
  const rails = ['./bin/rails', 'server', '-b', '0.0.0.0'];
  switch (kind) {
    case 'thruster': {
      // Thruster sets PORT=TARGET_PORT for the server it wraps; a fixed Puma port must be its TARGET_PORT.
      const target = puma.fixed ? puma.port : DEFAULT_PORT + 1;
      const port = target === DEFAULT_PORT ? DEFAULT_PORT + 1 : DEFAULT_PORT;
      return {
        value: { kind, port, env: { HTTP_PORT: String(port), TARGET_PORT: String(target) }, command: ['./bin/thrust', './bin/rails', 'server'] },
        from: 'Gemfile.lock',
      };
    }
    case 'puma': {
      const port = puma.fixed ? puma.port : DEFAULT_PORT;
      return { value: { kind, port, env: { PORT: String(port) }, command: [...rails, '-p', String(port)] }, from };
    }
    case 'pitchfork':
      return { value: { kind, port: DEFAULT_PORT, env: { PORT: String(DEFAULT_PORT) }, command: ['bundle', 'exec', 'pitchfork', '-c', 'config/pitchfork.rb'] }, from: 'Gemfile.lock' };
    case 'unicorn':
      return { value: { kind, port: DEFAULT_PORT, env: { PORT: String(DEFAULT_PORT) }, command: ['bundle', 'exec', 'unicorn', '-c', 'config/unicorn.rb', '-p', String(DEFAULT_PORT)] }, from: 'Gemfile.lock' };
    case 'falcon':
      return { value: { kind, port: DEFAULT_PORT, env: { PORT: String(DEFAULT_PORT) }, command: ['bundle', 'exec', 'falcon', 'serve', '--bind', `http://0.0.0.0:${DEFAULT_PORT}`] }, from: 'Gemfile.lock' };
    case 'passenger':
      return { value: { kind, port: DEFAULT_PORT, env: { PORT: String(DEFAULT_PORT) }, command: ['bundle', 'exec', 'passenger', 'start', '--port', String(DEFAULT_PORT)] }, from: 'Gemfile.lock' };
  }
}
