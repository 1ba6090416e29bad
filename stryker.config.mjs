// Mutation testing of the pure core (src/) with StrykerJS. See docs/MUTATION.md.
//
//   npm run mutate        every file of src/, against every test but the two below (hours on a 2-core machine)
//   npm run mutate:fast   the high-value files (answers, CIDR planning, cost, database URLs, Rails detection, the
//                         diagram, assembly) against the fast unit tests only (minutes)
//
// Add --incremental to either to re-test only the mutants whose code or covering tests changed since the last run.
// The tests run from compiled JS: Stryker instruments src/**/*.ts in its sandbox and the buildCommand compiles it.
// Left out of every run: test/yo-e2e.test.ts (npm-packs the generator and runs the real yo) and
// test/fargate-script.test.ts (runs the static bash body of bin/fargate under stubs): slow, and not about src/.
const FAST = process.env.MUTATE_PROFILE === 'fast';

const FAST_MUTATE = [
  'src/answers/**/*.ts',
  'src/network/**/*.ts',
  'src/cost/**/*.ts',
  'src/stacks/database-url.ts',
  'src/rails/detect.ts',
  'src/rails/database.ts',
  'src/docs/mermaid.ts',
  'src/assemble.ts',
];

// The unit tests of those files: no CloudFormation validator, no Yeoman run. Not docker-files or docs either: they
// render at describe time, outside any test, which makes every mutant they reach "static" for Stryker; mocha cannot
// reload ES modules, so each such mutant costs a fresh test process and a run of every test.
const FAST_SPEC = [
  'answers', 'answer-changes', 'cidr-plan', 'cost', 'database-url', 'rails-detect', 'mermaid', 'template-size',
  'worker-change', 'fragments', 'fargate', 'check-aws',
].map((name) => `dist/test/${name}.test.js`);

// The full profile: every test that exercises src/ inside its tests. Left out, and why:
// - yo-e2e (npm-packs the generator and runs the real yo), fargate-script and fargate-faults (run the bash body of
//   bin/fargate under stubs): not about src/, and minutes each;
// - generator, generator-apps and worker-generator: Yeoman runs of several seconds each, covering nearly all of
//   src/, so every mutant would pay for all of them (measured: about 11 mutants a minute, 12 hours for src/);
// - plan-matrix and cfn-lint: the external validators over hundreds of templates, one test covering everything;
// - project: a line-count check, which instrumented files fail;
// - ci-policy, schedule-docs and stack-links: they render when the file loads, so every mutant they reach would be
//   static (skipped); ci-generator, schedule-generator, settings-generator and precompile: Yeoman runs or processes.
// Their checks still run in `npm test`; here the score is what the remaining tests alone detect.
const FULL_SPEC = [
  'answers', 'answer-changes', 'app-stack', 'az-change', 'check-aws', 'ci-detect', 'cidr-plan', 'connections', 'cost',
  'cpu-arch-default', 'data-stack', 'database-url', 'docker-files', 'docs', 'fargate', 'fixture-database-url',
  'fragments', 'hand-deploy-guide', 'mermaid', 'network-stack', 'rails-detect', 'rails-schedules', 'registry-stack',
  'schedule-expression', 'settings', 'stack-contract', 'storage-notes', 'template-size', 'vpc-endpoints-cost',
  'worker-change',
].map((name) => `dist/test/${name}.test.js`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  buildCommand: 'tsc -p tsconfig.json',
  mutate: FAST ? FAST_MUTATE : ['src/**/*.ts'],
  coverageAnalysis: 'perTest',
  // A mutant in code that runs at module load (question tables, price tables) is covered by every test; Stryker
  // would run the whole suite for each. Such mutants are skipped, not counted (see docs/MUTATION.md).
  ignoreStatic: true,
  mochaOptions: {
    config: '.mocharc.json',
    spec: FAST ? FAST_SPEC : FULL_SPEC,
  },
  ignorePatterns: ['dist', 'reports', '.demo', '*.tgz'],
  reporters: ['html', 'clear-text', 'json', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${FAST ? 'fast' : 'full'}.html` },
  jsonReporter: { fileName: `reports/mutation/${FAST ? 'fast' : 'full'}.json` },
  incrementalFile: `reports/stryker-incremental-${FAST ? 'fast' : 'full'}.json`,
  // The machine is shared; each runner holds the whole suite in memory.
  concurrency: 2,
  // The first run of the full suite takes about 7 minutes on 2 busy cores.
  dryRunTimeoutMinutes: 30,
  timeoutMS: 60000,
  timeoutFactor: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
