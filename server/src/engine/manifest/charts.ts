/**
 * The Helm charts among a workspace's files. A directory holding `Chart.yaml` is a chart, and every
 * file of its `templates/` subtree is a Go template: Helm renders each of them, with or without
 * `{{ }}` (a Service template without braces still gets its namespace and labels from the release),
 * so none of them is a manifest as written. Known from the files' URIs alone: the engine reads no
 * directories, and the adapters hand it every Chart.yaml they find.
 */
export class HelmCharts {
  /** Chart directories, as URIs ending in `/`. */
  private readonly roots = new Set<string>();

  /** Notes a file coming; returns the chart directory when it is a Chart.yaml that makes a new chart. */
  added(uri: string): string | undefined {
    const root = chartRoot(uri);
    if (root === undefined || this.roots.has(root)) return undefined;
    this.roots.add(root);
    return root;
  }

  /** Notes a file going; returns the chart directory when it was the Chart.yaml of a chart. */
  removed(uri: string): string | undefined {
    const root = chartRoot(uri);
    return root !== undefined && this.roots.delete(root) ? root : undefined;
  }

  /** The chart whose `templates/` holds the file (a subchart's own when charts nest), if any. */
  templateOf(uri: string): string | undefined {
    for (let at = uri.lastIndexOf(TEMPLATES); at >= 0; at = uri.lastIndexOf(TEMPLATES, at - 1)) {
      const root = uri.slice(0, at + 1);
      if (this.roots.has(root)) return root;
      if (at === 0) break;
    }
    return undefined;
  }
}

const TEMPLATES = '/templates/';

/** Helm's chart file: its directory is a chart. */
export const CHART_FILE = /(^|\/)Chart\.yaml$/;

/** `file:///w/chart/` for `file:///w/chart/Chart.yaml`, undefined for any other file. */
function chartRoot(uri: string): string | undefined {
  return CHART_FILE.test(uri) ? uri.slice(0, uri.lastIndexOf('/') + 1) : undefined;
}

/** A chart directory as a user names it: its last path segment (`helm-chart/`). */
export function chartName(root: string): string {
  const segments = root.split('/').filter(Boolean);
  return `${decodeURIComponent(segments[segments.length - 1] ?? root)}/`;
}

/** Whether a file is in the `templates/` subtree of a chart directory (a URI ending in `/`). */
export function inTemplatesOf(uri: string, root: string): boolean {
  return uri.startsWith(`${root}templates/`);
}
