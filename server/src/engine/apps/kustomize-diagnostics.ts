import type { RenderState } from './render';
import type { Diagnostic } from '../types';
import type { KustomizeIndex } from './kustomize-index';

const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * What the user is told on each root kustomization: that it was not rendered and why (no kustomize,
 * Restricted Mode, remote resources), or kustomize's own message when the build fails. A
 * kustomization that cannot be read at all says so too.
 */
export function kustomizeDiagnostics(index: KustomizeIndex, renders: ReadonlyMap<string, RenderState>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const k of index.byDir.values()) {
    if (k.error)
      out.push({
        uri: k.uri,
        range: FIRST_LINE,
        severity: 'error',
        code: 'kustomize-build-failed',
        message: `This kustomization cannot be read: ${k.error}.`,
      });
  }
  for (const root of index.roots) {
    if (root.error) continue;
    const state = renders.get(root.dir);
    if (!state) continue;
    if ('unavailable' in state) {
      out.push({
        uri: root.uri,
        range: FIRST_LINE,
        severity: 'information',
        code: 'document-skipped',
        message: `Not rendered: ${state.unavailable} Its resource files are checked as written; patches and components are not applied.`,
      });
    } else if (!state.output.ok) {
      out.push({
        uri: root.uri,
        range: FIRST_LINE,
        severity: 'error',
        code: 'kustomize-build-failed',
        message: `kustomize build failed: ${clip(state.output.message)}`,
      });
    }
  }
  return out;
}

/** kustomize nests its causes; the innermost (last) one says what is wrong, so a long message keeps its end. */
function clip(message: string): string {
  return message.length <= 400 ? message : `…${message.slice(-400)}`;
}
