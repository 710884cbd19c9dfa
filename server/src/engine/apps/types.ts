/**
 * An app: a set of objects applied together to one cluster. Each app is modelled as its own
 * cluster (with the workspace's cluster settings), so a selector, a StatefulSet's serviceName, a
 * nodePort conflict or a DNS name is only ever resolved among objects that meet in a real cluster.
 */
export interface App {
  /** Stable across rebuilds while the app's origin stays: `kustomize:<dir>`, `dir:<dir>[#n]`, `config:<name>`. */
  id: string;
  /** What a user calls it (a path relative to the workspace where possible, or the configured name). */
  name: string;
  kind: AppKind;
  /** The kustomization file, the directory, or the config file the app comes from. */
  origin: string;
  /** The files whose objects make up the app, in the order `kubectl apply -f` reads them. */
  files: string[];
}

export type AppKind = 'kustomization' | 'directory' | 'config';

/** An app named in `.kroute.yaml`: its files are the ones its paths name, relative to the workspace root. */
export interface ConfiguredApp {
  name: string;
  /** Directories (their files, recursively), files, or globs (`*`, `**`, `?`). */
  paths: string[];
  /** The directory (URI) the paths are relative to: the configuration file's; else the workspace root. */
  base?: string;
}
