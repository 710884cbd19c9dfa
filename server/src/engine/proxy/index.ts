// kube-proxy (iptables mode) on the simulated cluster: the rules a node holds, and the routes
// connections take through them. Everything returned is plain data.
export { ProxyError, type ProxyOptions } from './generate';
export { iptablesSave } from './iptables';
export { parseDestination, parseSource } from './route';
export { simulate } from './simulate';
export { trace } from './trace';
export type * from './types';
