/**
 * `.dockerignore`: keeps secrets, local state and the repo's history out of the build context, as the Rails
 * template does, plus the generator's own infra/ files.
 */
import { SECRET_PATTERNS } from '../rails/dockerfile-existing.js';

export function renderDockerignore(): string {
  const lines = [
    '# Written by generator-rails-fargate. See https://docs.docker.com/engine/reference/builder/#dockerignore-file',
    '',
    '# Git and editor files',
    '/.git/',
    '/.gitignore',
    '/.gitattributes',
    '',
    '# Secrets never go into the image: tasks get RAILS_MASTER_KEY and the rest from Secrets Manager',
    ...SECRET_PATTERNS,
    '',
    '# Bundler settings and gems installed on the host',
    '/.bundle',
    '/vendor/bundle',
    '',
    '# Logs, temporary files and uploaded files (keep the empty directories)',
    '/log/*',
    '/tmp/*',
    '!/log/.keep',
    '!/tmp/.keep',
    '/tmp/pids/*',
    '!/tmp/pids/',
    '!/tmp/pids/.keep',
    '/storage/*',
    '!/storage/.keep',
    '/tmp/storage/*',
    '!/tmp/storage/',
    '!/tmp/storage/.keep',
    '',
    '# Assets and packages are built inside the image',
    '/node_modules/',
    '/app/assets/builds/*',
    '!/app/assets/builds/.keep',
    '/public/assets',
    '/public/packs',
    '/public/vite*',
    '',
    '# Continuous integration, tests and development tooling',
    '/.github',
    '/coverage',
    '/.devcontainer',
    '',
    '# Docker and deployment files',
    '/.dockerignore',
    '/Dockerfile*',
    '/infra/',
    '',
  ];
  return lines.join('\n');
}
