// Upstream's tables for ValidateEndpointSlice, case by case: TestValidateEndpointSlice and
// TestValidateEndpointSliceCreate in kubernetes/kubernetes
// pkg/apis/discovery/validation/validation_test.go (standardMeta hello/world and the generate*
// helpers), written as the discovery.k8s.io/v1 manifests a user would apply.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

type Obj = Record<string, any>;

/** generateIPAddresses, generateEndpoints, generatePorts, generateTopology. */
const ips = (n: number) => Array.from({ length: n }, (_, i) => `10.1.2.${i % 255}`);
const endpoints = (n: number) => ips(n).map((a) => ({ addresses: [a] }));
const ports = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `http-${i}`, protocol: 'TCP' }));
const topology = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`topology-${i}`, 'example']));

/** good-slice. */
function goodSlice(): Obj {
  return {
    metadata: { name: 'hello', namespace: 'world' },
    addressType: 'IPv4',
    ports: [{ name: 'http', protocol: 'TCP' }],
    endpoints: [{ addresses: ips(1), hostname: 'valid-123' }],
  };
}

const endpoint = (e: Obj) => (s: Obj) => {
  s.endpoints = [e];
};
const addresses = (type: string, list: string[]) => (s: Obj) => {
  s.addressType = type;
  s.endpoints = [{ addresses: list, hostname: 'valid-123' }];
};
const port = (p: Obj) => (s: Obj) => {
  s.ports = [{ protocol: 'TCP', ...p }];
  s.endpoints = [];
};
const zones = (...names: string[]) =>
  endpoint({ addresses: ips(1), hints: { forZones: names.map((name) => ({ name })) } });

const cases: UpstreamCase<Obj>[] = [
  ['good-slice', () => {}, undefined],
  ['good-ipv6', addresses('IPv6', ['a00:100::4']), undefined],
  [
    'good-fqdns',
    addresses('FQDN', ['foo.example.com', 'example.com', 'example.com.', 'hyphens-are-good.example.com']),
    undefined,
  ],
  [
    'all-protocols',
    (s) => {
      s.ports = ['TCP', 'UDP', 'SCTP'].map((p) => ({ name: p.toLowerCase(), protocol: p }));
    },
    undefined,
  ],
  [
    'app-protocols',
    (s) => {
      s.ports = [
        ['one', 'HTTP'],
        ['two', 'https'],
        ['three', 'my-protocol'],
        ['four', 'example.com/custom-protocol'],
      ].map(([name, appProtocol]) => ({ name, protocol: 'TCP', appProtocol }));
    },
    undefined,
  ],
  [
    'empty-port-name',
    (s) => {
      s.ports = [
        { name: '', protocol: 'TCP' },
        { name: 'http', protocol: 'TCP' },
      ];
      s.endpoints = [{ addresses: ips(1) }];
    },
    undefined,
  ],
  [
    'long-port-name',
    (s) => {
      s.ports = [{ name: 'a'.repeat(63), protocol: 'TCP' }];
      s.endpoints = [{ addresses: ips(1) }];
    },
    undefined,
  ],
  [
    'empty-ports-and-endpoints',
    (s) => {
      s.ports = [];
      s.endpoints = [];
    },
    undefined,
  ],
  [
    'max-endpoints',
    (s) => {
      s.ports = ports(1);
      s.endpoints = endpoints(1000);
    },
    undefined,
  ],
  [
    'max-ports',
    (s) => {
      s.ports = ports(20000);
      delete s.endpoints;
    },
    undefined,
  ],
  ['max-addresses', endpoint({ addresses: ips(100) }), undefined],
  ['max-topology-keys', endpoint({ addresses: ips(1), deprecatedTopology: topology(16) }), undefined],
  ['valid-hints', zones('zone-a'), undefined],
  [
    'duplicate-port-name',
    (s) => {
      s.ports = [
        { name: '', protocol: 'TCP' },
        { name: '', protocol: 'TCP' },
      ];
      s.endpoints = [];
    },
    'ports[1].name',
  ],
  ['bad-port-name-caps', port({ name: 'aCapital' }), 'ports[0].name'],
  ['bad-port-name-chars', port({ name: 'almost_valid' }), 'ports[0].name'],
  ['bad-port-name-length', port({ name: 'a'.repeat(64) }), 'ports[0].name'],
  [
    'invalid-port-protocol',
    (s) => {
      s.ports = [{ name: 'http', protocol: 'foo' }];
      delete s.endpoints;
    },
    'ports[0].protocol',
  ],
  [
    'too-many-ports',
    (s) => {
      s.ports = ports(20001);
      delete s.endpoints;
    },
    'ports',
  ],
  [
    'too-many-endpoints',
    (s) => {
      s.ports = ports(1);
      s.endpoints = endpoints(1001);
    },
    'endpoints',
  ],
  ['no-endpoint-addresses', endpoint({ addresses: [] }), 'endpoints[0].addresses'],
  ['too-many-addresses', endpoint({ addresses: ips(101) }), 'endpoints[0].addresses'],
  [
    'bad-topology-key',
    endpoint({ addresses: ips(1), deprecatedTopology: { '--INVALID': 'example' } }),
    'endpoints[0].deprecatedTopology',
  ],
  [
    'too-many-topology-keys',
    endpoint({ addresses: ips(1), deprecatedTopology: topology(17) }),
    'endpoints[0].deprecatedTopology',
  ],
  ['bad-hostname', endpoint({ addresses: ips(1), hostname: '--INVALID' }), 'endpoints[0].hostname'],
  [
    'bad-meta',
    (s) => {
      s.metadata = { name: '*&^', namespace: 'foo' };
    },
    'metadata.name',
  ],
  ['bad-ip', addresses('IPv4', ['123.456.789.012']), 'endpoints[0].addresses[0]'],
  [
    'bad-ipv4 (first of 2 errors)',
    addresses('IPv4', ['123.456.789.012', '2001:4860:4860::8888']),
    'endpoints[0].addresses[0]',
  ],
  [
    'bad-ipv4 (second of 2 errors)',
    addresses('IPv4', ['123.456.789.012', '2001:4860:4860::8888']),
    'endpoints[0].addresses[1]',
  ],
  [
    'bad-ipv6 (first of 2 errors)',
    addresses('IPv6', ['123.456.789.012', '2001:4860:4860:defg']),
    'endpoints[0].addresses[0]',
  ],
  [
    'bad-ipv6 (second of 2 errors)',
    addresses('IPv6', ['123.456.789.012', '2001:4860:4860:defg']),
    'endpoints[0].addresses[1]',
  ],
  ...['foo.*', 'FOO.example.com', 'underscores_are_bad.example.com', '*.example.com'].map((a, i): UpstreamCase<Obj> => [
    `bad-fqdns (error ${i + 1} of 4: ${a})`,
    addresses('FQDN', ['foo.*', 'FOO.example.com', 'underscores_are_bad.example.com', '*.example.com']),
    `endpoints[0].addresses[${i}]`,
  ]),
  [
    'bad-app-protocol',
    (s) => {
      s.ports = [{ name: 'http', protocol: 'TCP', appProtocol: '--' }];
    },
    'ports[0].appProtocol',
  ],
  ['invalid-hints', zones('inv@lid'), 'endpoints[0].hints.forZones[0].name'],
  ['overlapping-hints', zones('zone-a', 'zone-b', 'zone-a'), 'endpoints[0].hints.forZones[2].name'],
  ['too-many-hints', zones(...'abcdefghi'.split('').map((c) => `zone-${c}`)), 'endpoints[0].hints.forZones'],
  [
    'empty-everything (addressType; metadata.name)',
    (s) => {
      for (const k of Object.keys(s)) Reflect.deleteProperty(s, k);
    },
    'addressType',
  ],
  [
    'empty-everything (metadata.name)',
    (s) => {
      for (const k of Object.keys(s)) Reflect.deleteProperty(s, k);
    },
    'metadata.name',
  ],
  [
    'zone-key-topology',
    endpoint({ addresses: ips(1), deprecatedTopology: { 'topology.kubernetes.io/zone': 'zone1' } }),
    'endpoints[0].deprecatedTopology',
  ],
  ['special-ipv4', addresses('IPv4', ['127.0.0.1']), 'endpoints[0].addresses[0]'],
  ['special-ipv6', addresses('IPv6', ['fe80::9656:d028:8652:66b6']), 'endpoints[0].addresses[0]'],
  // TestValidateEndpointSliceCreate
  [
    'create: good-slice-node-name',
    (s) => {
      s.endpoints[0].nodeName = 'valid-node-name';
    },
    undefined,
  ],
  [
    'create: bad-node-name',
    (s) => {
      s.endpoints[0].nodeName = 'INvalid-node-name';
    },
    'endpoints[0].nodeName',
  ],
  [
    'create: deprecated-address-type',
    (s) => {
      s.addressType = 'IP';
      s.endpoints = [{ addresses: ips(1) }];
    },
    'addressType',
  ],
  [
    'create: bad-address-type',
    (s) => {
      s.addressType = 'other';
      s.endpoints = [{ addresses: ips(1) }];
    },
    'addressType',
  ],
];

runUpstreamTable({
  title:
    'TestValidateEndpointSlice (kubernetes pkg/apis/discovery/validation/validation_test.go, with TestValidateEndpointSliceCreate)',
  header: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  base: goodSlice,
  cases,
  inapplicable: {
    'empty-everything: metadata.namespace Required':
      'kubectl fills the namespace (the context default) before the request',
    'TestValidateEndpointSliceUpdate (all cases)': 'an update: needs the old object (addressType is immutable)',
  },
});
