// The host's side of the panel protocol: what the webview may send, and what the server answers
// to a malformed kroute/trace request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../client/src/trace/messages';
import { answerTrace } from '../../server/src/lsp/features/trace';
import { workspaceOf } from './harness';

const params = { destination: 'backend.shop:80', source: 'workload:shop/Deployment/frontend', mutations: [], requests: 10, seed: 1 };
const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };

test('the host accepts the webview messages it knows, in their shape', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'query', params }), { type: 'query', params });
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', location: { uri: 'file:///w/a.yaml', range } }), { type: 'reveal', location: { uri: 'file:///w/a.yaml', range } });
  assert.deepEqual(parseWebviewMessage({ type: 'copy', text: '# x' }), { type: 'copy', text: '# x' });
  assert.deepEqual(parseWebviewMessage({ type: 'saveSvg', svg: '<svg/>' }), { type: 'saveSvg', svg: '<svg/>' });
});

test('the host ignores unexpected or malformed webview messages', () => {
  for (const m of [
    null, 'ready', [], { type: 'exec', command: 'rm' }, { type: 'query' }, { type: 'query', params: { ...params, requests: '10' } },
    { type: 'reveal', location: { uri: 'command:workbench.action.quit', range } }, { type: 'reveal', location: { uri: 'file:///a', range: {} } },
    { type: 'copy', text: 7 }, { type: 'saveSvg', svg: '<script>alert(1)</script>' },
  ]) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('kroute/trace rejects malformed params and unknown names with a message for the user', () => {
  const ws = workspaceOf('examples/shop');
  assert.equal(answerTrace(ws, params).distribution.requests, 10);
  for (const [bad, why] of [
    [null, /expected an object/], [{ ...params, destination: '' }, /destination/], [{ ...params, requests: 0 }, /requests/],
    [{ ...params, seed: 1.5 }, /seed/], [{ ...params, mutations: [{ kind: 'rm -rf' }] }, /mutation 1/],
    [{ ...params, mutations: [{ kind: 'scale', workload: 'shop/Deployment/backend', replicas: -1 }] }, /mutation 1/],
    [{ ...params, source: 'pod:shop/nope' }, /no pod shop\/nope/], [{ ...params, destination: 'bad host!:80' }, /destination/],
  ] as const) assert.throws(() => answerTrace(ws, bad), why);
});
