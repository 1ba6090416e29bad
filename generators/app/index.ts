/**
 * `yo rails-fargate`: prompts and file writing only. Everything it decides comes from the pure core in src/:
 * detect (Rails facts) -> resolveAnswers (options, .yo-rc.json, defaults, prompts) -> plan -> renderFiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import Generator from 'yeoman-generator';
import { QUESTIONS } from '../../src/answers/questions.js';
import type { Answers, QuestionDef } from '../../src/answers/questions.js';
import { promptCheck, resolveAnswers } from '../../src/answers/resolve.js';
import { AZ_LETTERS } from '../../src/network/cidr-plan.js';
import { subnetRows, SUBNET_HEADER, textTable } from '../../src/docs/subnet-table.js';
import { contentHash, decideWrite } from '../../src/files/ownership.js';
import type { WriteDecision } from '../../src/files/ownership.js';
import { plan } from '../../src/plan.js';
import type { Plan } from '../../src/plan.js';
import { renderFiles } from '../../src/render.js';
import { detect } from '../../src/rails/detect.js';
import type { AppFacts } from '../../src/rails/detect.js';
import { natLayout } from '../../src/stacks/network.js';

/** Key in `.yo-rc.json` recording the hash of every file we wrote, to tell our files from the user's edits. */
const FILES_KEY = 'generatedFiles';

/** The slice of Yeoman's config storage we use, keyed by plain strings. */
interface Store {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  getAll(): Record<string, unknown>;
}

export default class AppGenerator extends Generator {
  facts!: AppFacts;
  answers!: Answers;
  thePlan!: Plan;
  readonly decisions = new Map<string, WriteDecision>();

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    for (const question of QUESTIONS as readonly QuestionDef[]) {
      this.option(question.flag, { type: String, description: `${question.message}: ${question.allowed}` });
    }
    this.option('yes', {
      type: Boolean,
      alias: 'y',
      description: 'Ask nothing: use options, then answers stored in .yo-rc.json, then defaults',
    });
  }

  get flags(): Record<string, unknown> {
    return this.options as Record<string, unknown>;
  }

  get store(): Store {
    return this.config as unknown as Store;
  }

  initializing(): void {
    this.facts = detect(this.destinationRoot());
  }

  async prompting(): Promise<void> {
    const { [FILES_KEY]: _files, ...stored } = this.store.getAll() as Record<string, unknown>;
    this.answers = await resolveAnswers(
      {
        options: this.flags,
        stored,
        yes: Boolean(this.flags.yes),
        context: { appName: this.facts.appName.value, env: process.env },
      },
      async (question, fallback, earlier) => {
        const choices = (question.schema as { enum?: readonly string[] }).enum;
        const common = { name: question.name, message: question.message, default: fallback, validate: promptCheck(question, earlier) };
        const reply = await this.prompt<Record<string, unknown>>([
          choices ? { ...common, type: 'select', choices: choices.map((value) => ({ name: value, value })) } : { ...common, type: 'input' },
        ] as never);
        return reply[question.name];
      },
    );
  }

  configuring(): void {
    this.thePlan = plan(this.answers);
    // Answers first, in question order, then the file record: the file stays readable and stable.
    for (const question of QUESTIONS as readonly QuestionDef[]) {
      this.store.set(question.name, this.answers[question.name as keyof Answers]);
    }
  }

  writing(): void {
    const recorded = (this.store.get(FILES_KEY) ?? {}) as Record<string, string>;
    const hashes: Record<string, string> = {};
    const yes = Boolean(this.flags.yes);
    for (const [file, content] of renderFiles(this.thePlan)) {
      const target = this.destinationPath(file);
      const disk = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
      const decision = decideWrite(disk, recorded[file], content);
      this.decisions.set(file, decision);
      if (decision === 'edited' && yes) {
        // Under --yes nobody can answer the conflict prompt: keep the user's file and say so at the end.
        if (recorded[file]) hashes[file] = recorded[file];
        continue;
      }
      this.fs.write(target, content);
      if (decision === 'regenerate') {
        // Unchanged since we wrote it: ours to replace without asking.
        (this.fs.store.get(target) as { conflicter?: string }).conflicter = 'force';
      }
      hashes[file] = contentHash(content);
    }
    this.store.set(FILES_KEY, Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b))));
  }

  end(): void {
    const { answers, cidr, stacks } = this.thePlan;
    const { natAzs } = natLayout(answers.nat, AZ_LETTERS.slice(0, answers.azCount));
    this.log('');
    this.log(`Subnet plan for ${cidr.vpcCidr} (${answers.region}, ${answers.azCount} AZs, NAT ${answers.nat}):`);
    this.log(textTable(SUBNET_HEADER, subnetRows(cidr, answers.nat, natAzs)));
    this.log('');
    this.log(`Stacks: ${stacks.map((s) => s.stackName).join(', ')}`);
    const kept = [...this.decisions].filter(([, d]) => d === 'edited').map(([f]) => f);
    if (kept.length > 0 && this.flags.yes) {
      this.log(`Kept your edits (not overwritten): ${kept.join(', ')}. Re-run without --yes to review the changes.`);
    }
    this.log('Next: read infra/README.md, then deploy the stacks in the order it gives.');
  }
}
