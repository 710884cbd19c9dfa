import {
  ErrorCodes,
  ResponseError,
  type PrepareRenameResult,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { prepareRename, rename } from '../../engine/features/rename';
import type { Feature } from '../context';

/** Rename a pod label key or value across the selectors and templates that share it. */
export const renameFeature: Feature = {
  capabilities: { renameProvider: { prepareProvider: true } },
  register(ctx) {
    // A refusal is answered as an error: the editor shows its message instead of a rename box.
    const refuse = (message: string) => new ResponseError<void>(ErrorCodes.InvalidRequest, message);
    ctx.connection.onPrepareRename(
      ctx.guard('prepareRename', null as PrepareRenameResult | ResponseError | null, (params) => {
        const r = prepareRename(ctx.workspace, params.textDocument.uri, params.position);
        return 'error' in r ? refuse(r.error) : r;
      }),
    );
    ctx.connection.onRenameRequest(
      ctx.guard('rename', null as WorkspaceEdit | ResponseError | null, (params) => {
        const r = rename(ctx.workspace, params.textDocument.uri, params.position, params.newName);
        if ('error' in r) return refuse(r.error);
        const changes: Record<string, TextEdit[]> = {};
        for (const e of r.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
        return { changes };
      }),
    );
  },
};
