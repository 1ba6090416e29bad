import assert from 'node:assert/strict';
import { checkFargateSize, FARGATE_CPUS, FARGATE_MEMORIES, FARGATE_SIZES } from '../src/aws/fargate.js';
import { checkLogRetentionDays, isLogRetentionDays, LOG_RETENTION_DAYS } from '../src/aws/log-retention.js';

describe('Fargate task sizes', () => {
  it('has the seven CPU sizes, each with its documented memory range and step', () => {
    const expected: [number, number, number, number][] = [
      // cpu, first MiB, last MiB, step MiB
      [256, 512, 2048, -1],
      [512, 1024, 4096, 1024],
      [1024, 2048, 8192, 1024],
      [2048, 4096, 16384, 1024],
      [4096, 8192, 30720, 1024],
      [8192, 16384, 61440, 4096],
      [16384, 32768, 122880, 8192],
    ];
    assert.deepEqual(FARGATE_CPUS, expected.map(([cpu]) => cpu));
    for (const [cpu, first, last, step] of expected) {
      const memories = FARGATE_SIZES.get(cpu)!;
      assert.equal(memories[0], first, `${cpu}`);
      assert.equal(memories.at(-1), last, `${cpu}`);
      if (step > 0) memories.slice(1).forEach((m, i) => assert.equal(m - memories[i]!, step, `${cpu}: ${m}`));
    }
    assert.deepEqual(FARGATE_SIZES.get(256), [512, 1024, 2048]);
  });

  const accepted: [number, number][] = [[256, 512], [512, 1024], [1024, 3072], [2048, 16384], [4096, 30720], [8192, 20480], [16384, 122880]];
  for (const [cpu, memory] of accepted) {
    it(`accepts ${cpu} CPU with ${memory} MiB`, () => assert.equal(checkFargateSize(cpu, memory), true));
  }

  it('refuses a memory the CPU does not allow, listing the memory values allowed with that CPU', () => {
    assert.equal(
      checkFargateSize(512, 512),
      'Fargate does not run 512 CPU units with 512 MiB; with 512 CPU units, memory (MiB) must be one of: 1024, 2048, 3072, 4096',
    );
    assert.match(String(checkFargateSize(256, 4096)), /must be one of: 512, 1024, 2048$/);
    // 8 vCPU steps by 4 GiB: 17 GiB is not a size.
    assert.match(String(checkFargateSize(8192, 17408)), /with 8192 CPU units, memory \(MiB\) must be one of: 16384, 20480, 24576/);
    assert.match(String(checkFargateSize(4096, 32768)), /must be one of: 8192, 9216, .*, 30720$/);
  });

  it('refuses an unknown CPU size, listing the CPU sizes', () => {
    assert.equal(checkFargateSize(300, 1024), 'Fargate has no CPU size 300; allowed CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384');
  });

  it('lists every memory value once, ascending', () => {
    assert.deepEqual(FARGATE_MEMORIES, [...new Set(FARGATE_MEMORIES)].sort((a, b) => a - b));
    assert.ok(FARGATE_MEMORIES.includes(512) && FARGATE_MEMORIES.includes(122880));
  });
});

describe('CloudWatch Logs retention', () => {
  it('accepts the values CloudWatch accepts and nothing else', () => {
    assert.equal(LOG_RETENTION_DAYS.length, 22);
    for (const days of LOG_RETENTION_DAYS) assert.equal(checkLogRetentionDays(days), true);
    for (const days of [0, 2, 31, 366, 3650, 10000]) assert.equal(isLogRetentionDays(days), false, `${days}`);
    assert.match(String(checkLogRetentionDays(31)), /^CloudWatch Logs keeps logs for one of: 1, 3, 5, 7, 14, 30, 60, .*, 3653 days$/);
  });
});
