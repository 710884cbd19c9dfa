import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it, mock } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import { features } from '../../server/src/lsp/features';
import { KrouteServer } from '../../server/src/lsp/server';
import { TestClient } from './support/client';

// The first scan's work-done progress (LSP 3.15 "Work Done Progress": window/workDoneProgress/create,
// then $/progress begin, report…, end on the token created), only for a client that declares
// window.workDoneProgress.

const FILES = 40;

/** A workspace of FILES files, each a Service with a NodePort out of range (one diagnostic per file). */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kroute-progress-'));
  for (let i = 0; i < FILES; i++) {
    writeFileSync(
      join(dir, `service-${String(i).padStart(2, '0')}.yaml`),
      `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {type: NodePort, ports: [{port: 80, nodePort: ${i + 1}}]}\n`,
    );
  }
  return dir;
}

interface Progress {
  kind: 'begin' | 'report' | 'end';
  percentage?: number;
  message?: string;
}

/** A client recording the progress tokens the server creates and every $/progress value, in order. */
function recordingClient(): {
  client: TestClient;
  created: unknown[];
  progress: { token: unknown; value: Progress }[];
} {
  const client = new TestClient();
  const created: unknown[] = [];
  const progress: { token: unknown; value: Progress }[] = [];
  client.connection.onRequest('window/workDoneProgress/create', (p: { token: unknown }) => {
    created.push(p.token);
    return null;
  });
  client.connection.onUnhandledProgress((p) => progress.push({ token: p.token, value: p.value as Progress }));
  return { client, created, progress };
}

describe('progress during the first scan', () => {
  let dir: string;
  before(() => (dir = workspace()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('begins, reports a rising percentage as files are read, and ends once the scan is published', async () => {
    const { client, created, progress } = recordingClient();
    try {
      await client.initialize(dir);
      await client.until("the end of the scan's progress", () => progress.some((p) => p.value.kind === 'end'));
      assert.equal(created.length, 1, 'one progress token for the scan');
      assert.ok(
        progress.every((p) => p.token === created[0]),
        'every $/progress is on the created token',
      );
      const kinds = progress.map((p) => p.value.kind);
      assert.equal(kinds[0], 'begin');
      assert.equal(kinds.at(-1), 'end');
      assert.ok(kinds.slice(1, -1).every((k) => k === 'report'));
      const percentages = progress.flatMap((p) =>
        p.value.kind === 'report' && p.value.percentage !== undefined ? [p.value.percentage] : [],
      );
      assert.ok(percentages.length >= 2, `reports: ${JSON.stringify(percentages)}`);
      for (let i = 1; i < percentages.length; i++)
        assert.ok(percentages[i] > percentages[i - 1], `percentages rise: ${JSON.stringify(percentages)}`);
      assert.ok(percentages.at(-1)! <= 100);
      assert.ok(
        progress.some((p) => p.value.message === `${FILES}/${FILES} files`),
        'a report counts every file read',
      );
      // Every file's diagnostics are out by the time the progress ends.
      assert.equal([...client.publishedUris()].length, FILES);
    } finally {
      await client.dispose();
    }
  });

  it('sends none to a client that does not declare window.workDoneProgress', async () => {
    const { client, created, progress } = recordingClient();
    try {
      await client.initialize(dir, { workDoneProgress: false });
      await client.waitForIndex();
      await client.until('every file published', () => [...client.publishedUris()].length === FILES);
      assert.deepEqual(created, []);
      assert.deepEqual(progress, []);
    } finally {
      await client.dispose();
    }
  });
});

describe('the editor during a long first scan (the adapter in-process, reading held until it answers)', () => {
  // Whether a request sent during the scan is answered before the scan ends is a race between the
  // client's reaction and the rest of the reading, unless the reading waits for the answer. Here each
  // file read spins 1 ms for as long as the hover is unanswered: a scan that lets the editor's
  // messages in between its slices answers within a few slices, one that does not (SCAN_SLICE_MS
  // at 1e9) reads all MANY files first. No outcome depends on how busy the machine is.
  const MANY = 1000;
  const dir = mkdtempSync(join(tmpdir(), 'kroute-scan-slices-'));
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  let answered = false;
  let read = 0;

  before(() => {
    for (let i = 0; i < MANY; i++)
      writeFileSync(
        join(dir, `svc-${String(i).padStart(4, '0')}.yaml`),
        `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {selector: {app: a${i}}, ports: [{port: 80}]}\n`,
      );
    // The server reads with fs.readFileSync, looked up on the module at each call (CommonJS).
    const readFileSync = fs.readFileSync;
    mock.method(fs, 'readFileSync', (...args: Parameters<typeof fs.readFileSync>) => {
      if (String(args[0]).startsWith(dir)) {
        read++;
        const until = performance.now() + 1;
        while (!answered && performance.now() < until);
      }
      return readFileSync(...args);
    });
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    new KrouteServer(connection, features).start();
    client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    client.onRequest('window/workDoneProgress/create', () => null);
    client.onRequest('client/registerCapability', () => null);
    client.listen();
  });
  after(() => {
    mock.restoreAll();
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is answered between the scan’s slices, not after the whole scan', async () => {
    const uri = pathToFileURL(join(dir, 'svc-0000.yaml')).href;
    let readWhenAnswered = -1;
    let hover: Promise<unknown> | undefined;
    const ended = new Promise<void>((resolve) =>
      client.onUnhandledProgress(({ value }) => {
        const kind = (value as { kind: string }).kind;
        // At the first report of files read, a request: its answer must not wait for the rest.
        if (kind === 'report' && !hover)
          hover = client
            .sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 17 } })
            .then((answer) => {
              readWhenAnswered = read;
              answered = true;
              return answer;
            });
        if (kind === 'end') resolve();
      }),
    );
    await client.sendRequest('initialize', {
      processId: null,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'many' }],
      capabilities: { window: { workDoneProgress: true } },
    });
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'yaml',
        version: 1,
        text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s0}\n',
      },
    });
    await ended;
    assert.ok(hover, 'the scan reported files read');
    // The Service's card, from the engine as it stood mid-scan.
    assert.match(JSON.stringify(await hover), /s0/);
    // Every file but the open one, whose text is the editor's.
    assert.equal(read, MANY - 1, 'the scan read every file from disk');
    assert.ok(
      readWhenAnswered >= 0 && readWhenAnswered < read,
      `the hover was answered after ${readWhenAnswered} of ${read} files were read`,
    );
  });
});
