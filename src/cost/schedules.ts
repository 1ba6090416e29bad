/**
 * Scheduled tasks in the estimate: EventBridge Scheduler's own price (the first 14 million invocations a month are
 * free, then $1.00 per million: nothing for a few schedules), and each task's Fargate price per hour it runs. How
 * long a run takes is the app's, so it is said per run and left out of the total, with the month at 5 minutes a run
 * where the number of runs is known.
 */
import type { CpuArch } from './inputs.js';
import { formatUsd } from './money.js';
import type { PriceResolver } from './resolve.js';

export interface ScheduledTaskInput {
  readonly name: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Runs a month when the expression says (a rate), else undefined (a cron: depends on its fields). */
  readonly runsPerMonth?: number;
}

export const SCHEDULER_FREE_INVOCATIONS = 14_000_000;
export const SCHEDULER_USD_PER_MILLION = 1;
/** The run length the notes price a month at. */
const EXAMPLE_RUN_MINUTES = 5;

/** Runs a month of `rate(N unit)`, 730 hours a month; undefined for cron. */
export function runsPerMonth(expression: string): number | undefined {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (!rate) return undefined;
  const hours = { minute: 1 / 60, hour: 1, day: 24 }[rate[2] as 'minute' | 'hour' | 'day'] * Number(rate[1]);
  return Math.floor(730 / hours);
}

export function scheduleNotes(tasks: readonly ScheduledTaskInput[], cpuArch: CpuArch, prices: PriceResolver): string[] {
  if (tasks.length === 0) return [];
  const arm = cpuArch === 'arm64';
  const vcpu = prices.get(arm ? 'fargateArmVcpuHour' : 'fargateX86VcpuHour', `Fargate ${cpuArch} vCPU`).usd;
  const gb = prices.get(arm ? 'fargateArmGbHour' : 'fargateX86GbHour', `Fargate ${cpuArch} memory`).usd;
  return [
    `EventBridge Scheduler: ${tasks.length} schedule${tasks.length === 1 ? '' : 's'}; the first ${SCHEDULER_FREE_INVOCATIONS / 1_000_000} million invocations a month are free, then ${formatUsd(SCHEDULER_USD_PER_MILLION)} per million.`,
    ...tasks.map((task) => {
      const hourly = (task.cpu / 1024) * vcpu + (task.memoryMiB / 1024) * gb;
      const month = task.runsPerMonth === undefined
        ? 'how often it runs depends on its cron fields'
        : `${task.runsPerMonth} runs a month at ${EXAMPLE_RUN_MINUTES} minutes each would be ${formatUsd((task.runsPerMonth * EXAMPLE_RUN_MINUTES * hourly) / 60)}`;
      return `Scheduled task ${task.name} (${task.cpu / 1024} vCPU, ${task.memoryMiB / 1024} GB, not in the total): ${formatUsd(hourly)} per hour it runs, billed by the second (1 minute minimum); ${month}.`;
    }),
  ];
}
