// kroute seen through VS Code's own API, inside the extension host: the diagnostics it
// publishes, the hover it returns for a Service, and the commands it registers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';

const workspace = process.env.KROUTE_TEST_WORKSPACE ?? '';
const uri = (file: string) => vscode.Uri.file(join(workspace, file));

/** Resolves with the file's diagnostics once one of them matches, via onDidChangeDiagnostics. */
function diagnosticMatching(file: vscode.Uri, pattern: RegExp, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  const find = () => vscode.languages.getDiagnostics(file).find((d) => pattern.test(d.message));
  return new Promise((res, rej) => {
    const found = find();
    if (found) {
      res(found);
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      rej(
        new Error(
          `no diagnostic matching ${pattern} on ${file.fsPath} within ${timeoutMs} ms; saw ${JSON.stringify(vscode.languages.getDiagnostics(file).map((d) => d.message))}`,
        ),
      );
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const d = find();
      if (!d) return;
      clearTimeout(timer);
      sub.dispose();
      res(d);
    });
  });
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

describe('kroute in VS Code', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension('kroute.kroute');
    assert.ok(ext, 'the kroute extension is installed');
    await ext.activate();
  });

  it('reports a NodePort outside the node-port range as an error', async () => {
    const file = uri('nodeport-out-of-range.yaml');
    await vscode.window.showTextDocument(file);
    const d = await diagnosticMatching(file, /provided port is not in the valid range/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'kroute');
  });

  it('warns about a selector that matches no pods', async () => {
    const file = uri('selector-typo.yaml');
    await vscode.window.showTextDocument(file);
    const d = await diagnosticMatching(file, /matches no pods/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(codeOf(d), 'selector-matches-nothing');
  });

  it('hovers a Service name with its ClusterIP and pods', async () => {
    const file = uri('backend.yaml');
    const doc = await vscode.workspace.openTextDocument(file);
    // The fixture's diagnostics in another file say the server has read the workspace.
    await diagnosticMatching(uri('nodeport-out-of-range.yaml'), /provided port/);
    const lines = doc.getText().split('\n');
    const line = lines.findIndex((l, i) => i > lines.indexOf('kind: Service') && l.trim() === 'name: backend');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      file,
      new vscode.Position(line, lines[line].indexOf('backend') + 1),
    );
    // A hover provider may still answer with the deprecated MarkedString objects.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ClusterIP/);
    assert.match(text, /10\.(9[6-9]|10\d|11[01])\.\d+\.\d+/);
    assert.match(text, /backend-[a-z0-9]+-[a-z0-9]{5}/, 'names a backend pod');
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['kroute.traceRoute', 'kroute.showIptables', 'kroute.showOutput', 'kroute.restartServer']) {
      assert.ok(commands.includes(c), `${c} is registered`);
    }
  });
});
