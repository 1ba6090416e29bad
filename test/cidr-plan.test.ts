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
