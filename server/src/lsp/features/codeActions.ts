import { CodeActionKind, type CodeAction, type TextEdit } from 'vscode-languageserver';
import { codeActions } from '../../engine/rules/code-actions';
import type { Feature } from '../context';
import { toLspDiagnostic } from '../convert';

/** Quick fixes: the engine computes them as text edits on diagnostics; this only translates. */
export const codeActionsFeature: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false } },
  register(ctx) {
    ctx.connection.onCodeAction(
      ctx.guard('codeAction', [] as CodeAction[], (params) => {
        if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
        return codeActions(ctx.workspace, params.textDocument.uri, params.range).map((a): CodeAction => {
          const changes: Record<string, TextEdit[]> = {};
          for (const e of a.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
          return {
            title: a.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [toLspDiagnostic(a.diagnostic)],
            ...(a.preferred ? { isPreferred: true } : {}),
            edit: { changes },
          };
        });
      }),
    );
  },
};
