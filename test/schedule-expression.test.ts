/** EventBridge Scheduler's cron and rate expressions and time zones: what passes, and the error for what does not. */
import assert from 'node:assert/strict';
import { checkCron, checkRate, checkScheduleExpression, checkTimeZone } from '../src/aws/schedule-expression.js';

describe('schedule expressions', () => {
  it('takes the six-field AWS cron, with or without cron(...), and returns it as cron(...)', () => {
    const cases: [string, string][] = [
      ['0 3 * * ? *', 'cron(0 3 * * ? *)'],
      ['cron(0/15 * * * ? *)', 'cron(0/15 * * * ? *)'],
      ['  0   9 ? * MON-FRI *  ', 'cron(0 9 ? * MON-FRI *)'],
      ['*/5 8-17 ? * 2-6 *', 'cron(*/5 8-17 ? * 2-6 *)'],
      ['0 23 L * ? *', 'cron(0 23 L * ? *)'],
      ['0 8 15W * ? *', 'cron(0 8 15W * ? *)'],
      ['0 8 ? * 6L *', 'cron(0 8 ? * 6L *)'],
      ['0 8 ? * MON#1 *', 'cron(0 8 ? * MON#1 *)'],
      ['0 0 1 jan,jul ? 2027-2030', 'cron(0 0 1 jan,jul ? 2027-2030)'],
      ['15,45 6 ? * SAT,SUN *', 'cron(15,45 6 ? * SAT,SUN *)'],
    ];
    assert.deepEqual(cases.map(([text]) => [text, checkCron(text)]), cases);
  });

  it('refuses a bad cron with the field, the value and what is allowed', () => {
    const cases: [string, RegExp][] = [
      ['0 3 * * *', /Invalid cron: "0 3 \* \* \*" \(from --cron\)\. Allowed: six fields: minutes hours day-of-month month day-of-week year .*in EventBridge, cron\(0 3 \* \* \? \*\)\.$/],
      ['0 3 * * 1', /in EventBridge, cron\(0 3 \? \* 1 \*\) when 1 is written with day names \(SUN-SAT\) or AWS's numbers \(1 = Sunday, 7 = Saturday\)/],
      ['60 3 * * ? *', /Invalid cron minutes: "60" \(from --cron\)\. Allowed: 0-59, with the wildcards , - \* \/\.$/],
      ['0 3 32 * ? *', /Invalid cron day-of-month: "32" .*Allowed: 1-31, with the wildcards , - \* \? \/ L W\.$/],
      ['0 3 * 13 ? *', /Invalid cron month: "13" .*Allowed: 1-12 or JAN-DEC/],
      ['0 3 ? * 0 *', /Invalid cron day-of-week: "0" .*Allowed: 1-7 or SUN-SAT/],
      ['0 3 ? * MON#6 *', /Invalid cron day-of-week: "MON#6" .*the # in MON#6 takes 1 to 5/],
      ['0 3 * * ? 1969', /Invalid cron year: "1969" .*Allowed: 1970-2199/],
      ['0 17-9 * * ? *', /Invalid cron hours: "17-9" .*the range 17-9 runs backwards/],
      ['0 ? * * ? *', /Invalid cron hours: "\?" .*\? only in day-of-month or day-of-week/],
      ['0 3 * * * *', /Invalid cron day-of-month\/day-of-week: "\* \*" .*a \? in exactly one of the two/],
      ['0 3 ? * ? *', /Invalid cron day-of-month\/day-of-week: "\? \?"/],
    ];
    for (const [text, message] of cases) assert.throws(() => checkCron(text), message, text);
  });

  it('takes rate(N unit) with the unit EventBridge wants, and refuses the rest', () => {
    assert.deepEqual(['5 minutes', 'rate(1 hour)', '7 days', 'RATE(1 Day)'].map((t) => checkRate(t)), ['rate(5 minutes)', 'rate(1 hour)', 'rate(7 days)', 'rate(1 day)']);
    assert.throws(() => checkRate('1 hours'), /Invalid rate unit: "1 hours" \(from --rate\)\. Allowed: hour with 1 \(EventBridge refuses "1 hours"\)\.$/);
    assert.throws(() => checkRate('5 minute'), /Allowed: minutes with 5/);
    assert.throws(() => checkRate('0 minutes'), /Invalid rate: "0 minutes".*a whole number of minutes, hours or days/);
    assert.throws(() => checkRate('30 seconds'), /Invalid rate: "30 seconds"/);
    assert.throws(() => checkRate('every hour'), /Invalid rate: "every hour"/);
  });

  it('reads what .yo-rc.json stores, either kind, and names where it came from', () => {
    assert.equal(checkScheduleExpression('cron(0 3 * * ? *)', 'x'), 'cron(0 3 * * ? *)');
    assert.equal(checkScheduleExpression('rate(2 hours)', 'x'), 'rate(2 hours)');
    assert.throws(() => checkScheduleExpression('0 3 * * ? *', '.yo-rc.json schedules.a.expression'), /Invalid schedule expression: "0 3 \* \* \? \*" \(from \.yo-rc\.json schedules\.a\.expression\)\. Allowed: cron\(six fields\) or rate\(N unit\)/);
    assert.throws(() => checkScheduleExpression(3, 'x'), /Invalid schedule expression: 3 /);
  });

  it('time zones: IANA names from Intl, and UTC', () => {
    assert.deepEqual(['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Europe/Kyiv'].map((z) => checkTimeZone(z)), ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Europe/Kyiv']);
    assert.throws(() => checkTimeZone('Paris'), /Invalid timezone: "Paris" \(from --timezone\)\. Allowed: an IANA time zone name such as UTC, Europe\/Paris or America\/New_York \(\d+ known to Node's Intl\); did you mean Europe\/Paris\?\.$/);
    assert.throws(() => checkTimeZone('CEST'), /Invalid timezone: "CEST" /);
    assert.throws(() => checkTimeZone('europe/paris'), /Invalid timezone: "europe\/paris" /);
  });
});
