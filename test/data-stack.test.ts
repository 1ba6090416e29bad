import assert from 'node:assert/strict';
import { assemble, renderTemplate, TEMPLATE_BODY_LIMIT } from '../src/assemble.js';
import type { Template, TemplateSpec } from '../src/assemble.js';
import { CACHE_NODE_TYPES } from '../src/aws/elasticache.js';
import { DEFAULT_ENGINE_VERSION, ENGINE_MAJOR_VERSIONS, ENGINE_PORT, RDS_INSTANCE_CLASSES } from '../src/aws/rds.js';
import type { DbEngine } from '../src/aws/rds.js';
import { intrinsicOf, parseCfnYaml } from '../src/cfn/yaml.js';
import { InputError } from '../src/errors.js';
import { fragmentLibrary } from '../src/fragments/library.js';
import { planCidr } from '../src/network/cidr-plan.js';
import { dataTemplate, MASTER_USERNAME } from '../src/stacks/data.js';
import type { DataOptions } from '../src/stacks/data.js';
import { networkTemplate } from '../src/stacks/network.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';

interface Resource {
  Type: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties: Record<string, unknown>;
}

const REGIONS = ['us-east-1', 'eu-west-1'];
const ENGINES: DbEngine[] = ['postgres', 'mysql'];
const CLASSES = ['db.t4g.micro', 'db.m7g.large', 'db.r6i.xlarge'];
const tags = [{ Key: 'app', Value: 'bookshelf' }, { Key: 'environment', Value: 'production' }, { Key: 'managed-by', Value: 'generator-rails-fargate' }];
/** Every template this file validates, linted with cfn-lint by the last test of 'validates across the option matrix'. */
const lint = new CfnLintBatch();

function options(overrides: Partial<DataOptions> = {}): DataOptions {
  const engine = overrides.engine ?? 'postgres';
  return {
    engine,
    engineVersion: DEFAULT_ENGINE_VERSION[engine],
    instanceClass: 'db.t4g.micro',
    storageGiB: 20,
    multiAz: false,
    databaseName: 'bookshelf_production',
    urls: { mode: 'secret', passwordRule: 'alphanumeric', adapter: engine === 'postgres' ? 'postgresql' : 'mysql2', extraDatabases: [], caBundle: true },
    redis: false,
    azs: ['A', 'B'],
    tags,
    ...overrides,
  };
}

function render(spec: TemplateSpec): { text: string; template: Template } {
  const text = renderTemplate(assemble(spec));
  return { text, template: parseCfnYaml(text) as Template };
}

function build(overrides: Partial<DataOptions> = {}): { text: string; template: Template } {
  return render(dataTemplate(fragmentLibrary(), options(overrides)));
}

function resources(template: Template): Record<string, Resource> {
  return template.Resources as Record<string, Resource>;
}

/** `!ImportValue !Sub '${NetworkStackName}-<name>'`, the way the data stack reads the network stack's exports. */
function networkImport(name: string): unknown {
  return { 'Fn::ImportValue': { 'Fn::Sub': `\${NetworkStackName}-${name}` } };
}

/** The private subnets of the given AZs, each from its own export. */
function privateSubnets(azs: readonly string[]): unknown[] {
  return azs.map((az) => networkImport(`PrivateSubnet${az}Id`));
}

function assertClean(text: string, region: string, label: string): void {
  lint.add(label, text, region);
  assert.equal(formatFindings(validateTemplate(text, region)), '');
  assert.ok(Buffer.byteLength(text) < TEMPLATE_BODY_LIMIT, `${Buffer.byteLength(text)} bytes`);
}

/** Every string in the template with the key it sits under, skipping intrinsic-function arguments. */
function literals(node: unknown, key = '', out: [string, string][] = []): [string, string][] {
  if (typeof node === 'string') out.push([key, node]);
  else if (Array.isArray(node)) node.forEach((item) => literals(item, key, out));
  else if (node !== null && typeof node === 'object' && !intrinsicOf(node)) {
    for (const [k, v] of Object.entries(node)) literals(v, k, out);
  }
  return out;
}

const MATRIX = ENGINES.flatMap((engine) =>
  [false, true].flatMap((multiAz) =>
    [false, true].flatMap((redis) => CLASSES.map((instanceClass) => ({ engine, multiAz, redis, instanceClass }))),
  ),
);

describe('data stack', () => {
  describe('validates across the option matrix', () => {
    for (const combo of MATRIX) {
      for (const region of REGIONS) {
        const name = `${combo.engine} ${combo.instanceClass}, ${combo.multiAz ? 'Multi-AZ' : 'single-AZ'}, ${combo.redis ? 'with' : 'without'} Redis, ${region}`;
        it(`${name}: no finding, under the inline size limit`, () => {
          assertClean(build({ ...combo, redisNodes: combo.multiAz ? 2 : 1 }).text, region, name);
        });
      }
    }

    for (const engine of ENGINES) {
      for (const engineVersion of ENGINE_MAJOR_VERSIONS[engine]) {
        it(`${engine} ${engineVersion} with every known instance class validates in ${REGIONS.join(' and ')}`, () => {
          // cfn-lint takes a second a template: it reads one template holding a database of every class instead.
          const all = build({ engine, engineVersion });
          for (const [i, instanceClass] of RDS_INSTANCE_CLASSES.entries()) {
            const { text, template } = build({ engine, engineVersion, instanceClass });
            resources(all.template)[`Database${i}`] = resources(template).Database!;
            for (const region of REGIONS) {
              const findings = formatFindings(validateTemplate(text, region));
              assert.equal(findings, '', `${instanceClass} in ${region}`);
            }
          }
          for (const region of REGIONS) lint.add(`${engine} ${engineVersion}, every class, ${region}`, JSON.stringify(all.template), region);
        });
      }
    }

    it(`every known cache node type validates in ${REGIONS.join(' and ')}`, () => {
      const all = build({ redis: true, redisNodes: 2 });
      for (const [i, redisNodeType] of CACHE_NODE_TYPES.entries()) {
        const { text, template } = build({ redis: true, redisNodeType, redisNodes: 2 });
        for (const region of REGIONS) assert.equal(formatFindings(validateTemplate(text, region)), '', `${redisNodeType} in ${region}`);
        resources(all.template)[`Cache${i}`] = resources(template).Cache!;
      }
      for (const region of REGIONS) lint.add(`every cache node type, ${region}`, JSON.stringify(all.template), region);
    });

  it('cfn-lint finds nothing in any template above', function () {
    this.timeout(600_000);
    lint.assertClean();
  });
  });

  it('the rendered file reads back as the template that was assembled', () => {
    for (const engine of ENGINES) {
      const spec = dataTemplate(fragmentLibrary(), options({ engine, redis: true }));
      assert.deepEqual(parseCfnYaml(renderTemplate(assemble(spec))), assemble(spec));
    }
  });

  it('takes NetworkStackName, with no default, and no other parameter', () => {
    for (const combo of MATRIX) {
      const parameters = build(combo).template.Parameters as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(parameters), ['NetworkStackName']);
      assert.equal(parameters.NetworkStackName!.Type, 'String');
      assert.equal(parameters.NetworkStackName!.Default, undefined);
    }
  });

  for (const engine of ENGINES) {
    it(`${engine}: the database group admits exactly the ${ENGINE_PORT[engine]} port from the app's group, nothing else`, () => {
      const group = resources(build({ engine, redis: true }).template).DatabaseSecurityGroup!;
      assert.equal(group.Type, 'AWS::EC2::SecurityGroup');
      assert.deepEqual(group.Properties.VpcId, networkImport('VpcId'));
      assert.deepEqual(group.Properties.SecurityGroupIngress, [
        {
          Description: 'Database port from the app tasks',
          IpProtocol: 'tcp',
          FromPort: ENGINE_PORT[engine],
          ToPort: ENGINE_PORT[engine],
          SourceSecurityGroupId: networkImport('AppSecurityGroupId'),
        },
      ]);
      const egress = group.Properties.SecurityGroupEgress as Record<string, unknown>[];
      assert.equal(egress.length, 1);
      assert.equal(egress[0]!.CidrIp, '255.255.255.255/32', 'egress replaced by a rule that matches nothing');
    });

    it(`${engine}: the database's stateful properties and policies`, () => {
      for (const combo of MATRIX.filter((c) => c.engine === engine)) {
        const all = resources(build(combo).template);
        const db = all.Database!;
        assert.equal(db.Type, 'AWS::RDS::DBInstance');
        assert.equal(db.DeletionPolicy, 'Snapshot');
        assert.equal(db.UpdateReplacePolicy, 'Snapshot');
        const p = db.Properties;
        assert.equal(p.Engine, engine);
        assert.equal(p.EngineVersion, DEFAULT_ENGINE_VERSION[engine]);
        assert.equal(p.DBInstanceClass, combo.instanceClass);
        assert.equal(p.MultiAZ, combo.multiAz);
        assert.equal(p.ManageMasterUserPassword, undefined, 'RDS-managed secrets rotate behind the running tasks');
        assert.deepEqual(p.MasterUserPassword, { 'Fn::Sub': '{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}' });
        assert.equal(p.MasterUsername, MASTER_USERNAME);
        assert.equal(p.StorageEncrypted, true);
        assert.equal(p.DeletionProtection, true);
        assert.ok(typeof p.BackupRetentionPeriod === 'number' && p.BackupRetentionPeriod >= 7);
        assert.equal(p.PubliclyAccessible, false);
        assert.equal(p.StorageType, 'gp3');
        assert.equal(p.AllocatedStorage, '20');
        assert.equal(p.MaxAllocatedStorage, 100, 'storage autoscaling: 5x 20 GiB, at least 100');
        assert.equal(p.AutoMinorVersionUpgrade, true);
        assert.equal(p.CopyTagsToSnapshot, true);
        assert.deepEqual(p.EnableCloudwatchLogsExports, engine === 'postgres' ? ['postgresql', 'upgrade'] : ['error', 'slowquery']);
        assert.deepEqual(p.DBSubnetGroupName, { Ref: 'DatabaseSubnetGroup' });
        assert.deepEqual(p.VPCSecurityGroups, [{ 'Fn::GetAtt': ['DatabaseSecurityGroup', 'GroupId'] }]);
        assert.deepEqual(all.DatabaseSubnetGroup!.Properties.SubnetIds, privateSubnets(['A', 'B']));
        if (engine === 'mysql') {
          assert.deepEqual(p.DBParameterGroupName, { Ref: 'DatabaseParameterGroup' });
          const group = all.DatabaseParameterGroup!;
          assert.equal(group.Properties.Family, `mysql${DEFAULT_ENGINE_VERSION.mysql}`);
          assert.equal((group.Properties.Parameters as Record<string, string>).slow_query_log, '1');
          assert.equal((group.Properties.Parameters as Record<string, string>).require_secure_transport, '1', 'no plain-text client');
          assert.equal(group.Properties.Description, 'MySQL with the slow query log on', 'create-only: a new text would replace the group');
        } else {
          assert.deepEqual(p.DBParameterGroupName, { Ref: 'AWS::NoValue' });
          assert.equal(all.DatabaseParameterGroup, undefined);
        }
      }
    });

    it(`${engine}: the database keeps its logical ID, type and replacement-causing properties across the matrix`, () => {
      const FIXED = ['Engine', 'DBName', 'MasterUsername', 'StorageEncrypted', 'KmsKeyId', 'DBInstanceIdentifier',
        'DBSubnetGroupName', 'AvailabilityZone', 'CharacterSetName'];
      const variants = [
        ...MATRIX.filter((c) => c.engine === engine),
        ...ENGINE_MAJOR_VERSIONS[engine].map((engineVersion) => ({ engine, engineVersion })),
        { engine, storageGiB: 500, backupRetentionDays: 30 },
        { engine, redis: true, redisNodes: 3, redisNodeType: 'cache.r7g.large' },
      ];
      const seen = new Set<string>();
      const fixed = new Set<string>();
      for (const variant of variants) {
        const all = resources(build(variant).template);
        const databases = Object.entries(all).filter(([, r]) => r.Type === 'AWS::RDS::DBInstance');
        for (const [id, r] of databases) seen.add(`${id} ${r.Type}`);
        const db = all.Database!;
        fixed.add(JSON.stringify(FIXED.map((k) => db.Properties[k] ?? null)));
        assert.equal(all.DatabaseSecurityGroup!.Type, 'AWS::EC2::SecurityGroup');
        assert.equal(all.DatabaseSubnetGroup!.Type, 'AWS::RDS::DBSubnetGroup');
      }
      assert.deepEqual([...seen], ['Database AWS::RDS::DBInstance']);
      assert.equal(fixed.size, 1, [...fixed].join('\n'));
    });
  }

  describe('the master secret', () => {
    for (const engine of ENGINES) {
      it(`${engine}: generated by Secrets Manager as {username, password}, the username the database's, kept on delete`, () => {
        const all = resources(build({ engine }).template);
        const secret = all.DatabaseSecret!;
        assert.equal(secret.Type, 'AWS::SecretsManager::Secret');
        assert.equal(secret.DeletionPolicy, 'Retain');
        assert.equal(secret.UpdateReplacePolicy, 'Retain');
        assert.equal(secret.Properties.Name, undefined, 'unnamed: a kept secret never collides with a re-created stack\'s');
        const generate = secret.Properties.GenerateSecretString as Record<string, unknown>;
        // Letters and digits only: the password goes into the database URLs with no encoding.
        assert.deepEqual(generate, { SecretStringTemplate: '{"username":"rails"}', GenerateStringKey: 'password', PasswordLength: 32, ExcludePunctuation: true });
        assert.deepEqual(JSON.parse(generate.SecretStringTemplate as string), { username: all.Database!.Properties.MasterUsername });
      });

      it(`${engine}: a stack generated before the URL secret keeps its GenerateSecretString exactly`, () => {
        const urls = { mode: 'wrapper' as const, passwordRule: 'punctuation' as const, adapter: engine === 'postgres' ? 'postgresql' as const : 'mysql2' as const, extraDatabases: [], caBundle: true };
        const { text, template } = build({ engine, urls });
        // The previous version's text, byte for byte: RDS refuses / " @; a trailing backslash breaks the dynamic reference.
        assert.ok(text.includes([
          '      GenerateSecretString:',
          `        SecretStringTemplate: '{"username":"rails"}'`,
          '        GenerateStringKey: password',
          '        PasswordLength: 32',
          `        ExcludeCharacters: '"''/@\\\`'`,
          '      Tags:',
        ].join('\n')), text);
        assert.equal(resources(template).DatabaseUrlSecret, undefined);
        assert.equal((template.Outputs as Record<string, unknown>).DatabaseUrlSecretArn, undefined);
        // Moved to the URL secret by hand (infra/README.md): the URL secret comes, the password rule stays.
        const moved = build({ engine, urls: { ...urls, mode: 'secret' } });
        assert.deepEqual(resources(moved.template).DatabaseSecret, resources(template).DatabaseSecret);
        assert.ok(resources(moved.template).DatabaseUrlSecret);
      });
    }

    it('is never rotated: no rotation schedule, no RDS-managed secret, and the same secret for every option', () => {
      const secrets = new Set<string>();
      for (const combo of MATRIX) {
        const all = resources(build(combo).template);
        // Secrets only, no rotation schedule; with a cache, its AUTH token and REDIS_URL secrets too.
        assert.deepEqual(
          Object.entries(all).filter(([, r]) => r.Type.startsWith('AWS::SecretsManager::')).map(([id, r]) => `${id} ${r.Type}`).sort(),
          [
            ...(combo.redis ? ['CacheAuthTokenSecret AWS::SecretsManager::Secret'] : []),
            'DatabaseSecret AWS::SecretsManager::Secret',
            'DatabaseUrlSecret AWS::SecretsManager::Secret',
            ...(combo.redis ? ['RedisUrlSecret AWS::SecretsManager::Secret'] : []),
          ],
        );
        assert.equal(all.Database!.Properties.ManageMasterUserPassword, undefined);
        secrets.add(JSON.stringify(all.DatabaseSecret));
      }
      assert.equal(secrets.size, 1, 'GenerateSecretString never changes: a change would put a new password into the secret only');
    });
  });

  it('the database is the same logical ID and type for both engines', () => {
    const ids = ENGINES.map((engine) => {
      const all = resources(build({ engine }).template);
      return Object.entries(all).filter(([, r]) => r.Type === 'AWS::RDS::DBInstance').map(([id]) => id);
    });
    assert.deepEqual(ids, [['Database'], ['Database']]);
  });

  it('a third AZ appends its private subnet to both subnet groups and changes nothing else', () => {
    const two = resources(build({ redis: true, azs: ['A', 'B'] }).template);
    const three = resources(build({ redis: true, azs: ['A', 'B', 'C'] }).template);
    assert.deepEqual(Object.keys(three), Object.keys(two));
    for (const id of ['DatabaseSubnetGroup', 'CacheSubnetGroup']) {
      assert.deepEqual(two[id]!.Properties.SubnetIds, privateSubnets(['A', 'B']), id);
      assert.deepEqual(three[id]!.Properties.SubnetIds, privateSubnets(['A', 'B', 'C']), id);
    }
    for (const id of Object.keys(two).filter((i) => !i.endsWith('SubnetGroup'))) assert.deepEqual(three[id], two[id], id);
  });

  describe('cache (Redis users)', () => {
    it('without Redis: no cache resource and no Redis output', () => {
      const { template } = build({ redis: false });
      assert.ok(Object.values(resources(template)).every((r) => !r.Type.startsWith('AWS::ElastiCache::')));
      assert.deepEqual(Object.keys(template.Outputs!).sort(), ['AlarmTopicArn', 'DatabaseEndpoint', 'DatabaseName', 'DatabasePort', 'DatabaseSecretArn', 'DatabaseUrlSecretArn']);
    });

    it('adding Redis adds only the cache resources and outputs: the database resources are unchanged', () => {
      const without = build({ redis: false }).template;
      const withRedis = build({ redis: true }).template;
      const added = Object.keys(withRedis.Resources!).filter((id) => !(id in without.Resources!));
      assert.deepEqual(added, ['CacheParameterGroup', 'CacheAuthTokenSecret', 'RedisUrlSecret', 'CacheSecurityGroup', 'CacheSubnetGroup', 'Cache', 'CacheMemoryAlarm', 'CacheEvictionsAlarm']);
      for (const id of Object.keys(without.Resources!)) assert.deepEqual(withRedis.Resources![id], without.Resources![id], id);
      // The cache's outputs come before the alarm topic's: the cache fragment is assembled first.
      assert.deepEqual(Object.keys(withRedis.Outputs!), [
        ...Object.keys(without.Outputs!).filter((k) => k !== 'AlarmTopicArn'), 'RedisEndpoint', 'RedisPort', 'RedisUrlSecretArn', 'AlarmTopicArn',
      ]);
    });

    it("the cache group admits exactly 6379 from the app's group, nothing else", () => {
      const group = resources(build({ redis: true }).template).CacheSecurityGroup!;
      assert.deepEqual(group.Properties.VpcId, networkImport('VpcId'));
      assert.deepEqual(group.Properties.SecurityGroupIngress, [
        {
          Description: 'Redis protocol from the app tasks',
          IpProtocol: 'tcp',
          FromPort: 6379,
          ToPort: 6379,
          SourceSecurityGroupId: networkImport('AppSecurityGroupId'),
        },
      ]);
      assert.equal((group.Properties.SecurityGroupEgress as unknown[]).length, 1);
    });

    for (const nodes of [1, 2, 3]) {
      it(`${nodes} node(s): Valkey, encrypted at rest and in transit, snapshots kept, failover ${nodes > 1 ? 'on' : 'off'}`, () => {
        const all = resources(build({ redis: true, redisNodes: nodes }).template);
        const cache = all.Cache!;
        assert.equal(cache.Type, 'AWS::ElastiCache::ReplicationGroup');
        assert.equal(cache.DeletionPolicy, 'Snapshot');
        assert.equal(cache.UpdateReplacePolicy, 'Snapshot');
        const p = cache.Properties;
        assert.equal(p.Engine, 'valkey');
        assert.equal(p.NumCacheClusters, nodes);
        assert.equal(p.AutomaticFailoverEnabled, nodes > 1);
        assert.equal(p.MultiAZEnabled, nodes > 1);
        assert.equal(p.TransitEncryptionEnabled, true);
        assert.equal(p.AtRestEncryptionEnabled, true);
        assert.ok(typeof p.SnapshotRetentionLimit === 'number' && p.SnapshotRetentionLimit >= 1);
        assert.deepEqual(p.CacheSubnetGroupName, { Ref: 'CacheSubnetGroup' });
        assert.deepEqual(p.SecurityGroupIds, [{ 'Fn::GetAtt': ['CacheSecurityGroup', 'GroupId'] }]);
        assert.deepEqual(all.CacheSubnetGroup!.Properties.SubnetIds, privateSubnets(['A', 'B']));
      });
    }

    it('safe for Sidekiq: Valkey 9.0 with a valkey9 parameter group that never evicts', () => {
      const all = resources(build({ redis: true }).template);
      assert.equal(all.Cache!.Properties.EngineVersion, '9.0');
      assert.deepEqual(all.Cache!.Properties.CacheParameterGroupName, { Ref: 'CacheParameterGroup' });
      assert.equal(all.CacheParameterGroup!.Type, 'AWS::ElastiCache::ParameterGroup');
      assert.equal(all.CacheParameterGroup!.Properties.CacheParameterGroupFamily, 'valkey9');
      assert.deepEqual(all.CacheParameterGroup!.Properties.Properties, { 'maxmemory-policy': 'noeviction' });
    });

    it('an AUTH token generated into Secrets Manager, taken by dynamic reference, over TLS; REDIS_URL a secret holding it', () => {
      const all = resources(build({ redis: true }).template);
      const token = all.CacheAuthTokenSecret!;
      assert.equal(token.Type, 'AWS::SecretsManager::Secret');
      assert.deepEqual(token.Properties.GenerateSecretString, {
        SecretStringTemplate: '{}', GenerateStringKey: 'token', PasswordLength: 64, ExcludePunctuation: true,
      });
      assert.equal(all.Cache!.Properties.TransitEncryptionEnabled, true, 'AuthToken needs TLS');
      assert.deepEqual(all.Cache!.Properties.AuthToken, { 'Fn::Sub': '{{resolve:secretsmanager:${CacheAuthTokenSecret}:SecretString:token}}' });
      const url = all.RedisUrlSecret!;
      assert.equal(url.Type, 'AWS::SecretsManager::Secret');
      assert.deepEqual(url.Properties.SecretString, {
        'Fn::Sub': 'rediss://:{{resolve:secretsmanager:${CacheAuthTokenSecret}:SecretString:token}}@${Cache.PrimaryEndPoint.Address}:${Cache.PrimaryEndPoint.Port}/0',
      });
      const outputs = build({ redis: true }).template.Outputs as Record<string, { Value: unknown }>;
      assert.deepEqual(outputs.RedisUrlSecretArn!.Value, { Ref: 'RedisUrlSecret' });
    });

    it('a re-run over a cache made by the previous version changes no create-only property of the cache', () => {
      // The create-only properties of AWS::ElastiCache::ReplicationGroup (its resource schema's createOnlyProperties),
      // as the previous version set them: AtRestEncryptionEnabled true, Port 6379, CacheSubnetGroupName the group;
      // the rest unset. AuthToken, TransitEncryptionEnabled, EngineVersion and CacheParameterGroupName update in place.
      const CREATE_ONLY = ['KmsKeyId', 'Port', 'SnapshotArns', 'SnapshotName', 'CacheSubnetGroupName', 'NetworkType',
        'DataTieringEnabled', 'AtRestEncryptionEnabled', 'ReplicationGroupId', 'GlobalReplicationGroupId',
        'ReplicasPerNodeGroup', 'PreferredCacheClusterAZs'];
      const previous = { Port: 6379, CacheSubnetGroupName: { Ref: 'CacheSubnetGroup' }, AtRestEncryptionEnabled: true };
      for (const redisNodes of [1, 2]) {
        const cache = resources(build({ redis: true, redisNodes }).template).Cache!;
        assert.equal(cache.Type, 'AWS::ElastiCache::ReplicationGroup');
        const now = Object.fromEntries(CREATE_ONLY.flatMap((k) => (k in cache.Properties ? [[k, cache.Properties[k]]] : [])));
        assert.deepEqual(now, previous);
      }
    });
  });

  it('exports the contract outputs under the stack name', () => {
    const outputs = build({ redis: true }).template.Outputs as Record<string, { Value: unknown; Export: { Name: unknown } }>;
    assert.deepEqual(outputs.DatabaseEndpoint!.Value, { 'Fn::GetAtt': ['Database', 'Endpoint.Address'] });
    assert.deepEqual(outputs.DatabasePort!.Value, { 'Fn::GetAtt': ['Database', 'Endpoint.Port'] });
    assert.equal(outputs.DatabaseName!.Value, 'bookshelf_production');
    assert.deepEqual(outputs.DatabaseSecretArn!.Value, { Ref: 'DatabaseSecret' });
    assert.deepEqual(outputs.DatabaseUrlSecretArn!.Value, { Ref: 'DatabaseUrlSecret' });
    assert.deepEqual(outputs.RedisEndpoint!.Value, { 'Fn::GetAtt': ['Cache', 'PrimaryEndPoint.Address'] });
    assert.deepEqual(outputs.RedisPort!.Value, { 'Fn::GetAtt': ['Cache', 'PrimaryEndPoint.Port'] });
    for (const [name, output] of Object.entries(outputs)) {
      assert.deepEqual(output.Export.Name, { 'Fn::Sub': `\${AWS::StackName}-${name}` });
    }
  });

  it('no secret-looking literal: the password only as a dynamic reference, no secret value, no NoEcho or default parameter', () => {
    for (const combo of MATRIX) {
      const { text, template } = build(combo);
      assert.deepEqual(text.match(/^.*(MasterUserPassword|\{\{resolve:).*$/gm), [
        "      MasterUserPassword: !Sub '{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}'",
        // The database URLs hold the password by the same dynamic reference.
        `      SecretString: !Sub '{"DATABASE_URL":"${combo.engine === 'postgres' ? 'postgres' : 'mysql2'}://rails:{{resolve:secretsmanager:\${DatabaseSecret}:SecretString:password}}@\${Database.Endpoint.Address}:\${Database.Endpoint.Port}/bookshelf_production?${combo.engine === 'postgres' ? 'sslmode=verify-full&sslrootcert' : 'ssl_mode=verify_identity&sslca'}=/rails/config/rds-ca.pem"}'`,
        ...(combo.redis
          ? [
              '      SecretString: !Sub rediss://:{{resolve:secretsmanager:${CacheAuthTokenSecret}:SecretString:token}}@${Cache.PrimaryEndPoint.Address}:${Cache.PrimaryEndPoint.Port}/0',
              "      AuthToken: !Sub '{{resolve:secretsmanager:${CacheAuthTokenSecret}:SecretString:token}}'",
            ]
          : []),
      ]);
      // The secret's GenerateSecretString is a recipe (checked above), not a value: its keys say "secret".
      const properties = Object.entries(resources(template)).map(([id, r]) => (['DatabaseSecret', 'CacheAuthTokenSecret'].includes(id) ? { ...r.Properties, GenerateSecretString: undefined } : r.Properties));
      for (const [key, value] of literals(properties)) {
        assert.doesNotMatch(key, /password|secret|token|credential|api_?key/i, `${key}: ${value}`);
        // A generated secret: 16 or more characters mixing lower case, upper case and digits, no spaces.
        assert.doesNotMatch(value, /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)\S{16,}$/, `${key}: ${value}`);
      }
      for (const parameter of Object.values(template.Parameters ?? {}) as Record<string, unknown>[]) {
        assert.equal(parameter.Default, undefined);
        assert.equal(parameter.NoEcho, undefined);
      }
    }
  });

  it('Active Storage: a private, encrypted, versioned, TLS-only bucket, kept on delete and replacement', () => {
    const without = build({ redis: true }).template;
    const { text, template } = build({ redis: true, bucket: true });
    assertClean(text, 'us-east-1', 'with the Active Storage bucket');
    const all = resources(template);
    assert.deepEqual(Object.keys(all).filter((id) => !(id in resources(without))), ['StorageBucket', 'StorageBucketPolicy']);
    const bucket = all.StorageBucket!;
    assert.equal(bucket.Type, 'AWS::S3::Bucket');
    assert.equal(bucket.DeletionPolicy, 'Retain');
    assert.equal(bucket.UpdateReplacePolicy, 'Retain');
    const p = bucket.Properties;
    assert.equal(p.BucketName, undefined, 'the only create-only property stays unset');
    assert.deepEqual(p.BucketEncryption, { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] });
    assert.deepEqual(p.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    assert.deepEqual(p.VersioningConfiguration, { Status: 'Enabled' });
    assert.deepEqual(p.LifecycleConfiguration, {
      Rules: [{ Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }],
    });
    const statement = (all.StorageBucketPolicy!.Properties.PolicyDocument as { Statement: unknown[] }).Statement;
    assert.deepEqual(statement, [{
      Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*',
      Resource: [{ 'Fn::GetAtt': ['StorageBucket', 'Arn'] }, { 'Fn::Sub': '${StorageBucket.Arn}/*' }],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }]);
    const outputs = template.Outputs as Record<string, { Value: unknown }>;
    assert.deepEqual(outputs.StorageBucketName!.Value, { Ref: 'StorageBucket' });
    assert.deepEqual(outputs.StorageBucketArn!.Value, { 'Fn::GetAtt': ['StorageBucket', 'Arn'] });
  });

  it('alarms: a topic, the optional email subscription, database storage/CPU/connections, cache memory/evictions', () => {
    const plain = resources(build({}).template);
    assert.deepEqual(Object.keys(plain).filter((id) => plain[id]!.Type === 'AWS::CloudWatch::Alarm'), ['DatabaseFreeStorageAlarm', 'DatabaseCpuAlarm', 'DatabaseConnectionsAlarm']);
    assert.deepEqual(plain.AlarmTopic!.Properties.Subscription, []);
    // 20 GiB: under 2 GiB free; db.t4g.micro PostgreSQL takes about 112 connections: alarm over 89.
    assert.equal(plain.DatabaseFreeStorageAlarm!.Properties.Threshold, 2 * 1024 ** 3);
    assert.equal(plain.DatabaseConnectionsAlarm!.Properties.Threshold, 89);
    assert.equal(plain.DatabaseCpuAlarm!.Properties.Threshold, 80);
    for (const id of ['DatabaseFreeStorageAlarm', 'DatabaseCpuAlarm', 'DatabaseConnectionsAlarm']) {
      assert.deepEqual(plain[id]!.Properties.AlarmActions, [{ Ref: 'AlarmTopic' }], id);
      assert.deepEqual(plain[id]!.Properties.Dimensions, [{ Name: 'DBInstanceIdentifier', Value: { Ref: 'Database' } }], id);
    }
    const full = build({ redis: true, alarmEmail: 'ops@example.com', storageGiB: 500, instanceClass: 'db.m7g.large', engine: 'mysql', engineVersion: '8.4' });
    assertClean(full.text, 'us-east-1', 'alarms with an email, a cache, MySQL');
    const all = resources(full.template);
    assert.deepEqual(all.AlarmTopic!.Properties.Subscription, [{ Protocol: 'email', Endpoint: 'ops@example.com' }]);
    assert.equal(all.DatabaseFreeStorageAlarm!.Properties.Threshold, 50 * 1024 ** 3);
    assert.equal(all.DatabaseConnectionsAlarm!.Properties.Threshold, 545, '80% of 682');
    assert.equal(all.CacheMemoryAlarm!.Properties.MetricName, 'DatabaseMemoryUsagePercentage');
    assert.equal(all.CacheEvictionsAlarm!.Properties.Threshold, 0);
    assert.deepEqual(all.CacheEvictionsAlarm!.Properties.Dimensions, [{ Name: 'ReplicationGroupId', Value: { Ref: 'Cache' } }]);
  });

  it('storage autoscaling: MaxAllocatedStorage is the answer, or 5x the storage (at least 100 GiB, at most 65536)', () => {
    const max = (o: Partial<DataOptions>) => resources(build(o).template).Database!.Properties.MaxAllocatedStorage;
    assert.equal(max({ storageGiB: 20 }), 100);
    assert.equal(max({ storageGiB: 21 }), 105);
    assert.equal(max({ storageGiB: 500 }), 2500);
    assert.equal(max({ storageGiB: 20_000 }), 65_536);
    assert.equal(max({ storageGiB: 20, maxStorageGiB: 21 }), 21);
    assert.deepEqual(max({ storageGiB: 65_536 }), { Ref: 'AWS::NoValue' }, 'at the gp3 limit there is nothing to grow to');
    assertClean(build({ storageGiB: 65_536 }).text, 'us-east-1', 'storage at the gp3 limit');
    assertClean(build({ storageGiB: 500, maxStorageGiB: 1000 }).text, 'us-east-1', 'storage 500, ceiling 1000');
  });

  it('refuses an unknown instance class, engine version or storage size, naming the field and what is allowed', () => {
    const library = fragmentLibrary();
    const cases: [Partial<DataOptions>, RegExp][] = [
      [{ instanceClass: 'db.t2.nano' }, /Invalid database instance class: "db\.t2\.nano"\. Allowed: db\.t4g\.micro, /],
      [{ engineVersion: '13' }, /Invalid database engine version: "13"\. Allowed: for postgres: 14, 15, 16, 17, 18/],
      [{ engine: 'mysql', engineVersion: '17' }, /Invalid database engine version: "17"\. Allowed: for mysql: 8\.4/],
      [{ storageGiB: 19 }, /Invalid database storage: 19\. Allowed: a whole number of GiB from 20 to 65536/],
      [{ storageGiB: 65_537 }, /Invalid database storage: 65537/],
      [{ storageGiB: 200, maxStorageGiB: 200 }, /Invalid database maximum storage: 200\. Allowed: it must be above --db-storage 200 GiB/],
      [{ storageGiB: 200, maxStorageGiB: 65_537 }, /Invalid database maximum storage: 65537\. Allowed: it must be at most 65536 GiB/],
      [{ redis: true, redisNodes: 7 }, /Invalid cache nodes: 7/],
      [{ redis: true, redisNodeType: 'cache.t2.micro' }, /Invalid cache node type: "cache\.t2\.micro"/],
      [{ azs: ['A'] }, /Invalid availability zones: \["A"\]\. Allowed: the first 2 to 6 AZ letters in order/],
      [{ azs: ['A', 'C'] }, /Invalid availability zones: \["A","C"\]/],
      [{ azs: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] }, /Invalid availability zones/],
    ];
    for (const [overrides, message] of cases) {
      assert.throws(() => dataTemplate(library, options(overrides)), (e: unknown) => e instanceof InputError && message.test(e.message));
    }
  });
});

describe('network security groups (what the data stack imports)', () => {

  function networkWithGroups(azCount: number, nat: 'per-az' | 'single' | 'none', containerPort: number, https: boolean) {
    const library = fragmentLibrary();
    const base = networkTemplate(library, { nat }, planCidr('10.0.0.0/16', azCount), tags);
    return render({
      ...base,
      fragments: [
        ...base.fragments,
        library.instantiate('network/security-groups', { containerPort, tags }),
        ...(https ? [library.instantiate('network/alb-https-ingress', {})] : []),
      ],
    });
  }

  /** Every ingress rule of the template, inline or standalone, as "group protocol from-to source". */
  function ingressRules(template: Template): string[] {
    const rules: string[] = [];
    const source = (rule: Record<string, unknown>) =>
      JSON.stringify(rule.CidrIp ?? rule.SourceSecurityGroupId ?? rule.SourcePrefixListId ?? rule.CidrIpv6);
    for (const [id, r] of Object.entries(resources(template))) {
      if (r.Type === 'AWS::EC2::SecurityGroup') {
        for (const rule of (r.Properties.SecurityGroupIngress ?? []) as Record<string, unknown>[]) {
          rules.push(`${id} ${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} ${source(rule)}`);
        }
      }
      if (r.Type === 'AWS::EC2::SecurityGroupIngress') {
        const group = (r.Properties.GroupId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
        rules.push(`${group} ${r.Properties.IpProtocol} ${r.Properties.FromPort}-${r.Properties.ToPort} ${source(r.Properties)}`);
      }
    }
    return rules.sort();
  }

  const ALB = JSON.stringify({ 'Fn::GetAtt': ['AlbSecurityGroup', 'GroupId'] });
  const APP = JSON.stringify({ 'Fn::GetAtt': ['AppSecurityGroup', 'GroupId'] });

  for (const [azCount, nat, containerPort, https] of [
    [2, 'per-az', 80, false], [3, 'single', 3000, true], [2, 'none', 8080, true], [4, 'per-az', 80, true],
  ] as const) {
    for (const region of REGIONS) {
      it(`${azCount} AZs, NAT ${nat}, port ${containerPort}, ${https ? 'HTTPS' : 'HTTP only'}, ${region}: validates; world -> ALB, ALB -> app only`, () => {
        const { text, template } = networkWithGroups(azCount, nat, containerPort, https);
        assertClean(text, region, `network with groups: ${azCount} AZs, NAT ${nat}, port ${containerPort}, ${region}`);
        const expected = [
          `AlbSecurityGroup tcp 80-80 "0.0.0.0/0"`,
          ...(https ? [`AlbSecurityGroup tcp 443-443 "0.0.0.0/0"`] : []),
          `AppSecurityGroup tcp ${containerPort}-${containerPort} ${ALB}`,
        ].sort();
        assert.deepEqual(ingressRules(template), expected);
        const alb = resources(template).AlbSecurityGroup!;
        assert.deepEqual(alb.Properties.SecurityGroupEgress, [{
          Description: 'Container port of the app tasks',
          IpProtocol: 'tcp',
          FromPort: containerPort,
          ToPort: containerPort,
          DestinationSecurityGroupId: JSON.parse(APP) as unknown,
        }]);
        assert.equal(resources(template).AppSecurityGroup!.Properties.SecurityGroupEgress, undefined, 'tasks keep default egress');
      });
    }
  }

  it('the network stack exports every name the data stack imports', () => {
    const network = networkWithGroups(2, 'single', 80, false).template;
    const exported = Object.values(network.Outputs as Record<string, { Export?: { Name: { 'Fn::Sub': string } } }>)
      .flatMap((o) => (o.Export ? [o.Export.Name['Fn::Sub'].replace('${AWS::StackName}-', '')] : []));
    const imported = new Set<string>();
    const visit = (node: unknown): void => {
      const fn = intrinsicOf(node);
      if (fn?.fn === 'ImportValue') {
        const sub = intrinsicOf(fn.arg);
        assert.equal(sub?.fn, 'Sub');
        imported.add(String(sub!.arg).replace('${NetworkStackName}-', ''));
      } else if (Array.isArray(node)) node.forEach(visit);
      else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
    };
    visit(build({ redis: true }).template);
    assert.deepEqual([...imported].sort(), ['AppSecurityGroupId', 'PrivateSubnetAId', 'PrivateSubnetBId', 'VpcId']);
    for (const name of imported) assert.ok(exported.includes(name), `${name} is exported by the network stack`);
    assert.ok(exported.includes('AlbSecurityGroupId'));
  });

  it('cfn-lint finds nothing in any template above', function () {
    this.timeout(600_000);
    lint.assertClean();
  });
});
