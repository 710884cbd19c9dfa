import { parseManifestFile, type ParsedFile } from '../manifest/parse';
import type { ManifestResource } from '../manifest/resource';
import { resolvePath } from './paths';

/** The annotation `buildMetadata: [originAnnotations]` makes kustomize write on every object it read from a file. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/**
 * What an adapter hands the engine (Workspace.setRender) after running kustomize on a root
 * kustomization (Workspace.kustomizationRoots): the engine never runs it itself.
 */
export type KustomizeOutput =
  | { ok: true; yaml: string; /** The directory the origin annotations' paths are relative to. */ originBase: string }
  | { ok: false; message: string };

/** A root kustomization's render, as the adapter last delivered it, or why there is none. */
export type RenderState = { output: KustomizeOutput; render?: Render } | { unavailable: string };

export interface Render {
  resources: ManifestResource[];
  /** The files the objects were written in, in the order the render lists them. */
  files: string[];
}

/**
 * Maps each rendered object back to the document it was written in, so diagnostics, hovers and
 * navigation point into the user's files: the object is the rendered one (patches, prefixes and
 * namespaces applied), its source ranges those of the original document (a field a patch added is
 * located at its nearest ancestor there). Objects with no file of origin (generators) keep the
 * render's own text as their source, under a URI no editor shows.
 */
export function mapRender(
  rootDir: string,
  out: Extract<KustomizeOutput, { ok: true }>,
  files: ReadonlyMap<string, ParsedFile>,
): Render {
  const rendered = parseManifestFile(`kustomize-render:${rootDir}`, out.yaml);
  const resources: ManifestResource[] = [];
  const used: string[] = [];
  for (const r of rendered.resources) {
    const path = originPath(r.object);
    const object = withoutOrigin(r.object);
    const originUri = path === undefined ? undefined : resolvePath(out.originBase, path);
    const source = originUri ? documentFor(files.get(originUri), r) : undefined;
    if (!source) {
      resources.push({ ...r, object });
      continue;
    }
    if (!used.includes(source.uri)) used.push(source.uri);
    resources.push({
      ...source,
      apiVersion: r.apiVersion,
      kind: r.kind,
      name: r.name,
      object,
      ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    });
  }
  return { resources, files: used };
}

function originPath(object: Record<string, unknown>): string | undefined {
  const annotations = (object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const origin = annotations?.[ORIGIN_ANNOTATION];
  if (typeof origin !== 'string') return undefined;
  // A remote origin (`repo:`) has no file in the workspace.
  if (/^repo:/m.test(origin)) return undefined;
  return /^path:\s*(.+?)\s*$/m.exec(origin)?.[1]?.replace(/^["']|["']$/g, '');
}

function withoutOrigin(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  const annotations = metadata?.annotations as Record<string, unknown> | undefined;
  if (!annotations || !(ORIGIN_ANNOTATION in annotations)) return object;
  const { [ORIGIN_ANNOTATION]: _, ...rest } = annotations;
  const { annotations: __, ...meta } = metadata!;
  return { ...object, metadata: Object.keys(rest).length ? { ...meta, annotations: rest } : meta };
}

/** The document of the origin file a rendered object came from: same kind, and the name it had before prefixes and suffixes. */
function documentFor(file: ParsedFile | undefined, r: ManifestResource): ManifestResource | undefined {
  if (!file) return undefined;
  const sameKind = file.resources.filter((d) => d.kind === r.kind);
  return (
    sameKind.find((d) => d.name === r.name) ??
    sameKind
      .filter((d) => d.name && r.name.includes(d.name))
      .sort((a, b) => b.name.length - a.name.length)
      .at(0) ??
    (sameKind.length === 1 ? sameKind[0] : undefined) ??
    file.resources[0]
  );
}
