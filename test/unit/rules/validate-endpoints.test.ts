// Upstream's table for ValidateEndpointsCreate, case by case: TestValidateEndpointsCreate in
// kubernetes/kubernetes pkg/apis/core/validation/validation_test.go, written as the v1 Endpoints
// a user would apply (mysvc in namespace "namespace").
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Obj {
  metadata: { name?: string; namespace?: string };
  subsets?: unknown[];
}
type Fields = Record<string, unknown>;

const subset = (addresses: Fields[], ports?: Fields[]) => (e: Obj) => {
  e.subsets = [{ addresses, ...(ports ? { ports } : {}) }];
};
const ip = (...ips: string[]) => ips.map((i) => ({ ip: i }));
const port = (p: Fields) => ({ protocol: 'TCP', ...p });

const cases: UpstreamCase<Obj>[] = [
  [
    'simple endpoint',
    (e) => {
      e.subsets = [
        {
          addresses: ip('10.10.1.1', '10.10.2.2'),
          ports: [port({ name: 'a', port: 8675 }), port({ name: 'b', port: 309 })],
        },
        { addresses: ip('10.10.3.3'), ports: [port({ name: 'a', port: 93 }), port({ name: 'b', port: 76 })] },
      ];
    },
    undefined,
  ],
  ['empty subsets', () => undefined, undefined],
  ['no name required for singleton port', subset(ip('10.10.1.1'), [port({ port: 8675 })]), undefined],
  ['valid appProtocol', subset(ip('10.10.1.1'), [port({ port: 8675, appProtocol: 'HTTP' })]), undefined],
  ['empty ports', subset(ip('10.10.3.3')), undefined],
  [
    'missing name',
    (e) => {
      delete e.metadata.name;
    },
    'metadata.name',
  ],
  [
    'invalid namespace',
    (e) => {
      e.metadata.namespace = 'no@#invalid.;chars"allowed';
    },
    'metadata.namespace',
  ],
  [
    'invalid name',
    (e) => {
      e.metadata.name = '-_Invliad^&Characters';
    },
    'metadata.name',
  ],
  [
    'empty addresses',
    (e) => {
      e.subsets = [{ ports: [port({ name: 'a', port: 93 })] }];
    },
    'subsets[0]',
  ],
  [
    'invalid IP',
    subset(ip('[2001:0db8:85a3:0042:1000:8a2e:0370:7334]'), [port({ name: 'a', port: 93 })]),
    'subsets[0].addresses[0].ip',
  ],
  [
    'Multiple ports, one without name',
    subset(ip('10.10.1.1'), [port({ port: 8675 }), port({ name: 'b', port: 309 })]),
    'subsets[0].ports[0].name',
  ],
  ['Invalid port number', subset(ip('10.10.1.1'), [port({ name: 'a', port: 66000 })]), 'subsets[0].ports[0].port'],
  [
    'Invalid protocol',
    subset(ip('10.10.1.1'), [port({ name: 'a', port: 93, protocol: 'Protocol' })]),
    'subsets[0].ports[0].protocol',
  ],
  ['Address missing IP', subset([{}], [port({ name: 'a', port: 93 })]), 'subsets[0].addresses[0].ip'],
  ['Port missing number', subset(ip('10.10.1.1'), [port({ name: 'a' })]), 'subsets[0].ports[0].port'],
  ['Address is loopback', subset(ip('127.0.0.1'), [port({ name: 'p', port: 93 })]), 'subsets[0].addresses[0].ip'],
  [
    'Address is link-local',
    subset(ip('169.254.169.254'), [port({ name: 'p', port: 93 })]),
    'subsets[0].addresses[0].ip',
  ],
  [
    'Address is link-local multicast',
    subset(ip('224.0.0.1'), [port({ name: 'p', port: 93 })]),
    'subsets[0].addresses[0].ip',
  ],
  [
    'Invalid AppProtocol',
    subset(ip('10.10.1.1'), [port({ name: 'p', port: 93, appProtocol: 'lots-of[invalid]-{chars}' })]),
    'subsets[0].ports[0].appProtocol',
  ],
  // validateEndpointAddress on the other fields of an address (same function, not in the table).
  [
    'notReadyAddresses alone, hostname and nodeName valid',
    (e) => {
      e.subsets = [{ notReadyAddresses: [{ ip: '10.10.1.1', hostname: 'db-0', nodeName: 'node-1.example' }] }];
    },
    undefined,
  ],
  [
    'a hostname that is not a DNS-1123 label',
    subset([{ ip: '10.10.1.1', hostname: 'db_0' }]),
    'subsets[0].addresses[0].hostname',
  ],
];

runUpstreamTable({
  title: 'TestValidateEndpointsCreate (pkg/apis/core/validation/validation_test.go)',
  header: { apiVersion: 'v1', kind: 'Endpoints' },
  base: () => ({ metadata: { name: 'mysvc', namespace: 'namespace' } }),
  cases,
  inapplicable: {
    'missing namespace': 'kubectl fills the namespace (the context default) before the request',
    'Port missing protocol': "SetDefaults_Endpoints defaults a v1 port's protocol to TCP, so the manifest is accepted",
  },
});
