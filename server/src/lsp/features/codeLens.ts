import type { CodeLens } from 'vscode-languageserver';
import { codeLenses } from '../../engine/features/codeLens';
import type { Feature } from '../context';

export const codeLensFeature: Feature = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(ctx) {
    ctx.connection.onCodeLens(
      ctx.guard('codeLens', [] as CodeLens[], (params) =>
        codeLenses(ctx.workspace, params.textDocument.uri).map((l) => ({
          range: l.range,
          command: { title: l.title, command: l.command, arguments: l.arguments },
        })),
      ),
    );
  },
};
