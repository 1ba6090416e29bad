import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { assemble } from '../src/assemble.js';
import { parseCfnYaml, stringifyCfnYaml } from '../src/cfn/yaml.js';
import { fragmentLibrary, FragmentLibrary } from '../src/fragments/library.js';
import { substitute } from '../src/fragments/substitute.js';
import { REPO_ROOT } from './support/paths.js';

describe('CloudFormation YAML', () => {
  it('reads short-form tags into the long form', () => {
    const text = [
      "a: !Ref Vpc",
      "b: !GetAtt Db.Endpoint.Address",
      "c: !Sub '${AWS::StackName}-x'",
      "d: !Join [',', [!Ref A, !Ref B]]",
      "e: !Select [0, !GetAZs '']",
      "f: !If [HasDomain, !Ref Cert, !Ref AWS::NoValue]",
      "g: !ImportValue { 'Fn::Sub': '${Net}-VpcId' }",
    ].join('\n');
    assert.deepEqual(parseCfnYaml(text), {
      a: { Ref: 'Vpc' },
      b: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      c: { 'Fn::Sub': '${AWS::StackName}-x' },
      d: { 'Fn::Join': [',', [{ Ref: 'A' }, { Ref: 'B' }]] },
      e: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      f: { 'Fn::If': ['HasDomain', { Ref: 'Cert' }, { Ref: 'AWS::NoValue' }] },
      g: { 'Fn::ImportValue': { 'Fn::Sub': '${Net}-VpcId' } },
    });
  });

  it('writes the short form and reads back the same value', () => {
    const value = {
      Vpc: { Ref: 'Vpc' },
      Az: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
      Attr: { 'Fn::GetAtt': ['NatEipA', 'AllocationId'] },
      Joined: { 'Fn::Join': [',', [{ Ref: 'A' }, { Ref: 'B' }]] },
      Version: '2010-09-09',
    };
    const text = stringifyCfnYaml(value);
    assert.match(text, /Vpc: !Ref Vpc/);
    assert.match(text, /Attr: !GetAtt NatEipA\.AllocationId/);
    assert.match(text, /Az: !Select \[ 1, !GetAZs '' \]/);
    assert.deepEqual(parseCfnYaml(text), value);
  });

  it('a function applied directly to another keeps both (the inner one in long form)', () => {
    const value = { VpcId: { 'Fn::ImportValue': { 'Fn::Sub': '${NetworkStackName}-VpcId' } } };
    const text = stringifyCfnYaml(value);
    assert.match(text, /VpcId: !ImportValue\n\s+Fn::Sub: \$\{NetworkStackName\}-VpcId/);
    assert.deepEqual(parseCfnYaml(text), value);
  });

  it('refuses unknown tags and YAML aliases, which CloudFormation does not read', () => {
    assert.throws(() => parseCfnYaml('a: !Reff X'), /unknown tag !Reff/);
    assert.throws(() => parseCfnYaml('a: &x 1\nb: *x'), /aliases are not allowed/);
  });
});

describe('fragment parameters', () => {
  it('a whole placeholder keeps its type, a list is spliced into a list, text is interpolated in keys and values', () => {
    const node = { 'Subnet{{az}}': { Index: '{{i}}', Name: 'x-{{az}}', Tags: [{ Key: 'Name' }, '{{tags}}'] } };
    assert.deepEqual(substitute(node, { az: 'B', i: 1, tags: [{ Key: 'app' }, { Key: 'env' }] }, 't'), {
      SubnetB: { Index: 1, Name: 'x-B', Tags: [{ Key: 'Name' }, { Key: 'app' }, { Key: 'env' }] },
    });
  });

  it('a missing parameter is an error naming it', () => {
    assert.throws(() => substitute({ a: '{{nope}}' }, {}, 'fragment x'), /fragment x: parameter \{\{nope\}\} is not given/);
  });
});

const FRAGMENT_FILES = readdirSync(join(REPO_ROOT, 'fragments'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.replace(/\.yml$/, '').split(sep).join('/'))
  .sort();

describe('fragment library', () => {
  const library = { ids: () => fragmentLibrary().ids(), get: (id: string) => fragmentLibrary().get(id), placeholders: (id: string) => fragmentLibrary().placeholders(id), instantiate: (id: string, params: Record<string, unknown>) => fragmentLibrary().instantiate(id, params) };

  it('discovers the fragments on disk', () => {
    for (const id of ['network/vpc', 'network/internet-gateway', 'network/public-subnet', 'network/private-subnet',
      'network/nat-gateway', 'network/private-nat-route', 'network/outputs']) {
      assert.ok(library.ids().includes(id), id);
    }
  });

  // The fragment files on disk, listed without the library, so the titles need no src/ code at load time.
  for (const id of FRAGMENT_FILES) {
    it(`${id}: described, and its placeholders are exactly its schema's properties`, () => {
      const fragment = library.get(id);
      assert.ok(fragment.description.length > 20);
      const schema = fragment.schema as { properties: Record<string, { description?: string }>; additionalProperties: boolean };
      assert.equal(schema.additionalProperties, false);
      assert.deepEqual(library.placeholders(id), Object.keys(schema.properties).sort());
    });
  }

  it('refuses parameters that break the schema, naming the fragment and the field', () => {
    assert.throws(
      () => library.instantiate('network/public-subnet', { az: 'G', azIndex: 0, cidr: '10.0.0.0/24', tags: [] }),
      /fragment network\/public-subnet: bad parameters: \/az must be equal to one of the allowed values/,
    );
    assert.throws(() => library.instantiate('network/vpc', { cidr: '10.0.0.0/16' }), /must have required property 'tags'/);
  });

  it('a fragment without a schema is refused at load time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fragments-'));
    mkdirSync(join(dir, 'fragments/x'), { recursive: true });
    mkdirSync(join(dir, 'schemas/fragments'), { recursive: true });
    writeFileSync(join(dir, 'fragments/x/y.yml'), 'Fragment:\n  Description: test\nResources: {}\n');
    writeFileSync(join(dir, 'schemas/fragments/common.schema.json'), '{}');
    assert.throws(() => new FragmentLibrary(join(dir, 'fragments'), join(dir, 'schemas')), /has no schema at schemas\/fragments\/x\/y\.schema\.json/);
  });
});

describe('assemble', () => {
  const library = { instantiate: (id: string, params: Record<string, unknown>) => fragmentLibrary().instantiate(id, params) };
  const tags = [{ Key: 'app', Value: 't' }];

  it('refuses a logical ID defined twice, naming both fragments', () => {
    const vpc = library.instantiate('network/vpc', { cidr: '10.0.0.0/16', tags });
    assert.throws(() => assemble({ description: 'x', fragments: [vpc, { ...vpc, id: 'other/vpc' }] }), /logical ID Vpc is defined by both network\/vpc and other\/vpc/);
  });

  it('refuses a fragment whose needs are not provided', () => {
    const igw = library.instantiate('network/internet-gateway', { tags });
    assert.throws(() => assemble({ description: 'x', fragments: [igw] }), /network\/internet-gateway needs Vpc/);
  });

  it('refuses a reference to nothing', () => {
    const broken = { id: 't/x', needs: [], sections: { Resources: { A: { Type: 'AWS::SNS::Topic', Properties: { X: { Ref: 'Missing' } } } } } };
    assert.throws(() => assemble({ description: 'x', fragments: [broken] }), /undefined logical IDs: Missing/);
  });

  it('keeps the order the fragments were given', () => {
    const vpc = library.instantiate('network/vpc', { cidr: '10.0.0.0/16', tags });
    const igw = library.instantiate('network/internet-gateway', { tags });
    assert.deepEqual(Object.keys(assemble({ description: 'x', fragments: [vpc, igw] }).Resources!), [
      'Vpc', 'InternetGateway', 'InternetGatewayAttachment', 'PublicRouteTable', 'PublicDefaultRoute',
    ]);
  });
});
