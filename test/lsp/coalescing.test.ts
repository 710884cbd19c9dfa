import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it, mock } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { features } from '../../server/src/lsp/features';
import { KrouteServer } from '../../server/src/lsp/server';
import { messageText, stopped, TestClient } from './support/client';

// Issue 21, target 1: a keystroke's diagnostics are published as soon as the engine has them (no
// fixed debounce), and edits that queue up while the server is busy are computed once, for the
// last of them, with every other file's diagnostics kept right.

/** A Service beside the Deployment it was written for; `selector` decides whether it finds its pods. */
const manifest = (selector: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: ${selector}\n  ports:\n    - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: example}]\n`;

describe('publishing without a fixed delay (the adapter in-process, timers frozen)', () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  let arrived: () => void = () => undefined;

  before(async () => {
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    new KrouteServer(connection, features).start();
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
      arrived();
    });
    client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    client.listen();
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification('initialized', {});
  });
  after(() => {
    mock.timers.reset();
    client.dispose();
  });

  it('a change is published with setTimeout frozen: nothing waits for a timer', async () => {
    // (A debounce timer would never fire: the test would time out.)
    // ({ apis } is Node ≥ 20.11's form; the @types/node in use still declares the older array.)
    mock.timers.enable({ apis: ['setTimeout'] } as never);
    const uri = 'untitled:coalescing.yaml';
    const next = () => new Promise<void>((res) => (arrived = res));
    let got = next();
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: manifest('wbe') },
    });
    await got;
    assert.deepEqual(
      published.at(-1)?.diagnostics.map((d) => d.code),
      ['selector-matches-nothing'],
    );
    got = next();
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: manifest('web') }],
    });
    await got;
    assert.deepEqual(published.at(-1), { uri, version: 2, diagnostics: [] });
  });
});

describe(
  'edits that queue up while the server is busy (over stdio)',
  { skip: !existsSync('/proc/self/stat') && 'needs Linux (/proc and SIGSTOP) to hold the server still' },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroute-coalescing-'));
    const uri = (name: string) => pathToFileURL(join(dir, name)).href;
    const client = new TestClient();

    before(async () => {
      writeFileSync(join(dir, 'edited.yaml'), manifest('wbe'));
      writeFileSync(join(dir, 'other.yaml'), manifest('web').replace(/web/g, 'api'));
      await client.initialize(dir);
      await client.waitForIndex();
    });
    after(async () => {
      await client.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('are computed once, for the last version, and another file edited among them is published too', async () => {
      const edited = uri('edited.yaml');
      const other = uri('other.yaml');
      await client.open(edited, manifest('wbe'));
      await client.open(other, manifest('web').replace(/web/g, 'api'));
      await client.waitForDiagnostics(edited, (d) => d.length === 1);
      const server = client.process;
      // Stopped, the server reads nothing: the edits wait in its input as behind a long computation.
      server.kill('SIGSTOP');
      try {
        await stopped(server.pid!);
        client.publications.length = 0;
        for (let i = 0; i < 20; i++) await client.change(edited, manifest(i % 2 ? 'web' : `typo-${i}`));
        await client.change(other, manifest('ap').replace(/web/g, 'api'));
        await client.change(edited, manifest('final-typo'));
        server.kill('SIGCONT');
        const last = await client.waitForDiagnostics(edited, (d) =>
          d.some((x) => messageText(x).includes('final-typo')),
        );
        await client.waitForDiagnostics(other, (d) => d.length === 1);
        assert.equal(last.length, 1);
        const ofEdited = client.publications.filter((p) => p.uri === edited);
        assert.deepEqual(
          ofEdited.map((p) => p.version),
          [22],
          'one publication, for the last of the 21 edits',
        );
        assert.deepEqual(
          client.publications.filter((p) => p.uri === other).map((p) => p.diagnostics.map((d) => d.code)),
          [['selector-matches-nothing']],
        );
      } finally {
        server.kill('SIGCONT');
      }
    });
  },
);
