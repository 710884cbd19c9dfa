import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildCluster, MutationError } from '../../../server/src/engine/model/cluster';
import type { Mutation } from '../../../server/src/engine/model/mutations';
import { describeMutation } from '../../../server/src/engine/model/mutations';
import { policiesOf } from '../../../server/src/engine/netpol';
import { trace } from '../../../server/src/engine/proxy/trace';
import { Workspace } from '../../../server/src/engine/workspace';
import { isMutation } from '../../../server/src/lsp/features/trace';
import { FIXTURES } from './helpers';

// What-if "remove this policy": the cluster as if the NetworkPolicy were deleted. Policies are
// additive (concept page: "policies are additive"), so removing one of several isolating policies
// narrows what is allowed only when it was the one admitting; removing every isolating one leaves
// the pod non-isolated, and then everything is allowed.
function shop(): Workspace {
  const ws = new Workspace({});
  for (const f of ['shop-with-policies.yaml', 'shop-services.yaml'])
    ws.setFile(`file:///ws/${f}`, readFileSync(join(FIXTURES, f), 'utf8'));
  return ws;
}
const remove = (policy: string): Mutation => ({ kind: 'removeNetworkPolicy', policy });
const PROMETHEUS = 'workload:monitoring/Deployment/prometheus';

describe('what-if: remove a NetworkPolicy', () => {
  it('removing one of three isolating policies leaves the connection dropped, by the two left', () => {
    const ws = shop();
    const t = trace(ws.clusterWith([remove('shop/default-deny-ingress')]), PROMETHEUS, 'api.shop:grpc');
    assert.equal(t.outcome.kind, 'dropped');
    assert.deepEqual(t.outcome.policy!.ingress.isolatedBy, ['shop/api-from-web', 'shop/api-metrics-from-monitoring']);
  });

  it('removing every policy that isolates the pod delivers the connection; the base cluster keeps its policies', () => {
    const ws = shop();
    const base = ws.cluster();
    const mutations = ['shop/default-deny-ingress', 'shop/api-from-web', 'shop/api-metrics-from-monitoring'].map(
      remove,
    );
    const t = trace(ws.clusterWith(mutations), PROMETHEUS, 'api.shop:grpc');
    assert.equal(t.outcome.kind, 'delivered');
    const hop = t.steps.find((s) => s.kind === 'policy')!;
    assert.equal(hop.policy!.ingress.isolatedBy.length, 0);
    assert.equal(trace(base, PROMETHEUS, 'api.shop:grpc').outcome.kind, 'dropped');
    assert.equal(policiesOf(base).policies.length, 5);
  });

  it('the incremental what-if equals a full build with the same mutations', () => {
    const ws = shop();
    const base = ws.cluster();
    const mutations = [
      remove('shop/web-egress'),
      { kind: 'scale', workload: 'shop/Deployment/api', replicas: 3 } as Mutation,
    ];
    const incremental = ws.clusterWith(mutations);
    const full = buildCluster(base.resources, base.config, mutations);
    assert.deepEqual(
      incremental.resources.map((r) => `${r.kind}/${r.name}`),
      full.resources.map((r) => `${r.kind}/${r.name}`),
    );
    assert.ok(!incremental.resources.some((r) => r.name === 'web-egress'));
    assert.deepEqual(
      policiesOf(incremental).policies.map((p) => p.key),
      policiesOf(full).policies.map((p) => p.key),
    );
  });

  it('naming no NetworkPolicy (or one already removed) is a MutationError', () => {
    const ws = shop();
    assert.throws(() => ws.clusterWith([remove('shop/nope')]), MutationError);
    assert.throws(() => ws.clusterWith([remove('shop/web-egress'), remove('shop/web-egress')]), MutationError);
  });

  it('is a what-if the language server accepts from the webview, described in words', () => {
    assert.ok(isMutation({ kind: 'removeNetworkPolicy', policy: 'shop/web-egress' }));
    assert.ok(!isMutation({ kind: 'removeNetworkPolicy' }));
    assert.equal(describeMutation(remove('shop/web-egress')), 'remove NetworkPolicy shop/web-egress');
  });
});
