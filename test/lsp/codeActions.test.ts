import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { indexedClient, TestClient, workspaceCopy } from './support/client';

const EXAMPLES = resolve(__dirname, '../../examples');

/** Asks for the quick fixes at a diagnostic, as VS Code does when the cursor is on it. */
function fixesAt(client: TestClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  });
}

function applied(uri: string, text: string, action: CodeAction): string {
  const edits = action.edit!.changes![uri];
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}

describe('code actions over LSP (dist/server.js --stdio) on examples/', () => {
  const { ws, client } = indexedClient(EXAMPLES);

  it('NodePort 80: offers the nearest free port (preferred) and removing nodePort; applying it clears the error', async () => {
    const uri = ws.uri('mistakes/nodeport-80.yaml');
    const text = readFileSync(join(ws.dir, 'mistakes/nodeport-80.yaml'), 'utf8');
    await client.open(uri, text);
    const [d] = (await client.waitForDiagnostics(uri, (l) => l.some((x) => x.code === 'nodeport-out-of-range'))).filter(
      (x) => x.code === 'nodeport-out-of-range',
    );
    const actions = await fixesAt(client, uri, d);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Use nodePort 30000 (nearest free port in 30000-32767)', 'quickfix', true],
        ['Remove nodePort (let the cluster allocate one)', 'quickfix', false],
      ],
    );
    assert.equal(actions[0].diagnostics![0].code, 'nodeport-out-of-range');
    const fixed = applied(uri, text, actions[0]);
    assert.ok(fixed.startsWith('# Rejected at apply time'), 'comments stay');
    await client.change(uri, fixed);
    await client.waitForDiagnostics(uri, (l) => !l.some((x) => x.code === 'nodeport-out-of-range'));
  });

  it("dead selector: the fix changes the selector to the nearest workload's labels and the warning clears", async () => {
    const uri = ws.uri('mistakes/typo-selector.yaml');
    const text = readFileSync(join(ws.dir, 'mistakes/typo-selector.yaml'), 'utf8');
    await client.open(uri, text);
    const d = (await client.waitForDiagnostics(uri, (l) => l.some((x) => x.code === 'selector-matches-nothing'))).find(
      (x) => x.code === 'selector-matches-nothing',
    )!;
    const [action] = await fixesAt(client, uri, d);
    assert.equal(action.title, "Change the selector to deployment/cart's labels (app=cart)");
    const fixed = applied(uri, text, action);
    assert.match(fixed, /selector:\n {4}app: cart\n/);
    await client.change(uri, fixed);
    await client.waitForDiagnostics(uri, (l) => !l.some((x) => x.code === 'selector-matches-nothing'));
  });

  it('no actions where there is no diagnostic, and none when only other kinds are asked for', async () => {
    const uri = ws.uri('shop/frontend.yaml');
    await client.open(uri, readFileSync(join(ws.dir, 'shop/frontend.yaml'), 'utf8'));
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
    assert.deepEqual(
      await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }),
      [],
    );
    const unknownTarget = ws.uri('mistakes/unknown-target-port.yaml');
    await client.open(unknownTarget, readFileSync(join(ws.dir, 'mistakes/unknown-target-port.yaml'), 'utf8'));
    const d = (
      await client.waitForDiagnostics(unknownTarget, (l) => l.some((x) => x.code === 'target-port-unresolved'))
    ).find((x) => x.code === 'target-port-unresolved')!;
    assert.deepEqual(
      await client.request('textDocument/codeAction', {
        textDocument: { uri: unknownTarget },
        range: d.range,
        context: { diagnostics: [d], only: ['refactor'] },
      }),
      [],
    );
    assert.deepEqual(
      (await fixesAt(client, unknownTarget, d)).map((a) => a.title),
      ['Use container port name "http"'],
    );
  });

  it('.kroute.yaml at the workspace root changes severities without a reload', async () => {
    const uri = ws.uri('mistakes/unknown-target-port.yaml');
    writeFileSync(join(ws.dir, '.kroute.yaml'), 'rules:\n  target-port-unresolved: error\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri('.kroute.yaml'), type: 2 }],
    });
    await client.waitForDiagnostics(uri, (l) => l.some((x) => x.code === 'target-port-unresolved' && x.severity === 1));
    writeFileSync(join(ws.dir, '.kroute.yaml'), 'rules:\n  target-port-unresolved: off\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri('.kroute.yaml'), type: 2 }],
    });
    await client.waitForDiagnostics(uri, (l) => !l.some((x) => x.code === 'target-port-unresolved'));
  });
});

describe('kroute.rules setting over LSP', () => {
  const ws = workspaceCopy(EXAMPLES);
  let client: TestClient;

  before(async () => {
    writeFileSync(
      join(ws.dir, '.kroute.yaml'),
      'rules:\n  nodeport-out-of-range: warning\n  selector-matches-nothing: off\n',
    );
    client = new TestClient({ rules: { 'nodeport-out-of-range': 'information' } });
    await client.initialize(ws.dir);
    await client.waitForIndex();
  });
  after(async () => {
    await client.dispose();
    ws.cleanup();
  });

  it('overrides .kroute.yaml, which still applies to the rules the setting does not name', async () => {
    const nodePort = ws.uri('mistakes/nodeport-80.yaml');
    await client.waitForDiagnostics(nodePort, (l) =>
      l.some((x) => x.code === 'nodeport-out-of-range' && x.severity === 3),
    );
    const typo = ws.uri('mistakes/typo-selector.yaml');
    await client.open(typo, readFileSync(join(ws.dir, 'mistakes/typo-selector.yaml'), 'utf8'));
    await client.request('kroute/rescan', null);
    assert.ok(!(client.diagnosticsFor(typo) ?? []).some((x) => x.code === 'selector-matches-nothing'));
  });
});
