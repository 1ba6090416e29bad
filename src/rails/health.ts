/**
 * The path the load balancer's health check asks for: the Rails health controller (`rails/health#show`, Rails
 * 7.1+), else a cheap health route the app already has, else a route to add (the Rails 7.1+ line, or a minimal
 * Rack endpoint for older Rails).
 */
import { versionAtLeast } from './fact.js';
import type { Fact } from './fact.js';
import type { Repo } from './repo.js';
import { stripRubyComments } from './repo.js';

export interface HealthRoute {
  readonly path: string;
  /** `rails-health`: rails/health#show; `existing`: another health route of the app; `add`: none yet. */
  readonly kind: 'rails-health' | 'existing' | 'add';
  /** For `add`: the line to insert inside `Rails.application.routes.draw do ... end`. */
  readonly routeToAdd?: string;
}

export const RAILS_HEALTH_ROUTE = 'get "up" => "rails/health#show", as: :rails_health_check';
export const RACK_HEALTH_ROUTE = 'get "up", to: ->(_env) { [200, { "Content-Type" => "text/plain" }, ["OK"]] }, as: :rails_health_check';

/** Health route names, best first: the last path segment of a route the app already has. */
const HEALTH_NAMES = ['up', 'health', 'healthz', 'health_check', 'health-check', 'healthcheck', 'ping', 'status', 'livez', 'live', 'alive', 'liveness', 'readyz', 'ready', 'readiness', 'heartbeat'];

export interface Route {
  /** The full path, scopes and namespaces resolved: `/internal/ping`. */
  readonly path: string;
  /** What it points at: `"health#show"`, `proc { ... }`, or `` when implicit. */
  readonly target: string;
  /** The file that declares it (config/routes.rb, or config/routes/<name>.rb through `draw`). */
  readonly file: string;
}

const QUOTED = `(?:"([^"]*)"|'([^']*)'|:(\\w+))`;

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/').replace(/\/$/, '');
  return joined === '' ? '/' : joined.startsWith('/') ? joined : `/${joined}`;
}

/** The path a block opener adds: `namespace :internal`, `scope "ops"`, `scope path: "ops"`, `resource :status`. */
function blockPath(line: string): string | undefined {
  let match: RegExpExecArray | null;
  const pathOption = new RegExp(`\\bpath:\\s*${QUOTED}`).exec(line);
  const pathValue = pathOption ? (pathOption[1] ?? pathOption[2] ?? pathOption[3]) : undefined;
  if ((match = new RegExp(`^namespace\\s*\\(?\\s*${QUOTED}`).exec(line))) return pathValue ?? match[1] ?? match[2] ?? match[3];
  if ((match = new RegExp(`^scope\\s*\\(?\\s*${QUOTED}`).exec(line))) return match[1] ?? match[2] ?? match[3];
  if (/^scope\b/.test(line)) return pathValue ?? '';
  if ((match = new RegExp(`^resource\\s*\\(?\\s*${QUOTED}`).exec(line))) return pathValue ?? match[1] ?? match[2] ?? match[3];
  if ((match = new RegExp(`^resources\\s*\\(?\\s*${QUOTED}`).exec(line))) {
    const name = pathValue ?? match[1] ?? match[2] ?? match[3] ?? '';
    return `${name}/:${name.replace(/s$/, '')}_id`;
  }
  return '';
}

/**
 * Every route of config/routes.rb with its full path: `namespace`, `scope` (a path, or `path:`), `resource(s)`
 * blocks and `draw(:name)` files in config/routes/ resolved; `get "x" => "c#a"`, `get "x", to: ...`,
 * `get :x, to: proc {...}`, `match "x", via: :get`. Read, never run.
 */
export function readRoutes(repo: Repo, file = 'config/routes.rb', prefix = '', depth = 0): Route[] {
  const text = stripRubyComments(repo.read(file) ?? '');
  const out: Route[] = [];
  const stack: string[] = [prefix];
  const route = new RegExp(`^(?:get|match)\\s*\\(?\\s*${QUOTED}\\s*(?:(=>|,\\s*to:)\\s*(.*))?`);
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const current = stack.at(-1)!;
    if (line === '') continue;
    if (/^end\b/.test(line) || line === '}') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const draw = /^draw\s*\(?\s*:?["']?([\w/]+)["']?\s*\)?\s*$/.exec(line);
    if (draw && depth < 5) {
      out.push(...readRoutes(repo, `config/routes/${draw[1]}.rb`, current, depth + 1));
      continue;
    }
    const get = route.exec(line);
    if (get) {
      const path = get[1] ?? get[2] ?? get[3] ?? '';
      const at = /\bpath:\s*["']([^"']*)["']/.exec(line)?.[1];
      out.push({ path: join(current, at ?? path), target: (get[5] ?? '').trim(), file });
    }
    const opens = /(\bdo|\{)\s*(\|[^|]*\|)?\s*$/.test(line) || /^(if|unless|case|begin|while|until)\b/.test(line);
    if (opens) stack.push(get ? current : join(current, blockPath(line) ?? ''));
  }
  return out;
}

/** A static path (no `:id`, no `*glob`), optional segments such as `(:locale)` dropped. */
function staticPath(path: string): string | undefined {
  const plain = path.replace(/\([^)]*\)/g, '').replace(/\/+/g, '/');
  return /[:*]/.test(plain) ? undefined : plain.replace(/\/$/, '') || '/';
}

export function detectHealthRoute(repo: Repo, railsVersion: string): Fact<HealthRoute> {
  const all = readRoutes(repo).flatMap((route) => {
    const path = staticPath(route.path);
    return path ? [{ ...route, path }] : [];
  });
  const rails = all.find((route) => /["']rails\/health#show["']/.test(route.target));
  if (rails) return { value: { path: rails.path, kind: 'rails-health' }, from: rails.file };
  const rank = (path: string): number => HEALTH_NAMES.indexOf(path.split('/').at(-1)!.replace(/\.json$/, ''));
  const cheap = all.filter((route) => rank(route.path) >= 0).sort((a, b) => rank(a.path) - rank(b.path) || a.path.split('/').length - b.path.split('/').length)[0];
  if (cheap) return { value: { path: cheap.path, kind: 'existing' }, from: cheap.file };
  const from = 'config/routes.rb';
  const text = stripRubyComments(repo.read(from) ?? '');
  if (/^\s*health_check_routes\b/m.test(text)) return { value: { path: '/health_check', kind: 'existing' }, from };
  const routeToAdd = versionAtLeast(railsVersion, '7.1') ? RAILS_HEALTH_ROUTE : RACK_HEALTH_ROUTE;
  return { value: { path: '/up', kind: 'add', routeToAdd }, from };
}
