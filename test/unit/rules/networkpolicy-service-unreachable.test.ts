import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trace } from '../../../server/src/engine/proxy/trace';
import { check, fixture } from './helpers';

// docs/rules/networkpolicy-service-unreachable.md: reported only when no client at all can be
// admitted (concept page, "The two sorts of pod isolation": both the client's egress and the
// endpoint's ingress must allow; API reference, NetworkPolicyIngressRule.from / IPBlock).
const CODE = 'networkpolicy-service-unreachable';

/** A Deployment in namespace shop whose pods are labelled app=<name>. */
const deployment = (name: string, podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${podSpec}`;

/** Deployments `api` (port 8080, a Service `api` on it) and `web` in namespace shop, plus `extra` manifests. */
function shop(extra: string, apiSpec = ''): string {
  return `${deployment('api', `${apiSpec}      containers: [{ name: api, image: api, ports: [{ name: http, containerPort: 8080 }] }]`)}
---
${deployment('web', '      containers: [{ name: web, image: web }]')}
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: http }]
---
${extra}`;
}

const policy = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: shop }
spec:
${spec}
`;

const found = (text: string) => check(text).all.filter((d) => d.code === CODE);

describe(CODE, () => {
  it('an allow rule on another port than the endpoint port (the targetPort after DNAT) admits nothing', () => {
    const d = found(
      shop(
        policy(
          'api',
          `  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 80 }] }]`,
        ),
      ),
    );
    assert.equal(d.length, 1);
    assert.match(
      d[0].message,
      /shop\/api isolates its endpoint pods for Ingress and no rule admits a pod of the app on TCP\/8080/,
    );
    assert.equal(d[0].severity, 'information');
    assert.equal(d[0].related?.[0]?.message, "shop/api isolates the Service's pods for Ingress");
  });

  it('the same rule on the target port (named, resolved on the pod) reaches it', () => {
    assert.deepEqual(
      found(
        shop(
          policy(
            'api',
            `  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: http }] }]`,
          ),
        ),
      ),
      [],
    );
  });

  it("agrees with trace: every workload's connection to the reported Service is dropped", () => {
    const text = shop(policy('deny', '  podSelector: {}\n  policyTypes: [Ingress]'));
    const { ws } = check(text);
    assert.equal(found(text).length, 1);
    for (const from of ['workload:shop/Deployment/web', 'workload:shop/Deployment/api']) {
      assert.equal(trace(ws.cluster(), from, 'api.shop:80').outcome.kind, 'dropped', from);
    }
  });

  it('the client side counts too: an ingress rule admitting web, whose egress admits only DNS', () => {
    const d = found(
      shop(`${policy(
        'api',
        `  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]`,
      )}---
${policy(
  'web-egress',
  `  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
  egress: [{ ports: [{ port: 53, protocol: UDP }] }]`,
)}`),
    );
    assert.equal(d.length, 1);
  });

  for (const [what, from] of [
    ['an IPv4 ipBlock', '[{ ipBlock: { cidr: 10.0.0.0/8 } }]'],
    [
      'an IPv6 ipBlock (kroute models IPv4 addresses only; the block still admits outside clients)',
      '[{ ipBlock: { cidr: "2001:db8::/64" } }]',
    ],
    [
      "a namespaceSelector (an ingress controller's namespace)",
      '[{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } }]',
    ],
    [
      'a namespaceSelector with a podSelector',
      '[{ namespaceSelector: {}, podSelector: { matchLabels: { app: gateway } } }]',
    ],
  ] as const) {
    it(`${what} admits clients outside the manifests: not reported`, () => {
      assert.deepEqual(
        found(
          shop(
            policy(
              'api',
              `  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: ${from} }]`,
            ),
          ),
        ),
        [],
      );
    });
  }

  it('a rule with no from admits every source', () => {
    assert.deepEqual(
      found(
        shop(
          policy(
            'api',
            `  podSelector: { matchLabels: { app: api } }
  ingress: [{ ports: [{ port: 8080 }] }]`,
          ),
        ),
      ),
      [],
    );
  });

  it('a podSelector where an operator may run pods (a custom resource in the namespace) may admit them', () => {
    const text = shop(`${policy(
      'api',
      `  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: scraper } } }] }]`,
    )}---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: { name: scraper, namespace: shop }
spec: {}
`);
    assert.deepEqual(found(text), []);
  });

  it('hostNetwork endpoints are outside NetworkPolicy (the API leaves it undefined): not reported', () => {
    assert.deepEqual(
      found(shop(policy('deny', '  podSelector: {}\n  policyTypes: [Ingress]'), '      hostNetwork: true\n')),
      [],
    );
  });

  it('an Egress-only policy does not isolate ingress', () => {
    assert.deepEqual(found(shop(policy('deny', '  podSelector: {}\n  policyTypes: [Egress]'))), []);
  });

  it("the fixture's passing example stays quiet and its failing one reports both Services", () => {
    assert.deepEqual(found(fixture(CODE, 'pass.yaml')), []);
    assert.deepEqual(
      found(fixture(CODE, 'fail.yaml')).map((d) => d.resource),
      ['Service shop/api', 'Service shop/db'],
    );
  });
});
