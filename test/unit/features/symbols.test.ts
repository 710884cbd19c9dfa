import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentSymbols, workspaceSymbols, type SymbolData } from '../../../server/src/engine/features/symbols';
import { uriOf, workspace } from './helpers';

const outline = (symbols: SymbolData[]): unknown =>
  symbols.map((s) => (s.children ? { [s.name]: outline(s.children) } : s.name));

describe('symbols (features/symbols.ts)', () => {
  const ws = workspace('shop.yaml', 'match-expressions.yaml');

  it('outline: each object as `Kind name`, with its Service or container ports', () => {
    assert.deepEqual(outline(documentSymbols(ws, uriOf('shop.yaml'))), [
      { 'Deployment web': ['http 8080/TCP', 'metrics 9100/TCP'] },
      { 'Service web': ['http 80/TCP', 'metrics 9100/TCP'] },
      { 'Service web-typo': ['80/TCP'] },
      'Deployment worker',
      { 'StatefulSet db': ['pg 5432/TCP'] },
      { 'Service db': ['pg 5432/TCP'] },
      'Service payments-api',
    ]);
    const [deployment] = documentSymbols(ws, uriOf('shop.yaml'));
    assert.equal(deployment.detail, 'shop');
    assert.equal(deployment.kind, 'workload');
    const lines = ws.file(uriOf('shop.yaml'))!.text.split('\n');
    assert.equal(lines[deployment.selectionRange.start.line], '  name: web');
    const web = documentSymbols(ws, uriOf('shop.yaml'))[1];
    assert.equal(web.children![0].detail, '→ http · nodePort 30080');
  });

  it('workspace symbols: Services and workloads by name, in characters-in-order match', () => {
    assert.deepEqual(
      workspaceSymbols(ws, 'web').map((s) => `${s.containerName} ${s.name}`),
      ['Service · shop web', 'Service · shop web-typo', 'Deployment · shop web'],
    );
    assert.deepEqual(
      workspaceSymbols(ws, 'wty').map((s) => s.name),
      ['web-typo'],
    );
    assert.equal(workspaceSymbols(ws, '').length, 10, '7 in shop.yaml, 3 in match-expressions.yaml');
  });
});
