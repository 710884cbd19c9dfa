import type { Location } from 'vscode-languageserver';
import { definition, references } from '../../engine/features/navigation';
import type { Feature } from '../context';

/** Definition (selector → pod labels, targetPort → container port) and references (the reverse). */
export const navigationFeature: Feature = {
  capabilities: { definitionProvider: true, referencesProvider: true },
  register(ctx) {
    ctx.connection.onDefinition(
      ctx.guard('definition', [] as Location[], (params) =>
        definition(ctx.workspace, params.textDocument.uri, params.position),
      ),
    );
    ctx.connection.onReferences(
      ctx.guard('references', [] as Location[], (params) =>
        references(ctx.workspace, params.textDocument.uri, params.position, params.context.includeDeclaration),
      ),
    );
  },
};
