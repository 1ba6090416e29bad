/**
 * `bin/docker-entrypoint`: process setup only. Unlike the Rails template it does not run `db:prepare` when the
 * server starts: with several web tasks that races, so migrations run once per release as the `migrate` task.
 */
import { JEMALLOC_PATH } from './dockerfile.js';

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
