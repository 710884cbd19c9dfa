import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Workspace } from '../../engine/workspace';
import type { Feature } from '../context';
import { AppsOfRequest, type AppsOfResult } from '../protocol';

/** Which apps a file is modelled in, for the language status item of the active editor. */
export const appsFeature: Feature = {
  capabilities: {},
  register(ctx) {
    ctx.connection.onRequest(AppsOfRequest, async (params: unknown) => {
      const { uri } = (params ?? {}) as { uri?: unknown };
      if (typeof uri !== 'string' || !uri)
        return new ResponseError(
          ErrorCodes.InvalidParams,
          'invalid kroute/appsOf params: uri must be a non-empty string',
        );
      // Apps are laid out from every file's objects: a partial index would name the wrong ones.
      await ctx.indexed();
      return answerAppsOf(ctx.workspace, uri);
    });
  },
};

export function answerAppsOf(ws: Workspace, uri: string): AppsOfResult {
  return {
    total: ws.apps().length,
    apps: ws.appsOf(uri).map((a) => ({ name: a.name, kind: a.kind, origin: a.origin, files: a.files.length })),
  };
}
