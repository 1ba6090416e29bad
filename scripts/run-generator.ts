/**
 * Runs `yo rails-fargate` in a directory through yeoman-environment, the way `yo` does, without the `yo` binary
 * (which drops root to uid 1000). Used by the demo and the benchmark.
 */
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';

export const APP_GENERATOR = fileURLToPath(new URL('../generators/app/index.js', import.meta.url));

export async function runGenerator(cwd: string, args: readonly string[], quiet = false): Promise<void> {
  const env = createEnv({ cwd, skipInstall: true, ...(quiet ? { adapter: silentAdapter() } : {}) } as never);
  env.register(APP_GENERATOR, { namespace: 'rails-fargate:app' });
  await env.run(['rails-fargate:app', ...args]);
}

/** An adapter that answers no prompt and prints nothing, for timing runs. */
function silentAdapter() {
  const log = Object.assign(() => log, new Proxy({}, { get: () => () => log }));
  return {
    log,
    prompt: () => {
      throw new Error('the benchmark runs with --yes and must not prompt');
    },
    close: () => undefined,
    diff: () => '',
  };
}
