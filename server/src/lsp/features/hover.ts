import { MarkupKind, type Hover } from 'vscode-languageserver';
import { hover } from '../../engine/features/hover';
import type { Feature } from '../context';

export const hoverFeature: Feature = {
  capabilities: { hoverProvider: true },
  register(ctx) {
    ctx.connection.onHover(
      ctx.guard('hover', null as Hover | null, (params) => {
        const h = hover(ctx.workspace, params.textDocument.uri, params.position);
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: h.range } : null;
      }),
    );
  },
};
