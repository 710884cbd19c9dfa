import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import { documentSymbols, workspaceSymbols, type SymbolData, type SymbolKindData } from '../../engine/features/symbols';
import type { Feature } from '../context';

const KINDS: Record<SymbolKindData, SymbolKind> = {
  service: SymbolKind.Interface,
  workload: SymbolKind.Class,
  resource: SymbolKind.Object,
  port: SymbolKind.Property,
};

function toLsp(s: SymbolData): DocumentSymbol {
  return {
    name: s.name,
    kind: KINDS[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    ...(s.detail ? { detail: s.detail } : {}),
    ...(s.children ? { children: s.children.map(toLsp) } : {}),
  };
}

/** The outline of a manifest file and "Go to Symbol in Workspace" over Services and workloads. */
export const symbolsFeature: Feature = {
  capabilities: { documentSymbolProvider: true, workspaceSymbolProvider: true },
  register(ctx) {
    ctx.connection.onDocumentSymbol(
      ctx.guard('documentSymbol', [] as DocumentSymbol[], (params) =>
        documentSymbols(ctx.workspace, params.textDocument.uri).map(toLsp),
      ),
    );
    ctx.connection.onWorkspaceSymbol(
      ctx.guard('workspaceSymbol', [] as WorkspaceSymbol[], (params) =>
        workspaceSymbols(ctx.workspace, params.query).map((s) => ({
          name: s.name,
          kind: KINDS[s.kind],
          containerName: s.containerName,
          location: s.location,
        })),
      ),
    );
  },
};
