import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultClient, likelyClients } from '../../../server/src/engine/model/clients';
import { Workspace } from '../../../server/src/engine/workspace';
import { traceTargets } from '../../../server/src/lsp/features/trace';
import { cluster, fixtureText, service } from './helpers';

// The trace panel's default source (issue 20, point 8): a workload whose containers name the
// Service by a DNS name that resolves to it from their namespace (kubernetes/dns
// docs/specification.md, the pod's search list) or by the environment variables the kubelet sets
// for Services of their namespace (kubelet_pods.go getServiceEnvVarMap, honouring enableServiceLinks).

/** The fixture plus one client workload `client` in `namespace` whose container has `container` (YAML flow map entries). */
function withClient(namespace: string, container: string, extra = '', podSpec = '') {
  const client = `apiVersion: apps/v1
kind: Deployment
metadata: { name: client, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: client } }
  template:
    metadata: { labels: { app: client } }
    spec: { ${podSpec}containers: [{ name: c, image: c, ${container} }] }
${extra ? `---\n${extra}` : ''}`;
  const c = cluster({ 'likely-clients.yaml': fixtureText('likely-clients.yaml'), 'client.yaml': client });
  const orders = service(c, 'shop/orders');
  return { clients: likelyClients(c, orders).map((w) => w.key), chosen: defaultClient(c, orders)?.key };
}

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data: { ${data} }`;

describe('likely clients of a Service', () => {
  it('none names it: its own backend, a longer name, another Service and the short name from another namespace do not count; the default is a workload of its namespace that is not a backend', () => {
    const c = cluster(['likely-clients.yaml']);
    const orders = service(c, 'shop/orders');
    assert.deepEqual(likelyClients(c, orders), []);
    const chosen = defaultClient(c, orders)!;
    assert.equal(chosen.namespace, 'shop');
    assert.notEqual(chosen.name, 'orders');
  });

  it('an env value with the short name (same namespace), name.ns from elsewhere, or the FQDN in any case with a trailing dot', () => {
    assert.deepEqual(
      withClient('shop', 'env: [{ name: U, value: "http://orders:80/api" }]').chosen,
      'shop/Deployment/client',
    );
    assert.deepEqual(withClient('billing', 'env: [{ name: U, value: "orders.shop:80" }]').clients, [
      'billing/Deployment/client',
    ]);
    assert.deepEqual(withClient('billing', 'env: [{ name: U, value: "ORDERS.SHOP.svc.cluster.local." }]').clients, [
      'billing/Deployment/client',
    ]);
    assert.deepEqual(withClient('billing', 'env: [{ name: U, value: "orders.shop.svc" }]').clients, [
      'billing/Deployment/client',
    ]);
    assert.deepEqual(
      withClient('billing', 'env: [{ name: U, value: "orders:80" }]').clients,
      [],
      'the short name resolves in billing',
    );
  });

  it('the command line and the ConfigMaps the pod reads: envFrom, a configMapKeyRef key (not the other keys), a volume', () => {
    assert.deepEqual(withClient('shop', 'command: [app, "--upstream=orders.shop:80"]').clients, [
      'shop/Deployment/client',
    ]);
    const settings = configMap('UPSTREAM: "http://orders", OTHER: "x"');
    assert.deepEqual(withClient('shop', 'envFrom: [{ configMapRef: { name: settings } }]', settings).clients, [
      'shop/Deployment/client',
    ]);
    assert.deepEqual(
      withClient(
        'shop',
        'env: [{ name: U, valueFrom: { configMapKeyRef: { name: settings, key: UPSTREAM } } }]',
        settings,
      ).clients,
      ['shop/Deployment/client'],
    );
    assert.deepEqual(
      withClient('shop', 'env: [{ name: U, valueFrom: { configMapKeyRef: { name: settings, key: OTHER } } }]', settings)
        .clients,
      [],
    );
    assert.deepEqual(
      withClient('shop', 'image: c', settings, 'volumes: [{ name: v, configMap: { name: settings } }], ').clients,
      ['shop/Deployment/client'],
    );
    assert.deepEqual(
      withClient(
        'shop',
        'image: c',
        settings,
        'volumes: [{ name: v, projected: { sources: [{ configMap: { name: settings } }] } }], ',
      ).clients,
      ['shop/Deployment/client'],
    );
    assert.deepEqual(withClient('shop', 'image: c', settings).clients, [], 'a ConfigMap the pod does not read');
  });

  it('the Service environment variables: only in its namespace and with service links enabled', () => {
    const args = 'args: ["--upstream=$(ORDERS_SERVICE_HOST):$(ORDERS_SERVICE_PORT_HTTP)"]';
    assert.deepEqual(withClient('shop', args).clients, ['shop/Deployment/client']);
    assert.deepEqual(withClient('shop', args, '', 'enableServiceLinks: false, ').clients, []);
    assert.deepEqual(
      withClient('billing', args).clients,
      [],
      "the kubelet sets them only for Services of the pod's namespace",
    );
    assert.deepEqual(
      withClient('shop', 'env: [{ name: MY_ORDERS_SERVICE_HOST, value: x }]').clients,
      [],
      'part of a longer name',
    );
  });

  it('the trace command offers the likely client first: examples/shop frontend names backend.shop.svc.cluster.local', () => {
    const root = join(__dirname, '../../../examples/shop');
    const ws = new Workspace();
    for (const f of readdirSync(root)) ws.setFile(`file:///examples/shop/${f}`, readFileSync(join(root, f), 'utf8'));
    const targets = traceTargets(ws, { include: ['sources'], service: 'shop/backend' });
    assert.equal(targets.defaultSource, 'workload:shop/Deployment/frontend');
    assert.ok(targets.sources.some((s) => s.source === targets.defaultSource));
  });
});
