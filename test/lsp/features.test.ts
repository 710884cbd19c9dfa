import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CodeLens,
  CompletionList,
  DocumentSymbol,
  Hover,
  InitializeResult,
  InlayHint,
  Location,
  MarkupContent,
  Position,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { TestClient, workspaceCopy } from './support/client';

// The editor features over stdio against the built server: the engine's content (tested in
// test/unit/features) arrives as protocol types, at the right positions.
const FIXTURE = resolve(__dirname, '../fixtures/features');

describe('editor features over LSP (dist/server.js --stdio)', () => {
  const ws = workspaceCopy(FIXTURE);
  const client = new TestClient();
  const uri = ws.uri('shop.yaml');
  const lines = readFileSync(join(ws.dir, 'shop.yaml'), 'utf8').split('\n');
  let init: InitializeResult;
  /** The position of `word` on the first line containing `line` after the line containing `after`. */
  const at = (spec: { after?: string; line: string; word: string }): Position => {
    const from = spec.after ? lines.findIndex((l) => l.includes(spec.after!)) : 0;
    const line = lines.findIndex((l, i) => i >= from && l.includes(spec.line));
    return { line, character: lines[line].indexOf(spec.word) + 1 };
  };
  const doc = { textDocument: { uri } };

  before(async () => {
    init = await client.initialize(ws.dir);
    await client.waitForIndex();
  });
  after(async () => {
    await client.dispose();
    ws.cleanup();
  });

  it('advertises every feature', () => {
    const c = init.capabilities;
    assert.ok(
      c.hoverProvider &&
        c.definitionProvider &&
        c.referencesProvider &&
        c.documentSymbolProvider &&
        c.workspaceSymbolProvider &&
        c.inlayHintProvider,
    );
    assert.deepEqual(c.renameProvider, { prepareProvider: true });
    assert.ok(c.codeLensProvider && c.completionProvider);
  });

  it('hover on a Service name: Markdown with its ClusterIP and pods', async () => {
    const h = await client.request<Hover>('textDocument/hover', {
      ...doc,
      position: at({ after: 'kind: Service', line: 'name: web', word: 'web' }),
    });
    const md = h.contents as MarkupContent;
    assert.equal(md.kind, 'markdown');
    assert.match(md.value, /\*\*Service `shop\/web`\*\* · NodePort `10\.[\d.]+`/);
    assert.match(md.value, /\*\*2 pods\*\* selected · deployment\/web/);
    assert.equal(lines[h.range!.start.line].slice(h.range!.start.character, h.range!.end.character), 'web');
    assert.equal(
      await client.request('textDocument/hover', { ...doc, position: at({ line: 'image: nginx', word: 'nginx' }) }),
      null,
    );
  });

  it('code lens above Services and workloads, with their commands', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', doc);
    const titles = lenses.map((l) => l.command!.title);
    assert.ok(titles.includes('← selected by 1 Service'), titles.join('\n'));
    const web = lenses.find((l) => l.command!.title.startsWith('→ 2 pods (deployment/web)'))!;
    assert.equal(web.command!.command, 'kroute.traceRoute');
    assert.deepEqual(web.command!.arguments, [{ service: 'shop/web', port: 80 }]);
    const peek = lenses.find((l) => l.command!.command === 'kroute.showReferences')!;
    assert.equal(peek.command!.arguments![0], uri);
  });

  it('definition from a selector entry to the template label; references back', async () => {
    const [def] = await client.request<Location[]>('textDocument/definition', {
      ...doc,
      position: at({ after: 'type: NodePort', line: 'app: web', word: 'app' }),
    });
    assert.equal(def.uri, uri);
    assert.equal(lines[def.range.start.line], '        app: web');
    const refs = await client.request<Location[]>('textDocument/references', {
      ...doc,
      position: def.range.start,
      context: { includeDeclaration: false },
    });
    assert.deepEqual(
      refs.map((r) => lines[r.range.start.line].trim()),
      ['app: web'],
    );
    assert.ok(refs[0].range.start.line > def.range.start.line, 'the Service selector, below the Deployment');
  });

  it('prepareRename and rename of a label value; a refusal comes back as an error with the reason', async () => {
    const position = at({ after: 'type: NodePort', line: 'app: web', word: 'web' });
    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', { ...doc, position });
    assert.equal(prepared.placeholder, 'web');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...doc, position, newName: 'shopfront' });
    assert.equal(edit.changes![uri].length, 3);
    assert.ok(edit.changes![uri].every((e) => e.newText === 'shopfront'));
    await assert.rejects(
      client.request('textDocument/prepareRename', { ...doc, position: at({ line: 'image: nginx', word: 'nginx' }) }),
      /put the cursor on a label/,
    );
  });

  it('completion of selector values in a document being typed', async () => {
    const typing = ws.uri('typing.yaml');
    await client.open(
      typing,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: new\n  namespace: shop\nspec:\n  selector:\n    app: \n',
    );
    const { items, isIncomplete } = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: typing },
      position: { line: 7, character: 9 },
    });
    assert.equal(isIncomplete, false);
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [
        ['web', 'used by deployment/web'],
        ['worker', 'used by deployment/worker'],
        ['db', 'used by statefulset/db'],
      ],
    );
    assert.deepEqual((items[0].textEdit as { range: unknown }).range, {
      start: { line: 7, character: 9 },
      end: { line: 7, character: 9 },
    });
  });

  it('inlay hints, document symbols and workspace symbols', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      ...doc,
      range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
    });
    assert.deepEqual(
      hints.slice(0, 2).map((h) => h.label),
      ['2 pods', '→ 8080'],
    );
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc);
    assert.equal(symbols[0].name, 'Deployment web');
    assert.deepEqual(
      symbols[0].children!.map((c) => c.name),
      ['http 8080/TCP', 'metrics 9100/TCP'],
    );
    const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'payments' });
    assert.deepEqual(
      found.map((s) => [s.name, s.containerName]),
      [['payments-api', 'Service · shop']],
    );
  });
});

describe('settings apply live', () => {
  const ws = workspaceCopy(FIXTURE);
  const settings: Record<string, unknown> = {};
  const client = new TestClient(settings);
  const textDocument = { uri: ws.uri('shop.yaml') };
  const everything = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };
  /** Changes the settings the client answers with and tells the server, as VS Code does. */
  const configure = async (change: Record<string, unknown>) => {
    Object.assign(settings, change);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  };
  /** The server reads the new settings asynchronously (workspace/configuration): ask until it answers as expected. */
  const eventually = async (what: string, check: () => boolean | Promise<boolean>) => {
    const deadline = Date.now() + 10000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  after(async () => {
    await client.dispose();
    ws.cleanup();
  });

  it('kroute.serviceCIDR moves the ClusterIPs in lenses; kroute.inlayHints.enabled turns hints off and on', async () => {
    await client.initialize(ws.dir);
    await client.waitForIndex();
    const lensTitles = async () =>
      (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument }))
        .map((l) => l.command!.title)
        .join('\n');
    assert.match(await lensTitles(), /· 10\.(9[6-9]|10\d|11[01])\.\d+\.\d+:80/);
    await configure({ serviceCIDR: '172.30.0.0/16' });
    await eventually('lenses with ClusterIPs from 172.30.0.0/16', async () =>
      /· 172\.30\.\d+\.\d+:80/.test(await lensTitles()),
    );

    assert.ok(
      (await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument, range: everything })).length > 0,
    );
    await configure({ inlayHints: { enabled: false } });
    await eventually(
      'no inlay hints',
      async () =>
        (await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument, range: everything })).length === 0,
    );
    await configure({ inlayHints: { enabled: true } });
    await eventually(
      'inlay hints again',
      async () =>
        (await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument, range: everything })).length > 0,
    );
  });

  it("next to a Kubernetes schema validator, type errors, unknown fields and enum values are left to it; kroute's own findings and completions stay", async () => {
    // Settled by the client from kroute.deferToYamlSchema and the installed extensions (client/src/schema-overlap.ts).
    const typed = ws.uri('typed.yaml');
    await client.open(
      typed,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: typed\n  namespace: shop\nspec:\n  type: \n  selector: { app: wrker }\n  ports:\n    - port: "80"\n  publishNotReady: true\n',
    );
    const codes = () =>
      (client.diagnosticsFor(typed) ?? [])
        .map((d) => d.code)
        .sort()
        .join(' ');
    const enumValues = async () =>
      (
        await client.request<CompletionList>('textDocument/completion', {
          textDocument: { uri: typed },
          position: { line: 6, character: 8 },
        })
      ).items
        .map((i) => i.label)
        .join(' ');
    await eventually(
      'the type error, the unknown field and the dead selector',
      () =>
        codes().includes('field-type') &&
        codes().includes('unknown-field') &&
        codes().includes('selector-matches-nothing'),
    );
    assert.match(await enumValues(), /ClusterIP NodePort LoadBalancer ExternalName/);

    await configure({ kubernetesSchemaActive: true });
    await eventually(
      'the type error and the unknown field left to the schema',
      () => !/field-type|unknown-field/.test(codes()),
    );
    assert.match(codes(), /selector-matches-nothing/, 'what only kroute knows stays');
    assert.equal(await enumValues(), '', 'the schema offers the enum values');

    await configure({ kubernetesSchemaActive: true, rules: { 'field-type': 'warning' } });
    await eventually('an explicit severity wins', () => codes().includes('field-type'));
    await configure({ kubernetesSchemaActive: false, rules: {} });
    await eventually('the enum values again', async () => (await enumValues()).includes('ClusterIP'));
  });
});
