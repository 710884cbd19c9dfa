import type { AppsOfResult } from '../../server/src/lsp/protocol';

// Free of the vscode module, so the LSP tests check the text the status item shows.

/** `App frontend (a kustomization) of 12`: which app the active file is modelled in; empty outside any. */
export function describeApps({ total, apps }: AppsOfResult): string {
  if (!apps.length) return '';
  const how = { kustomization: 'a kustomization', directory: 'one directory', config: '.kroute.yaml' } as const;
  const first = apps[0];
  const others = apps.length - 1;
  const more = others ? ` and ${others} other app${others === 1 ? '' : 's'}` : '';
  return `App ${first.name} (${how[first.kind]})${more}${total > 1 ? ` of ${total}` : ''}`;
}
