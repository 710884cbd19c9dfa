// Issue 21, target 6: what the first `kroute/trace` request on a node costs (a trace and a
// 1,000-request distribution, as answerTrace computes them), on nodes no request has touched yet,
// in a workspace whose diagnostics are already computed (as the server's are after its first scan).
// Wall and CPU time of this process (CPU time is steadier on a shared machine).

/** `count` backed Services spread over the workspace's apps, each traced from a node of its own. */
function requests(ws, count) {
  const services = ws.apps().flatMap((app) => {
    const cluster = ws.clusterOf(app);
    return cluster.services
      .filter((s) => s.ports.length && s.selectedPods.length >= 2)
      .map((s) => ({ s, nodes: cluster.config.nodes }));
  });
  return Array.from({ length: count }, (_, i) => {
    const { s, nodes } = services[Math.floor((i * (services.length - 1)) / Math.max(1, count - 1))];
    // Nodes from the middle of the list: the ones no other measurement traced from.
    const node = nodes[(Math.floor(nodes.length / 2) + i) % nodes.length].name;
    return {
      source: `node:${node}`,
      destination: `${s.name}.${s.namespace}:${s.ports[0].port}`,
      requests: 1000,
      seed: 1,
      mutations: [],
    };
  });
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Times answerTrace for `count` requests, each on a node not traced before. `first` is the
 * session's very first request (it also builds the per-cluster indexes); `next` the others.
 * `fullRules`: also times one node's full rule set (what `kroute iptables` prints), the cost every
 * first request on a node paid before rules were built on demand.
 */
export function engineFirstTraces(engine, ws, count, { fullRules = false } = {}) {
  const wall = [];
  const cpu = [];
  const outcomes = {};
  for (const params of requests(ws, count)) {
    const [t, c] = [performance.now(), cpuMs()];
    const r = engine.answerTrace(ws, params);
    wall.push(performance.now() - t);
    cpu.push(cpuMs() - c);
    outcomes[r.trace.outcome.kind] = (outcomes[r.trace.outcome.kind] ?? 0) + 1;
  }
  const out = { first: { wall: wall[0], cpu: cpu[0] }, next: { wall: wall.slice(1), cpu: cpu.slice(1) }, outcomes };
  if (fullRules) {
    const cluster = ws.cluster();
    const node = cluster.config.nodes[cluster.config.nodes.length - 1].name;
    const [t, c] = [performance.now(), cpuMs()];
    const text = engine.iptablesSave(cluster, node);
    out.fullRules = { wall: performance.now() - t, cpu: cpuMs() - c, lines: text.split('\n').length };
  }
  return out;
}

/** The same through the language server: kroute/trace requests from the bench's LSP client, Services and nodes from kroute/traceTargets. */
export async function lspFirstTraces(client, count) {
  const targets = await client.request('kroute/traceTargets', { include: ['services', 'nodes'] });
  const services = targets.services.filter((s) => s.ports.length);
  const wall = [];
  for (let i = 0; i < count; i++) {
    const s = services[Math.floor((i * (services.length - 1)) / Math.max(1, count - 1))];
    const [namespace, name] = s.key.split('/');
    const node = targets.nodes[(Math.floor(targets.nodes.length / 2) + 50 + i) % targets.nodes.length];
    const t = performance.now();
    const r = await client.request('kroute/trace', {
      source: `node:${node}`,
      destination: `${name}.${namespace}:${s.ports[0].port}`,
      requests: 1000,
      seed: 1,
      mutations: [],
    });
    wall.push(performance.now() - t);
    if (!r?.trace) throw new Error(`bench: kroute/trace answered ${JSON.stringify(r).slice(0, 200)}`);
  }
  return { first: wall[0], next: wall.slice(1) };
}

/**
 * What the trace command's pickers wait for (kroute/traceTargets through the LSP, the answer parsed
 * by this client as the extension's is): the Services picker's request, then the sources picker's
 * for a Service, and the whole answer an older client asked for. Median of `reps` each, with sizes.
 */
export async function lspTraceTargets(client, reps) {
  const timed = async (params) => {
    const wall = [];
    let bytes = 0;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      const answer = await client.request('kroute/traceTargets', params);
      wall.push(performance.now() - t);
      bytes = JSON.stringify(answer).length;
    }
    wall.sort((a, b) => a - b);
    return { median: wall[Math.floor(wall.length / 2)], bytes };
  };
  const services = await client.request('kroute/traceTargets', { include: ['services'] });
  const service = services.services[Math.floor(services.services.length / 2)]?.key;
  return {
    services: await timed({ include: ['services'] }),
    sources: await timed({ include: ['sources'], ...(service ? { service } : {}) }),
    whole: await timed(undefined),
  };
}
