import assert from 'node:assert/strict';
import { validateAnswers } from '../src/answers/resolve.js';
import { parseCfnYaml } from '../src/cfn/yaml.js';
import { plan, renderStacks } from '../src/plan.js';
import { assemble, renderTemplate, TEMPLATE_BODY_LIMIT } from '../src/assemble.js';
import { fragmentLibrary } from '../src/fragments/library.js';
import { planCidr } from '../src/network/cidr-plan.js';
import { networkTemplate } from '../src/stacks/network.js';
import { formatFindings, validateTemplate } from './support/cfn-validate.js';
import { CfnLintBatch } from './support/cfn-lint.js';

type Resource = { Type: string; DependsOn?: string; Properties: Record<string, any> };
type Parsed = { Resources: Record<string, Resource>; Outputs: Record<string, any> };

const NATS = ['per-az', 'single', 'none'] as const;
const CIDRS = ['10.0.0.0/16', '172.16.0.0/20', '192.168.0.0/21'];
/** Types CloudFormation gives no Tags property; every other resource must carry the common tags. */
const UNTAGGABLE = new Set(['AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress']);

function network(nat: string, azCount: number, vpcCidr: string, region = 'us-east-1') {
  const answers = validateAnswers({ appName: 'bookshelf', environment: 'production', region, vpcCidr, azCount, nat });
  const rendered = renderStacks(plan(answers)).find((s) => s.stack.key === 'network')!;
  return { answers, rendered, parsed: parseCfnYaml(rendered.text) as Parsed };
}

const ofType = (parsed: Parsed, type: string) => Object.entries(parsed.Resources).filter(([, r]) => r.Type === type);

describe('network stack', () => {
  const lint = new CfnLintBatch();
  for (const nat of NATS) {
    for (let azCount = 2; azCount <= 6; azCount++) {
      for (const cidr of CIDRS) {
        it(`NAT ${nat}, ${azCount} AZs, ${cidr}: topology, and no finding from the validator`, () => {
          const { rendered, parsed } = network(nat, azCount, cidr);
          const letters = 'ABCDEF'.slice(0, azCount).split('');

          const subnets = ofType(parsed, 'AWS::EC2::Subnet');
          assert.equal(subnets.length, azCount * 2);
          for (const [i, az] of letters.entries()) {
            for (const tier of ['Public', 'Private']) {
              const subnet = parsed.Resources[`${tier}Subnet${az}`]!;
              // Spread over the AZs: subnet i of each tier in AZ i of the Region.
              assert.deepEqual(subnet.Properties.AvailabilityZone, { 'Fn::Select': [i, { 'Fn::GetAZs': '' }] });
              assert.deepEqual(subnet.Properties.VpcId, { Ref: 'Vpc' });
              assert.equal(subnet.Properties.MapPublicIpOnLaunch, false);
            }
            assert.deepEqual(parsed.Resources[`PublicSubnet${az}RouteTableAssociation`]!.Properties.RouteTableId, { Ref: 'PublicRouteTable' });
            assert.deepEqual(parsed.Resources[`PrivateSubnet${az}RouteTableAssociation`]!.Properties.RouteTableId, { Ref: `PrivateRouteTable${az}` });
          }

          const vpc = parsed.Resources.Vpc!;
          assert.equal(vpc.Properties.CidrBlock, cidr);
          assert.equal(vpc.Properties.EnableDnsSupport, true);
          assert.equal(vpc.Properties.EnableDnsHostnames, true);

          const routes = ofType(parsed, 'AWS::EC2::Route').map(([, r]) => r.Properties);
          const publicRoutes = routes.filter((r) => r.RouteTableId.Ref === 'PublicRouteTable');
          assert.deepEqual(publicRoutes, [{ RouteTableId: { Ref: 'PublicRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'InternetGateway' } }]);

          const nats = ofType(parsed, 'AWS::EC2::NatGateway');
          const eips = ofType(parsed, 'AWS::EC2::EIP');
          const privateRoutes = routes.filter((r) => r.RouteTableId.Ref !== 'PublicRouteTable');
          const expectedNats = { 'per-az': letters, single: ['A'], none: [] }[nat]!;
          assert.deepEqual(nats.map(([id]) => id), expectedNats.map((az) => `NatGateway${az}`));
          assert.equal(eips.length, expectedNats.length);
          for (const az of expectedNats) {
            // A NAT gateway lives in the public subnet of its AZ.
            assert.deepEqual(parsed.Resources[`NatGateway${az}`]!.Properties.SubnetId, { Ref: `PublicSubnet${az}` });
          }
          if (nat === 'none') {
            assert.equal(privateRoutes.length, 0, 'private subnets have no internet route without NAT');
          } else {
            assert.deepEqual(
              privateRoutes.map((r) => [r.RouteTableId.Ref, r.DestinationCidrBlock, r.NatGatewayId.Ref]),
              letters.map((az) => [`PrivateRouteTable${az}`, '0.0.0.0/0', `NatGateway${nat === 'per-az' ? az : 'A'}`]),
            );
          }

          // The free S3 gateway endpoint on every private route table, whatever the NAT mode; no interface endpoint
          // by default.
          assert.deepEqual(ofType(parsed, 'AWS::EC2::VPCEndpoint').map(([id, r]) => [id, r.Properties.VpcEndpointType, r.Properties.ServiceName, r.Properties.RouteTableIds]), [
            ['S3GatewayEndpoint', 'Gateway', { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }, letters.map((az) => ({ Ref: `PrivateRouteTable${az}` }))],
          ]);

          for (const [id, resource] of Object.entries(parsed.Resources)) {
            if (UNTAGGABLE.has(resource.Type)) continue;
            const keys = (resource.Properties.Tags ?? []).map((t: { Key: string }) => t.Key);
            for (const key of ['Name', 'app', 'environment', 'managed-by']) {
              if (key === 'Name' && resource.Type === 'AWS::EC2::SecurityGroup') continue;
              assert.ok(keys.includes(key), `${id} has tag ${key}`);
            }
          }

          assert.deepEqual(parsed.Outputs.PublicSubnetIds.Value, { 'Fn::Join': [',', letters.map((az) => ({ Ref: `PublicSubnet${az}` }))] });
          assert.deepEqual(parsed.Outputs.PrivateSubnetIds.Value, { 'Fn::Join': [',', letters.map((az) => ({ Ref: `PrivateSubnet${az}` }))] });
          // The joined lists change with the AZ count, so nothing may import them: they are not exported.
          assert.equal(parsed.Outputs.PublicSubnetIds.Export, undefined);
          assert.equal(parsed.Outputs.PrivateSubnetIds.Export, undefined);
          const perSubnet = ['Public', 'Private'].flatMap((tier) => letters.map((az) => [`${tier}Subnet${az}Id`, `${tier}Subnet${az}`] as const));
          for (const [name, subnet] of perSubnet) assert.deepEqual(parsed.Outputs[name].Value, { Ref: subnet }, name);
          // (Planned without the app, so without the security groups and their exports.)
          const exported = Object.keys(parsed.Outputs).filter((name) => parsed.Outputs[name].Export !== undefined);
          assert.deepEqual(exported.sort(), ['VpcCidr', 'VpcId', ...perSubnet.map(([name]) => name)].sort());
          for (const name of exported) {
            assert.deepEqual(parsed.Outputs[name].Export.Name, { 'Fn::Sub': `\${AWS::StackName}-${name}` });
          }

          assert.ok(Buffer.byteLength(rendered.text) < TEMPLATE_BODY_LIMIT, `${Buffer.byteLength(rendered.text)} bytes`);
          lint.add(`NAT ${nat}, ${azCount} AZs, ${cidr}`, rendered.text, 'us-east-1');
          const findings = validateTemplate(rendered.text, 'us-east-1');
          assert.equal(findings.length, 0, formatFindings(findings));
        });
      }
    }
  }

  for (const nat of NATS) {
    for (let azCount = 2; azCount <= 6; azCount++) {
      it(`--vpc-endpoints, NAT ${nat}, ${azCount} AZs: five interface endpoints in the private subnets, 443 from the app only, no finding`, () => {
        const tags = [{ Key: 'app', Value: 'bookshelf' }, { Key: 'environment', Value: 'production' }, { Key: 'managed-by', Value: 'generator-rails-fargate' }];
        const spec = networkTemplate(fragmentLibrary(), { nat, vpcEndpoints: true }, planCidr('10.0.0.0/16', azCount), tags, { containerPort: 3000, https: false });
        const text = renderTemplate(assemble(spec));
        const parsed = parseCfnYaml(text) as Parsed;
        const letters = 'ABCDEF'.slice(0, azCount).split('');
        const interfaces = ofType(parsed, 'AWS::EC2::VPCEndpoint').filter(([, r]) => r.Properties.VpcEndpointType === 'Interface');
        assert.deepEqual(interfaces.map(([id, r]) => [id, r.Properties.ServiceName['Fn::Sub']]), [
          ['EcrApiEndpoint', 'com.amazonaws.${AWS::Region}.ecr.api'],
          ['EcrDkrEndpoint', 'com.amazonaws.${AWS::Region}.ecr.dkr'],
          ['LogsEndpoint', 'com.amazonaws.${AWS::Region}.logs'],
          ['SecretsManagerEndpoint', 'com.amazonaws.${AWS::Region}.secretsmanager'],
          ['SsmMessagesEndpoint', 'com.amazonaws.${AWS::Region}.ssmmessages'],
        ]);
        for (const [, endpoint] of interfaces) {
          assert.deepEqual(endpoint.Properties.SubnetIds, letters.map((az) => ({ Ref: `PrivateSubnet${az}` })));
          assert.deepEqual(endpoint.Properties.SecurityGroupIds, [{ 'Fn::GetAtt': ['EndpointSecurityGroup', 'GroupId'] }]);
          assert.equal(endpoint.Properties.PrivateDnsEnabled, true);
        }
        assert.deepEqual(parsed.Resources.EndpointFromAppIngress!.Properties, {
          GroupId: { 'Fn::GetAtt': ['EndpointSecurityGroup', 'GroupId'] },
          Description: 'HTTPS from the app tasks',
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          SourceSecurityGroupId: { 'Fn::GetAtt': ['AppSecurityGroup', 'GroupId'] },
        });
        lint.add(`--vpc-endpoints, NAT ${nat}, ${azCount} AZs`, text, 'us-east-1');
        const findings = validateTemplate(text, 'us-east-1');
        assert.equal(findings.length, 0, formatFindings(findings));
      });
    }
  }

  for (const region of ['eu-west-1', 'ap-northeast-2', 'sa-east-1', 'us-west-1']) {
    it(`validates in ${region} with as many AZs as it offers (at most 4)`, async () => {
      const { REGIONS } = await import('../src/aws/regions.js');
      const azCount = Math.min(4, REGIONS.find((r) => r.name === region)!.azCount);
      const { rendered } = network('per-az', azCount, '10.0.0.0/16', region);
      lint.add(`${region}, ${azCount} AZs`, rendered.text, region);
      const findings = validateTemplate(rendered.text, region);
      assert.equal(findings.length, 0, formatFindings(findings));
    });
  }

  it('the stack name carries the app and the environment', () => {
    const { rendered } = network('single', 2, '10.0.0.0/16');
    assert.equal(rendered.stack.stackName, 'bookshelf-production-network');
    assert.equal(rendered.stack.file, 'infra/cloudformation/network.yml');
    assert.match(rendered.text, /^# bookshelf-production-network: generated by generator-rails-fargate/);
  });

  it('cfn-lint finds nothing in any template above', function () {
    this.timeout(600_000);
    lint.assertClean();
  });

  it('the same answers give the same text', () => {
    assert.equal(network('per-az', 3, '10.0.0.0/16').rendered.text, network('per-az', 3, '10.0.0.0/16').rendered.text);
  });
});
