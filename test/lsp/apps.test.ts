import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver-protocol';
import { describeApps } from '../../client/src/apps-label';
import type { AppsOfResult } from '../../server/src/lsp/protocol';
import { indexedClient } from './support/client';

// kroute/appsOf, behind the language status item: the app the active file is modelled in, as
// `kroute explain` and the Service hover name it (two samples side by side are two apps).
const FIXTURE = resolve(__dirname, '../fixtures/apps/side-by-side-samples');

describe('kroute/appsOf over LSP (dist/server.js --stdio)', () => {
  const { ws, client } = indexedClient(FIXTURE);

  it("names each sample's own app, and none for a file that is not a manifest", async () => {
    const first = await client.request<AppsOfResult>('kroute/appsOf', { uri: ws.uri('first/app.yaml') });
    assert.deepEqual(
      first.apps.map((a) => [a.name, a.kind, a.files]),
      [['first', 'directory', 1]],
    );
    assert.equal(first.total, 2);
    assert.equal(describeApps(first), 'App first (one directory) of 2');
    const second = await client.request<AppsOfResult>('kroute/appsOf', { uri: ws.uri('second/app.yaml') });
    assert.deepEqual(
      second.apps.map((a) => a.name),
      ['second'],
    );
    const none = await client.request<AppsOfResult>('kroute/appsOf', { uri: ws.uri('README.md') });
    assert.deepEqual(none, { total: 2, apps: [] });
    assert.equal(describeApps(none), '');
  });

  it('answers malformed params with InvalidParams', async () => {
    const malformed = await client.request('kroute/appsOf', { uri: 7 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(malformed instanceof ResponseError);
    assert.equal(malformed.code, -32602);
  });
});
