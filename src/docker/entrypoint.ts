/**
 * `bin/docker-entrypoint`: process setup only. Unlike the Rails template it does not run `db:prepare` when the
 * server starts: with several web tasks that races, so migrations run once per release as the `migrate` task.
 */
import { JEMALLOC_PATH } from './dockerfile.js';

/**
 * The web command for an app that keeps its own bin/docker-entrypoint with migrations in it. Rails' entrypoint runs
 * `./bin/rails db:prepare` before the server when its arguments are `./bin/rails server` (7.1 tests the first two,
 * 7.2+ the last two, so `./bin/thrust ./bin/rails server` too). Now that the task's command is the app's own (no
 * `sh -c` wrapper in between), every web task would migrate as it boots: racing the other web tasks and the `migrate`
 * task that bin/fargate deploy runs first, and crash-looping the service on a failed migration. So each `./bin/rails`
 * followed by `server` is written `bin/rails`: the same file (both are relative to the working directory, /rails),
 * which the entrypoint's test does not match. The Dockerfile finding on that entrypoint still says to remove the
 * block; with it removed (or our entrypoint taken) the command is written as the app has it.
 */
export function serverCommand(command: readonly string[], entrypointMigrates: boolean): readonly string[] {
  if (!entrypointMigrates) return command;
  return command.map((word, i) => (word === './bin/rails' && command[i + 1] === 'server' ? 'bin/rails' : word));
}

export function renderEntrypoint(): string {
  return [
    '#!/bin/bash -e',
    '',
    '# Written by generator-rails-fargate. Database migrations do not run here: `bin/fargate deploy` runs them once,',
    '# as the one-off `migrate` task, before any service starts the new image.',
    '',
    '# Keep jemalloc preloaded if LD_PRELOAD was unset (the Dockerfile sets it), whatever the CPU architecture.',
    'if [ -z "${LD_PRELOAD+x}" ]; then',
    `  for lib in ${JEMALLOC_PATH} /usr/lib/*/libjemalloc.so.2; do`,
    '    if [ -f "$lib" ]; then',
    '      export LD_PRELOAD="$lib"',
    '      break',
    '    fi',
    '  done',
    'fi',
    '',
    'exec "${@}"',
    '',
  ].join('\n');
}
