/**
 * The data stack's DatabaseUrlSecret, rendered, for every adapter, with and without extra databases, verified and not:
 * the expected SecretString is written out here as a literal, not computed by the code under test. Each template is
 * also held to zero findings by both validators.
 */
import assert from 'node:assert/strict';
import { assemble, renderTemplate } from '../src/assemble.js';
import { DEFAULT_ENGINE_VERSION } from '../src/aws/rds.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { fragmentLibrary } from '../src/fragments/library.js';
import { dataTemplate } from '../src/stacks/data.js';
import type { DataOptions } from '../src/stacks/data.js';
import type { DatabaseAdapter } from '../src/stacks/database-url.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';

const PASSWORD = '{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}';
const HOST = '${Database.Endpoint.Address}:${Database.Endpoint.Port}';

/** adapter -> [engine, the verified DATABASE_URL, the unverified one], all for database `shop_production`. */
const CASES: Record<DatabaseAdapter, ['postgres' | 'mysql', string, string]> = {
  postgresql: ['postgres',
    `postgres://rails:${PASSWORD}@${HOST}/shop_production?sslmode=verify-full&sslrootcert=/rails/config/rds-ca.pem`,
    `postgres://rails:${PASSWORD}@${HOST}/shop_production?sslmode=require`],
  postgis: ['postgres',
    `postgis://rails:${PASSWORD}@${HOST}/shop_production?sslmode=verify-full&sslrootcert=/rails/config/rds-ca.pem`,
    `postgis://rails:${PASSWORD}@${HOST}/shop_production?sslmode=require`],
  mysql2: ['mysql',
    `mysql2://rails:${PASSWORD}@${HOST}/shop_production?ssl_mode=verify_identity&sslca=/rails/config/rds-ca.pem`,
    `mysql2://rails:${PASSWORD}@${HOST}/shop_production?ssl_mode=required`],
  trilogy: ['mysql',
    `trilogy://rails:${PASSWORD}@${HOST}/shop_production?ssl=true&ssl_mode=VERIFY_IDENTITY&ssl_ca=/rails/config/rds-ca.pem`,
    `trilogy://rails:${PASSWORD}@${HOST}/shop_production?ssl=true&ssl_mode=REQUIRED`],
};

function render(adapter: DatabaseAdapter, extraDatabases: readonly string[], caBundle: boolean) {
  const engine = CASES[adapter][0];
  const options: DataOptions = {
    engine,
    engineVersion: DEFAULT_ENGINE_VERSION[engine],
    instanceClass: 'db.t4g.micro',
    storageGiB: 20,
    multiAz: false,
    databaseName: 'shop_production',
    urls: { mode: 'secret', passwordRule: 'alphanumeric', adapter, extraDatabases, caBundle },
    redis: false,
    azs: ['A', 'B'],
    tags: [{ Key: 'app', Value: 'shop' }],
  };
  const text = renderTemplate(assemble(dataTemplate(fragmentLibrary(), options)));
  return { text, template: parseCfnYaml(text) as { Resources: Record<string, any>; Outputs: Record<string, any> } };
}

describe('DatabaseUrlSecret in the data stack', () => {
  const lint = new CfnLintBatch();
  for (const [adapter, [, verified, unverified]] of Object.entries(CASES) as [DatabaseAdapter, [string, string, string]][]) {
    it(`${adapter}: DATABASE_URL alone, verified against the RDS bundle`, () => {
      const { text, template } = render(adapter, [], true);
      lint.add(`${adapter} verified`, text, 'us-east-1');
      assert.equal(formatFindings(validateTemplate(text, 'us-east-1')), '');
      const secret = template.Resources.DatabaseUrlSecret;
      assert.equal(secret.Type, 'AWS::SecretsManager::Secret');
      assert.deepEqual(secret.Properties.SecretString, { 'Fn::Sub': `{"DATABASE_URL":"${verified}"}` });
      assert.deepEqual(template.Outputs.DatabaseUrlSecretArn, {
        Description: template.Outputs.DatabaseUrlSecretArn.Description,
        Value: { Ref: 'DatabaseUrlSecret' },
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}-DatabaseUrlSecretArn' } },
      });
    });

    it(`${adapter}: with the Solid databases, unverified (an image without the bundle)`, () => {
      const { text, template } = render(adapter, ['cache', 'queue', 'cable'], false);
      lint.add(`${adapter} extras`, text, 'eu-west-1');
      assert.equal(formatFindings(validateTemplate(text, 'eu-west-1')), '');
      const at = (name: string) => unverified.replace('/shop_production?', `/shop_production_${name}?`);
      assert.deepEqual(template.Resources.DatabaseUrlSecret.Properties.SecretString, {
        'Fn::Sub': `{"DATABASE_URL":"${unverified}","CACHE_DATABASE_URL":"${at('cache')}","QUEUE_DATABASE_URL":"${at('queue')}","CABLE_DATABASE_URL":"${at('cable')}"}`,
      });
    });
  }

  it('the password the URLs hold is letters and digits only', () => {
    const { template } = render('postgresql', [], true);
    assert.equal(template.Resources.DatabaseSecret.Properties.GenerateSecretString.ExcludePunctuation, true);
    assert.equal(template.Resources.DatabaseSecret.Properties.GenerateSecretString.ExcludeCharacters, undefined);
  });

  it('cfn-lint finds nothing in any template above', function () {
    this.timeout(600_000);
    lint.assertClean();
  });
});
