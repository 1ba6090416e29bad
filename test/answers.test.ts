import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUESTIONS, normalizeDomain } from '../src/answers/questions.js';
import type { QuestionDef } from '../src/answers/questions.js';
import { answersSchema, pickSource, promptCheck, resolveAnswers, validateAnswers } from '../src/answers/resolve.js';
import type { Sources } from '../src/answers/resolve.js';
import { InputError } from '../src/errors.js';
import { REPO_ROOT } from './support/paths.js';

const question = (name: string) => (QUESTIONS as readonly QuestionDef[]).find((q) => q.name === name)!;
const noPrompt = async () => assert.fail('must not prompt');
const base: Sources = { options: {}, stored: {}, yes: true, context: { appName: 'bookshelf', env: {} } };
const valid = {
  appName: 'bookshelf', environment: 'production', region: 'us-east-1', vpcCidr: '10.0.0.0/16', azCount: 2, nat: 'per-az', vpcEndpoints: false,
  cpuArch: 'x86_64', webCpu: 512, webMemory: 1024, webCount: 2, webMaxCount: 6, worker: 'none', dbInstanceClass: 'db.t4g.micro',
  dbStorage: 20, dbMaxStorage: 100, dbMultiAz: false, dbEngineVersion: '17', domain: '', hostedZoneId: '', alarmEmail: '', logRetentionDays: 30,
};

describe('answers', () => {
  it('every question has a distinct name and flag, a message and an allowed text', () => {
    const names = new Set(QUESTIONS.map((q) => q.name));
    const flags = new Set(QUESTIONS.map((q) => q.flag));
    assert.equal(names.size, QUESTIONS.length);
    assert.equal(flags.size, QUESTIONS.length);
    for (const q of QUESTIONS) {
      assert.match(q.flag, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(q.message.length > 5 && q.allowed.length > 5);
    }
  });

  it('schemas/answers.schema.json is the schema derived from the question table', () => {
    const file = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/answers.schema.json'), 'utf8'));
    assert.deepEqual(file, answersSchema());
  });

  it('with --yes and nothing else, takes the defaults', async () => {
    assert.deepEqual(await resolveAnswers(base, noPrompt), valid);
  });

  it('takes the option over .yo-rc.json over the default', async () => {
    const answers = await resolveAnswers(
      { ...base, options: { 'az-count': '3' }, stored: { azCount: 4, nat: 'single', region: 'us-west-2' } },
      noPrompt,
    );
    assert.equal(answers.azCount, 3);
    assert.equal(answers.nat, 'single');
    assert.equal(answers.region, 'us-west-2');
    assert.equal(answers.vpcCidr, '10.0.0.0/16');
  });

  it('the default region comes from AWS_REGION, then AWS_DEFAULT_REGION, when it is a known region', async () => {
    const region = (env: Record<string, string>) => question('region').default({ env }, {});
    assert.equal(region({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-west-2' }), 'eu-west-1');
    assert.equal(region({ AWS_DEFAULT_REGION: 'us-west-2' }), 'us-west-2');
    assert.equal(region({ AWS_REGION: 'mars-north-1' }), 'us-east-1');
  });

  it('without --yes, prompts for what no option or stored answer gives, in order, with the default offered', async () => {
    const asked: [string, unknown][] = [];
    const answers = await resolveAnswers(
      { ...base, yes: false, options: { 'app-name': 'shelf' }, stored: { region: 'eu-west-3' } },
      async (q, fallback) => {
        asked.push([q.name, fallback]);
        return q.name === 'azCount' ? '3' : fallback;
      },
    );
    assert.deepEqual(asked, [
      ['environment', 'production'], ['azCount', 2], ['nat', 'per-az'], ['worker', 'none'], ['dbInstanceClass', 'db.t4g.micro'],
      ['dbMultiAz', false], ['domain', ''],
    ]);
    assert.equal(answers.appName, 'shelf');
    assert.equal(answers.azCount, 3);
  });

  it('--ask-answered asks every question that applies, the stored answer offered; options still answer', async () => {
    const asked: [string, unknown][] = [];
    const answers = await resolveAnswers(
      { ...base, yes: false, askAnswered: true, options: { 'app-name': 'shelf' }, stored: { ...valid, region: 'eu-west-3', azCount: 3 } },
      async (q, fallback) => {
        asked.push([q.name, fallback]);
        return fallback;
      },
    );
    assert.deepEqual(asked, [
      ['environment', 'production'], ['region', 'eu-west-3'], ['vpcCidr', '10.0.0.0/16'], ['azCount', 3], ['nat', 'per-az'], ['vpcEndpoints', false], ['cpuArch', 'x86_64'],
      ['webCpu', 512], ['webMemory', 1024], ['webCount', 2], ['webMaxCount', 6], ['worker', 'none'], ['dbInstanceClass', 'db.t4g.micro'],
      ['dbStorage', 20], ['dbMaxStorage', 100], ['dbMultiAz', false], ['dbEngineVersion', '17'], ['domain', ''], ['alarmEmail', ''], ['logRetentionDays', 30],
    ]);
    assert.deepEqual(answers, { ...valid, appName: 'shelf', region: 'eu-west-3', azCount: 3 });
    // --yes wins: nothing is asked, the stored answers stand.
    const quiet = await resolveAnswers({ ...base, askAnswered: true, stored: { ...valid, azCount: 3 } }, noPrompt);
    assert.equal(quiet.azCount, 3);
  });

  it('an empty hosted zone at the prompt withdraws the domain; a domain is normalised', async () => {
    const answers = await resolveAnswers({ ...base, yes: false, stored: { ...valid, domain: undefined, hostedZoneId: undefined } as never }, async (q) =>
      q.name === 'domain' ? 'https://Shop.Example.com./' : q.name === 'hostedZoneId' ? '  ' : assert.fail(`asked ${q.name}`),
    );
    assert.deepEqual([answers.domain, answers.hostedZoneId], ['', '']);
    assert.equal(promptCheck(question('hostedZoneId'), { domain: 'shop.example.com' }, base.context)(''), true);
    const table: [string, string][] = [
      ['Shop.Example.COM', 'shop.example.com'],
      ['https://shop.example.com/', 'shop.example.com'],
      ['HTTP://shop.example.com/some/path?x=1', 'shop.example.com'],
      ['shop.example.com.', 'shop.example.com'],
      ['  shop.example.com  ', 'shop.example.com'],
    ];
    for (const [given, expected] of table) assert.equal(normalizeDomain(given), expected, given);
    assert.throws(() => validateAnswers({ ...valid, domain: 'not a domain', hostedZoneId: 'Z123' }), /Invalid domain: "not a domain"/);
  });

  it('a refused AZ count names the Region\'s count, above 6 and below 2 too', async () => {
    for (const given of ['7', '1', '4']) {
      await assert.rejects(
        resolveAnswers({ ...base, options: { region: 'eu-west-3', 'az-count': given } }, noPrompt),
        new RegExp(`Invalid az-count: "${given}" \\(from --az-count\\)\\. Allowed: .*; eu-west-3 offers 3 Availability Zones to new accounts; choose 2 to 3\\.$`),
      );
    }
  });

  it('a prompted value is checked against the answers above it', async () => {
    await assert.rejects(
      resolveAnswers({ ...base, yes: false, stored: { ...valid, azCount: undefined, region: 'eu-west-3' } as never }, async () => '4'),
      /Invalid az-count: "4" \(from the prompt\)\. Allowed: .*eu-west-3 offers 3 Availability Zones/,
    );
  });

  it('reports where a value came from', () => {
    assert.deepEqual(pickSource(question('nat'), { ...base, options: { nat: 'none' } }), { raw: 'none', source: '--nat' });
    assert.deepEqual(pickSource(question('nat'), { ...base, stored: { nat: 'single' } }), { raw: 'single', source: '.yo-rc.json "nat"' });
    assert.equal(pickSource(question('nat'), { ...base, yes: false }), undefined);
  });

  it('with --yes and no way to derive the app name, asks for the flag', async () => {
    await assert.rejects(resolveAnswers({ ...base, context: { env: {} } }, noPrompt), /Invalid app-name: nothing.*pass --app-name/);
  });

  // field, value, where it came from, what the message must say
  const bad: [string, unknown, 'option' | 'stored', RegExp][] = [
    ['vpc-cidr', '10.0.0.0', 'option', /Invalid vpc-cidr: "10\.0\.0\.0" \(from --vpc-cidr\)\. Allowed: a private .*not an IPv4 CIDR block/],
    ['vpc-cidr', '10.0.0.0/24', 'option', /Invalid vpc-cidr: "10\.0\.0\.0\/24".*too small/],
    ['vpc-cidr', '10.1.2.0/16', 'stored', /Invalid vpc-cidr: "10\.1\.2\.0\/16" \(from \.yo-rc\.json "vpcCidr"\).*host bits/],
    ['az-count', '7', 'option', /Invalid az-count: "7" \(from --az-count\)\. Allowed: a whole number from 2 to 6/],
    ['az-count', '1', 'option', /Invalid az-count: "1"/],
    ['az-count', 'three', 'option', /Invalid az-count: "three"/],
    ['az-count', '2.5', 'option', /Invalid az-count: "2\.5"/],
    ['az-count', 'lots', 'stored', /Invalid az-count: "lots" \(from \.yo-rc\.json "azCount"\)/],
    ['region', 'us-east-9', 'option', /Invalid region: "us-east-9" \(from --region\)\. Allowed: an AWS Region .*us-east-1, us-east-2/],
    ['region', 'cn-north-1', 'option', /Invalid region: "cn-north-1"/],
    ['nat', 'gateway', 'option', /Invalid nat: "gateway" \(from --nat\)\. Allowed: per-az .*single .*none/],
    ['nat', true, 'stored', /Invalid nat: true \(from \.yo-rc\.json "nat"\)/],
    ['app-name', 'My App', 'option', /Invalid app-name: "My App".*lowercase letters/],
    ['app-name', 'a'.repeat(33), 'option', /Invalid app-name/],
    ['environment', 'Prod!', 'option', /Invalid environment: "Prod!"/],
    ['db-max-storage', '20', 'option', /Invalid db-max-storage: "20" \(from --db-max-storage\)\. Allowed: a whole number of GiB above --db-storage, up to 65536/],
    ['db-max-storage', '65537', 'option', /Invalid db-max-storage: "65537".*up to 65536/],
    ['alarm-email', 'ops@', 'option', /Invalid alarm-email: "ops@" \(from --alarm-email\)\. Allowed: empty, or an email address/],
    ['db-max-storage', 'lots', 'stored', /Invalid db-max-storage: "lots" \(from \.yo-rc\.json "dbMaxStorage"\)/],
  ];
  for (const [flag, value, where, message] of bad) {
    it(`refuses ${flag} ${JSON.stringify(value)} from ${where === 'option' ? 'the option' : '.yo-rc.json'}`, async () => {
      const q = (QUESTIONS as readonly QuestionDef[]).find((x) => x.flag === flag)!;
      const sources = where === 'option' ? { ...base, options: { [flag]: value } } : { ...base, stored: { [q.name]: value } };
      const error = await resolveAnswers(sources, noPrompt).then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof InputError);
      assert.equal(error.field, flag);
      assert.match(error.message, message);
    });
  }

  it('az-count may not exceed what the region offers', async () => {
    await assert.rejects(
      resolveAnswers({ ...base, options: { region: 'us-west-1', 'az-count': '3' } }, noPrompt),
      /Invalid az-count: "3".*us-west-1 offers 2 Availability Zones to new accounts; choose 2 to 2/,
    );
  });

  it('validateAnswers accepts a complete set, fills the defaults, and refuses what has no default by name', () => {
    assert.deepEqual(validateAnswers(valid), valid);
    assert.deepEqual(validateAnswers({ appName: 'bookshelf' }), valid);
    assert.throws(() => validateAnswers({ nat: 'none' }), /Invalid app-name: nothing.*pass --app-name/);
  });

  it('defaults follow the facts and the answers above: engine version, worker, web memory and max count', () => {
    const context = { appName: 'shop', dbEngine: 'mysql' as const, jobBackend: 'sidekiq', env: {} };
    const answers = validateAnswers({ webCpu: 2048, webCount: 3 }, 'test', context);
    assert.equal(answers.dbEngineVersion, '8.4');
    assert.equal(answers.worker, 'sidekiq');
    assert.equal(answers.webMemory, 4096);
    assert.equal(answers.webMaxCount, 9);
  });

  it('web max count may equal the web count, and not go one below it', () => {
    assert.equal(validateAnswers({ appName: 'x', webCount: 4, webMaxCount: 4 }).webMaxCount, 4);
    assert.equal(validateAnswers({ appName: 'x', webCount: 1, webMaxCount: 1 }).webMaxCount, 1);
    assert.throws(
      () => validateAnswers({ appName: 'x', webCount: 4, webMaxCount: 3 }),
      { message: 'Invalid web-max-count: 3 (from the answers "webMaxCount"). Allowed: a whole number from the web count to 500; it is below --web-count 4.' },
    );
  });

  it('promptCheck: true for a good value, the whole message for a bad one', () => {
    const check = promptCheck(question('webMaxCount'), { webCount: 2 }, { env: {} });
    assert.equal(check('2'), true);
    assert.equal(check('1'), 'Invalid web-max-count: "1" (from the prompt). Allowed: a whole number from the web count to 500; it is below --web-count 2.');
    assert.equal(check('501'), 'Invalid web-max-count: "501" (from the prompt). Allowed: a whole number from the web count to 500.');
  });

  it('an option is trimmed; a null option counts as not given', async () => {
    const answers = await resolveAnswers({ ...base, options: { 'az-count': ' 3 ', region: ' eu-west-3 ', nat: null }, stored: { nat: 'single' } }, noPrompt);
    assert.equal(answers.azCount, 3);
    assert.equal(answers.region, 'eu-west-3');
    assert.equal(answers.nat, 'single');
  });

  it('a bad stored value fails before the first prompt', async () => {
    await assert.rejects(
      resolveAnswers({ ...base, yes: false, options: { 'app-name': 'shelf' }, stored: { logRetentionDays: 31 } }, noPrompt),
      /^InputError: Invalid log-retention-days: 31 \(from \.yo-rc\.json "logRetentionDays"\)/,
    );
  });

  it('--ask-all asks the advanced questions too, in order; the hosted zone only with a domain', async () => {
    const asked: string[] = [];
    await resolveAnswers({ ...base, yes: false, askAll: true, options: { 'app-name': 'shelf', region: 'eu-west-3' } }, async (q, fallback) => {
      asked.push(q.name);
      return fallback;
    });
    assert.deepEqual(asked, [
      'environment', 'vpcCidr', 'azCount', 'nat', 'vpcEndpoints', 'cpuArch', 'webCpu', 'webMemory', 'webCount', 'webMaxCount', 'worker',
      'dbInstanceClass', 'dbStorage', 'dbMaxStorage', 'dbMultiAz', 'dbEngineVersion', 'domain', 'alarmEmail', 'logRetentionDays',
    ]);
  });

  it('the storage autoscaling ceiling defaults to 5x the storage, at least 100 GiB, at most 65536, and lies above it', () => {
    const max = (answers: Record<string, unknown>) => validateAnswers({ appName: 'x', ...answers }).dbMaxStorage;
    assert.equal(max({ dbStorage: 20 }), 100);
    assert.equal(max({ dbStorage: 50 }), 250);
    assert.equal(max({ dbStorage: 20_000 }), 65_536);
    assert.equal(max({ dbStorage: 65_536 }), 65_536, 'at the limit: the limit, autoscaling off');
    assert.equal(max({ dbStorage: 100, dbMaxStorage: 101 }), 101);
    assert.throws(() => max({ dbStorage: 200, dbMaxStorage: 100 }), /Invalid db-max-storage: 100.*above --db-storage 200 GiB/);
    assert.throws(() => max({ dbStorage: 65_536, dbMaxStorage: 1000 }), /Invalid db-max-storage: 1000.*already the gp3 limit/);
  });

  it('a database engine version is checked against the engine of the app', () => {
    assert.throws(() => validateAnswers({ appName: 'x', dbEngineVersion: '17' }, 'test', { dbEngine: 'mysql', env: {} }), /mysql on RDS supports 8\.4/);
  });
});
