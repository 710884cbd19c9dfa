// Messages between the kroute client and server beyond standard LSP. Kept free of imports so the
// client, the server and tests share one definition.

/** Server → client: what the language status item shows. */
export const StatusNotification = 'kroute/status';
export interface StatusParams {
  state: 'indexing' | 'ready';
  files: number;
  manifests: number;
  services: number;
  pods: number;
  problems: number;
  skipped: number;
}

/** Client → server: re-read every YAML file of the workspace from disk. */
export const RescanRequest = 'kroute/rescan';

/** Client → server: the `iptables-save` text kube-proxy would write on a node. */
export const IptablesRequest = 'kroute/iptables';
export interface IptablesParams {
  node: string;
}

/** The settings section the server reads (`kroute.*`). */
export interface KrouteSettings {
  nodes?: number | Array<{ name: string; ip?: string; labels?: Record<string, string> }>;
  podCIDR?: string;
  serviceCIDR?: string;
  clusterDomain?: string;
  nodePortRange?: string;
  loadBalancerPool?: string;
  defaultNamespace?: string;
  maxEndpointsPerSlice?: number;
  maxFileSize?: number;
  exclude?: string[];
  rules?: Record<string, string>;
  inlayHints?: { enabled?: boolean };
}
