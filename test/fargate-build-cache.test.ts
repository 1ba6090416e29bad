/**
 * bin/fargate's image build with a registry cache: a buildx builder of the docker-container driver (made once; the
 * docker driver cannot export a cache), the cache in the registry stack's own repository under one mutable tag per
 * platform, and a build without cache while the registry stack predates the cache repository.
 */
import assert from 'node:assert/strict';
import { renderFargateScript } from '../src/deploy/fargate-script.js';
import { createStubWorld } from './support/recording-stub.js';
import type { StubRule, StubWorld } from './support/recording-stub.js';
import { SCRIPT_CONFIG } from './support/script-config.js';

const CACHE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/bookshelf-production-registry-buildcacherepository-3h4j5';
const REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/bookshelf-production-registry-repository-8f2k1';

let worlds: StubWorld[] = [];
function deploy(rules: StubRule[] = [], cpuArchitecture: 'X86_64' | 'ARM64' = 'X86_64') {
  const w = createStubWorld({ script: renderFargateScript({ ...SCRIPT_CONFIG, cpuArchitecture }), scenario: 'first-deploy.json' });
  worlds.push(w);
  w.prependRules(rules);
  const result = w.run(['deploy', '--yes'], { closedStdin: true });
  const docker = w.calls().filter((c) => c.cmd === 'docker').map((c) => c.argv);
  return { result, docker, build: docker.find((a) => a[0] === 'buildx' && a[1] === 'build') };
}
afterEach(() => {
  for (const w of worlds) w.cleanup();
  worlds = [];
});

describe('bin/fargate: the image build cache', () => {
  it('builds with the rails-fargate builder, reading and writing the cache repository under cache-<platform>', () => {
    const { result, build } = deploy();
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(build, [
      'buildx', 'build', '--builder', 'rails-fargate', '--platform', 'linux/amd64', '--provenance=false',
      '--cache-from', `type=registry,ref=${CACHE}:cache-amd64`,
      '--cache-to', `type=registry,ref=${CACHE}:cache-amd64,mode=max,image-manifest=true,oci-mediatypes=true`,
      '--tag', `${REPOSITORY}:${build![build!.indexOf('--tag') + 1]!.split(':').at(-1)}`, '--push', '.',
    ]);
    const arm = deploy([], 'ARM64').build!;
    assert.ok(arm.includes(`type=registry,ref=${CACHE}:cache-arm64`), 'one cache tag per platform: layers of one never serve the other');
  });

  it('creates the builder (docker-container driver) only when buildx says there is none', () => {
    const existing = deploy();
    assert.ok(!existing.docker.some((a) => a[1] === 'create'), 'an existing builder is used as it is');
    const { result, docker } = deploy([
      { cmd: 'docker', match: ['buildx inspect rails-fargate'], exit: 1, stderr: 'ERROR: no builder "rails-fargate" found' },
      { cmd: 'docker', match: ['buildx create --name rails-fargate'], stdout: 'rails-fargate' },
    ]);
    assert.equal(result.status, 0, result.output);
    const create = docker.findIndex((a) => a[1] === 'create');
    assert.deepEqual(docker[create], ['buildx', 'create', '--name', 'rails-fargate', '--driver', 'docker-container']);
    assert.ok(create < docker.findIndex((a) => a[1] === 'build'));
    assert.match(result.stdout, /Created the buildx builder rails-fargate/);
  });

  it('stops on any other buildx failure, before building, naming the step', () => {
    const { result, build } = deploy([{ cmd: 'docker', match: ['buildx inspect rails-fargate'], exit: 1, stderr: 'ERROR: open /root/.docker/buildx/current: permission denied' }]);
    assert.notEqual(result.status, 0);
    assert.equal(build, undefined);
    assert.match(result.output, /permission denied[\s\S]*could not read the buildx builder rails-fargate/);
    assert.match(result.output, /deploy stopped at step "Build and push image /);
  });

  it('a builder that cannot be created stops the deploy before the build, with docker\'s words', () => {
    const { result, build } = deploy([
      { cmd: 'docker', match: ['buildx inspect rails-fargate'], exit: 1, stderr: 'ERROR: no builder "rails-fargate" found' },
      { cmd: 'docker', match: ['buildx create --name rails-fargate'], exit: 1, stderr: 'ERROR: failed to find driver "docker-container"' },
    ]);
    assert.notEqual(result.status, 0);
    assert.equal(build, undefined);
    assert.match(result.output, /failed to find driver "docker-container"[\s\S]*could not create the buildx builder rails-fargate/);
    assert.doesNotMatch(result.output, /^Deployed /m);
  });

  it('a registry stack from before the cache: builds without one, and says so', () => {
    const rows = [
      ['RepositoryName', 'bookshelf-production-registry-repository-8f2k1'],
      ['RepositoryUri', REPOSITORY],
      ['RepositoryArn', 'arn:aws:ecr:us-east-1:123456789012:repository/bookshelf-production-registry-repository-8f2k1'],
      ['ArtifactsBucketName', 'bookshelf-production-registry-artifactsbucket-9x8y7z'],
    ];
    const { result, build } = deploy([{ cmd: 'aws', match: ['describe-stacks --stack-name bookshelf-production-registry', 'Stacks[0].Outputs'], rows }]);
    assert.equal(result.status, 0, result.output);
    assert.ok(!build!.some((a) => a.startsWith('--cache')), build!.join(' '));
    assert.match(result.stdout, /Building without a cache: the registry stack has no build cache repository yet/);
  });
});
