import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceReports } from '../../../server/src/engine/model/report';
import { cluster } from './helpers';

// The report is what the CLI, hover and webview all show; these check what it says, not its layout.
describe('service report (model/report.ts)', () => {
  it("lists the manifests' Services in namespace/name order; default/kubernetes only when asked for", () => {
    const c = cluster(['service-defaulting.yaml']);
    assert.deepEqual(
      serviceReports(c).map((r) => r.key),
      ['default/bare', 'default/sticky', 'default/sticky-short', 'default/with-external-ip', 'partners/outside'],
    );
    const [k] = serviceReports(c, { service: 'default/kubernetes' });
    assert.equal(k.clusterIP, '10.96.0.1');
    assert.equal(k.endpointsFrom, 'controller');
    assert.match(k.notes[0], /API server's own Service/);
  });

  it('per port: ready and not-ready endpoints as ip:port in kube-proxy order (lexicographic)', () => {
    const c = cluster(['publish-not-ready.yaml']);
    const [r] = serviceReports(c, { service: 'default/peer-vip' });
    const ip = (n: string) => c.podsByKey.get(`default/${n}`)!.ip;
    assert.deepEqual(
      r.ports.map((p) => [p.readyEndpoints, p.notReadyEndpoints]),
      [[[`${ip('peer-ready')}:7946`], [`${ip('peer-starting')}:7946`]]],
    );
    const sorted = serviceReports(cluster(['slice-limit-250-pods.yaml']))[0].ports[0].readyEndpoints;
    assert.deepEqual(sorted, [...sorted].sort());
    assert.equal(sorted.length, 250);
  });

  it('per pod: what each Service port reaches on it, null where a named targetPort does not resolve', () => {
    const c = cluster(['named-port-differs-per-pod.yaml']);
    const [r] = serviceReports(c, { service: 'default/web' });
    const byTrack = new Map(
      r.pods.map((p) => [c.podsByKey.get(`default/${p.name}`)!.labels.track, p.targetPorts.http]),
    );
    assert.deepEqual(Object.fromEntries(byTrack), { v1: 8080, v2: 9090, legacy: null });
    assert.ok(
      r.notes.some((n) => n.includes('targetPort "http" names no TCP container port on 1 of 6 selected pods')),
      r.notes.join('\n'),
    );
  });

  it('explains an empty selector and a selector-less Service', () => {
    const typo = cluster({
      'x.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: cart }\nspec:\n  selector: { matchLabels: { app: cart } }\n  template:\n    metadata: { labels: { app: cart } }\n    spec: { containers: [{ name: c, image: x }] }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: cart }\nspec:\n  selector: { app: cart-svc }\n  ports: [{ port: 80 }]\n',
    });
    assert.match(serviceReports(typo)[0].notes[0], /^The selector matches no pod: the nearest is deployment\/cart/);
    const manual = serviceReports(cluster(['selectorless-endpoints.yaml']), { service: 'default/legacy-db' })[0];
    assert.equal(manual.endpointsFrom, 'manifest');
    assert.equal(manual.selector, undefined);
  });

  it('is plain JSON: survives a round trip unchanged', () => {
    const reports = serviceReports(
      cluster(['whatif-shop.yaml', 'hostname-subdomain.yaml', 'node-ports-and-addresses.yaml']),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(reports)), reports);
  });
});
