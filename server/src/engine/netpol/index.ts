// NetworkPolicy (networking.k8s.io/v1): which connections between pods and outside addresses the
// policies of the manifests allow. Pure: it reads the model's pods and the manifests' policies.
export * from './conns';
export * from './connectivity';
export * from './evaluate';
export * from './namespaces';
export * from './policy';
export * from './select';
export * from './coverage';
export * from './decide';
export * from './dns';
