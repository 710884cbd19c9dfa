// Upstream's table for ValidateNetworkPolicy, case by case: TestValidateNetworkPolicy in
// kubernetes/kubernetes pkg/apis/networking/validation/validation_test.go (makeValidNetworkPolicy
// foo/bar selecting a=b, its set* tweaks and makePort), written as the networking.k8s.io/v1
// manifests a user would apply. Upstream only asks for some error in each error case; the path
// given here is the one ValidateNetworkPolicySpec names (ValidateNetworkPolicyPort / Peer,
// ValidateIPBlock, ValidateLabelSelector, policyTypes). Upstream runs the table with
// AllowInvalidLabelValueInSelector: true; a create runs with false (ValidationOptionsForNetworking
// without an old object), which only matters for label values, and no case has a bad one.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

interface Selector {
  matchLabels?: Record<string, string>;
}
interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Port {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface Obj {
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: Selector;
    ingress?: { from?: Peer[]; ports?: Port[] }[];
    egress?: { to?: Peer[]; ports?: Port[] }[];
    policyTypes?: string[];
  };
}

/** makeValidNetworkPolicy. */
const validNetworkPolicy = (): Obj => ({
  metadata: { name: 'foo', namespace: 'bar' },
  spec: { podSelector: { matchLabels: { a: 'b' } } },
});

/** makePort: a zero port or endPort and a nil protocol are left out, as the manifest would. */
const port = (protocol: string | undefined, p: number | string, endPort = 0): Port => ({
  ...(protocol ? { protocol } : {}),
  ...(p !== 0 && p !== '' ? { port: p } : {}),
  ...(endPort ? { endPort } : {}),
});

const IPV4_BLOCK = () => ({ cidr: '192.168.0.0/16', except: ['192.168.3.0/24', '192.168.4.0/24'] });
const IPV6_BLOCK = () => ({ cidr: 'fd00:192:168::/48', except: ['fd00:192:168:3::/64', 'fd00:192:168:4::/64'] });
const INVALID_SELECTOR = { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } };

// The set* tweaks: each fills the first ingress rule's first `from` peer (or egress `to`),
// creating the rule and the peer when missing.
type Tweak = (np: Obj) => void;
const ingressRule = (np: Obj) => (np.spec.ingress ??= [{}])[0];
const egressRule = (np: Obj) => (np.spec.egress ??= [{}])[0];
const fromPeer = (np: Obj) => (ingressRule(np).from ??= [{}])[0];
const toPeer = (np: Obj) => (egressRule(np).to ??= [{}])[0];

const setIngressEmptyFirstElement: Tweak = (np) => {
  np.spec.ingress = [{}];
};
const setIngressFromEmptyFirstElement: Tweak = (np) => {
  ingressRule(np).from = [{}];
};
const setIngressEmptyPorts: Tweak = (np) => {
  np.spec.ingress = [{ ports: [{}] }];
};
const setIngressPorts =
  (...ports: Port[]): Tweak =>
  (np) => {
    ingressRule(np).ports = ports;
  };
const setIngressFromPodSelector =
  (k: string, v: string): Tweak =>
  (np) => {
    fromPeer(np).podSelector = { matchLabels: { [k]: v } };
  };
const setIngressFromNamespaceSelector: Tweak = (np) => {
  fromPeer(np).namespaceSelector = { matchLabels: { c: 'd' } };
};
const setIngressFromIPBlockIPV4: Tweak = (np) => {
  fromPeer(np).ipBlock = IPV4_BLOCK();
};
const setIngressFromIPBlockIPV6: Tweak = (np) => {
  fromPeer(np).ipBlock = IPV6_BLOCK();
};
const setEgressToEmptyFirstElement: Tweak = (np) => {
  egressRule(np).to = [{}];
};
const setEgressToNamespaceSelector: Tweak = (np) => {
  toPeer(np).namespaceSelector = { matchLabels: { c: 'd' } };
};
const setEgressToPodSelector: Tweak = (np) => {
  toPeer(np).podSelector = { matchLabels: { c: 'd' } };
};
const setEgressToIPBlockIPV4: Tweak = (np) => {
  toPeer(np).ipBlock = IPV4_BLOCK();
};
const setEgressToIPBlockIPV6: Tweak = (np) => {
  toPeer(np).ipBlock = IPV6_BLOCK();
};
const setEgressPorts =
  (...ports: Port[]): Tweak =>
  (np) => {
    egressRule(np).ports = ports;
  };
const setPolicyTypesEgress: Tweak = (np) => {
  np.spec.policyTypes = ['Egress'];
};
const setPolicyTypesIngressEgress: Tweak = (np) => {
  np.spec.policyTypes = ['Ingress', 'Egress'];
};

/** makeNetworkPolicyCustom(tweaks...). */
const custom =
  (...tweaks: Tweak[]): Tweak =>
  (np) => {
    for (const t of tweaks) t(np);
  };
const ingressIPBlock =
  (block: NonNullable<Peer['ipBlock']>): Tweak =>
  (np) => {
    fromPeer(np).ipBlock = block;
  };

const SAMPLE_PORTS = [port(undefined, 80), port('TCP', 0), port('TCP', 443), port('UDP', 'dns'), port('SCTP', 7777)];

const cases: UpstreamCase<Obj>[] = [
  // successCases, numbered as upstream's loop reports them.
  ['success 0: empty ingress rule', setIngressEmptyFirstElement, undefined],
  [
    'success 1: empty from peer list and ports',
    custom(setIngressFromEmptyFirstElement, setIngressEmptyPorts),
    undefined,
  ],
  ['success 2: ingress ports', setIngressPorts(...SAMPLE_PORTS), undefined],
  ['success 3: from podSelector', setIngressFromPodSelector('c', 'd'), undefined],
  ['success 4: from namespaceSelector', setIngressFromNamespaceSelector, undefined],
  [
    'success 5: from podSelector and namespaceSelector',
    custom(setIngressFromPodSelector('e', 'f'), setIngressFromNamespaceSelector),
    undefined,
  ],
  [
    'success 6: egress to namespaceSelector, ingress from IPv4 ipBlock',
    custom(setEgressToNamespaceSelector, setIngressFromIPBlockIPV4),
    undefined,
  ],
  ['success 7: ingress from IPv4 ipBlock', setIngressFromIPBlockIPV4, undefined],
  ['success 8: egress to IPv4 ipBlock, Egress', custom(setEgressToIPBlockIPV4, setPolicyTypesEgress), undefined],
  [
    'success 9: egress to IPv4 ipBlock, Ingress and Egress',
    custom(setEgressToIPBlockIPV4, setPolicyTypesIngressEgress),
    undefined,
  ],
  ['success 10: egress ports', setEgressPorts(...SAMPLE_PORTS), undefined],
  [
    'success 11: egress to namespaceSelector, ingress from IPv6 ipBlock',
    custom(setEgressToNamespaceSelector, setIngressFromIPBlockIPV6),
    undefined,
  ],
  ['success 12: ingress from IPv6 ipBlock', setIngressFromIPBlockIPV6, undefined],
  ['success 13: egress to IPv6 ipBlock, Egress', custom(setEgressToIPBlockIPV6, setPolicyTypesEgress), undefined],
  [
    'success 14: egress to IPv6 ipBlock, Ingress and Egress',
    custom(setEgressToIPBlockIPV6, setPolicyTypesIngressEgress),
    undefined,
  ],
  [
    'success 15: egress port range and a named port',
    setEgressPorts(port(undefined, 32000, 32768), port('UDP', 'dns')),
    undefined,
  ],
  [
    'success 16: port ranges both ways',
    custom(
      setEgressToNamespaceSelector,
      setEgressPorts(port(undefined, 30000, 32768), port(undefined, 32000, 32768)),
      setIngressFromPodSelector('e', 'f'),
      setIngressPorts(port('TCP', 32768, 32768)),
    ),
    undefined,
  ],
  // errorCases
  [
    'namespaceSelector and ipBlock',
    custom(setIngressFromNamespaceSelector, setIngressFromIPBlockIPV4),
    'spec.ingress[0].from[0]',
  ],
  ['podSelector and ipBlock', custom(setEgressToPodSelector, setEgressToIPBlockIPV4), 'spec.egress[0].to[0]'],
  [
    'missing from and to type',
    custom(setIngressFromEmptyFirstElement, setEgressToEmptyFirstElement),
    'spec.ingress[0].from[0]',
  ],
  [
    'invalid spec.podSelector',
    (np) => {
      np.spec = { podSelector: INVALID_SELECTOR };
    },
    'spec.podSelector.matchLabels',
  ],
  ['invalid ingress.ports.protocol', setIngressPorts(port('ICMP', 80)), 'spec.ingress[0].ports[0].protocol'],
  ['invalid ingress.ports.port (int)', setIngressPorts(port('TCP', 123456789)), 'spec.ingress[0].ports[0].port'],
  ['invalid ingress.ports.port (str)', setIngressPorts(port('TCP', '!@#$')), 'spec.ingress[0].ports[0].port'],
  [
    'invalid ingress.from.podSelector',
    custom(setIngressFromEmptyFirstElement, (np) => {
      fromPeer(np).podSelector = INVALID_SELECTOR;
    }),
    'spec.ingress[0].from[0].podSelector.matchLabels',
  ],
  [
    'invalid egress.to.podSelector',
    custom(setEgressToEmptyFirstElement, (np) => {
      toPeer(np).podSelector = INVALID_SELECTOR;
    }),
    'spec.egress[0].to[0].podSelector.matchLabels',
  ],
  ['invalid egress.ports.protocol', setEgressPorts(port('ICMP', 80)), 'spec.egress[0].ports[0].protocol'],
  ['invalid egress.ports.port (int)', setEgressPorts(port('TCP', 123456789)), 'spec.egress[0].ports[0].port'],
  ['invalid egress.ports.port (str)', setEgressPorts(port('TCP', '!@#$')), 'spec.egress[0].ports[0].port'],
  [
    'invalid ingress.from.namespaceSelector',
    custom(setIngressFromEmptyFirstElement, (np) => {
      fromPeer(np).namespaceSelector = INVALID_SELECTOR;
    }),
    'spec.ingress[0].from[0].namespaceSelector.matchLabels',
  ],
  [
    'missing cidr field',
    custom(setIngressFromIPBlockIPV4, (np) => {
      fromPeer(np).ipBlock!.cidr = '';
    }),
    'spec.ingress[0].from[0].ipBlock.cidr',
  ],
  [
    'invalid cidr format',
    custom(setIngressFromIPBlockIPV4, (np) => {
      fromPeer(np).ipBlock!.cidr = '192.168.5.6';
    }),
    'spec.ingress[0].from[0].ipBlock.cidr',
  ],
  [
    'invalid ipv6 cidr format',
    custom(setIngressFromIPBlockIPV6, (np) => {
      fromPeer(np).ipBlock!.cidr = 'fd00:192:168::';
    }),
    'spec.ingress[0].from[0].ipBlock.cidr',
  ],
  ...(
    [
      ['except field is an empty string', ''],
      ['except field is an space string', ' '],
      ['except field is an invalid ip', '300.300.300.300'],
    ] as const
  ).map(([name, except]): UpstreamCase<Obj> => [
    name,
    custom(setIngressFromIPBlockIPV4, (np) => {
      fromPeer(np).ipBlock!.except = [except];
    }),
    'spec.ingress[0].from[0].ipBlock.except[0]',
  ]),
  [
    'except IP is outside of CIDR range',
    custom(setIngressFromEmptyFirstElement, ingressIPBlock({ cidr: '192.168.8.0/24', except: ['192.168.9.1/32'] })),
    'spec.ingress[0].from[0].ipBlock.except[0]',
  ],
  [
    'except IP is not strictly within CIDR range',
    custom(setIngressFromEmptyFirstElement, ingressIPBlock({ cidr: '192.168.0.0/24', except: ['192.168.0.0/24'] })),
    'spec.ingress[0].from[0].ipBlock.except[0]',
  ],
  [
    'except IPv6 is outside of CIDR range',
    custom(
      setIngressFromEmptyFirstElement,
      ingressIPBlock({ cidr: 'fd00:192:168:1::/64', except: ['fd00:192:168:2::/64'] }),
    ),
    'spec.ingress[0].from[0].ipBlock.except[0]',
  ],
  [
    'invalid policyTypes',
    custom(setEgressToIPBlockIPV4, (np) => {
      np.spec.policyTypes = ['foo', 'bar'];
    }),
    'spec.policyTypes[0]',
  ],
  [
    'too many policyTypes',
    custom(setEgressToIPBlockIPV4, (np) => {
      np.spec.policyTypes = ['foo', 'bar', 'baz'];
    }),
    'spec.policyTypes',
  ],
  [
    'multiple ports defined, one port range is invalid',
    custom(setEgressToNamespaceSelector, setEgressPorts(port('UDP', 35000, 32768), port(undefined, 32000, 32768))),
    'spec.egress[0].ports[0].endPort',
  ],
  [
    'endPort defined with named/string port',
    custom(setEgressToNamespaceSelector, setEgressPorts(port('UDP', 'dns', 32768), port(undefined, 32000, 32768))),
    'spec.egress[0].ports[0].endPort',
  ],
  [
    'endPort defined without port defined',
    custom(setEgressToNamespaceSelector, setEgressPorts(port('TCP', 0, 32768))),
    'spec.egress[0].ports[0].endPort',
  ],
  [
    'port is greater than endPort',
    custom(setEgressToNamespaceSelector, setEgressPorts(port('SCTP', 35000, 32768))),
    'spec.egress[0].ports[0].endPort',
  ],
  [
    'multiple invalid port ranges defined',
    custom(
      setEgressToNamespaceSelector,
      setEgressPorts(port('UDP', 35000, 32768), port('TCP', 0, 32768), port('TCP', 'https', 32768)),
    ),
    'spec.egress[0].ports[0].endPort',
  ],
  [
    'invalid endport range defined',
    custom(setEgressToNamespaceSelector, setEgressPorts(port('TCP', 30000, 65537))),
    'spec.egress[0].ports[0].endPort',
  ],
];

runUpstreamTable({
  title: 'TestValidateNetworkPolicy (kubernetes pkg/apis/networking/validation/validation_test.go)',
  header: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  base: validNetworkPolicy,
  cases,
  inapplicable: {
    'TestValidateNetworkPolicyUpdate (all cases)': 'an update: needs the old object (a name change is immutable)',
  },
});
