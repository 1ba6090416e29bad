/** The default CPU architecture from Gemfile.lock PLATFORMS and the machine running the generator. */
import assert from 'node:assert/strict';
import { defaultCpuArch } from '../src/docker/platform.js';

describe('default CPU architecture', () => {
  it('arm64 when the lockfile has aarch64-linux gems, on any machine', () => {
    assert.equal(defaultCpuArch(['aarch64-linux', 'x86_64-linux'], 'x64'), 'arm64');
    assert.equal(defaultCpuArch(['aarch64-linux-gnu'], 'x64'), 'arm64');
    assert.equal(defaultCpuArch(['arm64-darwin', 'aarch64-linux'], 'arm64'), 'arm64');
  });

  it('arm64 on an arm64 machine when native gems build from source (ruby), natively', () => {
    assert.equal(defaultCpuArch(['ruby'], 'arm64'), 'arm64');
    assert.equal(defaultCpuArch(['arm64-darwin', 'ruby'], 'arm64'), 'arm64');
  });

  it('x86_64 when gems are locked for x86_64-linux only, or would compile under emulation', () => {
    assert.equal(defaultCpuArch(['x86_64-linux'], 'arm64'), 'x86_64');
    assert.equal(defaultCpuArch(['ruby', 'x86_64-linux'], 'arm64'), 'x86_64');
    assert.equal(defaultCpuArch(['ruby'], 'x64'), 'x86_64');
    assert.equal(defaultCpuArch(['arm64-darwin'], 'arm64'), 'x86_64');
    assert.equal(defaultCpuArch([], 'x64'), 'x86_64');
  });
});
