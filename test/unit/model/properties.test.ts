import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MutationError, type Cluster } from '../../../server/src/engine/model/cluster';
import type { Mutation } from '../../../server/src/engine/model/mutations';
import { cidrContains, parseCidr } from '../../../server/src/engine/model/ip';
import { Workspace } from '../../../server/src/engine/workspace';
import {
  build,
  deal,
  documents,
  serviceArb,
  workspaceArb,
  whatIfStepArb,
  mutationFor,
  type Generated,
} from './generated';

const RUNS = { numRuns: 120, seed: 4242 };

describe('model invariants over generated workspaces (fast-check)', () => {
  it("every endpoint's pod carries every selector label and lives in the Service's namespace; every eligible selected pod is an endpoint once", () => {
    fc.assert(
      fc.property(workspaceArb, (g) => {
        const c = build(deal(documents(g), g.files, g.shuffle));
        for (const s of c.services) {
          if (!s.resource) continue;
          const seen = new Map<string, number>();
          for (const slice of s.endpointSlices) {
            assert.ok(slice.endpoints.length <= c.config.maxEndpointsPerSlice);
            for (const e of slice.endpoints) {
              const pod = e.pod!;
              assert.equal(pod.namespace, s.namespace, `${s.key} has an endpoint in ${pod.namespace}`);
              for (const [k, v] of Object.entries(s.selector ?? {}))
                assert.equal(pod.labels[k], v, `${s.key}: ${pod.name} lacks ${k}=${v}`);
              assert.equal(e.conditions.ready, s.publishNotReadyAddresses || (pod.ready && !pod.terminating));
              seen.set(pod.name, (seen.get(pod.name) ?? 0) + 1);
            }
          }
          if (s.type === 'ExternalName' || !s.selector) continue;
          const eligible = c.pods.filter(
            (p) =>
              p.namespace === s.namespace &&
              p.ip &&
              p.phase !== 'Succeeded' &&
              p.phase !== 'Failed' &&
              Object.entries(s.selector!).every(([k, v]) => p.labels[k] === v),
          );
          assert.deepEqual([...seen.keys()].sort(), eligible.map((p) => p.name).sort());
          assert.ok(
            [...seen.values()].every((n) => n === 1),
            `${s.key}: a pod in two slices`,
          );
        }
      }),
      RUNS,
    );
  });

  it("pod IPs are unique and inside their node's podCIDR (hostNetwork pods: the node's IP); no host port twice on a node; ClusterIPs unique and inside serviceCIDR; nodePorts unique and in range", () => {
    fc.assert(
      fc.property(workspaceArb, (g) => {
        const c = build(deal(documents(g), g.files, g.shuffle));
        const podIPs = new Set<string>();
        const hostPorts = new Set<string>();
        for (const p of c.pods) {
          for (const hp of p.nodeName ? (p.hostPorts ?? []) : []) {
            const taken = `${p.nodeName} ${hp.port}/${hp.protocol}`;
            assert.ok(!hostPorts.has(taken), `two pods take ${taken} (NodePorts filter)`);
            hostPorts.add(taken);
          }
          if (!p.ip) continue;
          const node = c.config.nodes.find((n) => n.name === p.nodeName)!;
          if (p.hostNetwork) {
            assert.equal(p.ip, node.ip, `${p.name} on the host network has its node's IP`);
            continue;
          }
          assert.ok(!podIPs.has(p.ip), `two pods at ${p.ip}`);
          podIPs.add(p.ip);
          assert.ok(cidrContains(parseCidr(node.podCIDR)!, p.ip), `${p.name} ${p.ip} not in ${node.podCIDR}`);
        }
        const clusterIPs = new Set<string>();
        const nodePorts = new Set<number>();
        for (const s of c.services) {
          if (s.clusterIP && s.clusterIP !== 'None') {
            assert.ok(!clusterIPs.has(s.clusterIP), `two Services at ${s.clusterIP}`);
            clusterIPs.add(s.clusterIP);
            assert.ok(cidrContains(c.config.serviceCIDR, s.clusterIP));
          }
          assert.equal(
            s.headless || s.type === 'ExternalName' || s.clusterIP !== '',
            true,
            `${s.key} has no ClusterIP`,
          );
          for (const np of new Set(s.ports.map((p) => p.nodePort).filter((n): n is number => n !== undefined))) {
            assert.ok(!nodePorts.has(np), `two Services on nodePort ${np}`);
            nodePorts.add(np);
            assert.ok(np >= c.config.nodePortRange.min && np <= c.config.nodePortRange.max);
          }
        }
      }),
      RUNS,
    );
  });

  it('the same documents in any file order and grouping give the same pod names, IPs, ClusterIPs and NodePorts', () => {
    const fingerprint = (c: Cluster) => ({
      pods: c.pods.map((p) => `${p.namespace}/${p.name}@${p.nodeName}=${p.ip}`).sort(),
      services: c.services.map(
        (s) =>
          `${s.key} ${s.clusterIP} ${s.ports.map((p) => p.nodePort ?? '-').join(',')} ${s.loadBalancerIPs.join(',')}`,
      ),
      slices: c.services.map((s) =>
        s.endpointSlices.map((x) => `${x.name}:${x.endpoints.map((e) => e.addresses[0]).join(',')}`).join(' '),
      ),
    });
    fc.assert(
      fc.property(workspaceArb, fc.integer(), fc.integer({ min: 1, max: 4 }), (g, otherSeed, otherFiles) => {
        const docs = documents(g);
        assert.deepEqual(
          fingerprint(build(deal(docs, otherFiles, otherSeed))),
          fingerprint(build(deal(docs, g.files, g.shuffle))),
        );
      }),
      RUNS,
    );
  });

  it("editing one Service (its ports and selector) does not change any other Service's ClusterIP, nor any pod", () => {
    fc.assert(
      fc.property(workspaceArb, fc.nat(), serviceArb, (g, pick, replacement) => {
        const i = pick % g.services.length;
        const before = build(deal(documents(g), g.files, g.shuffle));
        // Same identity (namespace, name) and type; new ports and selector.
        const edited: Generated = {
          ...g,
          services: g.services.map((s, j) =>
            j === i ? { ...s, ports: replacement.ports, selector: replacement.selector } : s,
          ),
        };
        const after = build(deal(documents(edited), g.files, g.shuffle));
        for (const s of before.services) assert.equal(after.servicesByKey.get(s.key)!.clusterIP, s.clusterIP, s.key);
        assert.deepEqual(
          after.pods.map((p) => `${p.name}=${p.ip}`).sort(),
          before.pods.map((p) => `${p.name}=${p.ip}`).sort(),
        );
      }),
      RUNS,
    );
  });

  it('after any sequence of what-ifs: pod names and IPs stay unique and every endpoint is a live pod matching its selector', () => {
    fc.assert(
      fc.property(workspaceArb, fc.array(whatIfStepArb, { maxLength: 6 }), (g, steps) => {
        const ws = new Workspace();
        for (const [uri, text] of Object.entries(deal(documents(g), g.files, g.shuffle))) ws.setFile(uri, text);
        const applied: Mutation[] = [];
        let c = ws.cluster();
        for (const st of steps) {
          const m = mutationFor(c, st);
          try {
            c = ws.clusterWith([...applied, m]);
            applied.push(m);
          } catch (e) {
            if (!(e instanceof MutationError)) throw e;
          }
          const names = new Set<string>();
          const ips = new Set<string>();
          for (const p of c.pods) {
            const k = `${p.namespace}/${p.name}`;
            assert.ok(!names.has(k), `two pods named ${k} after ${JSON.stringify(applied)}`);
            names.add(k);
            if (p.ip && !p.hostNetwork) {
              assert.ok(!ips.has(p.ip), `two pods at ${p.ip} after ${JSON.stringify(applied)}`);
              ips.add(p.ip);
            }
          }
          for (const s of c.services) {
            for (const e of s.endpointSlices.flatMap((x) => x.endpoints)) {
              if (!e.pod) continue;
              assert.ok(c.pods.includes(e.pod), `${s.key}: endpoint for a pod that is not running`);
              for (const [k, v] of Object.entries(s.selector ?? {})) assert.equal(e.pod.labels[k], v);
            }
          }
        }
      }),
      { numRuns: 80, seed: 777 },
    );
  });
});
