// Upstream's table for ValidateNode, case by case: TestValidateNode in kubernetes/kubernetes
// pkg/apis/core/validation/validation_test.go, written as the v1 Nodes `kubectl get node -o yaml`
// gives (status.capacity as quantities). ValidateNode passes metadata's path to validateNodeTaints,
// so a taint's errors name metadata.taints[i] (the upstream test accepts any path for them).
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Obj {
  metadata: Record<string, unknown>;
  spec?: Record<string, unknown>;
  status: { addresses: unknown[]; capacity: Record<string, string | number>; allocatable?: Record<string, string> };
}
type Fields = Record<string, unknown>;

const status = (memory = '0') => ({
  addresses: [{ type: 'ExternalIP', address: 'something' }],
  capacity: { cpu: '10', memory },
});
const taint = (key: string, value: string, effect: string) => ({ key, value, effect });
const avoidPods = (entry: Fields) => ({
  'scheduler.alpha.kubernetes.io/preferAvoidPods': JSON.stringify({ preferAvoidPods: [entry] }),
});
const rcController = (controller: boolean) => ({
  podSignature: {
    podController: { apiVersion: 'v1', kind: 'ReplicationController', name: 'foo', uid: 'abcdef123456', controller },
  },
  reason: 'some reason',
  message: 'some message',
});

const cases: UpstreamCase<Obj>[] = [
  [
    'success: labels, capacity with an extended resource and hugepages',
    (n) => {
      n.status.capacity = {
        cpu: '10',
        memory: '10G',
        'my.org/gpu': '10',
        'hugepages-2Mi': '10Gi',
        'hugepages-1Gi': '0',
      };
    },
    undefined,
  ],
  [
    'success: labels, hugepages-1Gi 10Gi',
    (n) => {
      n.status.capacity = {
        cpu: '10',
        memory: '10G',
        'my.org/gpu': '10',
        'hugepages-2Mi': '10Gi',
        'hugepages-1Gi': '10Gi',
      };
    },
    undefined,
  ],
  [
    'success: no labels',
    (n) => {
      delete n.metadata.labels;
    },
    undefined,
  ],
  [
    'success: a valid taint',
    (n) => {
      n.metadata = { name: 'dedicated-node1' };
      n.spec = { taints: [taint('GPU', 'true', 'NoSchedule')] };
    },
    undefined,
  ],
  [
    'success: a preferAvoidPods annotation naming a controller',
    (n) => {
      n.metadata = { name: 'abc', annotations: avoidPods(rcController(true)) };
    },
    undefined,
  ],
  [
    'success: podCIDRs 192.168.0.0/16',
    (n) => {
      n.spec = { podCIDRs: ['192.168.0.0/16'] };
    },
    undefined,
  ],
  [
    'zero-length Name',
    (n) => {
      n.metadata.name = '';
    },
    'metadata.name',
  ],
  [
    'invalid-labels',
    (n) => {
      n.metadata = { name: 'abc-123', labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } };
    },
    'metadata.labels',
  ],
  [
    'missing-taint-key',
    (n) => {
      n.spec = { taints: [taint('', 'special-user-1', 'NoSchedule')] };
    },
    'metadata.taints[0].key',
  ],
  [
    'bad-taint-key',
    (n) => {
      n.spec = { taints: [taint('NoUppercaseOrSpecialCharsLike=Equals', 'special-user-1', 'NoSchedule')] };
    },
    'metadata.taints[0].key',
  ],
  [
    'bad-taint-value',
    (n) => {
      n.spec = { taints: [taint('dedicated', 'some\\bad\\value', 'NoSchedule')] };
    },
    'metadata.taints[0].value',
  ],
  [
    'missing-taint-effect',
    (n) => {
      n.spec = { taints: [taint('dedicated', 'special-user-3', '')] };
    },
    'metadata.taints[0].effect',
  ],
  [
    'invalid-taint-effect',
    (n) => {
      n.spec = { taints: [taint('dedicated', 'special-user-3', 'NoScheduleNoAdmit')] };
    },
    'metadata.taints[0].effect',
  ],
  [
    'duplicated-taints-with-same-key-effect',
    (n) => {
      n.spec = {
        taints: [
          taint('dedicated', 'special-user-1', 'NoSchedule'),
          taint('dedicated', 'special-user-2', 'NoSchedule'),
        ],
      };
    },
    'metadata.taints[1]',
  ],
  [
    'missing-podSignature',
    (n) => {
      n.metadata = { name: 'abc-123', annotations: avoidPods({ reason: 'some reason', message: 'some message' }) };
    },
    'metadata.annotations.scheduler.alpha.kubernetes.io/preferAvoidPods[0].PodSignature',
  ],
  [
    'invalid-podController',
    (n) => {
      n.metadata = { name: 'abc-123', annotations: avoidPods(rcController(false)) };
    },
    'metadata.annotations.scheduler.alpha.kubernetes.io/preferAvoidPods[0].PodSignature.PodController.Controller',
  ],
  [
    'invalid-pod-cidr',
    (n) => {
      n.spec = { podCIDRs: ['192.168.0.0'] };
    },
    'spec.podCIDRs[0]',
  ],
  [
    'duplicate-pod-cidr',
    (n) => {
      n.spec = { podCIDRs: ['10.0.0.1/16', '10.0.0.1/16'] };
    },
    'spec.podCIDRs',
  ],
  // TestValidateNodeUpdate's ValidateNodeResources cases: ValidateNode runs the same check on create.
  [
    'TestValidateNodeUpdate: valid-extended-resources',
    (n) => {
      n.status.capacity = { cpu: '10', memory: '10G', 'example.com/a': '5', 'example.com/b': '10' };
    },
    undefined,
  ],
  [
    'TestValidateNodeUpdate: invalid-fractional-extended-capacity',
    (n) => {
      n.status.capacity = { cpu: '10', memory: '10G', 'example.com/a': '500m' };
    },
    'status.capacity.example.com/a',
  ],
  [
    'TestValidateNodeUpdate: invalid-fractional-extended-allocatable',
    (n) => {
      n.status.capacity = { cpu: '10', memory: '10G', 'example.com/a': '5' };
      n.status.allocatable = { cpu: '10', memory: '10G', 'example.com/a': '4.5' };
    },
    'status.allocatable.example.com/a',
  ],
  [
    'a negative memory capacity (ValidateNonnegativeQuantity)',
    (n) => {
      n.status.capacity = { cpu: '10', memory: '-1Gi' };
    },
    'status.capacity.memory',
  ],
  [
    'fractional cpu, a kubernetes.io/ resource and a whole count in Ki are fine',
    (n) => {
      n.status.capacity = {
        cpu: '3500m',
        memory: '16Gi',
        'example.com/gpu': '1k',
        'kubernetes.io/batch': '0.5',
        pods: 110,
      };
    },
    undefined,
  ],
  // The same rules on the fields as a v1 Node writes them.
  [
    'v1 podCIDR alone is podCIDRs[0] after conversion (Convert_v1_NodeSpec_To_core_NodeSpec)',
    (n) => {
      n.spec = { podCIDR: '10.244.1.0' };
    },
    'spec.podCIDRs[0]',
  ],
  [
    'dual-stack podCIDRs, one per family',
    (n) => {
      n.spec = { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] };
    },
    undefined,
  ],
  [
    'three podCIDRs: no more than one CIDR for each IP family',
    (n) => {
      n.spec = { podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64', '10.245.1.0/24'] };
    },
    'spec.podCIDRs',
  ],
  [
    'the same key with two effects is two taints (TestValidateTaints-like)',
    (n) => {
      n.spec = { taints: [taint('dedicated', 'a', 'NoSchedule'), taint('dedicated', 'a', 'NoExecute')] };
    },
    undefined,
  ],
  [
    'a taint without a value',
    (n) => {
      n.spec = { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] };
    },
    undefined,
  ],
];

runUpstreamTable({
  title: 'TestValidateNode (pkg/apis/core/validation/validation_test.go)',
  header: { apiVersion: 'v1', kind: 'Node' },
  base: () => ({ metadata: { name: 'abc', labels: { a: 'b' } }, status: status() }),
  cases,
  inapplicable: {},
});
