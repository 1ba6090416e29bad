/**
 * Changing the AZ count of a deployed app. CloudFormation refuses to change or remove an export another stack
 * imports, so: growing must only add network exports (a normal deploy, network first); shrinking removes exports
 * that the old data and app stacks import, so those stacks must be updated first (infra/README.md says how). And in
 * every plan the data and app stacks import only what that plan's network stack exports.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAnswers } from '../src/answers/resolve.js';
import { infraReadme } from '../src/docs/infra-readme.js';
import { plan, renderStacks } from '../src/plan.js';
import type { RenderedStack } from '../src/plan.js';
import { appInputs } from '../src/plan/app-inputs.js';
import { seedWorkers } from '../src/plan/workers.js';
import { detect } from '../src/rails/detect.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';
import { exportsOf, importsFrom } from './support/exports.js';
import { REPO_ROOT, SAMPLE_APP } from './support/paths.js';
import { perTest } from './support/per-test.js';

const REGION = 'us-east-1';
// Read inside the tests, not when the file loads (see test/support/per-test.ts).
const sample = perTest(() => {
  const facts = detect(SAMPLE_APP);
  const inputs = appInputs(facts);
  return { inputs, context: { appName: facts.appName.value, dbEngine: inputs.dbEngine, ...(inputs.jobs ? { jobBackend: inputs.jobs.kind } : {}), env: {} } };
});

function rendered(nat: string, azCount: number): Map<string, RenderedStack> {
  const { inputs, context } = sample();
  const answers = validateAnswers({ region: REGION, nat, azCount, worker: 'sidekiq' }, 'az-change', context);
  const stacks = renderStacks(plan(answers, inputs, seedWorkers(answers.worker, inputs.jobs)));
  return new Map(stacks.map((s) => [s.stack.key, s]));
}

const subnetExports = (letters: string) =>
  ['Public', 'Private'].flatMap((tier) => letters.split('').map((az) => `${tier}Subnet${az}Id`)).sort();

describe('changing the AZ count', () => {
  const lint = new CfnLintBatch();
  for (const nat of ['per-az', 'single', 'none']) {
    describe(`NAT ${nat}`, () => {
      const two = rendered(nat, 2);
      const three = rendered(nat, 3);
      const plans = [['2 AZs', two], ['3 AZs', three]] as const;

      for (const [label, stacks] of plans) {
        it(`${label}: every template validates with no finding`, () => {
          for (const [key, { text }] of stacks) {
            lint.add(`NAT ${nat}, ${label}: ${key}`, text, REGION);
            const findings = validateTemplate(text, REGION);
            assert.equal(findings.length, 0, `${key}\n${formatFindings(findings)}`);
          }
        });

        it(`${label}: every import of the data and app stacks names an export of the same plan's network stack`, () => {
          const exported = exportsOf(stacks.get('network')!.template);
          for (const key of ['data', 'app']) {
            const imports = importsFrom(stacks.get(key)!.template, 'NetworkStackName');
            assert.ok(imports.length > 0, key);
            for (const name of imports) assert.ok(exported.has(name), `${key} imports ${name}, not exported by the network stack`);
          }
        });
      }

      it('2 -> 3: no network export changes value or disappears; only the third AZ\'s subnet exports appear', () => {
        const before = exportsOf(two.get('network')!.template);
        const after = exportsOf(three.get('network')!.template);
        for (const [name, value] of before) assert.deepEqual(after.get(name), value, name);
        const added = [...after.keys()].filter((name) => !before.has(name)).sort();
        assert.deepEqual(added, ['PrivateSubnetCId', 'PublicSubnetCId']);
        // The old data and app stacks keep importing only exports that still exist, unchanged, while the network
        // stack updates; their own update then adds the third subnet.
        for (const key of ['data', 'app']) {
          for (const name of importsFrom(two.get(key)!.template, 'NetworkStackName')) assert.ok(after.has(name), `${key}: ${name}`);
        }
      });

      it('3 -> 2: only the third AZ\'s exports go, the rest keep their values, and only the 3-AZ data and app stacks import them', () => {
        const before = exportsOf(three.get('network')!.template);
        const after = exportsOf(two.get('network')!.template);
        for (const [name, value] of after) assert.deepEqual(before.get(name), value, name);
        const removed = [...before.keys()].filter((name) => !after.has(name)).sort();
        assert.deepEqual(removed, ['PrivateSubnetCId', 'PublicSubnetCId']);
        // Why the data and app stacks must be updated before the network stack when shrinking: the deployed
        // 3-AZ stacks import a removed export (CloudFormation would refuse the network update), the 2-AZ ones
        // do not.
        const importedBy = (stacks: Map<string, RenderedStack>) =>
          new Set(['data', 'app'].flatMap((key) => importsFrom(stacks.get(key)!.template, 'NetworkStackName')));
        assert.ok(removed.some((name) => importedBy(three).has(name)));
        for (const name of removed) assert.ok(!importedBy(two).has(name), name);
      });

      it('the network stack exports one ID per subnet of the AZs in use and no joined subnet list', () => {
        for (const [letters, stacks] of [['AB', two], ['ABC', three]] as const) {
          const names = [...exportsOf(stacks.get('network')!.template).keys()];
          assert.deepEqual(names.filter((n) => n.includes('Subnet')).sort(), subnetExports(letters));
        }
      });
    });
  }

  // A describe of its own: mocha runs a suite's own tests before its nested suites, where the templates are rendered.
  describe('cfn-lint', () => {
    it('finds nothing in any template above', function () {
      this.timeout(600_000);
      lint.assertClean();
    });
  });
});

describe('infra/README.md on changing the AZ count', () => {
  // Made inside the tests, not when the file loads (see test/support/per-test.ts).
  const made = perTest(() => {
    const stacks = rendered('single', 2);
    const { inputs, context } = sample();
    const thePlan = plan(validateAnswers({ region: REGION, nat: 'single', azCount: 2, worker: 'sidekiq' }, 'az-change', context), inputs, seedWorkers('sidekiq', inputs.jobs));
    const readme = infraReadme(thePlan, renderStacks(thePlan));
    const name = (key: string) => stacks.get(key)!.stack.stackName;
    const file = (key: string) => stacks.get(key)!.stack.file;
    /** The shell lines of the code block that follows a marker, in order. */
    const block = (marker: string) => {
      const from = readme.indexOf(marker);
      assert.notEqual(from, -1, marker);
      const start = readme.indexOf('```sh\n', from) + '```sh\n'.length;
      return readme.slice(start, readme.indexOf('```', start)).split('\n').map((l) => l.trim()).filter(Boolean);
    };
    const deploys = (line: string, key: string) =>
      line.startsWith('aws cloudformation deploy ') && line.includes(`--stack-name ${name(key)} `) && line.includes(`--template-file ${file(key)} `);
    return { stacks, thePlan, readme, name, file, block, deploys };
  });

  it('names a real per-subnet export of the network stack', () => {
    const { stacks, readme, name } = made();
    const example = /`([\w-]+-PrivateSubnetAId)`/.exec(readme);
    assert.ok(example, 'an example export name');
    assert.equal(example[1], `${name('network')}-PrivateSubnetAId`);
    assert.ok(exportsOf(stacks.get('network')!.template).has('PrivateSubnetAId'));
  });

  it('growing: regenerate, then bin/fargate deploy (which updates the network before the data stack)', () => {
    const { block } = made();
    const lines = block('**Growing**');
    assert.deepEqual(lines, ['yo rails-fargate --az-count N --yes', 'bin/fargate deploy']);
    const script = readFileSync(join(REPO_ROOT, 'templates/bin/fargate'), 'utf8');
    const body = /deploy_network_and_data\(\) \{\n([\s\S]*?)\n\}/.exec(script)?.[1] ?? '';
    const deploys = body.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('deploy_stack '));
    assert.deepEqual(deploys, ['deploy_stack network || return 1', 'deploy_stack data']);
  });

  it('shrinking: regenerate, the data and app stacks, then bin/fargate deploy (which updates the network)', () => {
    const { readme, block, deploys } = made();
    const lines = block('**Shrinking**');
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.equal(lines[0], 'yo rails-fargate --az-count N --yes');
    assert.ok(deploys(lines[1]!, 'data'), lines[1]);
    assert.ok(deploys(lines[2]!, 'app') && lines[2]!.includes('--capabilities CAPABILITY_IAM'), lines[2]);
    assert.equal(lines[3], 'bin/fargate deploy');
    assert.match(readme, /RDS and ElastiCache refuse to drop a subnet/);
  });
});
