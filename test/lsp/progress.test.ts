import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
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

describe('the editor during a long first scan', () => {
  const MANY = 2000;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kroute-scan-slices-'));
    for (let i = 0; i < MANY; i++)
      writeFileSync(
        join(dir, `svc-${String(i).padStart(4, '0')}.yaml`),
        `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {selector: {app: a${i}}, ports: [{port: 80}]}\n`,
      );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is answered between the scan’s slices, not after the whole scan', async () => {
    const { client, progress } = recordingClient();
    try {
      await client.initialize(dir);
      const uri = pathToFileURL(join(dir, 'svc-0000.yaml')).href;
      await client.open(uri, 'apiVersion: v1\nkind: Service\nmetadata: {name: s0}\nspec: {ports: [{port: 80}]}\n');
      // Once the scan has reported some files read, a request: its answer must not wait for the rest.
      await client.until('a report of files read', () => progress.some((p) => p.value.kind === 'report'));
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 1, character: 7 },
      });
      const answeredAt = progress.length;
      await client.until("the end of the scan's progress", () => progress.some((p) => p.value.kind === 'end'));
      const reportsAfter = progress.slice(answeredAt).filter((p) => p.value.kind === 'report' && p.value.percentage);
      assert.ok(
        reportsAfter.length > 0,
        `the hover was answered after the scan had read everything: ${JSON.stringify(progress.map((p) => p.value))}`,
      );
    } finally {
      await client.dispose();
    }
  });
});
