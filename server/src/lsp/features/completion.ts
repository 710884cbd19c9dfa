import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { completions, type CompletionData } from '../../engine/features/completion';
import type { Feature } from '../context';

const KINDS: Record<CompletionData['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
};

export const completionFeature: Feature = {
  // After `key: ` the value is what is asked for; a space is what the user types before it.
  capabilities: { completionProvider: { triggerCharacters: [' '] } },
  register(ctx) {
    ctx.connection.onCompletion(
      ctx.guard('completion', null as CompletionList | null, (params) => {
        const result = completions(ctx.workspace, params.textDocument.uri, params.position);
        // The Kubernetes schema offers the API's enum values itself; kroute keeps what only its model knows.
        const items = ctx.settings().kubernetesSchemaActive
          ? result.items.filter((c) => c.kind !== 'enum')
          : result.items;
        return {
          isIncomplete: result.incomplete,
          items: items.map((c, i): CompletionItem => ({
            label: c.label,
            kind: KINDS[c.kind],
            ...(c.detail ? { detail: c.detail } : {}),
            ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
            // The engine's order is meaningful (enum order, lowest free port first).
            sortText: String(i).padStart(4, '0'),
            textEdit: { range: c.range, newText: c.newText },
          })),
        };
      }),
    );
  },
};
