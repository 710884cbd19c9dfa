import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nodeRules } from '../../../server/src/engine/proxy/generate';
import type { Rule } from '../../../server/src/engine/proxy/rules';
import { explore, walk, type EntryHook, type Packet } from '../../../server/src/engine/proxy/walk';
import { build, deal, documents, workspaceArb } from '../model/generated';

/** Every path of a walk (verdict, rewritten packet, masquerade, rules matched, probability). */
function paths(index: boolean, rules: ReturnType<typeof nodeRules>, hook: EntryHook, packet: Packet): unknown {
  return explore((choose) => {
    const matched: string[] = [];
    const r = walk(
      rules,
      hook,
      packet,
      { choose, recent: new Map(), onMatch: (rule: Rule) => matched.push(rule.text) },
      { index },
    );
    return { verdict: r.verdict, packet: r.packet, masqueraded: r.masqueraded, rule: r.rule?.text, matched };
  });
}

describe('indexed walk (fast-check)', () => {
  it('gives the same paths as the linear walk for every destination the generated rules name', () => {
    fc.assert(
      fc.property(workspaceArb, fc.integer({ min: 1, max: 65535 }), (g, strayPort) => {
        const cluster = build(deal(documents(g), g.files, g.shuffle));
        for (const node of cluster.config.nodes.slice(0, 2)) {
          const rules = nodeRules(cluster, node.name);
          // Every address and port the rules name, plus the node's own addresses and a stray one.
          const ips = new Set([node.ip, '127.0.0.1', '192.0.2.9', ...cluster.config.nodes.map((n) => n.ip)]);
          const ports = new Set([strayPort, 80]);
          for (const s of cluster.services) {
            if (s.clusterIP && s.clusterIP !== 'None') ips.add(s.clusterIP);
            for (const ip of [...s.externalIPs, ...s.loadBalancerIPs]) ips.add(ip);
            for (const p of s.ports) {
              ports.add(p.port);
              if (p.nodePort) ports.add(p.nodePort);
            }
          }
          const pod = cluster.pods.find((p) => p.ip && p.nodeName === node.name) ?? cluster.pods.find((p) => p.ip);
          const sources: { hook: EntryHook; src: string; srcLocal: boolean }[] = [
            { hook: 'OUTPUT', src: node.ip, srcLocal: true },
            { hook: 'PREROUTING', src: '203.0.113.7', srcLocal: false },
            ...(pod ? [{ hook: 'PREROUTING' as const, src: pod.ip, srcLocal: false }] : []),
          ];
          for (const dst of ips)
            for (const dport of ports)
              for (const protocol of ['tcp', 'udp'])
                for (const s of sources) {
                  const packet: Packet = {
                    src: s.src,
                    srcPort: 40000,
                    dst,
                    dport,
                    protocol,
                    srcLocal: s.srcLocal,
                    mark: 0,
                  };
                  assert.deepEqual(
                    paths(true, rules, s.hook, packet),
                    paths(false, rules, s.hook, packet),
                    `${s.src} → ${dst}:${dport}/${protocol} on ${node.name}`,
                  );
                }
        }
      }),
      { numRuns: 60 },
    );
  });
});
