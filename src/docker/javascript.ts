/**
 * Build-stage lines that install the JavaScript runtime (Node through node-build, or Bun) and the app's packages
 * with its own package manager, only when the asset build needs them.
 */
import type { NodeFacts } from '../rails/node.js';

/** Used when the app pins no exact Node version (.node-version, .nvmrc, .tool-versions, engines). */
export const DEFAULT_NODE_VERSION = '22.12.0';
export const DEFAULT_YARN1_VERSION = '1.22.22';
export const DEFAULT_BUN_VERSION = '1.2.0';

const INSTALL: Record<NodeFacts['packageManager'], (lockfile: boolean) => string> = {
  npm: (lockfile) => (lockfile ? 'npm ci' : 'npm install'),
  yarn1: (lockfile) => (lockfile ? 'yarn install --frozen-lockfile' : 'yarn install'),
  'yarn-berry': (lockfile) => (lockfile ? 'yarn install --immutable' : 'yarn install'),
  pnpm: (lockfile) => (lockfile ? 'pnpm install --frozen-lockfile' : 'pnpm install'),
  bun: (lockfile) => (lockfile ? 'bun install --frozen-lockfile' : 'bun install'),
};

/** The lines that put `node` (and yarn/pnpm through corepack) or `bun` on the PATH. */
export function runtimeLines(node: NodeFacts): string[] {
  if (node.packageManager === 'bun') {
    return [
      `# Bun runs the JavaScript build${node.bunVersion ? '' : ' (no exact version pinned: set packageManager "bun@x.y.z")'}`,
      'ENV BUN_INSTALL=/usr/local/bun',
      'ENV PATH=/usr/local/bun/bin:$PATH',
      `ARG BUN_VERSION=${node.bunVersion ?? DEFAULT_BUN_VERSION}`,
      'RUN curl -fsSL https://bun.sh/install | bash -s -- "bun-v${BUN_VERSION}"',
    ];
  }
  const version = node.nodeVersion ?? DEFAULT_NODE_VERSION;
  const lines = [
    `# Node.js for the asset build${node.nodeVersion ? '' : ' (no exact version pinned: add .node-version)'}`,
    `ARG NODE_VERSION=${version}`,
    'ENV PATH=/usr/local/node/bin:$PATH',
    'RUN curl -sL https://github.com/nodenv/node-build/archive/master.tar.gz | tar xz -C /tmp/ && \\',
    '    /tmp/node-build-master/bin/node-build "${NODE_VERSION}" /usr/local/node && \\',
    '    rm -rf /tmp/node-build-master',
  ];
  if (node.packageManager === 'yarn1') {
    const pinned = /^yarn@(1\.\d+\.\d+)$/.exec(node.packageManagerSpec ?? '')?.[1];
    lines.push(`ARG YARN_VERSION=${pinned ?? DEFAULT_YARN1_VERSION}`, 'RUN npm install -g yarn@$YARN_VERSION');
  }
  if (node.packageManager === 'yarn-berry' || node.packageManager === 'pnpm') {
    // corepack reads package.json "packageManager"; Node 25+ no longer bundles it.
    const bundled = Number.parseInt(version, 10) < 25;
    lines.push(
      'ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0',
      bundled ? 'RUN corepack enable' : 'RUN npm install -g corepack && corepack enable',
    );
  }
  return lines;
}

/** COPY the package manifests (directories such as .yarn/releases keep their path), then install. */
export function installLines(node: NodeFacts): string[] {
  const files = node.installFiles.filter((file) => !file.includes('/'));
  const dirs = node.installFiles.filter((file) => file.includes('/'));
  return [
    '# Install node modules',
    `COPY ${files.join(' ')} ./`,
    ...dirs.map((dir) => `COPY ${dir} ./${dir}/`),
    `RUN ${INSTALL[node.packageManager](node.lockfile !== undefined)}`,
  ];
}
