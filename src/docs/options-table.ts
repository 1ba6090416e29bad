/** The README's table of options, derived from the question table so the two never disagree. */
import { QUESTIONS } from '../answers/questions.js';
import type { QuestionDef } from '../answers/questions.js';
import { markdownTable } from './subnet-table.js';

export const EXTRA_OPTIONS: readonly (readonly [string, string, string])[] = [
  ['`--env KEY=VALUE`', 'A plain environment variable of every task (web, migrate, workers), stored per environment in `.yo-rc.json`; repeatable. Allowed: a POSIX name (letters, digits, `_`, not starting with a digit) that the stacks do not set themselves (`DATABASE_URL`, `RAILS_MASTER_KEY`, `REDIS_URL`, `PORT`...) and does not look like a secret; a value on one line.', 'none'],
  ['`--secret NAME`', 'A secret of every task, read from Secrets Manager (`<app>/<environment>/NAME`) when it starts; its value goes in with `bin/fargate secrets set NAME`, never in a file; repeatable. Allowed: a POSIX name the stacks do not set themselves.', 'none'],
  ['`--unset NAME`', 'Remove a variable or secret set with `--env` or `--secret`; repeatable. `--unset NAME --secret NAME` turns a plain value into a secret.', ''],
  ['`--yes`, `-y`', 'Ask nothing: each answer comes from its option, then `.yo-rc.json`, then the default.', ''],
  ['`--ask-all`', 'Also ask the advanced questions (sizes, versions, retention, CIDR, CPU architecture).', ''],
  ['`--ask-answered`', 'Ask every question again, with the answer stored in `.yo-rc.json` as its default; also offers again the changes you declined ("keep mine").', ''],
  ['`--check-aws`', 'Read-only: look for stacks of the same names in the account, validate each template with CloudFormation, and look the hosted zone of `--domain` up in Route 53.', ''],
  ['`--force`', "Yeoman's own: overwrite files without asking, even ones you edited.", ''],
];

export function optionsTable(): string {
  const rows = (QUESTIONS as readonly QuestionDef[]).map((q) => {
    const fallback = q.default({ appName: '<from config/application.rb>', env: {} }, { webCpu: 512, webCount: 2, dbStorage: 20 });
    const shown = q.name === 'region'
      ? '`$AWS_REGION`, else `us-east-1`'
      : q.name === 'cpuArch'
        ? '`arm64` when Gemfile.lock is locked for `aarch64-linux`, else `x86_64`'
        : `\`${String(fallback)}\``;
    return [`\`--${q.flag}\``, `${q.message}. Allowed: ${q.allowed}.`, shown];
  });
  return markdownTable(['option', 'what, and what is allowed', 'default'], [...rows, ...EXTRA_OPTIONS.map((r) => [...r])]);
}
