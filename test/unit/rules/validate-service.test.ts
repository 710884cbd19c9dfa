// Upstream's table for ValidateService, case by case: TestValidateServiceCreate in
// kubernetes/kubernetes pkg/apis/core/validation/validation_test.go. Each case tweaks
// makeValidService() (that file) as the test does; the tweaked object is written as the manifest a
// user would apply (JSON, which is YAML). A valid case must produce no error; an invalid one an error
// whose message names the upstream field path.
//
// Inapplicable cases (listed with the reason below) leave a field empty that the API server's v1
// defaulting (SetDefaults_Service, pkg/apis/core/v1/defaults.go) or kubectl fills before validation,
// so a manifest cannot reach ValidateService with it empty.
//
// The cluster for this table: serviceCIDR 10.0.0.0/16 and nodePortRange 1-32767, so that the
// allocator's own range checks (not part of ValidateService) leave upstream's sample clusterIPs
// (10.0.0.x) and nodePorts (1, 12345) alone.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Svc {
  metadata: Record<string, any>;
  spec: Record<string, any>;
}

/** makeValidService(). */
function makeValidService(): Svc {
  return {
    metadata: { name: 'valid', namespace: 'valid', labels: {}, annotations: {} },
    spec: {
      selector: { key: 'val' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      ports: [{ name: 'p', protocol: 'TCP', port: 8675, targetPort: 8675 }],
      internalTrafficPolicy: 'Cluster',
    },
  };
}

const SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const lb = (s: Svc) =>
  Object.assign(s.spec, {
    type: 'LoadBalancer',
    externalTrafficPolicy: 'Cluster',
    allocateLoadBalancerNodePorts: true,
  });
const nodePort = (s: Svc) => Object.assign(s.spec, { type: 'NodePort', externalTrafficPolicy: 'Cluster' });
const addPort = (s: Svc, p: Record<string, unknown>) => s.spec.ports.push({ protocol: 'TCP', ...p });
const ips = (s: Svc, clusterIP: string, clusterIPs: string[], policy?: string, families?: string[]) => {
  Object.assign(s.spec, { clusterIP, clusterIPs });
  if (policy) s.spec.ipFamilyPolicy = policy;
  if (families) s.spec.ipFamilies = families;
};

const cases: UpstreamCase<Svc>[] = [
  [
    'invalid namespace',
    (s) => {
      s.metadata.namespace = '-123';
    },
    'metadata.namespace',
  ],
  [
    'missing name',
    (s) => {
      delete s.metadata.name;
    },
    'metadata.name',
  ],
  [
    'invalid name',
    (s) => {
      s.metadata.name = '-123';
    },
    'metadata.name',
  ],
  [
    'too long name',
    (s) => {
      s.metadata.name = 'a'.repeat(64);
    },
    'metadata.name',
  ],
  [
    'invalid generateName',
    (s) => {
      s.metadata.generateName = '-123';
    },
    'metadata.generateName',
  ],
  [
    'too long generateName',
    (s) => {
      s.metadata.generateName = 'a'.repeat(64);
    },
    'metadata.generateName',
  ],
  [
    'invalid label',
    (s) => {
      s.metadata.labels['NoUppercaseOrSpecialCharsLike=Equals'] = 'bar';
    },
    'metadata.labels',
  ],
  [
    'invalid annotation',
    (s) => {
      s.metadata.annotations['NoSpecialCharsLike=Equals'] = 'bar';
    },
    'metadata.annotations',
  ],
  [
    'nil selector',
    (s) => {
      delete s.spec.selector;
    },
    undefined,
  ],
  [
    'invalid selector',
    (s) => {
      s.spec.selector['NoSpecialCharsLike=Equals'] = 'bar';
    },
    'spec.selector',
  ],
  [
    'missing ports',
    (s) => {
      delete s.spec.ports;
    },
    'spec.ports',
  ],
  [
    'missing ports but headless',
    (s) => {
      delete s.spec.ports;
      ips(s, 'None', ['None']);
    },
    undefined,
  ],
  [
    'empty port[0] name',
    (s) => {
      s.spec.ports[0].name = '';
    },
    undefined,
  ],
  ['empty port[1] name', (s) => addPort(s, { name: '', port: 12345, targetPort: 12345 }), 'spec.ports[1].name'],
  [
    'empty multi-port port[0] name',
    (s) => {
      s.spec.ports[0].name = '';
      addPort(s, { name: 'p', port: 12345, targetPort: 12345 });
    },
    'spec.ports[0].name',
  ],
  [
    'invalid port name',
    (s) => {
      s.spec.ports[0].name = 'INVALID';
    },
    'spec.ports[0].name',
  ],
  [
    'invalid protocol',
    (s) => {
      s.spec.ports[0].protocol = 'INVALID';
    },
    'spec.ports[0].protocol',
  ],
  ['invalid cluster ip', (s) => ips(s, 'invalid', ['invalid']), 'spec.clusterIPs[0]'],
  [
    'missing port',
    (s) => {
      s.spec.ports[0].port = 0;
    },
    'spec.ports[0].port',
  ],
  [
    'invalid port',
    (s) => {
      s.spec.ports[0].port = 65536;
    },
    'spec.ports[0].port',
  ],
  [
    'invalid TargetPort int',
    (s) => {
      s.spec.ports[0].targetPort = 65536;
    },
    'spec.ports[0].targetPort',
  ],
  [
    'valid port headless',
    (s) => {
      Object.assign(s.spec.ports[0], { port: 11722, targetPort: 11722 });
      ips(s, 'None', ['None']);
    },
    undefined,
  ],
  [
    'invalid port headless 1',
    (s) => {
      Object.assign(s.spec.ports[0], { port: 11722, targetPort: 11721 });
      ips(s, 'None', ['None']);
    },
    undefined,
  ],
  [
    'invalid port headless 2',
    (s) => {
      Object.assign(s.spec.ports[0], { port: 11722, targetPort: 'target' });
      ips(s, 'None', ['None']);
    },
    undefined,
  ],
  [
    'invalid publicIPs localhost',
    (s) => Object.assign(s.spec, { externalTrafficPolicy: 'Cluster', externalIPs: ['127.0.0.1'] }),
    'spec.externalIPs[0]',
  ],
  [
    'invalid publicIPs unspecified',
    (s) => Object.assign(s.spec, { externalTrafficPolicy: 'Cluster', externalIPs: ['0.0.0.0'] }),
    'spec.externalIPs[0]',
  ],
  [
    'invalid publicIPs loopback',
    (s) => Object.assign(s.spec, { externalTrafficPolicy: 'Cluster', externalIPs: ['127.0.0.1'] }),
    'spec.externalIPs[0]',
  ],
  [
    'invalid publicIPs host',
    (s) => Object.assign(s.spec, { externalTrafficPolicy: 'Cluster', externalIPs: ['myhost.mydomain'] }),
    'spec.externalIPs[0]',
  ],
  [
    'valid publicIPs',
    (s) => Object.assign(s.spec, { externalTrafficPolicy: 'Cluster', externalIPs: ['1.2.3.4'] }),
    undefined,
  ],
  [
    'dup port name',
    (s) => {
      s.spec.ports[0].name = 'p';
      addPort(s, { name: 'p', port: 12345, targetPort: 12345 });
    },
    'spec.ports[1].name',
  ],
  [
    'valid load balancer protocol UDP 1',
    (s) => {
      lb(s);
      s.spec.ports[0].protocol = 'UDP';
    },
    undefined,
  ],
  [
    'valid load balancer protocol UDP 2',
    (s) => {
      lb(s);
      s.spec.ports[0] = { name: 'q', port: 12345, protocol: 'UDP', targetPort: 12345 };
    },
    undefined,
  ],
  [
    'load balancer with mix protocol',
    (s) => {
      lb(s);
      addPort(s, { name: 'q', port: 12345, protocol: 'UDP', targetPort: 12345 });
    },
    undefined,
  ],
  ['valid 1', () => {}, undefined],
  ['valid 2', (s) => Object.assign(s.spec.ports[0], { protocol: 'UDP', targetPort: 12345 }), undefined],
  [
    'valid 3',
    (s) => {
      s.spec.ports[0].targetPort = 'http';
    },
    undefined,
  ],
  ['valid cluster ip - none ', (s) => ips(s, 'None', ['None']), undefined],
  [
    'valid cluster ip - empty',
    (s) => {
      delete s.spec.clusterIPs;
      s.spec.ports[0].targetPort = 'http';
    },
    undefined,
  ],
  [
    'valid type - clusterIP',
    (s) => {
      s.spec.type = 'ClusterIP';
    },
    undefined,
  ],
  ['valid type - loadbalancer', lb, undefined],
  [
    'valid type - loadbalancer with allocateLoadBalancerNodePorts=false',
    (s) => {
      lb(s);
      s.spec.allocateLoadBalancerNodePorts = false;
    },
    undefined,
  ],
  [
    'valid type loadbalancer 2 ports',
    (s) => {
      lb(s);
      addPort(s, { name: 'q', port: 12345, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'valid external load balancer 2 ports',
    (s) => {
      lb(s);
      addPort(s, { name: 'q', port: 12345, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'duplicate nodeports',
    (s) => {
      nodePort(s);
      addPort(s, { name: 'q', port: 1, nodePort: 1, targetPort: 1 });
      addPort(s, { name: 'r', port: 2, nodePort: 1, targetPort: 2 });
    },
    'spec.ports[2].nodePort',
  ],
  [
    'invalid duplicate ports (with same protocol)',
    (s) => {
      addPort(s, { name: 'q', port: 12345, targetPort: 8080 });
      addPort(s, { name: 'r', port: 12345, targetPort: 80 });
    },
    'spec.ports[2]',
  ],
  [
    'valid duplicate ports (with different protocols)',
    (s) => {
      addPort(s, { name: 'q', port: 12345, targetPort: 8080 });
      addPort(s, { name: 'r', port: 12345, protocol: 'UDP', targetPort: 80 });
      addPort(s, { name: 's', port: 12345, protocol: 'SCTP', targetPort: 8088 });
    },
    undefined,
  ],
  [
    'valid type - cluster',
    (s) => {
      s.spec.type = 'ClusterIP';
    },
    undefined,
  ],
  ['valid type - nodeport', nodePort, undefined],
  ['valid type - loadbalancer with allocateLoadBalancerNodePorts=true', lb, undefined],
  [
    'valid type loadbalancer 2 ports',
    (s) => {
      lb(s);
      addPort(s, { name: 'q', port: 12345, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'valid type loadbalancer with NodePort',
    (s) => {
      lb(s);
      addPort(s, { name: 'q', port: 12345, nodePort: 12345, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'valid type=NodePort service with NodePort',
    (s) => {
      nodePort(s);
      addPort(s, { name: 'q', port: 12345, nodePort: 12345, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'valid type=NodePort service without NodePort',
    (s) => {
      nodePort(s);
      addPort(s, { name: 'q', port: 12345, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'valid cluster service without NodePort',
    (s) => addPort(s, { name: 'q', port: 12345, targetPort: 12345 }),
    undefined,
  ],
  [
    'invalid cluster service with NodePort',
    (s) => addPort(s, { name: 'q', port: 12345, nodePort: 12345, targetPort: 12345 }),
    'spec.ports[1].nodePort',
  ],
  [
    'invalid public service with duplicate NodePort',
    (s) => {
      nodePort(s);
      addPort(s, { name: 'p1', port: 1, nodePort: 1, targetPort: 1 });
      addPort(s, { name: 'p2', port: 2, nodePort: 1, targetPort: 2 });
    },
    'spec.ports[2].nodePort',
  ],
  [
    'valid type=LoadBalancer',
    (s) => {
      lb(s);
      addPort(s, { name: 'q', port: 12345, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'valid port type=LoadBalancer',
    (s) => {
      lb(s);
      addPort(s, { name: 'kubelet', port: 10250, targetPort: 12345 });
    },
    undefined,
  ],
  [
    'valid LoadBalancer source range annotation',
    (s) => {
      lb(s);
      s.metadata.annotations[SOURCE_RANGES] = '1.2.3.0/24,  5.6.0.0/16';
    },
    undefined,
  ],
  [
    'valid empty LoadBalancer source range annotation',
    (s) => {
      lb(s);
      s.metadata.annotations[SOURCE_RANGES] = '';
    },
    undefined,
  ],
  [
    'valid whitespace-only LoadBalancer source range annotation',
    (s) => {
      lb(s);
      s.metadata.annotations[SOURCE_RANGES] = '  ';
    },
    undefined,
  ],
  [
    'invalid LoadBalancer source range annotation (hostname)',
    (s) => {
      lb(s);
      s.metadata.annotations[SOURCE_RANGES] = 'foo.bar';
    },
    `metadata.annotations[${SOURCE_RANGES}]`,
  ],
  [
    'invalid LoadBalancer source range annotation (invalid CIDR)',
    (s) => {
      lb(s);
      s.metadata.annotations[SOURCE_RANGES] = '1.2.3.4/33';
    },
    `metadata.annotations[${SOURCE_RANGES}]`,
  ],
  [
    'invalid LoadBalancer source range annotation for non LoadBalancer type service',
    (s) => {
      s.metadata.annotations[SOURCE_RANGES] = '1.2.3.0/24';
    },
    `metadata.annotations[${SOURCE_RANGES}]`,
  ],
  [
    'invalid empty-but-set LoadBalancer source range annotation for non LoadBalancer type service',
    (s) => {
      s.metadata.annotations[SOURCE_RANGES] = '';
    },
    `metadata.annotations[${SOURCE_RANGES}]`,
  ],
  [
    'valid LoadBalancer source range',
    (s) => {
      lb(s);
      s.spec.loadBalancerSourceRanges = ['1.2.3.0/24', '5.6.0.0/16'];
    },
    undefined,
  ],
  [
    'valid LoadBalancer source range with whitespace',
    (s) => {
      lb(s);
      s.spec.loadBalancerSourceRanges = ['1.2.3.0/24  ', ' 5.6.0.0/16'];
    },
    undefined,
  ],
  // Upstream names the field spec.LoadBalancerSourceRanges (a capital L); kroute writes it as the manifest does.
  [
    'invalid empty LoadBalancer source range',
    (s) => {
      lb(s);
      s.spec.loadBalancerSourceRanges = ['   '];
    },
    'spec.loadBalancerSourceRanges[0]',
  ],
  [
    'invalid LoadBalancer source range (hostname)',
    (s) => {
      lb(s);
      s.spec.loadBalancerSourceRanges = ['foo.bar'];
    },
    'spec.loadBalancerSourceRanges[0]',
  ],
  [
    'invalid LoadBalancer source range (invalid CIDR)',
    (s) => {
      lb(s);
      s.spec.loadBalancerSourceRanges = ['1.2.3.4/33'];
    },
    'spec.loadBalancerSourceRanges[0]',
  ],
  [
    'invalid source range for non LoadBalancer type service',
    (s) => {
      s.spec.loadBalancerSourceRanges = ['1.2.3.0/24', '5.6.0.0/16'];
    },
    'spec.loadBalancerSourceRanges',
  ],
  [
    'invalid source range annotation ignored with valid source range field',
    (s) => {
      lb(s);
      s.metadata.annotations[SOURCE_RANGES] = 'foo.bar';
      s.spec.loadBalancerSourceRanges = ['1.2.3.0/24', '5.6.0.0/16'];
    },
    undefined,
  ],
  [
    'valid ExternalName',
    (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'foo.bar.example.com' }),
    undefined,
  ],
  [
    'valid ExternalName (trailing dot)',
    (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'foo.bar.example.com.' }),
    undefined,
  ],
  [
    'invalid ExternalName clusterIP (valid IP)',
    (s) => {
      Object.assign(s.spec, { type: 'ExternalName', externalName: 'foo.bar.example.com' });
      ips(s, '1.2.3.4', ['1.2.3.4']);
    },
    'spec.clusterIPs',
  ],
  [
    'invalid ExternalName clusterIP (None)',
    (s) => {
      Object.assign(s.spec, { type: 'ExternalName', externalName: 'foo.bar.example.com' });
      ips(s, 'None', ['None']);
    },
    'spec.clusterIPs',
  ],
  [
    'invalid ExternalName (not a DNS name)',
    (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: '-123' }),
    'spec.externalName',
  ],
  [
    'LoadBalancer type cannot have None ClusterIP',
    (s) => {
      ips(s, 'None', ['None']);
      lb(s);
    },
    'spec.clusterIPs[0]',
  ],
  [
    'invalid node port with clusterIP None',
    (s) => {
      nodePort(s);
      addPort(s, { name: 'q', port: 1, nodePort: 1, targetPort: 1 });
      ips(s, 'None', ['None']);
    },
    'spec.clusterIPs[0]',
  ],
  // ESIPP section.
  [
    'invalid externalTraffic field',
    (s) => {
      lb(s);
      s.spec.externalTrafficPolicy = 'invalid';
    },
    'spec.externalTrafficPolicy',
  ],
  [
    'internalTrafficPolicy field nil when type is ExternalName',
    (s) => {
      delete s.spec.internalTrafficPolicy;
      Object.assign(s.spec, { type: 'ExternalName', externalName: 'foo.bar.com' });
    },
    undefined,
  ],
  [
    'internalTrafficPolicy field is set when type is ExternalName',
    (s) =>
      Object.assign(s.spec, { internalTrafficPolicy: 'Cluster', type: 'ExternalName', externalName: 'foo.bar.com' }),
    undefined,
  ],
  [
    'invalid internalTraffic field',
    (s) => {
      s.spec.internalTrafficPolicy = 'invalid';
    },
    'spec.internalTrafficPolicy',
  ],
  [
    'internalTrafficPolicy field set to Cluster',
    (s) => {
      s.spec.internalTrafficPolicy = 'Cluster';
    },
    undefined,
  ],
  [
    'internalTrafficPolicy field set to Local',
    (s) => {
      s.spec.internalTrafficPolicy = 'Local';
    },
    undefined,
  ],
  [
    'negative healthCheckNodePort field',
    (s) => {
      lb(s);
      Object.assign(s.spec, { externalTrafficPolicy: 'Local', healthCheckNodePort: -1 });
    },
    'spec.healthCheckNodePort',
  ],
  [
    'negative healthCheckNodePort field (the valid one: 31100)',
    (s) => {
      lb(s);
      Object.assign(s.spec, { externalTrafficPolicy: 'Local', healthCheckNodePort: 31100 });
    },
    undefined,
  ],
  [
    'invalid timeoutSeconds field',
    (s) =>
      Object.assign(s.spec, {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: -1 } },
      }),
    'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
  ],
  // ip families validation.
  [
    'invalid, service with invalid ipFamilies',
    (s) => {
      s.spec.ipFamilies = ['not-a-valid-ip-family'];
    },
    'spec.ipFamilies[0]',
  ],
  [
    'invalid, service with invalid ipFamilies (2nd)',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'not-a-valid-ip-family'] }),
    'spec.ipFamilies[1]',
  ],
  [
    'valid, IPFamilyPolicy(preferDualStack) is set for two families (note: alloc sets families)',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] }),
    undefined,
  ],
  [
    'invalid, service with 2+ ipFamilies',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6', 'IPv4'] }),
    'spec.ipFamilies[2]',
  ],
  [
    'invalid, service with same ip families',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv6'] }),
    'spec.ipFamilies[1]',
  ],
  [
    'valid, nil service ipFamilies',
    (s) => {
      delete s.spec.ipFamilies;
    },
    undefined,
  ],
  [
    'valid, service with valid ipFamilies (v4)',
    (s) => {
      s.spec.ipFamilies = ['IPv4'];
    },
    undefined,
  ],
  [
    'valid, service with valid ipFamilies (v6)',
    (s) => {
      s.spec.ipFamilies = ['IPv6'];
    },
    undefined,
  ],
  [
    'valid, service with valid ipFamilies(v4,v6)',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] }),
    undefined,
  ],
  [
    'valid, service with valid ipFamilies(v6,v4)',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] }),
    undefined,
  ],
  [
    'valid, service preferred dual stack with single family',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6'] }),
    undefined,
  ],
  // cluster IPs.
  ['invalid, garbage single ip', (s) => ips(s, 'garbage-ip', ['garbage-ip']), 'spec.clusterIPs[0]'],
  [
    'invalid, garbage ips',
    (s) => ips(s, 'garbage-ip', ['garbage-ip', 'garbage-second-ip'], 'RequireDualStack'),
    'spec.clusterIPs[0]',
  ],
  [
    'invalid, garbage first ip',
    (s) => ips(s, 'garbage-ip', ['garbage-ip', '2001::1'], 'RequireDualStack'),
    'spec.clusterIPs[0]',
  ],
  [
    'invalid, garbage second ip',
    (s) => ips(s, '2001::1', ['2001::1', 'garbage-ip'], 'RequireDualStack'),
    'spec.clusterIPs[1]',
  ],
  ['invalid, NONE + IP', (s) => ips(s, 'None', ['None', '2001::1'], 'RequireDualStack'), 'spec.clusterIPs'],
  ['invalid, IP + NONE', (s) => ips(s, '2001::1', ['2001::1', 'None'], 'RequireDualStack'), 'spec.clusterIPs[1]'],
  ['invalid, EMPTY STRING + IP', (s) => ips(s, '', ['', '2001::1'], 'RequireDualStack'), 'spec.clusterIPs'],
  ['invalid, IP + EMPTY STRING', (s) => ips(s, '2001::1', ['2001::1', ''], 'RequireDualStack'), 'spec.clusterIPs[1]'],
  [
    'invalid, same ip family (v6)',
    (s) => ips(s, '2001::1', ['2001::1', '2001::4'], 'RequireDualStack', ['IPv4', 'IPv6']),
    'spec.clusterIPs',
  ],
  [
    'invalid, same ip family (v4)',
    (s) => ips(s, '10.0.0.1', ['10.0.0.1', '10.0.0.10'], 'RequireDualStack', ['IPv4', 'IPv6']),
    'spec.clusterIPs',
  ],
  [
    'invalid, more than two ips',
    (s) => ips(s, '10.0.0.1', ['10.0.0.1', '2001::1', '10.0.0.10'], 'RequireDualStack', ['IPv4', 'IPv6']),
    'spec.clusterIPs',
  ],
  [
    'valid, headless-no-selector + multi family + gate off',
    (s) => {
      ips(s, 'None', ['None'], 'RequireDualStack', ['IPv4', 'IPv6']);
      delete s.spec.selector;
    },
    undefined,
  ],
  [
    'valid, multi ip, single ipfamilies preferDualStack',
    (s) => ips(s, '10.0.0.1', ['10.0.0.1', '2001::1'], 'PreferDualStack', ['IPv4']),
    undefined,
  ],
  [
    'valid, multi ip, single ipfamilies (must match when provided) + requireDualStack',
    (s) => ips(s, '10.0.0.1', ['10.0.0.1', '2001::1'], 'RequireDualStack', ['IPv4']),
    undefined,
  ],
  [
    "invalid, families don't match (v4=>v6)",
    (s) => ips(s, '10.0.0.1', ['10.0.0.1'], undefined, ['IPv6']),
    'spec.clusterIPs[0]',
  ],
  [
    "invalid, families don't match (v6=>v4)",
    (s) => ips(s, '2001::1', ['2001::1'], undefined, ['IPv4']),
    'spec.clusterIPs[0]',
  ],
  ['valid. no field set', () => {}, undefined],
  ['valid, single ip', (s) => ips(s, '10.0.0.1', ['10.0.0.1'], 'SingleStack'), undefined],
  [
    'valid, single family',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }),
    undefined,
  ],
  ['valid, single ip + single family', (s) => ips(s, '2001::1', ['2001::1'], 'SingleStack', ['IPv6']), undefined],
  [
    'valid, single ip + single family (dual stack requested)',
    (s) => ips(s, '2001::1', ['2001::1'], 'PreferDualStack', ['IPv6']),
    undefined,
  ],
  [
    'valid, single ip, multi ipfamilies',
    (s) => ips(s, '10.0.0.1', ['10.0.0.1'], 'RequireDualStack', ['IPv4', 'IPv6']),
    undefined,
  ],
  [
    'valid, multi ips, multi ipfamilies (4,6)',
    (s) => ips(s, '10.0.0.1', ['10.0.0.1', '2001::1'], 'RequireDualStack', ['IPv4', 'IPv6']),
    undefined,
  ],
  [
    'valid, ips, multi ipfamilies (6,4)',
    (s) => ips(s, '2001::1', ['2001::1', '10.0.0.1'], 'RequireDualStack', ['IPv6', 'IPv4']),
    undefined,
  ],
  ['valid, multi ips (6,4)', (s) => ips(s, '2001::1', ['2001::1', '10.0.0.1'], 'RequireDualStack'), undefined],
  [
    'valid, multi ipfamilies (6,4)',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] }),
    undefined,
  ],
  ['valid, multi ips (4,6)', (s) => ips(s, '10.0.0.1', ['10.0.0.1', '2001::1'], 'RequireDualStack'), undefined],
  [
    'valid,  multi ipfamilies (4,6)',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] }),
    undefined,
  ],
  [
    'valid, dual stack',
    (s) => {
      s.spec.ipFamilyPolicy = 'RequireDualStack';
    },
    undefined,
  ],
  [
    'valid appProtocol',
    (s) => {
      s.spec.ports = [{ port: 12345, targetPort: 12345, protocol: 'TCP', appProtocol: 'HTTP' }];
    },
    undefined,
  ],
  [
    'valid custom appProtocol',
    (s) => {
      s.spec.ports = [{ port: 12345, targetPort: 12345, protocol: 'TCP', appProtocol: 'example.com/protocol' }];
    },
    undefined,
  ],
  [
    'invalid appProtocol',
    (s) => {
      s.spec.ports = [
        {
          port: 12345,
          targetPort: 12345,
          protocol: 'TCP',
          appProtocol: 'example.com/protocol_with{invalid}[characters]',
        },
      ];
    },
    'spec.ports[0].appProtocol',
  ],
  [
    'invalid cluster ip != clusterIP in multi ip service',
    (s) => ips(s, '10.0.0.10', ['10.0.0.1', '2001::1'], 'RequireDualStack'),
    'spec.clusterIPs',
  ],
  ['invalid cluster ip != clusterIP in single ip service', (s) => ips(s, '10.0.0.10', ['10.0.0.1']), 'spec.clusterIPs'],
  [
    'Use AllocateLoadBalancerNodePorts when type is not LoadBalancer',
    (s) => {
      s.spec.allocateLoadBalancerNodePorts = true;
    },
    'spec.allocateLoadBalancerNodePorts',
  ],
  [
    'valid LoadBalancerClass when type is LoadBalancer',
    (s) => {
      lb(s);
      s.spec.loadBalancerClass = 'test.com/test-load-balancer-class';
    },
    undefined,
  ],
  [
    'invalid LoadBalancerClass',
    (s) => {
      lb(s);
      s.spec.loadBalancerClass = 'Bad/LoadBalancerClass';
    },
    'spec.loadBalancerClass',
  ],
  [
    'invalid: set LoadBalancerClass when type is not LoadBalancer',
    (s) => {
      s.spec.loadBalancerClass = 'test.com/test-load-balancer-class';
    },
    'spec.loadBalancerClass',
  ],
  [
    'topology annotations are mismatched',
    (s) =>
      Object.assign(s.metadata.annotations, {
        'service.kubernetes.io/topology-aware-hints': 'original',
        'service.kubernetes.io/topology-mode': 'different',
      }),
    'metadata.annotations[service.kubernetes.io/topology-mode]',
  ],
  [
    'valid: trafficDistribution field set to PreferClose',
    (s) => {
      s.spec.trafficDistribution = 'PreferClose';
    },
    undefined,
  ],
  [
    'invalid: trafficDistribution field set to Random',
    (s) => {
      s.spec.trafficDistribution = 'Random';
    },
    'spec.trafficDistribution',
  ],
  // Valid for ValidateService (numErrs 0 upstream), rejected on create by the allocator, which
  // kroute follows too (pkg/registry/core/service/storage/alloc.go): initNodePorts gives one port
  // number one node port ("provided port is already allocated" for a second port number), and
  // initIPFamilyFields "must be at most one value when ipFamilyPolicy is 'SingleStack'".
  [
    'duplicate nodeports (different protocols) [allocator]',
    (s) => {
      nodePort(s);
      addPort(s, { name: 'q', port: 1, nodePort: 1, targetPort: 1 });
      addPort(s, { name: 'r', port: 2, protocol: 'UDP', nodePort: 1, targetPort: 2 });
      addPort(s, { name: 's', port: 3, protocol: 'SCTP', nodePort: 1, targetPort: 3 });
    },
    'spec.ports[2].nodePort',
  ],
  [
    'IPFamilyPolicy(singleStack) is set for two families [allocator]',
    (s) => Object.assign(s.spec, { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] }),
    'spec.ipFamilies',
  ],
  [
    ' multi ip, dualstack not set (request for downgrade) [allocator]',
    (s) => ips(s, '10.0.0.1', ['10.0.0.1', '2001::1'], 'SingleStack', ['IPv4', 'IPv6']),
    'spec.clusterIPs',
  ],
];

/** Upstream cases a manifest cannot express, with the reason. */
const inapplicable: Record<string, string> = {
  'missing namespace': 'kubectl fills the namespace (the context default) before the request',
  'missing session affinity': 'SetDefaults_Service defaults sessionAffinity to None',
  'missing type': 'SetDefaults_Service defaults type to ClusterIP',
  'missing protocol': 'SetDefaults_ServicePort defaults protocol to TCP',
  'invalid type - missing AllocateLoadBalancerNodePorts for loadbalancer type':
    'SetDefaults_Service defaults allocateLoadBalancerNodePorts to true',
  'nil internalTraffic field when feature gate is on': 'SetDefaults_Service defaults internalTrafficPolicy to Cluster',
  "sessionAffinityConfig can't be set when session affinity is None":
    'SetDefaults_Service drops sessionAffinityConfig when sessionAffinity is None',
};

const SETTINGS = { serviceCIDR: '10.0.0.0/16', nodePortRange: '1-32767' };

runUpstreamTable({
  title: 'TestValidateServiceCreate (kubernetes pkg/apis/core/validation/validation_test.go)',
  header: { apiVersion: 'v1', kind: 'Service' },
  base: makeValidService,
  cases,
  inapplicable,
  options: { settings: SETTINGS },
});
