import assert from 'node:assert/strict';
import { Address4 } from 'ip-address';
import { checkVpcCidr, planCidr } from '../src/network/cidr-plan.js';

function range(cidr: string): [bigint, bigint] {
  const a = new Address4(cidr);
  return [a.startAddress().bigInt(), a.endAddress().bigInt()];
}

function overlaps(a: string, b: string): boolean {
  const [a0, a1] = range(a);
  const [b0, b1] = range(b);
  return a0 <= b1 && b0 <= a1;
}

const CIDRS = ['10.0.0.0/16', '10.20.0.0/18', '172.16.0.0/20', '192.168.0.0/21', '172.31.128.0/17'];

describe('CIDR plan', () => {
  for (const vpc of CIDRS) {
    for (let azs = 2; azs <= 6; azs++) {
      it(`${vpc} over ${azs} AZs: one public and one private subnet per AZ, disjoint, inside the VPC`, () => {
        const plan = planCidr(vpc, azs);
        assert.equal(plan.subnets.length, azs * 2);
        const blocks = [...plan.subnets.map((s) => s.cidr), ...plan.reserved];
        for (const block of blocks) assert.ok(new Address4(block).isInSubnet(new Address4(vpc)), `${block} in ${vpc}`);
        for (let i = 0; i < blocks.length; i++) {
          for (let j = i + 1; j < blocks.length; j++) assert.ok(!overlaps(blocks[i]!, blocks[j]!), `${blocks[i]} vs ${blocks[j]}`);
        }
        // Every address of the VPC is either in a subnet or kept free: nothing is lost.
        const total = blocks.reduce((sum, b) => sum + Number(range(b)[1] - range(b)[0] + 1n), 0);
        assert.equal(total, plan.vpcAddresses);
        for (let az = 0; az < azs; az++) {
          const pub = plan.subnets.find((s) => s.azIndex === az && s.tier === 'public')!;
          const priv = plan.subnets.find((s) => s.azIndex === az && s.tier === 'private')!;
          assert.equal(priv.addresses, pub.addresses * 8, 'private subnets get 8 times the addresses');
          assert.ok(pub.addresses >= 32, 'a public subnet is at least /27, the smallest an ALB accepts');
          assert.equal(pub.usable, pub.addresses - 5);
        }
      });
    }

    it(`${vpc}: adding AZs never renumbers an existing subnet`, () => {
      const two = planCidr(vpc, 2).subnets;
      const six = planCidr(vpc, 6).subnets;
      for (const subnet of two) {
        assert.deepEqual(six.find((s) => s.az === subnet.az && s.tier === subnet.tier), subnet);
      }
    });
  }

  it('pins the /16 layout documented in the README', () => {
    const plan = planCidr('10.0.0.0/16', 2);
    assert.deepEqual(
      plan.subnets.map((s) => `${s.az} ${s.tier} ${s.cidr}`),
      ['A public 10.0.192.0/22', 'A private 10.0.0.0/19', 'B public 10.0.196.0/22', 'B private 10.0.32.0/19'],
    );
    assert.deepEqual(plan.reserved, [
      '10.0.200.0/22', '10.0.64.0/19', '10.0.204.0/22', '10.0.96.0/19', '10.0.208.0/22', '10.0.128.0/19',
      '10.0.212.0/22', '10.0.160.0/19', '10.0.216.0/22', '10.0.220.0/22', '10.0.224.0/19',
    ]);
  });

  it('pins the /21 layout (the smallest VPC): /24 private, /27 public, usable addresses', () => {
    const plan = planCidr('192.168.0.0/21', 1);
    assert.equal(plan.vpcAddresses, 2048);
    assert.deepEqual(plan.subnets, [
      { azIndex: 0, az: 'A', tier: 'public', cidr: '192.168.6.0/27', addresses: 32, usable: 27 },
      { azIndex: 0, az: 'A', tier: 'private', cidr: '192.168.0.0/24', addresses: 256, usable: 251 },
    ]);
    assert.deepEqual(plan.reserved, [
      '192.168.6.32/27', '192.168.1.0/24', '192.168.6.64/27', '192.168.2.0/24', '192.168.6.96/27', '192.168.3.0/24', '192.168.6.128/27', '192.168.4.0/24', '192.168.6.160/27', '192.168.5.0/24',
      '192.168.6.192/27', '192.168.6.224/27', '192.168.7.0/24',
    ]);
  });

  it('takes 1 to 6 AZs and refuses 0, 7 and a fraction; refuses a CIDR checkVpcCidr refuses', () => {
    assert.equal(planCidr('10.0.0.0/16', 1).subnets.length, 2);
    assert.equal(planCidr('10.0.0.0/16', 6).subnets.length, 12);
    assert.throws(() => planCidr('10.0.0.0/16', 0), /^Error: azCount 0 is not 1\.\.6$/);
    assert.throws(() => planCidr('10.0.0.0/16', 7), /^Error: azCount 7 is not 1\.\.6$/);
    assert.throws(() => planCidr('10.0.0.0/16', 2.5), /azCount 2\.5 is not 1\.\.6/);
    assert.throws(() => planCidr('10.0.0.0/24', 2), /^Error: vpc-cidr 10\.0\.0\.0\/24: \/24 is too small/);
  });

  it('accepts the edges: /16 and /21, and each RFC 1918 range', () => {
    for (const cidr of ['10.0.0.0/16', '10.255.248.0/21', '172.16.0.0/16', '172.31.0.0/16', '192.168.0.0/16', '192.168.248.0/21']) {
      assert.equal(checkVpcCidr(cidr), true, cidr);
    }
    assert.equal(checkVpcCidr('10.0.0.0/15'), '/15 is larger than the /16 AWS allows for a VPC');
    assert.equal(
      checkVpcCidr('10.0.0.0/22'),
      '/22 is too small: 6 public subnets of at least /27 (the smallest an ALB accepts) and their private subnets need /21 or larger',
    );
    assert.equal(checkVpcCidr('10.0.0.1/16'), 'host bits are set; the network is 10.0.0.0/16');
    assert.equal(checkVpcCidr('10.0.0.0'), '"10.0.0.0" is not an IPv4 CIDR block like 10.0.0.0/16');
    assert.equal(checkVpcCidr('172.15.0.0/16'), 'it is not a private (RFC 1918) range: use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16');
    assert.equal(checkVpcCidr(' 10.0.0.0/16'), '" 10.0.0.0/16" is not an IPv4 CIDR block like 10.0.0.0/16');
    assert.equal(checkVpcCidr('10.0.0.0/16 '), '"10.0.0.0/16 " is not an IPv4 CIDR block like 10.0.0.0/16');
  });

  const refused: [string, RegExp][] = [
    ['10.0.0.0', /not an IPv4 CIDR block/],
    ['10.0.0.0/33', /not an IPv4 CIDR block/],
    ['10.0.0/16', /not an IPv4 CIDR block/],
    ['300.0.0.0/16', /not an IPv4 CIDR block/],
    ['banana', /not an IPv4 CIDR block/],
    ['10.0.0.0/8', /larger than the \/16/],
    ['10.0.0.0/22', /too small.*\/21 or larger/],
    ['10.0.0.0/24', /too small/],
    ['10.0.1.0/16', /host bits are set; the network is 10\.0\.0\.0\/16/],
    ['8.8.0.0/16', /not a private \(RFC 1918\) range/],
    ['172.32.0.0/16', /not a private/],
  ];
  for (const [value, message] of refused) {
    it(`refuses ${value}`, () => {
      const verdict = checkVpcCidr(value);
      assert.notEqual(verdict, true);
      assert.match(String(verdict), message);
    });
  }
});
