import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointSliceObject } from '../../../server/src/engine/model/endpoints';
import { cluster, endpointPorts, endpointsByPod, podsOf, service } from './helpers';

describe('EndpointSlices: named targetPort resolution (podutil.FindPort, pkg/api/v1/pod/util.go)', () => {
  const c = cluster(['named-port-two-containers.yaml']);
  const svc = service(c, 'default/multi');
  const pods = podsOf(c, 'default/Deployment/multi');

  it('resolves each port per pod: name AND protocol, containers in order, then restartable init containers', () => {
    assert.equal(pods.length, 2);
    const ports = endpointPorts(svc.endpointSlices);
    for (const pod of pods) {
      assert.deepEqual(ports[pod.name], {
        'http/TCP': 8080, // second container
        'metrics/TCP': 9100, // first container wins over helper's 9200
        'dns-tcp/TCP': 53, // app's TCP "dns"
        'dns-udp/UDP': 5353, // helper's UDP "dns": protocol must match
        'mesh/TCP': 15001, // sidecar (restartPolicy: Always init container)
        'numeric/TCP': 7777, // numeric targetPort used as is
        // admin is only on a run-to-completion init container: left out of that port only.
      });
    }
  });

  it('records the pods left out of a port, without dropping them from the others', () => {
    const left = c.unresolvedPorts.filter((u) => u.service === 'default/multi');
    assert.deepEqual(
      left.map((u) => `${u.pod.name}:${u.servicePort.name}`).sort(),
      pods.map((p) => `${p.name}:admin`).sort(),
    );
    assert.equal(svc.endpointSlices.length, 1, 'every pod resolves the same port list: one slice');
  });
});

describe('EndpointSlices: grouping by resolved port set (k8s.io/endpointslice reconciler, NewPortMapKey)', () => {
  const c = cluster(['named-port-differs-per-pod.yaml']);
  const svc = service(c, 'default/web');

  it('puts pods that resolve "http" to different numbers in different slices, and port-less pods in a ports: [] slice', () => {
    const bySet = svc.endpointSlices
      .map((s) => ({ ports: s.ports.map((p) => p.port), n: s.endpoints.length }))
      .sort((a, b) => a.n - b.n);
    assert.deepEqual(bySet, [
      { ports: [], n: 1 },
      { ports: [8080], n: 2 },
      { ports: [9090], n: 3 },
    ]);
  });

  it('every slice is labelled for its Service and the controller, and named <service>-<5 safe chars>', () => {
    for (const s of svc.endpointSlices) {
      assert.equal(s.labels['kubernetes.io/service-name'], 'web');
      assert.equal(s.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
      assert.equal(s.labels['service.kubernetes.io/headless'], undefined);
      assert.match(s.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    }
    assert.equal(new Set(svc.endpointSlices.map((s) => s.name)).size, 3);
  });
});

describe('EndpointSlices: readiness (podToEndpoint: ready = publishNotReadyAddresses || (serving && !terminating))', () => {
  const c = cluster(['publish-not-ready.yaml']);

  it('a not-ready pod is an endpoint with ready: false, serving: false', () => {
    const eps = endpointsByPod(service(c, 'default/peer-vip').endpointSlices);
    assert.deepEqual(eps.get('peer-ready')!.conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(eps.get('peer-starting')!.conditions, { ready: false, serving: false, terminating: false });
  });

  it('publishNotReadyAddresses makes it ready, and leaves serving as the pod reports it', () => {
    const eps = endpointsByPod(service(c, 'default/peers').endpointSlices);
    assert.deepEqual(eps.get('peer-starting')!.conditions, { ready: true, serving: false, terminating: false });
  });
});

describe('EndpointSlices: which pods count (ShouldPodBeInEndpoints with includeTerminating, pkg/controller/util)', () => {
  // Nodes given explicitly: a nodeSelector none of them satisfies leaves the pod Pending.
  const c = cluster(['terminating-and-finished-pods.yaml'], {
    nodes: [{ name: 'node-1' }, { name: 'node-2' }, { name: 'node-3' }],
  });

  it('drops Succeeded, Failed and IP-less pods; keeps terminating ones as not ready but serving', () => {
    const eps = endpointsByPod(service(c, 'default/api').endpointSlices);
    assert.deepEqual([...eps.keys()].sort(), ['api-draining', 'api-live']);
    assert.deepEqual(eps.get('api-draining')!.conditions, { ready: false, serving: true, terminating: true });
    assert.deepEqual(eps.get('api-live')!.conditions, { ready: true, serving: true, terminating: false });
    const unscheduled = c.podsByKey.get('default/api-unschedulable')!;
    assert.equal(unscheduled.ip, '');
    assert.equal(unscheduled.phase, 'Pending');
  });

  it('publishNotReadyAddresses reports a terminating pod ready', () => {
    const eps = endpointsByPod(service(c, 'default/api-all').endpointSlices);
    assert.deepEqual(eps.get('api-draining')!.conditions, { ready: true, serving: true, terminating: true });
  });

  it('the selector still picks the excluded pods (they are in selectedPods, just not endpoints)', () => {
    assert.deepEqual(
      service(c, 'default/api')
        .selectedPods.map((p) => p.name)
        .sort(),
      ['api-crashed', 'api-done', 'api-draining', 'api-live', 'api-unschedulable'],
    );
  });
});

describe('EndpointSlices: pods with a written status (kubectl get pod -o yaml)', () => {
  it('keeps the written IP and node; a Pending pod with an IP is a not-ready endpoint', () => {
    const c = cluster(['pod-status-written.yaml']);
    assert.deepEqual(
      [c.podsByKey.get('default/exported')!.ip, c.podsByKey.get('default/exported')!.nodeName],
      ['10.244.2.77', 'node-3'],
    );
    const eps = endpointsByPod(service(c, 'default/exported').endpointSlices);
    assert.deepEqual(eps.get('exported')!.conditions, { ready: true, serving: true, terminating: false });
    assert.equal(eps.get('starting')!.addresses[0], '10.244.0.9');
    assert.deepEqual(eps.get('starting')!.conditions, { ready: false, serving: false, terminating: false });
  });

  it('a pod on a node the cluster does not have is left out, unless publishNotReadyAddresses (reconciler: node NotFound)', () => {
    const c = cluster(['pod-status-written.yaml']);
    assert.equal(c.podsByKey.get('default/stranded')!.ip, '10.244.9.9');
    assert.ok(!endpointsByPod(service(c, 'default/exported').endpointSlices).has('stranded'));
    assert.ok(endpointsByPod(service(c, 'default/exported-all').endpointSlices).has('stranded'));
  });
});

describe('EndpointSlices: packing (maxEndpointsPerSlice, default 100: RecommendedDefaultEndpointSliceControllerConfiguration)', () => {
  it('250 endpoints with one port set make slices of 100, 100 and 50', () => {
    const c = cluster(['slice-limit-250-pods.yaml']);
    const slices = service(c, 'default/fleet').endpointSlices;
    assert.deepEqual(
      slices.map((s) => s.endpoints.length).sort((a, b) => b - a),
      [100, 100, 50],
    );
    const all = slices.flatMap((s) => s.endpoints.map((e) => e.pod!.name));
    assert.equal(new Set(all).size, 250, 'each pod in exactly one slice');
  });

  it('honours --max-endpoints-per-slice', () => {
    const c = cluster(['slice-limit-250-pods.yaml'], { maxEndpointsPerSlice: 60 });
    assert.deepEqual(
      service(c, 'default/fleet')
        .endpointSlices.map((s) => s.endpoints.length)
        .sort((a, b) => b - a),
      [60, 60, 60, 60, 10],
    );
  });

  it('a Service whose selector matches nothing still gets one empty placeholder slice (reconciler.go)', () => {
    const c = cluster({
      'x.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: { name: lonely }\nspec:\n  selector: { app: nobody }\n  ports: [{ port: 80 }]\n',
    });
    const slices = service(c, 'default/lonely').endpointSlices;
    assert.equal(slices.length, 1);
    assert.deepEqual([slices[0].ports, slices[0].endpoints], [[], []]);
  });
});

describe('EndpointSlices: headless Services', () => {
  it('a headless Service without ports gets port-less slices with every pod (getEndpointPorts) and the headless label', () => {
    const c = cluster(['headless-no-ports.yaml']);
    const slices = service(c, 'default/workers').endpointSlices;
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0].ports, []);
    assert.equal(slices[0].endpoints.length, 2);
    assert.equal(slices[0].labels['service.kubernetes.io/headless'], '');
  });

  it("hostname is set only when the pod's subdomain is the Service's name (ShouldSetHostname)", () => {
    const c = cluster(['hostname-subdomain.yaml']);
    const governing = endpointsByPod(service(c, 'default/db').endpointSlices);
    assert.equal(governing.get('db-0')!.hostname, 'db-0');
    assert.equal(governing.get('db-1')!.hostname, 'db-1');
    for (const e of endpointsByPod(service(c, 'default/db-read').endpointSlices).values())
      assert.equal(e.hostname, undefined);
    const cache = [...endpointsByPod(service(c, 'default/cache').endpointSlices).values()];
    assert.deepEqual(
      cache.map((e) => e.hostname),
      ['cache-main'],
    );
  });
});

describe('EndpointSlices: selector-less Services (syncService skips them; manifests provide endpoints)', () => {
  const c = cluster(['selectorless-endpoints.yaml']);

  it('uses EndpointSlices joined by kubernetes.io/service-name, with their written conditions', () => {
    const s = service(c, 'default/legacy-db');
    assert.equal(s.endpointSlices.length, 1);
    assert.equal(s.endpointSlices[0].origin, 'manifest');
    assert.deepEqual(
      s.endpointSlices[0].endpoints.map((e) => [e.addresses[0], e.conditions.ready]),
      [
        ['192.168.10.5', true],
        ['192.168.10.6', false],
      ],
    );
  });

  it('mirrors a legacy Endpoints object: addresses ready, notReadyAddresses not', () => {
    const s = service(c, 'default/old-style');
    assert.deepEqual(
      s.endpointSlices.flatMap((x) => x.endpoints.map((e) => [e.addresses[0], e.conditions.ready])),
      [
        ['192.168.20.1', true],
        ['192.168.20.2', false],
      ],
    );
    assert.deepEqual(
      s.endpointSlices[0].ports.map((p) => p.port),
      [8080],
    );
  });

  it('`selector: {}` is no selector (omitempty, kubernetes#25836): no endpoints, not every pod', () => {
    const s = service(c, 'default/nothing');
    assert.equal(s.selector, undefined);
    assert.deepEqual(s.endpointSlices, []);
  });
});

describe('EndpointSlices written next to a selector (kube-proxy endpointslicecache joins by kubernetes.io/service-name)', () => {
  const c = cluster(['selector-plus-manual-slice.yaml']);
  const s = service(c, 'default/search');

  it("a hand-written slice adds its endpoints to the controller's", () => {
    const addresses = s.endpointSlices.flatMap((x) => x.endpoints.map((e) => e.addresses[0]));
    assert.ok(addresses.includes('192.168.50.10'));
    assert.equal(s.endpointSlices.filter((x) => x.origin === 'controller').length, 1);
    assert.equal(s.endpointSlices.find((x) => x.origin === 'manifest')!.endpoints[0].zone, 'zone-b');
  });

  it("but not mirrored Endpoints, nor a slice claiming the controller's managed-by label", () => {
    const addresses = s.endpointSlices.flatMap((x) => x.endpoints.map((e) => e.addresses[0]));
    assert.ok(!addresses.includes('192.168.50.11'));
    assert.ok(!addresses.includes('192.168.50.99'));
    assert.equal(addresses.length, 3);
  });
});

describe("EndpointSlices: zone from the node's topology.kubernetes.io/zone label (podToEndpoint)", () => {
  it('is set when the node has the label, absent otherwise', () => {
    const c = cluster(['whatif-shop.yaml'], {
      nodes: [
        { name: 'a', labels: { 'topology.kubernetes.io/zone': 'eu-1a' } },
        { name: 'b', labels: { 'topology.kubernetes.io/zone': 'eu-1b' } },
        { name: 'c' },
      ],
    });
    for (const e of service(c, 'default/hello').endpointSlices.flatMap((x) => x.endpoints)) {
      assert.equal(e.zone, { a: 'eu-1a', b: 'eu-1b' }[e.nodeName as 'a' | 'b']);
    }
    const o = endpointSliceObject(service(c, 'default/hello').endpointSlices[0]) as {
      endpoints: { nodeName: string; zone?: string }[];
    };
    assert.ok(
      o.endpoints.some((e) => e.zone === 'eu-1a') && o.endpoints.some((e) => e.nodeName === 'c' && !('zone' in e)),
    );
  });
});

describe('endpointSliceObject: the slice as the API returns it', () => {
  it('has the discovery.k8s.io/v1 shape with owner reference, targetRef and unnamed ports as ""', () => {
    const c = cluster(['slice-limit-250-pods.yaml'], { maxEndpointsPerSlice: 1000 });
    const s = service(c, 'default/fleet');
    const o = endpointSliceObject(s.endpointSlices[0], s) as any;
    assert.equal(o.apiVersion, 'discovery.k8s.io/v1');
    assert.equal(o.kind, 'EndpointSlice');
    assert.equal(o.addressType, 'IPv4');
    assert.equal(o.metadata.generateName, 'fleet-');
    assert.deepEqual(o.metadata.ownerReferences, [
      { apiVersion: 'v1', kind: 'Service', name: 'fleet', blockOwnerDeletion: true, controller: true },
    ]);
    assert.deepEqual(o.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.equal(o.endpoints.length, 250);
    assert.deepEqual(Object.keys(o.endpoints[0].targetRef), ['kind', 'namespace', 'name']);
    // endpointslice utils.go podToEndpoint: TargetRef is the Pod whose IP the endpoint has (derived
    // from the endpoint's pod, not stored).
    const podAt = new Map(c.pods.map((p) => [p.ip, p]));
    for (const e of o.endpoints) {
      const pod = podAt.get(e.addresses[0])!;
      assert.deepEqual(e.targetRef, { kind: 'Pod', namespace: pod.namespace, name: pod.name });
    }
  });

  it('empty lists read back from the API as null (no omitempty; protobuf gives nil): placeholder and port-less slices', () => {
    const c = cluster({
      'x.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: { name: lonely }\nspec:\n  selector: { app: nobody }\n  ports: [{ port: 80 }]\n',
    });
    const placeholder = endpointSliceObject(service(c, 'default/lonely').endpointSlices[0]) as any;
    assert.deepEqual([placeholder.endpoints, placeholder.ports], [null, null]);
    const headless = cluster(['headless-no-ports.yaml']);
    const o = endpointSliceObject(service(headless, 'default/workers').endpointSlices[0]) as any;
    assert.equal(o.ports, null);
    assert.equal(o.endpoints.length, 2);
  });
});
