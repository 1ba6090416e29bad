/**
 * The task sizes Fargate accepts (Linux). Source: Amazon ECS Developer Guide, "Amazon ECS task definition invalid
 * CPU or memory errors" / "Task CPU and memory" table, as of 2025-06 (unchanged since the 8 and 16 vCPU sizes were
 * added in 2022): CPU in units (1024 = 1 vCPU), memory in MiB. 8 and 16 vCPU need platform version 1.4.0 or later,
 * which LATEST is.
 */

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let value = from; value <= to; value += step) out.push(value);
  return out;
}

/** CPU units -> the memory values (MiB) allowed with it. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

export const FARGATE_CPUS: readonly number[] = [...FARGATE_SIZES.keys()];

/** Every memory value some CPU size allows, ascending. */
export const FARGATE_MEMORIES: readonly number[] = [...new Set([...FARGATE_SIZES.values()].flat())].sort((a, b) => a - b);

function list(values: readonly number[]): string {
  return values.join(', ');
}

/** True when Fargate runs a task of this size, else a message saying what is allowed. */
export function checkFargateSize(cpu: number, memory: number): true | string {
  const memories = FARGATE_SIZES.get(cpu);
  if (!memories) return `Fargate has no CPU size ${cpu}; allowed CPU units: ${list(FARGATE_CPUS)}`;
  if (!memories.includes(memory)) {
    return `Fargate does not run ${cpu} CPU units with ${memory} MiB; with ${cpu} CPU units, memory (MiB) must be one of: ${list(memories)}`;
  }
  return true;
}
