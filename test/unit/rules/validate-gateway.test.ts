// The Gateway API's CEL validation tables for Gateway and GatewayClass, case by case:
// kubernetes-sigs/gateway-api pkg/test/cel/gateway_test.go (TestValidateGateway) and
// gatewayclass_test.go (TestValidateGatewayClassUpdate), which create each object against the CRDs
// (config/crd/standard/gateway.networking.k8s.io_gateways.yaml, _gatewayclasses.yaml). Each case
// keeps upstream's wantErrors, which must appear in kroute's errors, and the field path of the list
// or object the rule sits on.
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

type Obj = Record<string, unknown>;
interface Gateway {
  metadata: Obj;
  spec: { gatewayClassName: string; listeners: Obj[]; addresses?: Obj[] };
}
interface GatewayClass {
  metadata: Obj;
  spec: { controllerName: string };
}

/** baseGateway: class foo, one HTTP listener on 80. */
const baseGateway = (): Gateway => ({
  metadata: { name: 'foo', namespace: 'default' },
  spec: { gatewayClassName: 'foo', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
});
const listeners =
  (...list: Obj[]) =>
  (gw: Gateway) => {
    gw.spec.listeners = list;
  };
const listenersCase = (
  name: string,
  list: Obj[],
  errors?: string[],
  path = 'spec.listeners',
): UpstreamCase<Gateway> => [name, listeners(...list), errors && path, errors];
const listener = (name: string, protocol: string, port: number, extra: Obj = {}) => ({
  name,
  protocol,
  port,
  ...extra,
});
const certs = { certificateRefs: [{ name: 'foo' }] };
const options = { options: { 'networking.example.com/tls-version': '1.2' } };
const NO_TLS = ["tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"];
const NO_HOSTNAME = ["hostname must not be specified for protocols ['TCP', 'UDP']"];
const TERMINATE = ['certificateRefs or options must be specified when mode is Terminate'];
const UNIQUE_COMBINATION = ['Combination of port, protocol and hostname must be unique for each listener'];

runUpstreamTable<Gateway>({
  title: 'TestValidateGateway (gateway-api pkg/test/cel/gateway_test.go)',
  header: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
  base: baseGateway,
  cases: [
    listenersCase('tls config present with http protocol', [listener('http', 'HTTP', 8080, { tls: {} })], NO_TLS),
    listenersCase(
      'https protocol with Passthrough tls mode',
      [listener('https', 'HTTPS', 8080, { tls: { mode: 'Passthrough' } })],
      ['tls mode must be Terminate for protocol HTTPS'],
    ),
    listenersCase('tls mode not set with https protocol and tls config present', [
      listener('https', 'HTTPS', 8080, { tls: certs }),
    ]),
    listenersCase('tls config present with tcp protocol', [listener('tcp', 'TCP', 8080, { tls: {} })], NO_TLS),
    listenersCase('tls config not set with https protocol', [listener('https', 'HTTPS', 8443)]),
    listenersCase('tls config not set with tls protocol', [listener('tls', 'TLS', 8443)]),
    listenersCase('tls config not set with http protocol', [listener('http', 'HTTP', 8080)]),
    listenersCase('tls config not set with tcp protocol', [listener('tcp', 'TCP', 8080)]),
    listenersCase('tls config not set with udp protocol', [listener('udp', 'UDP', 8080)]),
    listenersCase(
      'hostname present with tcp protocol',
      [listener('tcp', 'TCP', 8080, { hostname: 'foo' })],
      NO_HOSTNAME,
    ),
    listenersCase(
      'hostname present with udp protocol',
      [listener('udp', 'UDP', 8080, { hostname: 'foo' })],
      NO_HOSTNAME,
    ),
    listenersCase(
      'certificateRefs not set with HTTPS protocol and TLS terminate mode',
      [listener('https', 'HTTPS', 8443, { tls: { mode: 'Terminate' } })],
      TERMINATE,
      'spec.listeners[0].tls',
    ),
    listenersCase(
      'certificateRefs not set with TLS protocol and TLS terminate mode',
      [listener('tls', 'TLS', 8443, { tls: { mode: 'Terminate' } })],
      TERMINATE,
      'spec.listeners[0].tls',
    ),
    listenersCase('certificateRefs set with HTTPS protocol and TLS terminate mode', [
      listener('https', 'HTTPS', 8443, { tls: { mode: 'Terminate', ...certs } }),
    ]),
    listenersCase('certificateRefs set with TLS protocol and TLS terminate mode', [
      listener('tls', 'TLS', 8443, { tls: { mode: 'Terminate', ...certs } }),
    ]),
    listenersCase('options set with HTTPS protocol and TLS terminate mode', [
      listener('https', 'HTTPS', 8443, { tls: { mode: 'Terminate', ...options } }),
    ]),
    listenersCase('options set with tls protocol and TLS terminate mode', [
      listener('tls', 'TLS', 8443, { tls: { mode: 'Terminate', ...options } }),
    ]),
    listenersCase(
      'names are not unique within the Gateway',
      [listener('http', 'HTTP', 80), listener('http', 'HTTP', 8000), listener('http', 'HTTP', 8080)],
      ['Listener name must be unique within the Gateway'],
    ),
    listenersCase('names are unique within the Gateway', [
      listener('http-1', 'HTTP', 80),
      listener('http-2', 'HTTP', 8000),
      listener('http-3', 'HTTP', 8080),
    ]),
    listenersCase(
      'combination of port, protocol, and hostname are not unique for each listener',
      [listener('foo', 'HTTP', 80, { hostname: 'foo.com' }), listener('bar', 'HTTP', 80, { hostname: 'foo.com' })],
      UNIQUE_COMBINATION,
    ),
    listenersCase(
      'combination of port and protocol are not unique for each listener when hostnames not set',
      [listener('foo', 'HTTP', 80), listener('bar', 'HTTP', 80)],
      UNIQUE_COMBINATION,
    ),
    listenersCase('port is unique when protocol and hostname are the same', [
      listener('foo', 'HTTP', 80, { hostname: 'foo.com' }),
      listener('bar', 'HTTP', 8000, { hostname: 'foo.com' }),
    ]),
    listenersCase('hostname is unique when protocol and port are the same', [
      listener('foo', 'HTTP', 80, { hostname: 'foo.com' }),
      listener('bar', 'HTTP', 80, { hostname: 'bar.com' }),
    ]),
    listenersCase('one omitted hostname is unique when protocol and port are the same', [
      listener('foo', 'HTTP', 80, { hostname: 'foo.com' }),
      listener('bar', 'HTTP', 80),
    ]),
    listenersCase('protocol is unique when port and hostname are the same', [
      listener('foo', 'HTTP', 8000, { hostname: 'foo.com' }),
      listener('bar', 'HTTPS', 8000, { hostname: 'foo.com', tls: certs }),
    ]),
    [
      'ip address and hostname in addresses are valid',
      (gw) => {
        gw.spec.addresses = [
          { type: 'IPAddress', value: '1.2.3.4' },
          { type: 'IPAddress', value: '1111:2222:3333:4444::' },
          { type: 'Hostname', value: 'foo.bar' },
        ];
      },
      undefined,
    ],
    [
      'ip address and hostname in addresses are invalid',
      (gw) => {
        gw.spec.addresses = [
          { type: 'IPAddress', value: '1.2.3.4:8080' },
          { type: 'Hostname', value: '*foo/bar' },
          { type: 'Hostname', value: '12:34:56::' },
        ];
      },
      'spec.addresses[0].value',
      ['Invalid value: "1.2.3.4:8080": spec.addresses[0].value in body must be of type ipv4'],
    ],
    [
      'duplicate ip address or hostname',
      (gw) => {
        gw.spec.addresses = [
          { type: 'IPAddress', value: '1.2.3.4' },
          { type: 'IPAddress', value: '1.2.3.4' },
          { type: 'Hostname', value: 'foo.bar' },
          { type: 'Hostname', value: 'foo.bar' },
        ];
      },
      'spec.addresses',
      ['IPAddress values must be unique', 'Hostname values must be unique'],
    ],
  ],
  inapplicable: {
    'ip address and hostname in status addresses are valid':
      'written with the status subresource (k8sClient.Status().Update); a manifest sets no status, and apply drops it',
    'ip address and hostname in status addresses are invalid':
      'written with the status subresource (k8sClient.Status().Update); a manifest sets no status, and apply drops it',
  },
});

// TestValidateGatewayClassUpdate: its one case creates a GatewayClass (which must succeed) and then
// changes controllerName, which the CRD's `self == oldSelf` rule refuses ("Value is immutable").
runUpstreamTable<GatewayClass>({
  title: 'TestValidateGatewayClassUpdate (gateway-api pkg/test/cel/gatewayclass_test.go)',
  header: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass' },
  base: (): GatewayClass => ({ metadata: { name: 'foo' }, spec: { controllerName: 'example.net/gateway-controller' } }),
  cases: [
    [
      'cannot upgrade controllerName (the create it starts with)',
      (gwc) => {
        gwc.spec.controllerName = 'example.net/gateway-controller-1';
      },
      undefined,
    ],
  ],
  inapplicable: {
    'cannot upgrade controllerName (the update)':
      'an update: the immutability rule compares with the stored object (oldSelf), which manifests do not have',
  },
});
