// The host's side of the panel protocol: what the webview may send, and what the server answers
// to a malformed kroute/trace request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage, rememberQuery, restoredQuery } from '../../client/src/trace/messages';
import { answerTrace } from '../../server/src/lsp/features/trace';
import { workspaceOf } from './harness';

const params = {
  destination: 'backend.shop:80',
  source: 'workload:shop/Deployment/frontend',
  mutations: [],
  requests: 10,
  seed: 1,
};
const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };

test('the host accepts the webview messages it knows, in their shape', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'query', params }), { type: 'query', params });
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', location: { uri: 'file:///w/a.yaml', range } }), {
    type: 'reveal',
    location: { uri: 'file:///w/a.yaml', range },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'copy', text: '# x' }), { type: 'copy', text: '# x' });
  assert.deepEqual(parseWebviewMessage({ type: 'saveSvg', svg: '<svg/>' }), { type: 'saveSvg', svg: '<svg/>' });
});

test('the host ignores unexpected or malformed webview messages', () => {
  for (const m of [
    null,
    'ready',
    [],
    { type: 'exec', command: 'rm' },
    { type: 'query' },
    { type: 'query', params: { ...params, requests: '10' } },
    { type: 'reveal', location: { uri: 'command:workbench.action.quit', range } },
    { type: 'reveal', location: { uri: 'file:///a', range: {} } },
    { type: 'copy', text: 7 },
    { type: 'saveSvg', svg: '<script>alert(1)</script>' },
  ])
    assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test("a restored panel shows the newest query: the host's record for its destination, else the webview state", () => {
  const deleted = { ...params, mutations: [{ kind: 'deletePod' as const, pod: 'shop/backend-84c6cdc68b-s84rt' }] };
  const other = { ...params, destination: 'frontend.shop:80' };
  const recorded = rememberQuery(rememberQuery(rememberQuery(undefined, params), other), deleted);
  assert.deepEqual(recorded, [deleted, other], 'one entry per destination, newest first');
  // The workbench saved the panel's state before its what-if; the host recorded the what-if.
  assert.deepEqual(restoredQuery({ params }, recorded), deleted);
  assert.deepEqual(restoredQuery({ params: other }, recorded), other);
  // A destination the host has no record of keeps the webview's own state.
  const unrecorded = { ...params, destination: 'db.shop:5432' };
  assert.deepEqual(restoredQuery({ params: unrecorded }, recorded), unrecorded);
  // No state saved yet: the newest recorded query; nothing valid anywhere: nothing to restore.
  assert.deepEqual(restoredQuery(undefined, recorded), deleted);
  assert.equal(restoredQuery(undefined, undefined), undefined);
  assert.equal(restoredQuery({ params: { destination: 7 } }, [{ bogus: true }]), undefined);
  assert.equal(
    rememberQuery(
      Array.from({ length: 30 }, (_, i) => ({ ...params, destination: `s${i}.shop:80` })),
      params,
    ).length,
    20,
  );
});

test('kroute/trace rejects malformed params and unknown names with a message for the user', () => {
  const ws = workspaceOf('examples/shop');
  assert.equal(answerTrace(ws, params).distribution.requests, 10);
  for (const [bad, why] of [
    [null, /expected an object/],
    [{ ...params, destination: '' }, /destination/],
    [{ ...params, requests: 0 }, /requests/],
    [{ ...params, seed: 1.5 }, /seed/],
    [{ ...params, mutations: [{ kind: 'rm -rf' }] }, /mutation 1/],
    [{ ...params, mutations: [{ kind: 'scale', workload: 'shop/Deployment/backend', replicas: -1 }] }, /mutation 1/],
    [{ ...params, source: 'pod:shop/nope' }, /no pod shop\/nope/],
    [{ ...params, destination: 'bad host!:80' }, /destination/],
  ] as const)
    assert.throws(() => answerTrace(ws, bad), why);
});
