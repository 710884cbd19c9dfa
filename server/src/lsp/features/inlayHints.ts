import type { InlayHint } from 'vscode-languageserver';
import { inlayHints } from '../../engine/features/inlayHints';
import type { Feature } from '../context';

/** Resolved target ports and selected pod counts inline; off with `kroute.inlayHints.enabled: false`. */
export const inlayHintsFeature: Feature = {
  capabilities: { inlayHintProvider: true },
  register(ctx) {
    ctx.connection.languages.inlayHint.on(
      ctx.guard('inlayHint', [] as InlayHint[], (params) => {
        if (ctx.settings().inlayHints?.enabled === false) return [];
        return inlayHints(ctx.workspace, params.textDocument.uri, params.range).map((h) => ({
          position: h.position,
          label: h.label,
          paddingLeft: true,
          ...(h.tooltip ? { tooltip: h.tooltip } : {}),
        }));
      }),
    );
  },
};
