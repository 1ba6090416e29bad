/**
 * The Mermaid diagram drawn from a topology written out by hand (two AZs, per-AZ NAT, web behind the load balancer, one
 * worker, PostgreSQL): the whole text is checked against the request flow A-F of the article, line by line. Where
 * Mermaid puts it all is checked by test/mermaid-render.test.ts, which renders it.
 */
import assert from 'node:assert/strict';
import { groupName, mermaidDiagram } from '../src/docs/mermaid.js';
import type { Topology } from '../src/docs/topology.js';

const TWO_AZS: Topology = {
  vpcCidr: '10.0.0.0/16',
  subnets: [
    { id: 'PrivateSubnetA', az: 'A', tier: 'private', cidr: '10.0.0.0/19' },
    { id: 'PublicSubnetA', az: 'A', tier: 'public', cidr: '10.0.192.0/22' },
    { id: 'PrivateSubnetB', az: 'B', tier: 'private', cidr: '10.0.32.0/19' },
    { id: 'PublicSubnetB', az: 'B', tier: 'public', cidr: '10.0.196.0/22' },
  ],
  nats: new Map([['NatGatewayA', 'A'], ['NatGatewayB', 'B']]),
  natRoutes: new Map([['A', 'NatGatewayA'], ['B', 'NatGatewayB']]),
  loadBalancer: true,
  https: false,
  services: [
    { id: 'web', name: 'web', behindLoadBalancer: true, publicIp: false, tier: 'private', logGroup: 'WebLogGroup' },
    { id: 'jobs', name: 'jobs', behindLoadBalancer: false, publicIp: false, tier: 'private', logGroup: 'WorkerJobsLogGroup' },
  ],
  database: { engine: 'postgres', multiAz: false, instanceClass: 'db.t4g.micro' },
  registry: true,
  logGroups: ['WebLogGroup', 'WorkerJobsLogGroup'],
  securityGroups: [],
  rules: [],
};

const edges = (diagram: string) => diagram.split('\n').filter((l) => /^  \S+ -/.test(l));

describe('mermaidDiagram', () => {
  it('two AZs, per-AZ NAT: the whole diagram, with A-F where the article puts them', () => {
    assert.deepEqual(mermaidDiagram(TWO_AZS, 'eu-west-1').split('\n'), [
      'flowchart TB',
      '  internet(("Internet"))',
      '  subgraph region ["AWS Region eu-west-1"]',
      '    subgraph vpc ["VPC 10.0.0.0/16"]',
      '      igw["Internet gateway"]',
      '      subgraph azA ["AZ A"]',
      '        subgraph PublicSubnetA ["public subnet 10.0.192.0/22"]',
      '          NatGatewayA["NAT gateway A"]',
      '          albA["load balancer node A: HTTP 80"]',
      '        end',
      '        subgraph PrivateSubnetA ["private subnet 10.0.0.0/19"]',
      '          webA["web task"]',
      '          jobsA["jobs task"]',
      '        end',
      '      end',
      '      subgraph azB ["AZ B"]',
      '        subgraph PublicSubnetB ["public subnet 10.0.196.0/22"]',
      '          NatGatewayB["NAT gateway B"]',
      '          albB["load balancer node B: HTTP 80"]',
      '        end',
      '        subgraph PrivateSubnetB ["private subnet 10.0.32.0/19"]',
      '          webB["web task"]',
      '          jobsB["jobs task"]',
      '        end',
      '      end',
      '      db[("RDS PostgreSQL db.t4g.micro, private subnets")]',
      '    end',
      '    ecr[("ECR repository: every task pulls its image")]',
      '    subgraph logs ["CloudWatch Logs: the tasks of every AZ"]',
      '      WebLogGroup["web log group"]',
      '      WorkerJobsLogGroup["jobs log group"]',
      '    end',
      '  end',
      '  %% layout only: invisible links stack each AZ: public subnet, private subnet, then the data stores',
      '  igw ~~~ NatGatewayA',
      '  NatGatewayA ~~~ webA',
      '  igw ~~~ albA',
      '  albA ~~~ webA',
      '  webA ~~~ db',
      '  igw ~~~ NatGatewayB',
      '  NatGatewayB ~~~ webB',
      '  igw ~~~ albB',
      '  albB ~~~ webB',
      '  webB ~~~ db',
      '  NatGatewayA ~~~ jobsA',
      '  NatGatewayB ~~~ jobsB',
      '  internet -->|"A: request"| igw',
      '  igw -->|"B"| albA',
      '  albA -->|"C"| webA',
      '  webA -->|"D"| db',
      '  webA -->|"E: outbound"| NatGatewayA',
      '  jobsA -->|"D"| db',
      '  jobsA -->|"E: outbound"| NatGatewayA',
      '  igw -->|"B"| albB',
      '  albB -->|"C"| webB',
      '  webB -->|"D"| db',
      '  webB -->|"E: outbound"| NatGatewayB',
      '  jobsB -->|"D"| db',
      '  jobsB -->|"E: outbound"| NatGatewayB',
      '  NatGatewayA -->|"F"| igw',
      '  NatGatewayB -->|"F"| igw',
      '  ecr -.->|"image"| webA',
      '  ecr -.->|"image"| jobsA',
      '  webA -.-> WebLogGroup',
      '  jobsA -.-> WorkerJobsLogGroup',
    ]);
  });

  it('C: the load balancer reaches the web task in every AZ, and never a worker', () => {
    const c = edges(mermaidDiagram(TWO_AZS, 'eu-west-1')).filter((l) => l.includes('"C"'));
    assert.deepEqual(c, ['  albA -->|"C"| webA', '  albB -->|"C"| webB']);
  });

  it('NAT none, HTTPS, Multi-AZ MySQL, a cache, no registry: tasks reach the internet by their public IP', () => {
    const topology: Topology = {
      vpcCidr: '10.1.0.0/16',
      subnets: [
        { id: 'PrivateSubnetA', az: 'A', tier: 'private', cidr: '10.1.0.0/19' },
        { id: 'PublicSubnetA', az: 'A', tier: 'public', cidr: '10.1.192.0/22' },
      ],
      nats: new Map(),
      natRoutes: new Map(),
      loadBalancer: true,
      https: true,
      services: [
        { id: 'web', name: 'web', behindLoadBalancer: true, publicIp: true, tier: 'public', logGroup: 'WebLogGroup' },
        { id: 'goodjob', name: 'good-job', behindLoadBalancer: false, publicIp: true, tier: 'public', logGroup: 'WorkerGoodJobLogGroup' },
      ],
      database: { engine: 'mysql', multiAz: true, instanceClass: 'db.m7g.large' },
      cache: { engine: 'valkey', nodes: 1 },
      registry: false,
      logGroups: ['WebLogGroup', 'WorkerGoodJobLogGroup'],
      securityGroups: [],
      rules: [],
    };
    assert.deepEqual(mermaidDiagram(topology, 'us-east-1').split('\n'), [
      'flowchart TB',
      '  internet(("Internet"))',
      '  subgraph region ["AWS Region us-east-1"]',
      '    subgraph vpc ["VPC 10.1.0.0/16"]',
      '      igw["Internet gateway"]',
      '      subgraph azA ["AZ A"]',
      '        subgraph PublicSubnetA ["public subnet 10.1.192.0/22"]',
      '          albA["load balancer node A: HTTP 80, HTTPS 443"]',
      '          webA["web task, public IP"]',
      '          goodjobA["good-job task, public IP"]',
      '        end',
      '        subgraph PrivateSubnetA ["private subnet 10.1.0.0/19"]',
      '          PrivateSubnetAFree["RDS and ElastiCache subnet group"]',
      '        end',
      '      end',
      '      db[("RDS MySQL db.m7g.large, private subnets")]',
      '      dbStandby[("RDS standby in another AZ (Multi-AZ)")]',
      '      cache[("ElastiCache Valkey, 1 node, private subnets")]',
      '    end',
      '    subgraph logs ["CloudWatch Logs: the tasks of every AZ"]',
      '      WebLogGroup["web log group"]',
      '      WorkerGoodJobLogGroup["good-job log group"]',
      '    end',
      '  end',
      '  %% layout only: invisible links stack each AZ: public subnet, private subnet, then the data stores',
      '  igw ~~~ albA',
      '  albA ~~~ PrivateSubnetAFree',
      '  igw ~~~ webA',
      '  webA ~~~ PrivateSubnetAFree',
      '  igw ~~~ goodjobA',
      '  goodjobA ~~~ PrivateSubnetAFree',
      '  PrivateSubnetAFree ~~~ db',
      '  PrivateSubnetAFree ~~~ dbStandby',
      '  PrivateSubnetAFree ~~~ cache',
      '  internet -->|"A: request"| igw',
      '  db -.-|"synchronous replication"| dbStandby',
      '  igw -->|"B"| albA',
      '  albA -->|"C"| webA',
      '  webA -->|"D"| db',
      '  webA -->|"D: 6379"| cache',
      '  webA -->|"E: outbound, public IP"| igw',
      '  goodjobA -->|"D"| db',
      '  goodjobA -->|"D: 6379"| cache',
      '  goodjobA -->|"E: outbound, public IP"| igw',
      '  webA -.-> WebLogGroup',
      '  goodjobA -.-> WorkerGoodJobLogGroup',
    ]);
  });

  it('one NAT gateway: a private subnet of another AZ names it in a node, with no E arrow across the AZs', () => {
    const topology: Topology = { ...TWO_AZS, nats: new Map([['NatGatewayA', 'A']]), natRoutes: new Map([['A', 'NatGatewayA'], ['B', 'NatGatewayA']]) };
    const lines = mermaidDiagram(topology, 'eu-west-1').split('\n');
    assert.deepEqual(lines.filter((l) => /subgraph Private|NatGateway|Route/.test(l)), [
      '          NatGatewayA["NAT gateway A"]',
      '        subgraph PrivateSubnetA ["private subnet 10.0.0.0/19"]',
      '        subgraph PrivateSubnetB ["private subnet 10.0.32.0/19"]',
      '          PrivateSubnetBRoute["E: outbound via NAT gateway A"]',
      '  igw ~~~ NatGatewayA',
      '  NatGatewayA ~~~ webA',
      '  albB ~~~ PrivateSubnetBRoute',
      '  NatGatewayA ~~~ jobsA',
      '  webA -->|"E: outbound"| NatGatewayA',
      '  jobsA -->|"E: outbound"| NatGatewayA',
      '  NatGatewayA -->|"F"| igw',
    ]);
  });

  it('names the security groups for people', () => {
    assert.deepEqual(
      ['AlbSecurityGroup', 'AppSecurityGroup', 'DatabaseSecurityGroup', 'CacheSecurityGroup', 'BastionSecurityGroup'].map(groupName),
      ['load balancer', 'app tasks', 'database', 'cache', 'Bastion'],
    );
  });
});

describe('mermaidDiagram: the edge cases', () => {
  const base: Topology = {
    subnets: [
      { id: 'PrivateSubnetA', az: 'A', tier: 'private', cidr: '10.2.0.0/19' },
      { id: 'PublicSubnetA', az: 'A', tier: 'public', cidr: '10.2.192.0/22' },
    ],
    nats: new Map(),
    natRoutes: new Map(),
    loadBalancer: false,
    https: false,
    services: [
      { id: 'jobs', name: 'say "hi"', behindLoadBalancer: false, publicIp: false, tier: 'private' },
      { id: 'web', name: 'web', behindLoadBalancer: true, publicIp: false, tier: 'private', logGroup: 'GoneLogGroup' },
    ],
    cache: { engine: 'memcached', nodes: 2 },
    registry: false,
    logGroups: [],
    securityGroups: [],
    rules: [],
  };

  it('no load balancer, no NAT route, a log group the templates lack, an unknown engine, a quote in a name', () => {
    // No B or C without a load balancer, no E without a route, no log edge to a group that is not drawn.
    assert.deepEqual(mermaidDiagram(base, 'eu-central-1').split('\n'), [
      'flowchart TB',
      '  internet(("Internet"))',
      '  subgraph region ["AWS Region eu-central-1"]',
      '    subgraph vpc ["VPC "]',
      '      igw["Internet gateway"]',
      '      subgraph azA ["AZ A"]',
      '        subgraph PublicSubnetA ["public subnet 10.2.192.0/22"]',
      '          PublicSubnetAFree["no resources"]',
      '        end',
      '        subgraph PrivateSubnetA ["private subnet 10.2.0.0/19"]',
      '          jobsA["say #quot;hi#quot; task"]',
      '          webA["web task"]',
      '        end',
      '      end',
      '      cache[("ElastiCache memcached, 2 nodes, private subnets")]',
      '    end',
      '  end',
      '  %% layout only: invisible links stack each AZ: public subnet, private subnet, then the data stores',
      '  igw ~~~ PublicSubnetAFree',
      '  PublicSubnetAFree ~~~ jobsA',
      '  jobsA ~~~ cache',
      '  internet -->|"A: request"| igw',
      '  jobsA -->|"D: 6379"| cache',
      '  webA -->|"D: 6379"| cache',
    ]);
  });

  it('an empty private subnet says what it holds (the RDS subnet group); the load balancer has a node in the public one', () => {
    const topology: Topology = {
      ...base,
      services: [],
      subnets: [
        { id: 'PrivateSubnetB', az: 'B', tier: 'private', cidr: '10.2.32.0/19' },
        { id: 'PublicSubnetB', az: 'B', tier: 'public', cidr: '10.2.196.0/22' },
      ],
      loadBalancer: true,
      database: { engine: 'postgres', multiAz: false, instanceClass: 'db.t4g.micro' },
    };
    delete (topology as { cache?: unknown }).cache;
    assert.deepEqual(mermaidDiagram(topology, 'eu-central-1').split('\n'), [
      'flowchart TB',
      '  internet(("Internet"))',
      '  subgraph region ["AWS Region eu-central-1"]',
      '    subgraph vpc ["VPC "]',
      '      igw["Internet gateway"]',
      '      subgraph azB ["AZ B"]',
      '        subgraph PublicSubnetB ["public subnet 10.2.196.0/22"]',
      '          albB["load balancer node B: HTTP 80"]',
      '        end',
      '        subgraph PrivateSubnetB ["private subnet 10.2.32.0/19"]',
      '          PrivateSubnetBFree["RDS subnet group"]',
      '        end',
      '      end',
      '      db[("RDS PostgreSQL db.t4g.micro, private subnets")]',
      '    end',
      '  end',
      '  %% layout only: invisible links stack each AZ: public subnet, private subnet, then the data stores',
      '  igw ~~~ albB',
      '  albB ~~~ PrivateSubnetBFree',
      '  PrivateSubnetBFree ~~~ db',
      '  internet -->|"A: request"| igw',
      '  igw -->|"B"| albB',
    ]);
  });

  it('AZs are drawn in order whatever order the subnets come in; a private subnet with nothing says so', () => {
    const topology: Topology = {
      ...base,
      services: [],
      subnets: [
        { id: 'PrivateSubnetB', az: 'B', tier: 'private', cidr: '10.2.32.0/19' },
        { id: 'PrivateSubnetA', az: 'A', tier: 'private', cidr: '10.2.0.0/19' },
      ],
    };
    delete (topology as { cache?: unknown }).cache;
    const lines = mermaidDiagram(topology, 'eu-central-1').split('\n');
    assert.deepEqual(lines.filter((l) => /subgraph az|Free\[/.test(l)), [
      '      subgraph azA ["AZ A"]',
      '          PrivateSubnetAFree["no resources"]',
      '      subgraph azB ["AZ B"]',
      '          PrivateSubnetBFree["no resources"]',
    ]);
  });
});
