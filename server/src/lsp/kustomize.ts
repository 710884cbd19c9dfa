import { renderAll, type KustomizeOptions } from '../adapters/kustomize';
import { isKustomizationFile } from '../engine/apps/kustomization';
import { dirOf } from '../engine/apps/paths';
import type { Workspace } from '../engine/workspace';

/** How long edits in a kustomization's files settle before it is rendered again (off the keystroke path). */
const RERENDER_DELAY_MS = 400;

export interface KustomizeSettings {
  enabled: boolean;
  command?: string;
  /** False in Restricted Mode: then no program runs at all. */
  trusted: boolean;
}

/**
 * Keeps the workspace's root kustomizations rendered: all of them after a scan, and again those
 * whose build reads a file that changed, once edits settle. The edited file's own diagnostics do
 * not wait for this (they come from the models already built); overlays catch up after the render.
 */
export class KustomizeRenders {
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<string>();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly workspace: Workspace,
    private settings: () => KustomizeSettings,
    private readonly rendered: () => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Renders every root now (after a scan or a change of settings). */
  all(): Promise<void> {
    this.pending.clear();
    return this.run(undefined);
  }

  /** A file changed: the roots whose build reads it are rendered again after a short delay. */
  changed(uri: string): void {
    for (const root of this.workspace.kustomizationRoots())
      if (root.closure.has(uri) || root.uri === uri) this.pending.add(root.dir);
    // A kustomization edited into a root (or a new one) is not among the roots yet.
    if (isKustomizationFile(uri)) this.pending.add(dirOf(uri));
    if (!this.pending.size || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const only = new Set(this.pending);
      this.pending.clear();
      void this.run(only);
    }, RERENDER_DELAY_MS);
  }

  private run(only: ReadonlySet<string> | undefined): Promise<void> {
    // One render pass at a time; a later one starts after the current one, with the files as they are then.
    this.running = this.running.then(async () => {
      const s = this.settings();
      const options: KustomizeOptions & { unavailable?: string; only?: ReadonlySet<string> } = {
        ...(s.command ? { command: s.command } : {}),
        ...(only ? { only } : {}),
        ...(!s.trusted
          ? {
              unavailable:
                'the workspace is not trusted (Restricted Mode), and kroute runs no program there. Trust the workspace to render kustomizations.',
            }
          : {}),
        ...(s.trusted && !s.enabled
          ? { unavailable: 'kustomize rendering is turned off (setting kroute.kustomize.enabled).' }
          : {}),
      };
      const started = Date.now();
      try {
        await renderAll(this.workspace, options);
      } catch (e) {
        this.log(`rendering kustomizations failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      const count = only?.size ?? this.workspace.kustomizationRoots().length;
      if (count) this.log(`rendered ${count} kustomization(s) in ${Date.now() - started} ms`);
      this.rendered();
    });
    return this.running;
  }
}
