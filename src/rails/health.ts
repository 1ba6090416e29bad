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

/** Route paths whose name says they are a health or liveness check. */
const HEALTHY_NAME = /^\/?(up|healthz?|health[_-]?check|healthcheck|ping|status|alive|livez?|readyz?|liveness|readiness|heartbeat)\/?$/;

interface Route {
  readonly path: string;
  readonly target: string;
}

/** `get "up" => "rails/health#show"`, `get "/healthz", to: "health#show"`, `get :ping, to: ...`. */
function routes(text: string): Route[] {
  const out: Route[] = [];
  const pattern = /^\s*(?:get|match)\s*\(?\s*(?:["']([^"']+)["']|:(\w+))\s*(?:=>|,\s*to:)\s*([^,\n]+)/gm;
  for (const match of text.matchAll(pattern)) {
    const path = match[1] ?? match[2] ?? '';
    out.push({ path: `/${path.replace(/^\//, '')}`, target: match[3]!.trim() });
  }
  return out;
}

export function detectHealthRoute(repo: Repo, railsVersion: string): Fact<HealthRoute> {
  const from = 'config/routes.rb';
  const text = stripRubyComments(repo.read(from) ?? '');
  const all = routes(text);
  const rails = all.find((route) => /["']rails\/health#show["']/.test(route.target));
  if (rails) return { value: { path: rails.path, kind: 'rails-health' }, from };
  const cheap = all.find((route) => HEALTHY_NAME.test(route.path));
  if (cheap) return { value: { path: cheap.path, kind: 'existing' }, from };
  if (/^\s*health_check_routes\b/m.test(text)) return { value: { path: '/health_check', kind: 'existing' }, from };
  const routeToAdd = versionAtLeast(railsVersion, '7.1') ? RAILS_HEALTH_ROUTE : RACK_HEALTH_ROUTE;
  return { value: { path: '/up', kind: 'add', routeToAdd }, from };
}
